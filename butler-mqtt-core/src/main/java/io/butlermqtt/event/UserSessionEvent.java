package io.butlermqtt.event;

/**
 * A user session started or stopped in Qlik Sense, from the proxy's user audit log appender (commands
 * {@code Start session} / {@code Stop session}); Butler 5 and earlier published these.
 *
 * <p>On the wire: plain text {@code <host>: <userDirectory>/<userId>} on {@code sessionStartTopic} for
 * {@link Action#START} and on {@code sessionStopTopic} for {@link Action#STOP}.
 *
 * <p>All fields are required (the texts may be empty). Immutable and thread-safe.
 */
public final class UserSessionEvent extends UserAuditEvent<UserSessionEvent.Action> implements SenseEvent {

    /** What happened. */
    public enum Action {
        /** The session started. */
        START,
        /** The session stopped. */
        STOP
    }

    private UserSessionEvent(Builder b) {
        super(b, "UserSessionEvent");
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
        return copyInto(new Builder());
    }

    /** Builds a {@link UserSessionEvent}; not thread-safe. */
    public static final class Builder extends UserAuditEvent.AbstractBuilder<Action, UserSessionEvent, Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public UserSessionEvent build() {
            return new UserSessionEvent(this);
        }
    }
}
