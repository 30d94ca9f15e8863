package io.butlermqtt.internal.client;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.SenseEvent;
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
public final class LivePublisher implements SenseEventPublisher {

    private final WireFormat wire;
    private final Outbox<MqttMessage> outbox;

    /**
     * @param wire the mapping
     * @param outbox where messages go
     */
    public LivePublisher(WireFormat wire, Outbox<MqttMessage> outbox) {
        this.wire = wire;
        this.outbox = outbox;
    }

    @Override
    public List<MqttMessage> messagesFor(SenseEvent event) {
        return wire.messagesFor(event);
    }

    @Override
    public CompletableFuture<PublishResult> publish(SenseEvent event) {
        Objects.requireNonNull(event, "event");
        List<MqttMessage> messages;
        try {
            messages = wire.messagesFor(event);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(messages);
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, String message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        MqttMessage m;
        try {
            m = wire.message(topic, message);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(List.of(m));
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
