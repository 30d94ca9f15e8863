package io.butlermqtt.internal.client;

/**
 * What a {@link ClientEngine} does with each message that arrives on its subscription.
 *
 * <p>The contract, which the engine's ordered {@code close()} relies on:
 * <ul>
 *   <li>{@link #onMessage} is called on a thread of the MQTT client, in arrival order. It must not block
 *       and must not throw: hand slow work (a listener call, an HTTP request) to another thread.</li>
 *   <li>It must call {@link Transport.Incoming#ack()} exactly once per message, <em>after</em> the
 *       message was handled (or found invalid, or the handling failed or timed out). The broker
 *       receives acknowledgements in arrival order, so a message that is never acknowledged holds
 *       back the acknowledgements of every later one.</li>
 *   <li>A message that is not acknowledged when the connection ends is delivered again by the broker
 *       (persistent session) or, for a shared subscription, possibly to another member (HiveMQ).</li>
 * </ul>
 *
 * <p>{@link TaskStartDispatcher} is the implementation for Butler's start-task topic.
 *
 * <p>Internal: may change in any release.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one message; acknowledges it with {@link Transport.Incoming#ack()} once handled.
     *
     * @param message the message; its payload is a read-only view that stays valid
     */
    void onMessage(Transport.Incoming message);
}
