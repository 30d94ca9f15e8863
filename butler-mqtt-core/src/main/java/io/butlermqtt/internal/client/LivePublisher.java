package io.butlermqtt.internal.client;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.internal.wire.MappingPublisher;
import io.butlermqtt.internal.wire.WireFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The publisher of a connected client: Butler's mapping ({@link WireFormat}), then the {@link Outbox}.
 * One submission per event, so an event's messages are accepted or refused together and go out in
 * Butler's order.
 *
 * <p>Internal: may change in any release.
 */
public final class LivePublisher extends MappingPublisher {

    private final Outbox<MqttMessage> outbox;

    /**
     * @param wire the mapping
     * @param outbox where messages go
     */
    public LivePublisher(WireFormat wire, Outbox<MqttMessage> outbox) {
        super(wire);
        this.outbox = outbox;
    }

    @Override
    protected CompletableFuture<PublishResult> send(List<MqttMessage> messages) {
        return submit(messages);
    }

    /**
     * Publishes ready-made messages as one submission.
     *
     * @param messages the messages, in order
     * @return completes when all are delivered
     */
    public CompletableFuture<PublishResult> submit(List<MqttMessage> messages) {
        Pending p = new Pending(messages);
        outbox.submit(messages, p);
        return p.future;
    }

    private static final class Pending extends Outbox.Submission {
        final CompletableFuture<PublishResult> future = new CompletableFuture<>();
        final List<MqttMessage> messages;

        Pending(List<MqttMessage> messages) {
            this.messages = messages;
        }

        @Override
        protected void succeeded() {
            future.complete(new PublishResult(PublishResult.Outcome.PUBLISHED, messages));
        }

        @Override
        protected void failed(Throwable error) {
            future.completeExceptionally(error);
        }
    }
}
