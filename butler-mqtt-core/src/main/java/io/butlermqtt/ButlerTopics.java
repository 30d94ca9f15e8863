package io.butlermqtt;

import io.butlermqtt.internal.settings.SettingsProblems;
import java.util.List;

/**
 * Butler's topics: the {@code *Topic} keys of {@code Butler.mqttConfig}, where butler-mqtt publishes each kind
 * of Qlik Sense event and where it listens for task-start commands. {@link MqttSettings#topics()} holds them;
 * {@link MqttSettings} also offers each one under its own name ({@link MqttSettings#taskFailureTopic()}, ...).
 *
 * <p>Immutable and thread-safe. {@link #builder()} starts from the values of Butler's template, which are the
 * defaults listed with each accessor. The topics are checked when the {@link MqttSettings} holding them are
 * built: a published topic must be a valid MQTT topic name (no {@code +} or {@code #}, no control character, at
 * most 65,535 UTF-8 bytes) and not empty, except the three service topics, where empty means "not sent";
 * {@link #subscriptionRootTopic()} must be a valid topic filter that matches {@link #taskStartTopic()}. A problem
 * names the topic by Butler's key ({@code taskFailureTopic}).
 *
 * <p>The payloads published on each topic are Butler's, byte for byte (see the README's wire format page).
 */
public final class ButlerTopics {

    private final String subscriptionRootTopic;
    private final String taskStartTopic;
    private final String taskFailureTopic;
    private final String taskFailureFullTopic;
    private final String taskFailureServerStatusTopic;
    private final String taskAbortedTopic;
    private final String taskAbortedFullTopic;
    private final String serviceRunningTopic;
    private final String serviceStoppedTopic;
    private final String serviceStatusTopic;
    private final String qlikSenseServerLicenseTopic;
    private final String qlikSenseServerLicenseExpireTopic;
    private final String sessionStartTopic;
    private final String sessionStopTopic;
    private final String connectionOpenTopic;
    private final String connectionCloseTopic;
    private final String sessionServerStatusTopic;
    private final String activeUserCountTopic;
    private final String activeUsersTopic;

    private ButlerTopics(Builder b) {
        subscriptionRootTopic = b.subscriptionRootTopic;
        taskStartTopic = b.taskStartTopic;
        taskFailureTopic = b.taskFailureTopic;
        taskFailureFullTopic = b.taskFailureFullTopic;
        taskFailureServerStatusTopic = b.taskFailureServerStatusTopic;
        taskAbortedTopic = b.taskAbortedTopic;
        taskAbortedFullTopic = b.taskAbortedFullTopic;
        serviceRunningTopic = b.serviceRunningTopic;
        serviceStoppedTopic = b.serviceStoppedTopic;
        serviceStatusTopic = b.serviceStatusTopic;
        qlikSenseServerLicenseTopic = b.qlikSenseServerLicenseTopic;
        qlikSenseServerLicenseExpireTopic = b.qlikSenseServerLicenseExpireTopic;
        sessionStartTopic = b.sessionStartTopic;
        sessionStopTopic = b.sessionStopTopic;
        connectionOpenTopic = b.connectionOpenTopic;
        connectionCloseTopic = b.connectionCloseTopic;
        sessionServerStatusTopic = b.sessionServerStatusTopic;
        activeUserCountTopic = b.activeUserCountTopic;
        activeUsersTopic = b.activeUsersTopic;
    }

    /**
     * Starts a builder holding the topics of Butler's template.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding these topics, to change some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Butler's {@code subscriptionRootTopic}: the topic filter Butler subscribes to. butler-mqtt checks that it
     * matches {@link #taskStartTopic()} but subscribes to the start-task topic alone (a documented difference).
     *
     * @return an MQTT topic filter; default {@code qliksense/#}
     */
    public String subscriptionRootTopic() {
        return subscriptionRootTopic;
    }

    /**
     * Butler's {@code taskStartTopic}: a message here carries the ID of a Sense task to start, which is handed
     * to the {@code TaskStartListener}.
     *
     * @return an MQTT topic name under {@link #subscriptionRootTopic()}; default {@code qliksense/start_task}
     */
    public String taskStartTopic() {
        return taskStartTopic;
    }

    /**
     * Butler's {@code taskFailureTopic}: the short message of a failed reload, the task's name as text.
     *
     * @return an MQTT topic name; default {@code qliksense/task_failure}
     */
    public String taskFailureTopic() {
        return taskFailureTopic;
    }

    /**
     * Butler's {@code taskFailureFullTopic}: the full JSON message of a failed reload (task, app, tags, custom
     * properties, metadata), sent when {@link MqttSettings#taskFailureSendFull()} is on.
     *
     * @return an MQTT topic name; default {@code qliksense/task_failure_full}
     */
    public String taskFailureFullTopic() {
        return taskFailureFullTopic;
    }

    /**
     * Butler's {@code taskFailureServerStatusTopic}: {@code start} or {@code error} when the source of task
     * events (Butler's UDP server, butler-mqtt's {@code SenseEventServer}) starts or fails.
     *
     * @return an MQTT topic name; default {@code qliksense/butler/task_failure_server}
     */
    public String taskFailureServerStatusTopic() {
        return taskFailureServerStatusTopic;
    }

    /**
     * Butler's {@code taskAbortedTopic}: the short message of an aborted reload, the task's name as text.
     *
     * @return an MQTT topic name; default {@code qliksense/task_aborted}
     */
    public String taskAbortedTopic() {
        return taskAbortedTopic;
    }

    /**
     * Butler's {@code taskAbortedFullTopic}: the full JSON message of an aborted reload, sent when
     * {@link MqttSettings#taskAbortedSendFull()} is on.
     *
     * @return an MQTT topic name; default {@code qliksense/task_aborted_full}
     */
    public String taskAbortedFullTopic() {
        return taskAbortedFullTopic;
    }

    /**
     * Butler's {@code serviceRunningTopic}: the prefix of {@code <prefix>/<host>/<service>}, where a Windows
     * service of Sense that has started running is reported.
     *
     * @return an MQTT topic name, or empty for "not sent"; default {@code qliksense/service_running}
     */
    public String serviceRunningTopic() {
        return serviceRunningTopic;
    }

    /**
     * Butler's {@code serviceStoppedTopic}: the prefix of {@code <prefix>/<host>/<service>}, where a Windows
     * service of Sense that has stopped is reported.
     *
     * @return an MQTT topic name, or empty for "not sent"; default {@code qliksense/service_stopped}
     */
    public String serviceStoppedTopic() {
        return serviceStoppedTopic;
    }

    /**
     * Butler's {@code serviceStatusTopic}: the prefix of {@code <prefix>/<host>/<service>}, where the state of a
     * Windows service of Sense is reported at every check, changed or not.
     *
     * @return an MQTT topic name, or empty for "not sent"; default {@code qliksense/service_status}
     */
    public String serviceStatusTopic() {
        return serviceStatusTopic;
    }

    /**
     * Butler's {@code qlikSenseServerLicenseTopic}: the server license's state as JSON (expired, expiry date,
     * days left).
     *
     * @return an MQTT topic name; default {@code qliksense/qliksense_server_license}
     */
    public String qlikSenseServerLicenseTopic() {
        return qlikSenseServerLicenseTopic;
    }

    /**
     * Butler's {@code qlikSenseServerLicenseExpireTopic}: the text alert that the server license has expired or
     * expires within {@link MqttSettings#serverLicenseAlertThresholdDays()}.
     *
     * @return an MQTT topic name; default {@code qliksense/qliksense_server_license_expire}
     */
    public String qlikSenseServerLicenseExpireTopic() {
        return qlikSenseServerLicenseExpireTopic;
    }

    /**
     * Butler 5's {@code sessionStartTopic}: a user session started, as {@code <host>: <directory>/<user>}.
     *
     * @return an MQTT topic name; default {@code qliksense/session/start}
     */
    public String sessionStartTopic() {
        return sessionStartTopic;
    }

    /**
     * Butler 5's {@code sessionStopTopic}: a user session ended, as {@code <host>: <directory>/<user>}.
     *
     * @return an MQTT topic name; default {@code qliksense/session/stop}
     */
    public String sessionStopTopic() {
        return sessionStopTopic;
    }

    /**
     * Butler 5's {@code connectionOpenTopic}: a user opened a connection, as {@code <host>: <directory>/<user>}.
     *
     * @return an MQTT topic name; default {@code qliksense/connection/open}
     */
    public String connectionOpenTopic() {
        return connectionOpenTopic;
    }

    /**
     * Butler 5's {@code connectionCloseTopic}: a user closed a connection, as {@code <host>: <directory>/<user>}.
     *
     * @return an MQTT topic name; default {@code qliksense/connection/close}
     */
    public String connectionCloseTopic() {
        return connectionCloseTopic;
    }

    /**
     * Butler 5's {@code sessionServerStatusTopic}: {@code start} or {@code error} when the source of user
     * session events starts or fails.
     *
     * @return an MQTT topic name; default {@code qliksense/butler/session_server}
     */
    public String sessionServerStatusTopic() {
        return sessionServerStatusTopic;
    }

    /**
     * Butler 5's {@code activeUserCountTopic}: the number of active users, published by
     * {@link ActiveUserTracker} after each session change.
     *
     * @return an MQTT topic name; default {@code qliksense/users/active/count}
     */
    public String activeUserCountTopic() {
        return activeUserCountTopic;
    }

    /**
     * Butler 5's {@code activeUsersTopic}: the active users' IDs as a JSON array, published by
     * {@link ActiveUserTracker} after each session change.
     *
     * @return an MQTT topic name; default {@code qliksense/users/active/usernames}
     */
    public String activeUsersTopic() {
        return activeUsersTopic;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButlerTopics && values().equals(((ButlerTopics) o).values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    private List<String> values() {
        return List.of(subscriptionRootTopic, taskStartTopic, taskFailureTopic, taskFailureFullTopic,
                taskFailureServerStatusTopic, taskAbortedTopic, taskAbortedFullTopic, serviceRunningTopic,
                serviceStoppedTopic, serviceStatusTopic, qlikSenseServerLicenseTopic,
                qlikSenseServerLicenseExpireTopic, sessionStartTopic, sessionStopTopic, connectionOpenTopic,
                connectionCloseTopic, sessionServerStatusTopic, activeUserCountTopic, activeUsersTopic);
    }

    /** Shows every topic with Butler's key. */
    @Override
    public String toString() {
        return "ButlerTopics{subscriptionRootTopic=" + subscriptionRootTopic
                + ", taskStartTopic=" + taskStartTopic
                + ", taskFailureTopic=" + taskFailureTopic
                + ", taskFailureFullTopic=" + taskFailureFullTopic
                + ", taskFailureServerStatusTopic=" + taskFailureServerStatusTopic
                + ", taskAbortedTopic=" + taskAbortedTopic
                + ", taskAbortedFullTopic=" + taskAbortedFullTopic
                + ", serviceRunningTopic=" + serviceRunningTopic
                + ", serviceStoppedTopic=" + serviceStoppedTopic
                + ", serviceStatusTopic=" + serviceStatusTopic
                + ", qlikSenseServerLicenseTopic=" + qlikSenseServerLicenseTopic
                + ", qlikSenseServerLicenseExpireTopic=" + qlikSenseServerLicenseExpireTopic
                + ", sessionStartTopic=" + sessionStartTopic
                + ", sessionStopTopic=" + sessionStopTopic
                + ", connectionOpenTopic=" + connectionOpenTopic
                + ", connectionCloseTopic=" + connectionCloseTopic
                + ", sessionServerStatusTopic=" + sessionServerStatusTopic
                + ", activeUserCountTopic=" + activeUserCountTopic
                + ", activeUsersTopic=" + activeUsersTopic + '}';
    }

    /**
     * Builds {@link ButlerTopics}, starting from Butler's template. Each setter rejects {@code null} with a
     * {@link NullPointerException} naming the key; every other check waits for {@link MqttSettings.Builder#build()},
     * which reports all problems at once. Not thread-safe.
     */
    public static final class Builder {

        private String subscriptionRootTopic = "qliksense/#";
        private String taskStartTopic = "qliksense/start_task";
        private String taskFailureTopic = "qliksense/task_failure";
        private String taskFailureFullTopic = "qliksense/task_failure_full";
        private String taskFailureServerStatusTopic = "qliksense/butler/task_failure_server";
        private String taskAbortedTopic = "qliksense/task_aborted";
        private String taskAbortedFullTopic = "qliksense/task_aborted_full";
        private String serviceRunningTopic = "qliksense/service_running";
        private String serviceStoppedTopic = "qliksense/service_stopped";
        private String serviceStatusTopic = "qliksense/service_status";
        private String qlikSenseServerLicenseTopic = "qliksense/qliksense_server_license";
        private String qlikSenseServerLicenseExpireTopic = "qliksense/qliksense_server_license_expire";
        private String sessionStartTopic = "qliksense/session/start";
        private String sessionStopTopic = "qliksense/session/stop";
        private String connectionOpenTopic = "qliksense/connection/open";
        private String connectionCloseTopic = "qliksense/connection/close";
        private String sessionServerStatusTopic = "qliksense/butler/session_server";
        private String activeUserCountTopic = "qliksense/users/active/count";
        private String activeUsersTopic = "qliksense/users/active/usernames";

        private Builder() {
        }

        private Builder(ButlerTopics t) {
            subscriptionRootTopic = t.subscriptionRootTopic;
            taskStartTopic = t.taskStartTopic;
            taskFailureTopic = t.taskFailureTopic;
            taskFailureFullTopic = t.taskFailureFullTopic;
            taskFailureServerStatusTopic = t.taskFailureServerStatusTopic;
            taskAbortedTopic = t.taskAbortedTopic;
            taskAbortedFullTopic = t.taskAbortedFullTopic;
            serviceRunningTopic = t.serviceRunningTopic;
            serviceStoppedTopic = t.serviceStoppedTopic;
            serviceStatusTopic = t.serviceStatusTopic;
            qlikSenseServerLicenseTopic = t.qlikSenseServerLicenseTopic;
            qlikSenseServerLicenseExpireTopic = t.qlikSenseServerLicenseExpireTopic;
            sessionStartTopic = t.sessionStartTopic;
            sessionStopTopic = t.sessionStopTopic;
            connectionOpenTopic = t.connectionOpenTopic;
            connectionCloseTopic = t.connectionCloseTopic;
            sessionServerStatusTopic = t.sessionServerStatusTopic;
            activeUserCountTopic = t.activeUserCountTopic;
            activeUsersTopic = t.activeUsersTopic;
        }

        private static String nn(String topic, String key) {
            return SettingsProblems.notNull(topic, key);
        }

        /**
         * Sets {@link ButlerTopics#subscriptionRootTopic()}.
         *
         * @param filter an MQTT topic filter that matches the start-task topic
         * @return this builder
         * @throws NullPointerException if {@code filter} is null
         */
        public Builder subscriptionRootTopic(String filter) {
            subscriptionRootTopic = nn(filter, "subscriptionRootTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskStartTopic()}.
         *
         * @param topic an MQTT topic name matched by the subscription root topic
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskStartTopic(String topic) {
            taskStartTopic = nn(topic, "taskStartTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskFailureTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskFailureTopic(String topic) {
            taskFailureTopic = nn(topic, "taskFailureTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskFailureFullTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskFailureFullTopic(String topic) {
            taskFailureFullTopic = nn(topic, "taskFailureFullTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskFailureServerStatusTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskFailureServerStatusTopic(String topic) {
            taskFailureServerStatusTopic = nn(topic, "taskFailureServerStatusTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskAbortedTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskAbortedTopic(String topic) {
            taskAbortedTopic = nn(topic, "taskAbortedTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#taskAbortedFullTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder taskAbortedFullTopic(String topic) {
            taskAbortedFullTopic = nn(topic, "taskAbortedFullTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#serviceRunningTopic()}.
         *
         * @param topic an MQTT topic name, or empty to send no "service running" messages
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder serviceRunningTopic(String topic) {
            serviceRunningTopic = nn(topic, "serviceRunningTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#serviceStoppedTopic()}.
         *
         * @param topic an MQTT topic name, or empty to send no "service stopped" messages
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder serviceStoppedTopic(String topic) {
            serviceStoppedTopic = nn(topic, "serviceStoppedTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#serviceStatusTopic()}.
         *
         * @param topic an MQTT topic name, or empty to send no service status messages
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder serviceStatusTopic(String topic) {
            serviceStatusTopic = nn(topic, "serviceStatusTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#qlikSenseServerLicenseTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder qlikSenseServerLicenseTopic(String topic) {
            qlikSenseServerLicenseTopic = nn(topic, "qlikSenseServerLicenseTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#qlikSenseServerLicenseExpireTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder qlikSenseServerLicenseExpireTopic(String topic) {
            qlikSenseServerLicenseExpireTopic = nn(topic, "qlikSenseServerLicenseExpireTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#sessionStartTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder sessionStartTopic(String topic) {
            sessionStartTopic = nn(topic, "sessionStartTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#sessionStopTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder sessionStopTopic(String topic) {
            sessionStopTopic = nn(topic, "sessionStopTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#connectionOpenTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder connectionOpenTopic(String topic) {
            connectionOpenTopic = nn(topic, "connectionOpenTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#connectionCloseTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder connectionCloseTopic(String topic) {
            connectionCloseTopic = nn(topic, "connectionCloseTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#sessionServerStatusTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder sessionServerStatusTopic(String topic) {
            sessionServerStatusTopic = nn(topic, "sessionServerStatusTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#activeUserCountTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder activeUserCountTopic(String topic) {
            activeUserCountTopic = nn(topic, "activeUserCountTopic");
            return this;
        }

        /**
         * Sets {@link ButlerTopics#activeUsersTopic()}.
         *
         * @param topic an MQTT topic name
         * @return this builder
         * @throws NullPointerException if {@code topic} is null
         */
        public Builder activeUsersTopic(String topic) {
            activeUsersTopic = nn(topic, "activeUsersTopic");
            return this;
        }

        /**
         * Builds the immutable topics; they are checked when the {@link MqttSettings} holding them are built.
         *
         * @return the topics
         */
        public ButlerTopics build() {
            return new ButlerTopics(this);
        }
    }
}
