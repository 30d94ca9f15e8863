package io.butlermqtt.internal.wire;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
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
public final class DryRunPublisher extends MappingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunPublisher.class);

    /**
     * Creates the publisher.
     *
     * @param settings the settings
     */
    public DryRunPublisher(MqttSettings settings) {
        super(new WireFormat(Objects.requireNonNull(settings, "settings")));
    }

    @Override
    protected CompletableFuture<PublishResult> send(List<MqttMessage> messages) {
        if (LOG.isDebugEnabled()) {
            for (MqttMessage m : messages) {
                LOG.debug("Dry run, not sent: {}", m);
            }
        }
        return CompletableFuture.completedFuture(new PublishResult(PublishResult.Outcome.DRY_RUN, messages));
    }
}
