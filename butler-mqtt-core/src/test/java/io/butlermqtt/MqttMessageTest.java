package io.butlermqtt;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttMessageTest {

    @Test
    void of_copiesPayload_payloadReturnsCopy() {
        byte[] bytes = {1, 2, 3};
        MqttMessage m = MqttMessage.of("a/b", bytes, 1, false);
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.payload());
        m.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.payload());
    }

    @Test
    void payloadBuffer_readOnlyView() {
        MqttMessage m = MqttMessage.of("a/b", "h\u00e9", 0, true);
        ByteBuffer b = m.payloadBuffer();
        assertTrue(b.isReadOnly());
        assertEquals(3, b.remaining());
        assertThrows(ReadOnlyBufferException.class, () -> b.put(0, (byte) 1));
        assertEquals("h\u00e9", m.payloadAsString());
    }

    @Test
    void equalsAndHashCode_byValue() {
        MqttMessage a = MqttMessage.of("a/b", new byte[] {1}, 1, false);
        assertEquals(a, MqttMessage.of("a/b", new byte[] {1}, 1, false));
        assertEquals(a.hashCode(), MqttMessage.of("a/b", new byte[] {1}, 1, false).hashCode());
        assertNotEquals(a, MqttMessage.of("a/b", new byte[] {2}, 1, false));
        assertNotEquals(a, MqttMessage.of("a/c", new byte[] {1}, 1, false));
        assertNotEquals(a, MqttMessage.of("a/b", new byte[] {1}, 0, false));
        assertNotEquals(a, MqttMessage.of("a/b", new byte[] {1}, 1, true));
    }

    @Test
    void toString_showsSizeNeverContent() {
        String s = MqttMessage.of("qliksense/task_failure", "password=hunter2", 1, false).toString();
        assertEquals("MqttMessage[topic=qliksense/task_failure, qos=1, retain=false, payload=16 bytes]", s);
    }

    @Test
    void of_invalidTopicOrQos_rejected() {
        assertEquals("topic \"a/#\" is not a valid MQTT topic name: it must not contain the wildcard '#' "
                        + "(a topic name, not a filter), but was \"a/#\"",
                assertThrows(IllegalArgumentException.class, () -> MqttMessage.of("a/#", new byte[0], 0, false))
                        .getMessage());
        assertEquals("qos must be 0..2, but was 3",
                assertThrows(IllegalArgumentException.class, () -> MqttMessage.of("a", new byte[0], 3, false))
                        .getMessage());
        assertEquals("qos must be 0..2, but was -1",
                assertThrows(IllegalArgumentException.class, () -> MqttMessage.of("a", "x", -1, false)).getMessage());
        assertThrows(NullPointerException.class, () -> MqttMessage.of(null, new byte[0], 0, false));
        assertThrows(NullPointerException.class, () -> MqttMessage.of("a", (byte[]) null, 0, false));
    }

    @Test
    void publishResult_copiesAndRejectsNull() {
        java.util.List<MqttMessage> list = new java.util.ArrayList<>();
        list.add(MqttMessage.of("a", "x", 0, false));
        PublishResult r = new PublishResult(PublishResult.Outcome.PUBLISHED, list);
        list.clear();
        assertEquals(1, r.messages().size());
        assertThrows(NullPointerException.class, () -> new PublishResult(null, java.util.List.of()));
    }

    @Test
    void of_topicWithControlCharacter_orNonCharacter_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttMessage.of("qliksense/a\u0007b", "x", 1, false));
        assertEquals("topic \"qliksense/a\\u0007b\" is not a valid MQTT topic name: it must not contain control "
                + "characters (MQTT: they should not be used in topics, and a broker may drop the connection for them), "
                + "but has U+0007 at index 11", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MqttMessage.of("a/\ufdd0", new byte[0], 0, false));
        assertThrows(IllegalArgumentException.class, () -> MqttMessage.of("a/\u0085", new byte[0], 0, false));
    }
}
