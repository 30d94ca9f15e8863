package io.butlermqtt.internal.wire;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.SenseEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What every {@link SenseEventPublisher} shares: Butler's mapping ({@link WireFormat}) turns the
 * event or the ad-hoc message into messages; a mapping error (an invalid topic, say) fails the
 * returned future instead of being thrown; {@code null} arguments throw at once. Subclasses decide
 * what {@link #send(List)} does with the messages.
 *
 * <p>Internal: may change in any release.
 */
public abstract class MappingPublisher implements SenseEventPublisher {

    /** The mapping. */
    protected final WireFormat wire;

    /**
     * Creates the publisher.
     *
     * @param wire the mapping
     */
    protected MappingPublisher(WireFormat wire) {
        this.wire = Objects.requireNonNull(wire, "wire");
    }

    @Override
    public final List<MqttMessage> messagesFor(SenseEvent event) {
        return wire.messagesFor(event);
    }

    @Override
    public final CompletableFuture<PublishResult> publish(SenseEvent event) {
        Objects.requireNonNull(event, "event");
        List<MqttMessage> messages;
        try {
            messages = wire.messagesFor(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(messages);
    }

    @Override
    public final CompletableFuture<PublishResult> publish(String topic, String message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        MqttMessage m;
        try {
            m = wire.message(topic, message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(List.of(m));
    }

    /**
     * Sends (or not) the messages of one event or ad-hoc message, as one unit.
     *
     * @param messages the messages, in Butler's order
     * @return the result's future
     */
    protected abstract CompletableFuture<PublishResult> send(List<MqttMessage> messages);
}
