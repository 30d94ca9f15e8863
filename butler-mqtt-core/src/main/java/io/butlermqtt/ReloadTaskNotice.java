package io.butlermqtt;

import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.internal.Guids;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A failed or aborted reload as Qlik Sense's scheduler log appender reports it: the fields of one
 * datagram ({@code MARKER;host;taskName;appName;user;taskId;appId;logTimeStamp;level;executionId;message}),
 * each cleaned as Butler cleans it (control characters U+0000..U+001F and U+007F removed, then cut to 500
 * UTF-16 characters). The output of {@link SenseDatagramParser#parseTaskDatagram(byte[], int, int)} and the
 * input of a {@link ReloadTaskEnricher}.
 *
 * <p>Every text field is present; a field the datagram left empty is {@code ""} (Butler sends it so).
 * {@code taskId} is a GUID; {@code appId} is a GUID or empty.
 *
 * <p>{@link #failedBuilder()} and {@link #abortedBuilder()} start the event builder with every datagram
 * field set, so that an enricher only adds the {@code qs_*} parts; {@link #toEvent()} builds the event
 * without them. Immutable and thread-safe; a final class rather than a record so that later versions can
 * add information without breaking code that uses it.
 */
public final class ReloadTaskNotice {

    /** Which scheduler event the datagram reports. */
    public enum Kind {
        /**
         * The reload failed: markers {@code /scheduler-reload-failed/}, {@code /scheduler-task-failed/},
         * {@code /scheduler-reloadtask-failed/}; becomes a {@link ReloadTaskFailed}.
         */
        FAILED,
        /**
         * The reload was aborted: markers {@code /scheduler-reload-aborted/}, {@code /scheduler-task-aborted/};
         * becomes a {@link ReloadTaskAborted}.
         */
        ABORTED
    }

    private final Kind kind;
    private final String hostName;
    private final String taskName;
    private final String appName;
    private final String user;
    private final String taskId;
    private final String appId;
    private final String logTimeStamp;
    private final String logLevel;
    private final String executionId;
    private final String logMessage;

    private ReloadTaskNotice(Builder b) {
        this.kind = required(b.kind, "kind");
        this.hostName = b.hostName;
        this.taskName = b.taskName;
        this.appName = b.appName;
        this.user = b.user;
        this.taskId = required(b.taskId, "taskId");
        this.appId = b.appId;
        this.logTimeStamp = b.logTimeStamp;
        this.logLevel = b.logLevel;
        this.executionId = b.executionId;
        this.logMessage = b.logMessage;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalStateException("ReloadTaskNotice." + field + " is required, but was not set");
        }
        return value;
    }

    /**
     * Starts a builder: every text field {@code ""}; {@code kind} and {@code taskId} must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this notice's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind;
        b.hostName = hostName;
        b.taskName = taskName;
        b.appName = appName;
        b.user = user;
        b.taskId = taskId;
        b.appId = appId;
        b.logTimeStamp = logTimeStamp;
        b.logLevel = logLevel;
        b.executionId = executionId;
        b.logMessage = logMessage;
        return b;
    }

    /** {@return whether the reload failed or was aborted} */
    public Kind kind() {
        return kind;
    }

    /** {@return the Sense server that ran the task (datagram field 1, {@code %hostname})} */
    public String hostName() {
        return hostName;
    }

    /** {@return the reload task's name (field 2); the whole payload of the short MQTT message} */
    public String taskName() {
        return taskName;
    }

    /** {@return the app's name (field 3)} */
    public String appName() {
        return appName;
    }

    /**
     * The user that ran the task (field 4), as sent, such as <code>DIRECTORY&#92;userid</code>; the event
     * builders turn each doubled backslash into one, as Butler does.
     *
     * @return the user
     */
    public String user() {
        return user;
    }

    /**
     * The task's ID (field 5) as a UUID, for the QRS look-up.
     *
     * @return the task ID
     */
    public UUID taskId() {
        return UUID.fromString(taskId);
    }

    /**
     * The task's ID exactly as the datagram wrote it (letter case kept); Butler publishes this text.
     *
     * @return the GUID text
     */
    public String taskIdText() {
        return taskId;
    }

    /** {@return the app's ID (field 6): a GUID, or empty} */
    public String appId() {
        return appId;
    }

    /** {@return the log entry's time stamp as the scheduler wrote it (field 7)} */
    public String logTimeStamp() {
        return logTimeStamp;
    }

    /** {@return the log entry's level, such as {@code ERROR} (field 8)} */
    public String logLevel() {
        return logLevel;
    }

    /** {@return the task execution's ID (field 9), the key of deduplication; may be empty} */
    public String executionId() {
        return executionId;
    }

    /**
     * The log message: everything after the tenth {@code ;} of the datagram, so it may contain {@code ;}
     * (Butler drops such a datagram).
     *
     * @return the message
     */
    public String logMessage() {
        return logMessage;
    }

    /**
     * Starts a {@link ReloadTaskFailed} builder with every field of this notice set; add the {@code qs_*}
     * parts and build.
     *
     * @return a new builder
     * @throws IllegalStateException if this notice is not {@link Kind#FAILED}
     */
    public ReloadTaskFailed.Builder failedBuilder() {
        if (kind != Kind.FAILED) {
            throw new IllegalStateException("failedBuilder() needs a FAILED notice, but this one is " + kind
                    + "; use abortedBuilder()");
        }
        return ReloadTaskFailed.builder().hostName(hostName).user(user).taskName(taskName).taskId(taskId)
                .appName(appName).appId(appId).logTimeStamp(logTimeStamp).logLevel(logLevel)
                .executionId(executionId).logMessage(logMessage);
    }

    /**
     * Starts a {@link ReloadTaskAborted} builder with every field of this notice set; add the {@code qs_*}
     * parts and build.
     *
     * @return a new builder
     * @throws IllegalStateException if this notice is not {@link Kind#ABORTED}
     */
    public ReloadTaskAborted.Builder abortedBuilder() {
        if (kind != Kind.ABORTED) {
            throw new IllegalStateException("abortedBuilder() needs an ABORTED notice, but this one is " + kind
                    + "; use failedBuilder()");
        }
        return ReloadTaskAborted.builder().hostName(hostName).user(user).taskName(taskName).taskId(taskId)
                .appName(appName).appId(appId).logTimeStamp(logTimeStamp).logLevel(logLevel)
                .executionId(executionId).logMessage(logMessage);
    }

    /**
     * Builds the event of this notice's kind without the QRS parts: {@code qs_*} tags and custom
     * properties {@code []}, metadata <code>{}</code> (what {@link ReloadTaskEnricher#withoutQrs()} publishes).
     *
     * @return a {@link ReloadTaskFailed} or a {@link ReloadTaskAborted}
     */
    public SenseEvent toEvent() {
        return kind == Kind.FAILED ? failedBuilder().build() : abortedBuilder().build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReloadTaskNotice)) {
            return false;
        }
        ReloadTaskNotice n = (ReloadTaskNotice) o;
        return kind == n.kind && hostName.equals(n.hostName) && taskName.equals(n.taskName)
                && appName.equals(n.appName) && user.equals(n.user) && taskId.equals(n.taskId)
                && appId.equals(n.appId) && logTimeStamp.equals(n.logTimeStamp) && logLevel.equals(n.logLevel)
                && executionId.equals(n.executionId) && logMessage.equals(n.logMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, hostName, taskName, appName, user, taskId, appId, logTimeStamp, logLevel,
                executionId, logMessage);
    }

    /** Shows the identifying fields; the log message only by its length. */
    @Override
    public String toString() {
        return "ReloadTaskNotice{kind=" + kind + ", hostName=" + hostName + ", taskName=" + taskName
                + ", taskId=" + taskId + ", appId=" + appId + ", executionId=" + executionId + ", logMessage=("
                + logMessage.length() + " chars)}";
    }

    /** Builds a {@link ReloadTaskNotice}, for example in a test of an enricher. Not thread-safe. */
    public static final class Builder {
        private Kind kind;
        private String hostName = "";
        private String taskName = "";
        private String appName = "";
        private String user = "";
        private String taskId;
        private String appId = "";
        private String logTimeStamp = "";
        private String logLevel = "";
        private String executionId = "";
        private String logMessage = "";

        private Builder() {
        }

        private static String nn(String v, String field) {
            return Objects.requireNonNull(v, () -> "ReloadTaskNotice." + field + " must not be null");
        }

        /**
         * Sets whether the reload failed or was aborted.
         *
         * @param v failed or aborted
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder kind(Kind v) {
            kind = Objects.requireNonNull(v, "ReloadTaskNotice.kind must not be null");
            return this;
        }

        /**
         * Sets the Sense server that ran the task (field 1).
         *
         * @param v the Sense server
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder hostName(String v) {
            hostName = nn(v, "hostName");
            return this;
        }

        /**
         * Sets the reload task's name (field 2).
         *
         * @param v the task's name
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder taskName(String v) {
            taskName = nn(v, "taskName");
            return this;
        }

        /**
         * Sets the app's name (field 3).
         *
         * @param v the app's name
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder appName(String v) {
            appName = nn(v, "appName");
            return this;
        }

        /**
         * Sets the user that ran the task (field 4).
         *
         * @param v the user, as sent
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder user(String v) {
            user = nn(v, "user");
            return this;
        }

        /**
         * Sets the task's ID (field 5) from the datagram's text.
         *
         * @param v the task's ID: a GUID ({@code 8-4-4-4-12} hexadecimal digits, either case)
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         * @throws IllegalArgumentException if {@code v} is not a GUID
         */
        public Builder taskId(String v) {
            nn(v, "taskId");
            if (!Guids.isGuid(v)) {
                throw new IllegalArgumentException("ReloadTaskNotice.taskId must be a GUID (8-4-4-4-12 hexadecimal"
                        + " digits), but was " + Guids.excerpt(v));
            }
            taskId = v;
            return this;
        }

        /**
         * Sets the task's ID (field 5).
         *
         * @param v the task's ID
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder taskId(UUID v) {
            taskId = Objects.requireNonNull(v, "ReloadTaskNotice.taskId must not be null").toString()
                    .toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the app's ID (field 6).
         *
         * @param v the app's ID: a GUID, or empty
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         * @throws IllegalArgumentException if {@code v} is neither empty nor a GUID
         */
        public Builder appId(String v) {
            nn(v, "appId");
            if (!v.isEmpty() && !Guids.isGuid(v)) {
                throw new IllegalArgumentException("ReloadTaskNotice.appId must be a GUID or empty, but was "
                        + Guids.excerpt(v));
            }
            appId = v;
            return this;
        }

        /**
         * Sets the log entry's time stamp (field 7).
         *
         * @param v the log entry's time stamp
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder logTimeStamp(String v) {
            logTimeStamp = nn(v, "logTimeStamp");
            return this;
        }

        /**
         * Sets the log entry's level (field 8).
         *
         * @param v the log entry's level
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder logLevel(String v) {
            logLevel = nn(v, "logLevel");
            return this;
        }

        /**
         * Sets the task execution's ID (field 9).
         *
         * @param v the execution's ID (may be empty)
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder executionId(String v) {
            executionId = nn(v, "executionId");
            return this;
        }

        /**
         * Sets the log message (field 10 and everything after it).
         *
         * @param v the log message
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder logMessage(String v) {
            logMessage = nn(v, "logMessage");
            return this;
        }

        /**
         * Builds the notice.
         *
         * @return the immutable notice
         * @throws IllegalStateException if {@code kind} or {@code taskId} is not set
         */
        public ReloadTaskNotice build() {
            return new ReloadTaskNotice(this);
        }
    }
}
