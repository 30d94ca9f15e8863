package io.butlermqtt.event;

import java.util.Locale;
import java.util.Objects;

/**
 * Butler's event source started or failed: its UDP server for task events (Sense scheduler log
 * appender) or for session events (user audit log appender, Butler 5 and earlier).
 *
 * <p>On the wire: {@code start} or {@code error} as plain text, on
 * {@code taskFailureServerStatusTopic} for {@link Source#TASK_EVENTS} and on
 * {@code sessionServerStatusTopic} for {@link Source#SESSION_EVENTS}.
 *
 * <p>Both fields are required. Immutable and thread-safe.
 */
public final class EventSourceStatus implements SenseEvent {

    /** Which event source. */
    public enum Source {
        /** The UDP server receiving task events (Butler: task failure server). */
        TASK_EVENTS,
        /** The UDP server receiving user session and connection events (Butler 5 and earlier). */
        SESSION_EVENTS
    }

    /** What happened to the source. */
    public enum Status {
        /** It started listening: payload {@code start}. */
        START,
        /** It failed: payload {@code error}. */
        ERROR;

        /**
         * Returns the payload text Butler sends.
         *
         * @return {@code start} or {@code error}
         */
        public String payload() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Source source;
    private final Status status;

    private EventSourceStatus(Builder b) {
        this.source = Checks.required(b.source, "EventSourceStatus", "source");
        this.status = Checks.required(b.status, "EventSourceStatus", "status");
    }

    /**
     * Starts a builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this event's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().source(source).status(status);
    }

    /**
     * Returns which event source this is about.
     *
     * @return the source
     */
    public Source source() {
        return source;
    }

    /**
     * Returns what happened.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventSourceStatus && ((EventSourceStatus) o).source == source
                && ((EventSourceStatus) o).status == status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, status);
    }

    @Override
    public String toString() {
        return "EventSourceStatus[source=" + source + ", status=" + status + "]";
    }

    /** Builds an {@link EventSourceStatus}; not thread-safe. */
    public static final class Builder {
        private Source source;
        private Status status;

        private Builder() {
        }

        /**
         * Sets which event source this is about.
         *
         * @param source the source
         * @return this builder
         * @throws NullPointerException if {@code source} is null
         */
        public Builder source(Source source) {
            this.source = Checks.notNull(source, "source");
            return this;
        }

        /**
         * Sets what happened.
         *
         * @param status the status
         * @return this builder
         * @throws NullPointerException if {@code status} is null
         */
        public Builder status(Status status) {
            this.status = Checks.notNull(status, "status");
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if {@code source} or {@code status} is not set
         */
        public EventSourceStatus build() {
            return new EventSourceStatus(this);
        }
    }
}
