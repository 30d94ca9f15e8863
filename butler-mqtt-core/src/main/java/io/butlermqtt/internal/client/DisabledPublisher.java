package io.butlermqtt.internal.client;

import io.butlermqtt.ClientClosedException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.internal.wire.WireFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The publisher of a client whose settings have MQTT disabled: every publish completes at once with
 * {@link PublishResult.Outcome#SKIPPED_DISABLED} and the messages that would have been sent; after
 * {@link #close()}, publishes fail with {@link ClientClosedException} as on a live client.
 *
 * <p>Internal: may change in any release.
 */
public final class DisabledPublisher implements SenseEventPublisher {

    private final WireFormat wire;
    private volatile boolean closed;

    /** @param wire the mapping */
    public DisabledPublisher(WireFormat wire) {
        this.wire = wire;
    }

    /** Makes later publishes fail with {@link ClientClosedException}. */
    public void close() {
        closed = true;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public List<MqttMessage> messagesFor(SenseEvent event) {
        return wire.messagesFor(event);
    }

    @Override
    public CompletableFuture<PublishResult> publish(SenseEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            return result(wire.messagesFor(event));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, String message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        try {
            return result(List.of(wire.message(topic, message)));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<PublishResult> result(List<MqttMessage> messages) {
        if (closed) {
            String topic = messages.isEmpty() ? "(none)" : messages.get(0).topic();
            return CompletableFuture.failedFuture(new ClientClosedException(topic,
                    "The client is closed: the message to topic " + topic + " was not published."));
        }
        return CompletableFuture.completedFuture(new PublishResult(PublishResult.Outcome.SKIPPED_DISABLED, messages));
    }
}
