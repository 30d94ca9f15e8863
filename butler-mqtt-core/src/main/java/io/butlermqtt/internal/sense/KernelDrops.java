package io.butlermqtt.internal.sense;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads the operating system's count of datagrams it dropped for one UDP socket because its receive buffer
 * was full (Linux: the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6}), so that
 * the event server can count the drops it never sees. Elsewhere, or when the file cannot be read, the count
 * is unknown. Internal: may change in any release.
 */
public final class KernelDrops {

    private static final Path UDP4 = Path.of("/proc/net/udp");
    private static final Path UDP6 = Path.of("/proc/net/udp6");

    private final Path udp4;
    private final Path udp6;

    /** A reader of the system's files. */
    public KernelDrops() {
        this(UDP4, UDP6);
    }

    /**
     * A reader of other files (tests).
     *
     * @param udp4 the file in the form of {@code /proc/net/udp}
     * @param udp6 the file in the form of {@code /proc/net/udp6}
     */
    KernelDrops(Path udp4, Path udp6) {
        this.udp4 = udp4;
        this.udp6 = udp6;
    }

    /**
     * The drops of the socket bound to this address, since it was opened.
     *
     * @param bound the socket's local address (as bound; a wildcard address matches the wildcard row)
     * @return the count, or empty when unknown (not Linux, file unreadable, no such socket)
     */
    public OptionalLong read(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        boolean v4 = a == null || a instanceof Inet4Address;
        String local = (a == null ? "00000000" : hexAddress(a.getAddress())) + ":"
                + String.format(Locale.ROOT, "%04X", bound.getPort());
        try {
            List<String> lines = Files.readAllLines(v4 ? udp4 : udp6, StandardCharsets.US_ASCII);
            return find(lines, local);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Finds the row of the local address and returns its last column. */
    static OptionalLong find(List<String> lines, String local) {
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length >= 13 && f[1].equalsIgnoreCase(local)) {
                try {
                    return OptionalLong.of(Long.parseLong(f[f.length - 1]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * An address as the kernel prints it: each 32-bit word of the address in network byte order, printed as
     * the machine's native integer in upper-case hexadecimal.
     */
    static String hexAddress(byte[] address) {
        StringBuilder sb = new StringBuilder(address.length * 2);
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int w = 0; w < address.length; w += 4) {
            for (int k = 0; k < 4; k++) {
                int b = address[w + (little ? 3 - k : k)] & 0xff;
                sb.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
