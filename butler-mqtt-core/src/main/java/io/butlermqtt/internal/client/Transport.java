package io.butlermqtt.internal.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT connection, as the client engine needs it: connect again and again, publish, subscribe,
 * and report what happens. Implemented over the HiveMQ MQTT client by {@link HiveMqTransport};
 * unit tests use a recording fake.
 *
 * <p>Internal: may change in any release.
 */
public interface Transport {

    /** What the transport reports. Called on the transport's threads; implementations must not block. */
    interface Events {

        /**
         * A connection is established (CONNACK accepted). Called before any message of the new
         * connection is delivered to {@link #onMessage}.
         *
         * @param sessionPresent whether the broker resumed an earlier session
         * @param maximumPacketBytes the largest packet the broker accepts, as it announced in the CONNACK
         *     (MQTT 5), or 0 when it announced none (always 0 with MQTT 3.1.1)
         */
        void onConnected(boolean sessionPresent, long maximumPacketBytes);

        /**
         * A connection, or an attempt to make one, ended.
         *
         * @param cause why
         * @param closedByBroker whether the broker closed it (rather than the network or this client)
         * @param byUser whether {@link #disconnect()} closed it
         * @param sessionTakenOver whether the broker said another client took the session over (MQTT 5)
         */
        void onDisconnected(Throwable cause, boolean closedByBroker, boolean byUser, boolean sessionTakenOver);

        /**
         * A message arrived on a subscription (or from a resumed session). Its {@link Incoming#ack()}
         * must be called exactly once, whatever happens to it.
         *
         * @param message the message
         */
        void onMessage(Incoming message);
    }

    /**
     * A received message.
     *
     * @param topic the topic
     * @param payload the payload (read-only view)
     * @param ack acknowledges the message to the broker; acknowledgements go out in arrival order
     */
    record Incoming(String topic, ByteBuffer payload, Runnable ack) {
    }

    /**
     * Starts one connection attempt.
     *
     * @return completes when connected, exceptionally when the attempt failed
     */
    CompletableFuture<Void> connect();

    /**
     * Publishes one message. Does not block.
     *
     * @param topic the topic
     * @param payload the payload; not copied, must not change
     * @param qos 0, 1 or 2
     * @param retain the retain flag
     * @return completes when acknowledged (QoS 1 and 2) or written (QoS 0)
     */
    CompletableFuture<?> publish(String topic, ByteBuffer payload, int qos, boolean retain);

    /**
     * Subscribes.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS
     * @return completes when granted, exceptionally when refused
     */
    CompletableFuture<Void> subscribe(String filter, int qos);

    /**
     * Unsubscribes.
     *
     * @param filter the topic filter given to {@link #subscribe(String, int)}
     * @return completes when the broker acknowledged it (UNSUBACK), exceptionally when it failed
     */
    CompletableFuture<Void> unsubscribe(String filter);

    /**
     * Disconnects cleanly (no Last Will).
     *
     * @return completes when disconnected
     */
    CompletableFuture<Void> disconnect();

    /**
     * Releases what the transport holds beyond a connection (the message flow, its threads), after the
     * last {@link #disconnect()}. The transport is not used afterwards. Idempotent; never blocks.
     */
    void release();

    /**
     * Whether a publish that failed with this error should be sent again after a reconnect.
     *
     * @param error the error
     * @return true for connection and session errors
     */
    boolean isRetryable(Throwable error);

    /**
     * A short, human-readable reason for an error, for the log (no stack trace, no secrets).
     *
     * @param error the error
     * @return the reason
     */
    String describe(Throwable error);
}
