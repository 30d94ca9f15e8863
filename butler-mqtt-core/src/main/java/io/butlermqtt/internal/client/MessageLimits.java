package io.butlermqtt.internal.client;

import io.butlermqtt.MessageTooLargeException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.internal.Texts;
import java.nio.charset.StandardCharsets;

/**
 * Size checks before a message is queued or sent: the configured largest payload
 * ({@code delivery.maxMessageBytes}) and the largest packet an MQTT 5 broker announced.
 *
 * <p>Internal: may change in any release.
 */
public final class MessageLimits {

    private MessageLimits() {
    }

    /**
     * The size of the PUBLISH packet that carries {@code m}, as the smallest encoding (no properties)
     * the client can produce: fixed header, topic, packet identifier (QoS 1 and 2), the MQTT 5
     * property length, payload.
     *
     * @param m the message
     * @param mqtt5 whether MQTT 5 (one more byte for the property length)
     * @return the packet size in bytes
     */
    public static long publishPacketBytes(MqttMessage m, boolean mqtt5) {
        long remaining = 2L + m.topic().getBytes(StandardCharsets.UTF_8).length + (m.qos() > 0 ? 2 : 0)
                + (mqtt5 ? 1 : 0) + m.payloadSize();
        return 1 + varIntBytes(remaining) + remaining;
    }

    private static int varIntBytes(long value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        if (value < 2_097_152) {
            return 3;
        }
        return 4;
    }

    /**
     * Checks the payload against the configured limit.
     *
     * @param m the message
     * @param maxMessageBytes {@code delivery.maxMessageBytes}
     * @return the exception to fail with, or null when the message fits
     */
    public static MessageTooLargeException checkPayload(MqttMessage m, int maxMessageBytes) {
        if (m.payloadSize() <= maxMessageBytes) {
            return null;
        }
        return new MessageTooLargeException(m.topic(), "The message to topic " + Texts.quote(m.topic()) + " is "
                + m.payloadSize() + " bytes, more than delivery.maxMessageBytes (" + maxMessageBytes
                + " bytes): not published. Publish less, or raise delivery.maxMessageBytes if the broker accepts it.",
                m.payloadSize(), maxMessageBytes);
    }

    /**
     * Checks the packet against the largest packet the broker announced (MQTT 5).
     *
     * @param m the message
     * @param brokerMaxPacketBytes the announced maximum, or 0 when none is known
     * @param mqtt5 whether MQTT 5
     * @return the exception to fail with, or null when the message fits or no maximum is known
     */
    public static MessageTooLargeException checkPacket(MqttMessage m, long brokerMaxPacketBytes, boolean mqtt5) {
        if (brokerMaxPacketBytes <= 0) {
            return null;
        }
        long packet = publishPacketBytes(m, mqtt5);
        if (packet <= brokerMaxPacketBytes) {
            return null;
        }
        return new MessageTooLargeException(m.topic(), "The message to topic " + Texts.quote(m.topic()) + " ("
                + m.payloadSize() + " payload bytes) needs an MQTT packet of " + packet
                + " bytes, more than the maximum packet size the broker announced when the client connected ("
                + brokerMaxPacketBytes + " bytes): not published.", packet, brokerMaxPacketBytes);
    }
}
