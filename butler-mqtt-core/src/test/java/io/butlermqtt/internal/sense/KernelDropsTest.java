package io.butlermqtt.internal.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a socket's drop count from files in the form of Linux's {@code /proc/net/udp} and {@code udp6}. */
class KernelDropsTest {

    private static final String HEADER4 = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode ref pointer drops";

    private static String row4(String local, long drops) {
        return "  123: " + local + " 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4711 2"
                + " 0000000000000000 " + drops;
    }

    @Test
    void hexAddress_isEachWordInNetworkOrder_printedAsTheNativeInteger() throws Exception {
        String loopback = KernelDrops.hexAddress(InetAddress.getByName("127.0.0.1").getAddress());
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0100007F" : "7F000001", loopback);
        assertEquals("00000000", KernelDrops.hexAddress(new byte[4]));
        assertEquals(32, KernelDrops.hexAddress(InetAddress.getByName("::1").getAddress()).length());
    }

    @Test
    void find_matchesAddressAndPort_andReturnsTheLastColumn() {
        List<String> lines = List.of(HEADER4, row4("0100007F:270E", 17), row4("00000000:270E", 3),
                row4("0100007F:270F", 0));
        assertEquals(OptionalLong.of(17), KernelDrops.find(lines, "0100007F:270E"));
        assertEquals(OptionalLong.of(3), KernelDrops.find(lines, "00000000:270E"));
        assertEquals(OptionalLong.empty(), KernelDrops.find(lines, "0100007F:1234"), "no such socket");
        assertEquals(OptionalLong.empty(), KernelDrops.find(List.of(HEADER4, "garbage"), "0100007F:270E"));
    }

    @Test
    void read_ipv4AndIpv6_fromTheirFiles_unknownWhenUnreadable(@TempDir Path dir) throws IOException {
        Path udp4 = dir.resolve("udp");
        Path udp6 = dir.resolve("udp6");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        Files.writeString(udp4, HEADER4 + "\n" + row4(KernelDrops.hexAddress(v4.getAddress()) + ":270E", 42) + "\n");
        Files.writeString(udp6, HEADER4 + "\n" + row4(KernelDrops.hexAddress(v6.getAddress()) + ":270E", 7) + "\n");
        KernelDrops k = new KernelDrops(udp4, udp6);
        assertEquals(OptionalLong.of(42), k.read(new InetSocketAddress(v4, 9998)));
        assertEquals(OptionalLong.of(7), k.read(new InetSocketAddress(v6, 9998)));
        assertEquals(OptionalLong.empty(), new KernelDrops(dir.resolve("missing"), udp6)
                .read(new InetSocketAddress(v4, 9998)));
    }
}
