package io.butlermqtt.internal.client;

import io.butlermqtt.ClientClosedException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.internal.wire.MappingPublisher;
import io.butlermqtt.internal.wire.WireFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The publisher of a client whose settings have MQTT disabled: every publish completes at once with
 * {@link PublishResult.Outcome#SKIPPED_DISABLED} and the messages that would have been sent; after
 * {@link #close()}, publishes fail with {@link ClientClosedException} as on a live client.
 *
 * <p>Internal: may change in any release.
 */
public final class DisabledPublisher extends MappingPublisher {

    private volatile boolean closed;

    /** @param wire the mapping */
    public DisabledPublisher(WireFormat wire) {
        super(wire);
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
    protected CompletableFuture<PublishResult> send(List<MqttMessage> messages) {
        if (closed) {
            String topic = messages.isEmpty() ? "(none)" : messages.get(0).topic();
            return CompletableFuture.failedFuture(new ClientClosedException(topic,
                    "The client is closed: the message to topic " + topic + " was not published."));
        }
        return CompletableFuture.completedFuture(new PublishResult(PublishResult.Outcome.SKIPPED_DISABLED, messages));
    }
}
