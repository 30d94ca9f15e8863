package io.butlermqtt;

import io.butlermqtt.internal.Topics;
import io.butlermqtt.internal.json.JsonWriter;
import io.butlermqtt.internal.wire.Messages;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One MQTT message as it goes on the wire: topic name, payload bytes, QoS and retain flag.
 *
 * <p>Immutable and thread-safe: {@link #payload()} returns a copy, {@link #payloadBuffer()} a
 * read-only view. Two messages are equal when topic, payload bytes, QoS and retain are equal.
 * {@link #toString()} shows the payload's size, never its content.
 */
public final class MqttMessage {

    static {
        Messages.install(MqttMessage::new);
    }

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;

    /** Takes ownership of {@code payload}; callers have checked every argument. */
    private MqttMessage(String topic, byte[] payload, int qos, boolean retain) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
    }

    /**
     * Creates a message, copying the payload.
     *
     * @param topic   an MQTT topic name: not empty, no {@code +}/{@code #} wildcards, no U+0000,
     *                well-formed UTF-16, at most 65535 UTF-8 bytes
     * @param payload the payload bytes (copied)
     * @param qos     0, 1 or 2
     * @param retain  whether the broker should retain the message
     * @return the message
     * @throws NullPointerException     if {@code topic} or {@code payload} is null
     * @throws IllegalArgumentException if the topic is not a valid topic name or {@code qos} is not 0..2
     */
    public static MqttMessage of(String topic, byte[] payload, int qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        checkTopic(topic);
        checkQos(qos);
        return new MqttMessage(topic, payload.clone(), qos, retain);
    }

    /**
     * Creates a message with a text payload, encoded as UTF-8 the way Butler (Node.js) encodes it:
     * a lone surrogate becomes U+FFFD.
     *
     * @param topic  an MQTT topic name (see {@link #of(String, byte[], int, boolean)})
     * @param text   the payload text
     * @param qos    0, 1 or 2
     * @param retain whether the broker should retain the message
     * @return the message
     * @throws NullPointerException     if {@code topic} or {@code text} is null
     * @throws IllegalArgumentException if the topic is not a valid topic name or {@code qos} is not 0..2
     */
    public static MqttMessage of(String topic, String text, int qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(text, "text");
        checkTopic(topic);
        checkQos(qos);
        return new MqttMessage(topic, JsonWriter.utf8(text), qos, retain);
    }

    private static void checkTopic(String topic) {
        String problem = Topics.topicNameProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException("topic " + Topics.quote(topic)
                    + " is not a valid MQTT topic name: it " + problem);
        }
    }

    private static void checkQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0..2, but was " + qos);
        }
    }

    /**
     * Returns the topic name.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns a copy of the payload bytes.
     *
     * @return a new array holding the payload
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns a read-only view of the payload, without copying it.
     *
     * @return a new read-only buffer positioned at 0, its limit the payload size
     */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /**
     * Returns the payload decoded as UTF-8.
     *
     * @return the payload text
     */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Returns the payload size in bytes.
     *
     * @return the size
     */
    public int payloadSize() {
        return payload.length;
    }

    /**
     * Returns the quality of service.
     *
     * @return 0, 1 or 2
     */
    public int qos() {
        return qos;
    }

    /**
     * Returns whether the broker should retain the message.
     *
     * @return the retain flag
     */
    public boolean retain() {
        return retain;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MqttMessage)) {
            return false;
        }
        MqttMessage m = (MqttMessage) o;
        return qos == m.qos && retain == m.retain && topic.equals(m.topic) && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return ((topic.hashCode() * 31 + Arrays.hashCode(payload)) * 31 + qos) * 31 + (retain ? 1 : 0);
    }

    /** Shows topic, QoS, retain and the payload's size, never its content. */
    @Override
    public String toString() {
        return "MqttMessage[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", payload="
                + payload.length + " bytes]";
    }
}
