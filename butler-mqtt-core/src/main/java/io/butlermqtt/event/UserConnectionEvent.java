package io.butlermqtt.event;

/**
 * A user connection opened or closed in Qlik Sense, from the proxy's user audit log appender (commands
 * {@code Open connection} / {@code Close connection}); Butler 5 and earlier published these.
 *
 * <p>On the wire: plain text {@code <host>: <userDirectory>/<userId>} on {@code connectionOpenTopic} for
 * {@link Action#OPEN} and on {@code connectionCloseTopic} for {@link Action#CLOSE}.
 *
 * <p>All fields are required (the texts may be empty). Immutable and thread-safe.
 */
public final class UserConnectionEvent extends UserAuditEvent<UserConnectionEvent.Action> implements SenseEvent {

    /** What happened. */
    public enum Action {
        /** A connection was opened. */
        OPEN,
        /** A connection was closed. */
        CLOSE
    }

    private UserConnectionEvent(Builder b) {
        super(b, "UserConnectionEvent");
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

    /** Builds a {@link UserConnectionEvent}; not thread-safe. */
    public static final class Builder extends UserAuditEvent.AbstractBuilder<Action, UserConnectionEvent, Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public UserConnectionEvent build() {
            return new UserConnectionEvent(this);
        }
    }
}
