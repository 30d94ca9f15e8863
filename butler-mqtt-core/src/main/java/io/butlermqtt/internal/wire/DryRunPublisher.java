package io.butlermqtt.internal.wire;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.SenseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link SenseEventPublisher} that sends nothing: every publish completes at once with
 * {@link PublishResult.Outcome#DRY_RUN} and the messages.
 *
 * <p>Internal: may change in any release.
 */
public final class DryRunPublisher implements SenseEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunPublisher.class);

    private final WireFormat wire;

    /**
     * Creates the publisher.
     *
     * @param settings the settings
     */
    public DryRunPublisher(MqttSettings settings) {
        this.wire = new WireFormat(Objects.requireNonNull(settings, "settings"));
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
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return done(messages);
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, String message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        MqttMessage m;
        try {
            m = wire.message(topic, message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return done(List.of(m));
    }

    private static CompletableFuture<PublishResult> done(List<MqttMessage> messages) {
        if (LOG.isDebugEnabled()) {
            for (MqttMessage m : messages) {
                LOG.debug("Dry run, not sent: {}", m);
            }
        }
        return CompletableFuture.completedFuture(new PublishResult(PublishResult.Outcome.DRY_RUN, messages));
    }
}
