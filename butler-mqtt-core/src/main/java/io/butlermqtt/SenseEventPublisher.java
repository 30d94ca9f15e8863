package io.butlermqtt;

import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.internal.wire.DryRunPublisher;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Maps Sense events to Butler's MQTT messages and publishes them.
 *
 * <p>{@link #messagesFor(SenseEvent)} is the pure mapping: Butler's topics and exact payload
 * bytes, in Butler's order, with QoS and retain from {@link MqttSettings#delivery()}. The
 * {@code publish} methods send those messages; their future completes when the broker has them
 * (QoS 1 and 2) or they are written (QoS 0), and fails with a clear exception otherwise.
 *
 * <p>Implementations are thread-safe.
 */
public interface SenseEventPublisher {

    /**
     * Returns a publisher that connects to nothing: {@code publish} completes at once with
     * {@link PublishResult.Outcome#DRY_RUN} and the messages that would have been sent (also when
     * the settings have MQTT disabled). Useful to see, test or log what Butler would send.
     *
     * @param settings the settings whose topics, flags and delivery options to use
     * @return a dry-run publisher
     * @throws NullPointerException if {@code settings} is null
     */
    static SenseEventPublisher dryRun(MqttSettings settings) {
        return new DryRunPublisher(settings);
    }

    /**
     * Returns the messages Butler would send for the event, in Butler's order: topic, payload
     * bytes (byte-identical to Butler's), QoS and retain from the settings. Messages whose topic
     * setting is empty are left out. Sends nothing.
     *
     * @param event the event
     * @return the messages, possibly empty; immutable
     * @throws NullPointerException     if {@code event} is null
     * @throws IllegalArgumentException if a topic built from the event is not a valid topic name
     *                                  (e.g. longer than 65535 UTF-8 bytes)
     */
    List<MqttMessage> messagesFor(SenseEvent event);

    /**
     * Publishes the messages for the event.
     *
     * @param event the event
     * @return a future completing with the result, or failing with the reason the messages could
     *     not be published (including an {@link IllegalArgumentException} from the mapping)
     * @throws NullPointerException if {@code event} is null
     */
    CompletableFuture<PublishResult> publish(SenseEvent event);

    /**
     * Publishes any text on any topic, like Butler's REST endpoint {@code PUT /v4/mqttpublishmessage}
     * (used from Sense load scripts). The text is sent as UTF-8.
     *
     * @param topic   an MQTT topic name: not empty, no {@code +} or {@code #}, no U+0000,
     *                at most 65535 UTF-8 bytes
     * @param message the payload text (may be empty)
     * @return a future completing with the result; it fails with an
     *     {@link IllegalArgumentException} naming the topic and the rule when the topic is not a
     *     valid topic name
     * @throws NullPointerException if {@code topic} or {@code message} is null
     */
    CompletableFuture<PublishResult> publish(String topic, String message);
}
