package io.butlermqtt.event;

/**
 * A reload task failed in Qlik Sense (the scheduler's {@code /scheduler-task-failed/} log
 * appender event), enriched with the app's and task's tags, custom properties and metadata.
 *
 * <p>On the wire: the task name as plain text on {@code taskFailureTopic}, then, when
 * {@code taskFailureSendFull} is true, a JSON object on {@code taskFailureFullTopic} with the keys
 * {@code hostName, user, taskName, taskId, appName, appId, logTimeStamp, logLevel, executionId, logMessage, qs_appTags, qs_appCustomProperties, qs_taskTags, qs_taskCustomProperties, qs_taskMetadata} in that order.
 *
 * <p>Required: {@code hostName}, {@code taskName}, {@code taskId}; {@link Builder#build()} names a
 * missing one. Every other text field is optional and is sent as an empty string {@code ""} when
 * absent, so subscribers always find every key as a string, as with Butler. Tags and custom
 * properties default to empty lists ({@code []}), metadata to an empty object ({@code {}}).
 * Metadata is any JSON-like value ({@code Map<String, ?>}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean}, {@code null}, nested), deep-copied to an immutable value when built.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReloadTaskFailed extends ReloadTaskEvent implements SenseEvent {

    private ReloadTaskFailed(Builder b) {
        super(b, "ReloadTaskFailed");
    }

    /**
     * Starts a builder with nothing set: tags and custom properties empty, metadata {@code {}}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this event's values, to build a modified copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        copyInto(b);
        return b;
    }

    /**
     * Returns the app's record as the Qlik Repository Service returns it. Carried on the event for
     * your own use, but not part of Butler's failure payload, so not sent.
     *
     * @return an immutable JSON-like value (Map, List, String, Number, Boolean or null);
     *     an empty map when not set
     */
    @Override
    public Object appMetadata() {
        return super.appMetadata();
    }

    /** Builds a {@link ReloadTaskFailed}; not thread-safe. */
    public static final class Builder extends ReloadTaskEvent.AbstractBuilder<ReloadTaskFailed, Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if {@code hostName}, {@code taskName} or {@code taskId} is not set
         *     (the message names it)
         * @throws NullPointerException if a tag or custom property list holds a null element
         * @throws IllegalArgumentException if metadata holds a value of another type, a cycle, or
         *     is nested deeper than 64 levels (the message names the path inside the metadata)
         */
        @Override
        public ReloadTaskFailed build() {
            return new ReloadTaskFailed(this);
        }
    }
}
