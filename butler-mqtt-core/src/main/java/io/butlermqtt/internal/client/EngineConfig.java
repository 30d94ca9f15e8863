package io.butlermqtt.internal.client;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link ClientEngine} needs, resolved: the connection, how to reconnect, the outbox,
 * the messages published on every connect and on close, and the subscription with its handler.
 * {@link ClientAssembly} builds one from {@code MqttSettings}; another MQTT client of the library
 * (e.g. for Qlik Cloud events) builds its own.
 *
 * <p>Internal: may change in any release.
 *
 * @param connection the connection (broker, client ID, credentials, TLS, session, Last Will)
 * @param reconnect initial and largest delay between connection attempts
 * @param outbox capacity of the outbox and the {@code close()} budget ({@code closeTimeout})
 * @param onConnect published (not through the outbox) right after every connect, in this order, e.g.
 *     Butler's status message and the retained availability "online" message
 * @param onClose published on {@code close()} while still connected, e.g. the availability "offline"
 *     message
 * @param inbound the subscription made on every connect and its handler, if any
 * @param maxLossesPerMessage connection losses charged to one outgoing message before it is given up
 *     (see {@link Outbox}); at least 1
 */
public record EngineConfig(
        ConnectionSpec connection,
        MqttSettings.Reconnect reconnect,
        MqttSettings.Outbox outbox,
        List<MqttMessage> onConnect,
        Optional<MqttMessage> onClose,
        Optional<Inbound> inbound,
        int maxLossesPerMessage) {

    /** Connection losses charged to one outgoing message before it is given up, by default. */
    public static final int DEFAULT_MAX_LOSSES_PER_MESSAGE = 3;

    /**
     * A subscription and what handles its messages.
     *
     * @param topicFilter the filter subscribed to at QoS 1 on every connect (for a shared subscription
     *     {@code $share/<group>/<filter>})
     * @param handler gets every message that arrives and acknowledges it after handling
     */
    public record Inbound(String topicFilter, MessageHandler handler) {

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public Inbound {
            Objects.requireNonNull(topicFilter, "topicFilter");
            Objects.requireNonNull(handler, "handler");
        }
    }

    /**
     * Checks for nulls and copies the list.
     *
     * @throws NullPointerException naming the null component
     * @throws IllegalArgumentException when {@code maxLossesPerMessage} is below 1
     */
    public EngineConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(outbox, "outbox");
        onConnect = List.copyOf(onConnect);
        Objects.requireNonNull(onClose, "onClose");
        Objects.requireNonNull(inbound, "inbound");
        if (maxLossesPerMessage < 1) {
            throw new IllegalArgumentException("maxLossesPerMessage must be 1 or more, but was " + maxLossesPerMessage);
        }
    }
}
