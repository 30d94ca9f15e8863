package io.butlermqtt.event;

import java.util.Objects;

/**
 * A user connection opened or closed in Qlik Sense, from the proxy's user audit log appender (commands
 * {@code Open connection} / {@code Close connection}); Butler 5 and earlier published these.
 *
 * <p>On the wire: plain text {@code <host>: <userDirectory>/<userId>} on {@code connectionOpenTopic} for
 * {@link Action#OPEN} and on {@code connectionCloseTopic} for {@link Action#CLOSE}.
 *
 * <p>All fields are required (the texts may be empty). Immutable and thread-safe.
 */
public final class UserConnectionEvent implements SenseEvent {

    /** What happened. */
    public enum Action {
        /** A connection was opened. */
        OPEN,
        /** A connection was closed. */
        CLOSE
    }

    private final Action action;
    private final String host;
    private final String userDirectory;
    private final String userId;

    private UserConnectionEvent(Builder b) {
        this.action = Checks.required(b.action, "UserConnectionEvent", "action");
        this.host = Checks.required(b.host, "UserConnectionEvent", "host");
        this.userDirectory = Checks.required(b.userDirectory, "UserConnectionEvent", "userDirectory");
        this.userId = Checks.required(b.userId, "UserConnectionEvent", "userId");
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
        return new Builder().action(action).host(host).userDirectory(userDirectory).userId(userId);
    }

    /**
     * Returns what happened.
     *
     * @return the action
     */
    public Action action() {
        return action;
    }

    /**
     * Returns the Sense server the event came from.
     *
     * @return the host name
     */
    public String host() {
        return host;
    }

    /**
     * Returns the user's directory.
     *
     * @return the user directory
     */
    public String userDirectory() {
        return userDirectory;
    }

    /**
     * Returns the user's ID within the directory.
     *
     * @return the user ID
     */
    public String userId() {
        return userId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UserConnectionEvent)) {
            return false;
        }
        UserConnectionEvent other = (UserConnectionEvent) o;
        return action == other.action && host.equals(other.host) && userDirectory.equals(other.userDirectory)
                && userId.equals(other.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, host, userDirectory, userId);
    }

    @Override
    public String toString() {
        return "UserConnectionEvent[action=" + action + ", host=" + host + ", user=" + userDirectory + "/" + userId + "]";
    }

    /** Builds a {@link UserConnectionEvent}; not thread-safe. */
    public static final class Builder {
        private Action action;
        private String host;
        private String userDirectory;
        private String userId;

        private Builder() {
        }

        /**
         * Sets what happened.
         *
         * @param action the action
         * @return this builder
         * @throws NullPointerException if {@code action} is null
         */
        public Builder action(Action action) {
            this.action = Checks.notNull(action, "action");
            return this;
        }

        /**
         * Sets the Sense server the event came from.
         *
         * @param host the host name
         * @return this builder
         * @throws NullPointerException if {@code host} is null
         */
        public Builder host(String host) {
            this.host = Checks.notNull(host, "host");
            return this;
        }

        /**
         * Sets the user's directory.
         *
         * @param userDirectory the user directory
         * @return this builder
         * @throws NullPointerException if {@code userDirectory} is null
         */
        public Builder userDirectory(String userDirectory) {
            this.userDirectory = Checks.notNull(userDirectory, "userDirectory");
            return this;
        }

        /**
         * Sets the user's ID within the directory.
         *
         * @param userId the user ID
         * @return this builder
         * @throws NullPointerException if {@code userId} is null
         */
        public Builder userId(String userId) {
            this.userId = Checks.notNull(userId, "userId");
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if a field is not set (the message names it)
         */
        public UserConnectionEvent build() {
            return new UserConnectionEvent(this);
        }
    }
}
