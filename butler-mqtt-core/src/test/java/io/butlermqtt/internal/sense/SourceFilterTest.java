package io.butlermqtt.internal.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.EventServerStartException;
import io.butlermqtt.testing.LogCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** allowedSources: literals and host names (all their addresses), resolved once. */
class SourceFilterTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static final Map<String, String[]> DNS = Map.of(
            "sense-01", new String[] {"10.0.0.5", "10.0.0.6"},
            "sense-v6", new String[] {"fd00::5"});

    private static final SourceFilter.Resolver RESOLVER = host -> {
        if (DNS.containsKey(host)) {
            String[] ips = DNS.get(host);
            InetAddress[] out = new InetAddress[ips.length];
            for (int i = 0; i < ips.length; i++) {
                out[i] = InetAddress.getByName(ips[i]);
            }
            return out;
        }
        if (Character.isDigit(host.charAt(0))) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    };

    @Test
    void literalsAndHostNames_allTheirAddressesAllowed() throws Exception {
        SourceFilter f = SourceFilter.resolve(List.of("192.168.1.100", "sense-01", "sense-v6"), RESOLVER);
        assertTrue(f.allows(ip("192.168.1.100")));
        assertTrue(f.allows(ip("10.0.0.5")));
        assertTrue(f.allows(ip("10.0.0.6")));
        assertTrue(f.allows(ip("fd00::5")));
        assertFalse(f.allows(ip("10.0.0.7")));
        assertFalse(f.allows(ip("127.0.0.1")));
    }

    @Test
    void ipv4MappedSender_isComparedAsIpv4() throws Exception {
        SourceFilter f = SourceFilter.resolve(List.of("192.168.1.100"), RESOLVER);
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                (byte) 192, (byte) 168, 1, 100});
        assertTrue(f.allows(mapped));
    }

    @Test
    void unresolvableSource_isSkippedWithAWarning() throws Exception {
        try (LogCapture log = LogCapture.of(SourceFilter.class, Level.INFO)) {
            SourceFilter f = SourceFilter.resolve(List.of("gone-host", "sense-01"), RESOLVER);
            assertTrue(f.allows(ip("10.0.0.5")));
            assertEquals(List.of("Event server: allowed source \"gone-host\" does not resolve to an address; it is"
                    + " skipped"), log.messages(Level.WARN));
        }
    }

    @Test
    void noSourceResolves_failsNamingTheKey_ratherThanAcceptingEverySourceAsButler() {
        try (LogCapture log = LogCapture.of(SourceFilter.class, Level.ERROR)) {
            EventServerStartException e = assertThrows(EventServerStartException.class,
                    () -> SourceFilter.resolve(List.of("gone-host", "other-gone"), RESOLVER));
            assertEquals("allowedSources", e.property());
            assertEquals("gone-host, other-gone", e.host());
            assertEquals("Cannot start the event server: udpServerConfig.allowedSources (gone-host, other-gone): none"
                    + " of the allowed sources resolves to an address, so every datagram would be rejected (Butler"
                    + " would silently accept every source instead)", e.getMessage());
        }
    }

    @Test
    void allowAll_allowsEverything() throws Exception {
        assertTrue(SourceFilter.allowAll().allows(ip("203.0.113.9")));
    }
}
