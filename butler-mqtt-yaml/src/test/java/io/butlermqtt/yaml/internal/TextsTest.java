package io.butlermqtt.yaml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void nearest_findsTyposAndCase() {
        assertEquals("taskFailureTopic", Texts.nearest("taskFailureTopc", Binder.MQTT_KEYS));
        assertEquals("brokerPort", Texts.nearest("brokerport", Binder.MQTT_KEYS));
        assertEquals("brokerHost", Texts.nearest("brokerHots", Binder.MQTT_KEYS));
        assertEquals("outbox", Texts.nearest("outbx", Binder.EXTENSION_KEYS));
    }

    @Test
    void nearest_ignoresUnrelatedKeys() {
        assertNull(Texts.nearest("somethingElse", Binder.MQTT_KEYS));
        assertNull(Texts.nearest("x", List.of("enable")));
    }

    @Test
    void quote_escapesAndCuts() {
        assertEquals("\"a\\\"b\\n\\u0007\"", Texts.quote("a\"b\n\u0007"));
        assertEquals("\"" + "x".repeat(60) + "...\"", Texts.quote("x".repeat(100)));
    }
}
