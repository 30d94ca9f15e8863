package io.butlermqtt.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a failed and an aborted reload task have in common: the scheduler log appender's fields,
 * enriched with the app's and task's tags, custom properties and metadata. Package-private: the
 * public types are {@link ReloadTaskFailed} and {@link ReloadTaskAborted}.
 */
abstract class ReloadTaskEvent {

    private final String hostName;
    private final String user;
    private final String taskName;
    private final String taskId;
    private final String appName;
    private final String appId;
    private final String logTimeStamp;
    private final String logLevel;
    private final String executionId;
    private final String logMessage;
    private final List<String> appTags;
    private final List<CustomProperty> appCustomProperties;
    private final List<String> taskTags;
    private final List<CustomProperty> taskCustomProperties;
    private final Object appMetadata;
    private final Object taskMetadata;

    ReloadTaskEvent(AbstractBuilder<?, ?> b, String type) {
        this.hostName = Checks.required(b.hostName, type, "hostName");
        this.user = b.user;
        this.taskName = Checks.required(b.taskName, type, "taskName");
        this.taskId = Checks.required(b.taskId, type, "taskId");
        this.appName = b.appName;
        this.appId = b.appId;
        this.logTimeStamp = b.logTimeStamp;
        this.logLevel = b.logLevel;
        this.executionId = b.executionId;
        this.logMessage = b.logMessage;
        this.appTags = Checks.elements(b.appTags, "appTags");
        this.appCustomProperties = Checks.elements(b.appCustomProperties, "appCustomProperties");
        this.taskTags = Checks.elements(b.taskTags, "taskTags");
        this.taskCustomProperties = Checks.elements(b.taskCustomProperties, "taskCustomProperties");
        this.appMetadata = Checks.metadata(b.appMetadata, "appMetadata");
        this.taskMetadata = Checks.metadata(b.taskMetadata, "taskMetadata");
    }

    /** Copies this event's values into {@code b}, for {@code toBuilder()}. */
    final void copyInto(AbstractBuilder<?, ?> b) {
        b.hostName = hostName;
        b.user = user;
        b.taskName = taskName;
        b.taskId = taskId;
        b.appName = appName;
        b.appId = appId;
        b.logTimeStamp = logTimeStamp;
        b.logLevel = logLevel;
        b.executionId = executionId;
        b.logMessage = logMessage;
        b.appTags = appTags;
        b.appCustomProperties = appCustomProperties;
        b.taskTags = taskTags;
        b.taskCustomProperties = taskCustomProperties;
        b.appMetadata = appMetadata;
        b.taskMetadata = taskMetadata;
    }

    /**
     * Returns the Sense server that ran the task (log appender field {@code host}).
     *
     * @return the value, never null
     */
    public String hostName() {
        return hostName;
    }

    /**
     * Returns the Sense user that ran the task, <code>DIRECTORY&#92;userid</code>; each doubled backslash (<code>DOMAIN&#92;&#92;svc</code>, as the log appender sends it) is turned into one, as Butler does.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * Returns the reload task's name; also the whole payload of the short message.
     *
     * @return the value, never null
     */
    public String taskName() {
        return taskName;
    }

    /**
     * Returns the reload task's ID (a GUID, as text; not checked).
     *
     * @return the value, never null
     */
    public String taskId() {
        return taskId;
    }

    /**
     * Returns the app's name.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> appName() {
        return Optional.ofNullable(appName);
    }

    /**
     * Returns the app's ID.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> appId() {
        return Optional.ofNullable(appId);
    }

    /**
     * Returns the log entry's time stamp, as the scheduler wrote it.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> logTimeStamp() {
        return Optional.ofNullable(logTimeStamp);
    }

    /**
     * Returns the log entry's level, e.g. {@code ERROR}.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> logLevel() {
        return Optional.ofNullable(logLevel);
    }

    /**
     * Returns the task execution's ID.
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> executionId() {
        return Optional.ofNullable(executionId);
    }

    /**
     * Returns the log message (may span lines and contain {@code ;}).
     *
     * @return the value, empty when not set (sent as {@code ""})
     */
    public Optional<String> logMessage() {
        return Optional.ofNullable(logMessage);
    }

    /**
     * Returns the app's tag names.
     *
     * @return an immutable list, empty when not set
     */
    public List<String> appTags() {
        return appTags;
    }

    /**
     * Returns the app's custom properties.
     *
     * @return an immutable list, empty when not set
     */
    public List<CustomProperty> appCustomProperties() {
        return appCustomProperties;
    }

    /**
     * Returns the task's tag names.
     *
     * @return an immutable list, empty when not set
     */
    public List<String> taskTags() {
        return taskTags;
    }

    /**
     * Returns the task's custom properties.
     *
     * @return an immutable list, empty when not set
     */
    public List<CustomProperty> taskCustomProperties() {
        return taskCustomProperties;
    }

    /**
     * Returns the app's record as the Qlik Repository Service returns it.
     *
     * @return an immutable JSON-like value (Map, List, String, Number, Boolean or null);
     *     an empty map when not set
     */
    public Object appMetadata() {
        return appMetadata;
    }

    /**
     * Returns the task's record as the Qlik Repository Service returns it.
     *
     * @return an immutable JSON-like value (Map, List, String, Number, Boolean or null);
     *     an empty map when not set
     */
    public Object taskMetadata() {
        return taskMetadata;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        ReloadTaskEvent other = (ReloadTaskEvent) o;
        return Objects.equals(hostName, other.hostName)
                && Objects.equals(user, other.user)
                && Objects.equals(taskName, other.taskName)
                && Objects.equals(taskId, other.taskId)
                && Objects.equals(appName, other.appName)
                && Objects.equals(appId, other.appId)
                && Objects.equals(logTimeStamp, other.logTimeStamp)
                && Objects.equals(logLevel, other.logLevel)
                && Objects.equals(executionId, other.executionId)
                && Objects.equals(logMessage, other.logMessage)
                && Objects.equals(appTags, other.appTags)
                && Objects.equals(appCustomProperties, other.appCustomProperties)
                && Objects.equals(taskTags, other.taskTags)
                && Objects.equals(taskCustomProperties, other.taskCustomProperties)
                && Objects.equals(appMetadata, other.appMetadata)
                && Objects.equals(taskMetadata, other.taskMetadata);
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + Objects.hash(hostName, user, taskName, taskId, appName, appId, logTimeStamp, logLevel, executionId, logMessage, appTags, appCustomProperties, taskTags, taskCustomProperties, appMetadata, taskMetadata);
    }

    /** Shows the identifying fields and the sizes of the rest (never the log message text). */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[hostName=" + hostName + ", taskName=" + taskName + ", taskId=" + taskId
                + ", appName=" + appName + ", appId=" + appId + ", executionId=" + executionId
                + ", logMessage=" + (logMessage == null ? "unset" : logMessage.length() + " chars")
                + ", appTags=" + appTags.size() + ", taskTags=" + taskTags.size() + "]";
    }

    /**
     * The setters shared by both builders; not thread-safe.
     *
     * @param <E> the event type built
     * @param <B> the builder type, returned by every setter
     */
    abstract static class AbstractBuilder<E extends ReloadTaskEvent, B extends AbstractBuilder<E, B>> {
        String hostName;
        String user;
        String taskName;
        String taskId;
        String appName;
        String appId;
        String logTimeStamp;
        String logLevel;
        String executionId;
        String logMessage;
        List<String> appTags = List.of();
        List<CustomProperty> appCustomProperties = List.of();
        List<String> taskTags = List.of();
        List<CustomProperty> taskCustomProperties = List.of();
        Object appMetadata = Checks.EMPTY_OBJECT;
        Object taskMetadata = Checks.EMPTY_OBJECT;

        AbstractBuilder() {
        }

        /** {@return this builder, typed as the concrete builder} */
        abstract B self();

        /**
         * Sets the Sense server that ran the task (log appender field {@code host}).
         *
         * @param hostName the value
         * @return this builder
         * @throws NullPointerException if {@code hostName} is null
         */
        public B hostName(String hostName) {
            this.hostName = Checks.notNull(hostName, "hostName");
            return self();
        }

        /**
         * Sets the Sense user that ran the task, <code>DIRECTORY&#92;userid</code>; each doubled backslash (<code>DOMAIN&#92;&#92;svc</code>, as the log appender sends it) is turned into one, as Butler does ({@code null} unsets it).
         *
         * @param user the value
         * @return this builder
         */
        public B user(String user) {
            this.user = Checks.normalizeUser(user);
            return self();
        }

        /**
         * Sets the reload task's name; also the whole payload of the short message.
         *
         * @param taskName the value
         * @return this builder
         * @throws NullPointerException if {@code taskName} is null
         */
        public B taskName(String taskName) {
            this.taskName = Checks.notNull(taskName, "taskName");
            return self();
        }

        /**
         * Sets the reload task's ID (a GUID, as text; not checked).
         *
         * @param taskId the value
         * @return this builder
         * @throws NullPointerException if {@code taskId} is null
         */
        public B taskId(String taskId) {
            this.taskId = Checks.notNull(taskId, "taskId");
            return self();
        }

        /**
         * Sets the app's name ({@code null} unsets it).
         *
         * @param appName the value
         * @return this builder
         */
        public B appName(String appName) {
            this.appName = appName;
            return self();
        }

        /**
         * Sets the app's ID ({@code null} unsets it).
         *
         * @param appId the value
         * @return this builder
         */
        public B appId(String appId) {
            this.appId = appId;
            return self();
        }

        /**
         * Sets the log entry's time stamp, as the scheduler wrote it ({@code null} unsets it).
         *
         * @param logTimeStamp the value
         * @return this builder
         */
        public B logTimeStamp(String logTimeStamp) {
            this.logTimeStamp = logTimeStamp;
            return self();
        }

        /**
         * Sets the log entry's level, e.g. {@code ERROR} ({@code null} unsets it).
         *
         * @param logLevel the value
         * @return this builder
         */
        public B logLevel(String logLevel) {
            this.logLevel = logLevel;
            return self();
        }

        /**
         * Sets the task execution's ID ({@code null} unsets it).
         *
         * @param executionId the value
         * @return this builder
         */
        public B executionId(String executionId) {
            this.executionId = executionId;
            return self();
        }

        /**
         * Sets the log message (may span lines and contain {@code ;}) ({@code null} unsets it).
         *
         * @param logMessage the value
         * @return this builder
         */
        public B logMessage(String logMessage) {
            this.logMessage = logMessage;
            return self();
        }

        /**
         * Sets the app's tag names (copied when built).
         *
         * @param appTags the list, not null, without null elements
         * @return this builder
         * @throws NullPointerException if {@code appTags} is null
         */
        public B appTags(List<String> appTags) {
            this.appTags = Checks.notNull(appTags, "appTags");
            return self();
        }

        /**
         * Sets the app's custom properties (copied when built).
         *
         * @param appCustomProperties the list, not null, without null elements
         * @return this builder
         * @throws NullPointerException if {@code appCustomProperties} is null
         */
        public B appCustomProperties(List<CustomProperty> appCustomProperties) {
            this.appCustomProperties = Checks.notNull(appCustomProperties, "appCustomProperties");
            return self();
        }

        /**
         * Sets the task's tag names (copied when built).
         *
         * @param taskTags the list, not null, without null elements
         * @return this builder
         * @throws NullPointerException if {@code taskTags} is null
         */
        public B taskTags(List<String> taskTags) {
            this.taskTags = Checks.notNull(taskTags, "taskTags");
            return self();
        }

        /**
         * Sets the task's custom properties (copied when built).
         *
         * @param taskCustomProperties the list, not null, without null elements
         * @return this builder
         * @throws NullPointerException if {@code taskCustomProperties} is null
         */
        public B taskCustomProperties(List<CustomProperty> taskCustomProperties) {
            this.taskCustomProperties = Checks.notNull(taskCustomProperties, "taskCustomProperties");
            return self();
        }

        /**
         * Sets the app's record as the Qlik Repository Service returns it: a JSON-like value ({@code Map} with String keys, {@code List}, String, Number,
         * Boolean or {@code null}, nested; a {@link io.butlermqtt.json.JsonObject} is taken as it is), deep-copied and checked when built.
         *
         * @param appMetadata the value; {@code null} is sent as JSON {@code null}
         * @return this builder
         */
        public B appMetadata(Object appMetadata) {
            this.appMetadata = appMetadata;
            return self();
        }

        /**
         * Sets the task's record as the Qlik Repository Service returns it: a JSON-like value ({@code Map} with String keys, {@code List}, String, Number,
         * Boolean or {@code null}, nested; a {@link io.butlermqtt.json.JsonObject} is taken as it is), deep-copied and checked when built.
         *
         * @param taskMetadata the value; {@code null} is sent as JSON {@code null}
         * @return this builder
         */
        public B taskMetadata(Object taskMetadata) {
            this.taskMetadata = taskMetadata;
            return self();
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if {@code hostName}, {@code taskName} or {@code taskId} is not set
         *     (the message names it)
         * @throws NullPointerException if a tag or custom property list holds a null element
         * @throws IllegalArgumentException if metadata holds a value of another type, a cycle, is
         *     nested deeper than {@value io.butlermqtt.json.Json#MAX_DEPTH} levels, or expands (shared
         *     references counted each time, as JSON writes them) to more than
         *     {@value io.butlermqtt.json.Json#MAX_ELEMENTS} values or {@value io.butlermqtt.json.Json#MAX_CHARS}
         *     characters (the message names the path inside the metadata)
         */
        public abstract E build();
    }
}
