package io.butlermqtt.event;

import java.util.Objects;

/**
 * What a user session event and a user connection event have in common: the proxy's user audit
 * log appender fields. Package-private: the public types are {@link UserSessionEvent} and
 * {@link UserConnectionEvent}.
 *
 * @param <A> the event's action type
 */
abstract class UserAuditEvent<A extends Enum<A>> {

    private final A action;
    private final String host;
    private final String userDirectory;
    private final String userId;

    UserAuditEvent(AbstractBuilder<A, ?, ?> b, String type) {
        this.action = Checks.required(b.action, type, "action");
        this.host = Checks.required(b.host, type, "host");
        this.userDirectory = Checks.required(b.userDirectory, type, "userDirectory");
        this.userId = Checks.required(b.userId, type, "userId");
    }

    /** Copies this event's values into {@code b}, for {@code toBuilder()}. */
    final <B extends AbstractBuilder<A, ?, B>> B copyInto(B b) {
        return b.action(action).host(host).userDirectory(userDirectory).userId(userId);
    }

    /**
     * Returns what happened.
     *
     * @return the action
     */
    public A action() {
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
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        UserAuditEvent<?> other = (UserAuditEvent<?>) o;
        return action == other.action && host.equals(other.host) && userDirectory.equals(other.userDirectory)
                && userId.equals(other.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), action, host, userDirectory, userId);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[action=" + action + ", host=" + host + ", user=" + userDirectory + "/"
                + userId + "]";
    }

    /**
     * The setters shared by both builders; not thread-safe.
     *
     * @param <A> the action type
     * @param <E> the event type built
     * @param <B> the builder type, returned by every setter
     */
    abstract static class AbstractBuilder<A extends Enum<A>, E extends UserAuditEvent<A>,
            B extends AbstractBuilder<A, E, B>> {
        A action;
        String host;
        String userDirectory;
        String userId;

        AbstractBuilder() {
        }

        /** {@return this builder, typed as the concrete builder} */
        abstract B self();

        /**
         * Sets what happened.
         *
         * @param action the action
         * @return this builder
         * @throws NullPointerException if {@code action} is null
         */
        public B action(A action) {
            this.action = Checks.notNull(action, "action");
            return self();
        }

        /**
         * Sets the Sense server the event came from.
         *
         * @param host the host name
         * @return this builder
         * @throws NullPointerException if {@code host} is null
         */
        public B host(String host) {
            this.host = Checks.notNull(host, "host");
            return self();
        }

        /**
         * Sets the user's directory.
         *
         * @param userDirectory the user directory
         * @return this builder
         * @throws NullPointerException if {@code userDirectory} is null
         */
        public B userDirectory(String userDirectory) {
            this.userDirectory = Checks.notNull(userDirectory, "userDirectory");
            return self();
        }

        /**
         * Sets the user's ID within the directory.
         *
         * @param userId the user ID
         * @return this builder
         * @throws NullPointerException if {@code userId} is null
         */
        public B userId(String userId) {
            this.userId = Checks.notNull(userId, "userId");
            return self();
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if a field is not set (the message names it)
         */
        public abstract E build();
    }
}
