package io.butlermqtt.internal.client;

import io.butlermqtt.MessageTooLargeException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishResult;
import io.butlermqtt.internal.wire.MappingPublisher;
import io.butlermqtt.internal.wire.WireFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The publisher of a connected client: Butler's mapping ({@link WireFormat}), then the {@link Outbox}.
 * One submission per event, so an event's messages are accepted or refused together and go out in
 * Butler's order.
 *
 * <p>Internal: may change in any release.
 */
public final class LivePublisher extends MappingPublisher {

    private final Outbox<MqttMessage> outbox;
    private final int maxMessageBytes;
    private final LongSupplier brokerMaxPacketBytes;
    private final boolean mqtt5;
    private final AtomicLong tooLarge = new AtomicLong();

    /**
     * A publisher without size limits beyond MQTT's own.
     *
     * @param wire the mapping
     * @param outbox where messages go
     */
    public LivePublisher(WireFormat wire, Outbox<MqttMessage> outbox) {
        this(wire, outbox, MqttSettings.DEFAULT_MAX_MESSAGE_BYTES, () -> 0, false);
    }

    /**
     * @param wire the mapping
     * @param outbox where messages go
     * @param maxMessageBytes the largest payload ({@code delivery.maxMessageBytes})
     * @param brokerMaxPacketBytes the largest packet the broker announced, or 0 (asked at every publish)
     * @param mqtt5 whether the connection speaks MQTT 5 (for the packet size)
     */
    public LivePublisher(WireFormat wire, Outbox<MqttMessage> outbox, int maxMessageBytes,
            LongSupplier brokerMaxPacketBytes, boolean mqtt5) {
        super(wire);
        this.outbox = outbox;
        this.maxMessageBytes = maxMessageBytes;
        this.brokerMaxPacketBytes = brokerMaxPacketBytes;
        this.mqtt5 = mqtt5;
    }

    /** @return messages refused at publish because they were too large */
    public long tooLarge() {
        return tooLarge.get();
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
        long brokerMax = brokerMaxPacketBytes.getAsLong();
        for (MqttMessage m : messages) {
            MessageTooLargeException e = MessageLimits.checkPayload(m, maxMessageBytes);
            if (e == null) {
                e = MessageLimits.checkPacket(m, brokerMax, mqtt5);
            }
            if (e != null) {
                tooLarge.addAndGet(messages.size());
                return CompletableFuture.failedFuture(e);
            }
        }
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
