package io.butlermqtt;

import java.util.List;
import java.util.Objects;

/**
 * What a publish did.
 *
 * @param outcome  what happened to the messages
 * @param messages the messages concerned, in the order they were (or would have been) sent;
 *                 empty when the event maps to no message (e.g. every topic for it is empty)
 */
public record PublishResult(Outcome outcome, List<MqttMessage> messages) {

    /** What happened to the messages of a publish. */
    public enum Outcome {
        /**
         * The messages were handed to the broker: at QoS 1 and 2 the broker acknowledged them, at
         * QoS 0 they were written to the connection.
         */
        PUBLISHED,
        /**
         * Nothing was sent because the publisher is a dry run ({@link SenseEventPublisher#dryRun});
         * the messages are those that would have been sent.
         */
        DRY_RUN,
        /**
         * Nothing was sent because MQTT is disabled in the settings ({@code enable: false}, as in
         * Butler); the messages are those that would have been sent.
         */
        SKIPPED_DISABLED
    }

    /**
     * Checks and copies the components.
     *
     * @param outcome what happened to the messages
     * @param messages the messages concerned (copied)
     * @throws NullPointerException if {@code outcome}, {@code messages} or an element is null
     */
    public PublishResult {
        Objects.requireNonNull(outcome, "outcome");
        messages = List.copyOf(messages);
    }
}
