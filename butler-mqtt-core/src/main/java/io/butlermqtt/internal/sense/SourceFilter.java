package io.butlermqtt.internal.sense;

import io.butlermqtt.internal.Guids;
import io.butlermqtt.EventServerStartException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Butler's source validation: the addresses of {@code allowedSources}, resolved once when the server
 * starts (a host name to all its addresses). Thread-safe (immutable).
 */
final class SourceFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFilter.class);

    private final Set<InetAddress> allowed;

    private SourceFilter(Set<InetAddress> allowed) {
        this.allowed = allowed;
    }

    /** @return a filter that lets every source through (validation off) */
    static SourceFilter allowAll() {
        return new SourceFilter(null);
    }

    /**
     * Resolves the sources. One that does not resolve is logged as a WARN and skipped, as Butler does;
     * when none resolves the server does not start (Butler would then accept every source).
     *
     * @param sources IP addresses or host names
     * @param resolver name resolution
     * @return the filter
     * @throws EventServerStartException when no source resolves
     */
    static SourceFilter resolve(List<String> sources, Resolver resolver) {
        Set<InetAddress> allowed = new HashSet<>();
        List<String> failed = new ArrayList<>();
        UnknownHostException last = null;
        for (String s : sources) {
            try {
                for (InetAddress a : resolver.resolve(s)) {
                    allowed.add(normalize(a));
                }
            } catch (UnknownHostException e) {
                failed.add(s);
                last = e;
                LOG.warn("Event server: allowed source {} does not resolve to an address; it is skipped",
                        Guids.excerpt(s));
            }
        }
        if (allowed.isEmpty()) {
            throw new EventServerStartException("allowedSources", String.join(", ", sources), 0,
                    "none of the allowed sources resolves to an address, so every datagram would be rejected"
                    + " (Butler would silently accept every source instead)", last);
        }
        LOG.info("Event server: source validation on, {} allowed addresses{}", allowed.size(),
                failed.isEmpty() ? "" : " (" + failed.size() + " of the sources did not resolve)");
        return new SourceFilter(Set.copyOf(allowed));
    }

    /** @return whether the address may send */
    boolean allows(InetAddress sender) {
        return allowed == null || allowed.contains(normalize(sender));
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it carries. */
    static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    return a; // cannot happen for 4 bytes
                }
            }
        }
        return a;
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        /** The system's resolver. */
        Resolver SYSTEM = InetAddress::getAllByName;

        InetAddress[] resolve(String host) throws UnknownHostException;
    }
}
