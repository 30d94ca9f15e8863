package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientIdsTest {

    @Test
    void generate_hostAndRandom_readableAndSafe() {
        assertEquals("butler-mqtt-sense01-0000002a", ClientIds.generate("sense01.corp.example.com", 42));
        assertEquals("butler-mqtt-QLIKSERVER-ffffffff", ClientIds.generate("QLIK_SERVER", -1));
        assertEquals("butler-mqtt-host-00000001", ClientIds.generate(null, 1));
        assertEquals("butler-mqtt-host-00000001", ClientIds.generate("ä ö", 1));
    }

    @Test
    void generate_longHost_cut() {
        String id = ClientIds.generate("a".repeat(100), 0);
        assertEquals("butler-mqtt-" + "a".repeat(ClientIds.MAX_HOST_CHARS) + "-00000000", id);
    }

    @Test
    void generate_twice_differs() {
        String a = ClientIds.generate();
        String b = ClientIds.generate();
        assertNotEquals(a, b);
        assertTrue(a.matches("butler-mqtt-[A-Za-z0-9-]+-[0-9a-f]{8}"), a);
    }
}
