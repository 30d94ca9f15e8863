package io.butlermqtt;

import io.butlermqtt.InvalidSettingsException.Problem;
import io.butlermqtt.internal.settings.MqttSettingsRules;
import io.butlermqtt.internal.settings.SettingsProblems;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@link ButlerMqttClient} needs to know: Butler's {@code Butler.mqttConfig} keys, plus the
 * extensions Butler lacks. Three parts:
 * <ul>
 *   <li>Butler's keys, each an accessor of the key's name: {@link #enabled()} (Butler's {@code enable}),
 *     {@link #brokerHost()}, {@link #brokerPort()}, {@link #azureEventGrid()}, {@link #taskFailureSendFull()},
 *     {@link #taskAbortedSendFull()}, {@link #serverLicenseAlertThresholdDays()}, {@link #qlikSenseCloudForward()};
 *   <li>Butler's topics, one value: {@link #topics()} ({@link ButlerTopics}); each topic is also an accessor of
 *     its key's name here ({@link #taskFailureTopic()}, ...);
 *   <li>the extensions, one small value each: {@link #delivery()} (QoS, retain, size limit),
 *     {@link #connection()} (MQTT version, client ID, session), {@link #credentials()}, {@link #tls()},
 *     {@link #reconnect()}, {@link #outbox()}, {@link #taskStart()} (shared subscription, listener timeout) and
 *     {@link #availability()} (online/offline topic).
 * </ul>
 *
 * <p>Immutable and thread-safe. Start from {@link #builder()}, which holds Butler's template defaults, or from
 * {@link #toBuilder()} of an existing instance; {@link Builder#build()} checks every value and throws one
 * {@link InvalidSettingsException} listing every problem, each named by Butler's key ({@code brokerPort},
 * {@code taskStartTopic}) or, for an extension, {@code <group>.<name>} ({@code outbox.capacity}).
 *
 * <p>Two defaults differ from Butler's template on purpose, because the template's values are placeholders:
 * {@code enabled} is {@code true} (a Java caller who builds settings wants a connection) and {@code brokerHost}
 * is {@code localhost}. The YAML loader takes both from the file. Differences from Butler on the wire are
 * listed in the README; the only one in the defaults is {@link Delivery#qos() QoS} 1 (Butler publishes at
 * QoS 0).
 *
 * <p>{@link #toString()} never shows a password, a key password or a key's content.
 */
public final class MqttSettings {

    /** Butler's fixed topic for the "connected to broker" status message. */
    public static final String BUTLER_STATUS_TOPIC = "qliksense/butler/mqtt/status";

    /** Default broker port: {@value}. */
    public static final int DEFAULT_BROKER_PORT = 1883;

    /** Default size of the outbox, in messages: {@value}. */
    public static final int DEFAULT_OUTBOX_CAPACITY = 10_000;

    /** Default largest accepted start-task payload, in bytes: {@value}. */
    public static final int DEFAULT_TASK_START_MAX_PAYLOAD_BYTES = 1024;

    /**
     * Default (and largest) {@link Delivery#maxMessageBytes()}: {@value}, the most an MQTT packet can carry
     * (its remaining length is at most 268,435,455 bytes).
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 268_435_455;

    /** Default server license alert threshold, in days (Butler's template): {@value}. */
    public static final int DEFAULT_LICENSE_ALERT_THRESHOLD_DAYS = 60;

    private final boolean enabled;
    private final String brokerHost;
    private final int brokerPort;
    private final AzureEventGrid azureEventGrid;
    private final boolean taskFailureSendFull;
    private final boolean taskAbortedSendFull;
    private final int serverLicenseAlertThresholdDays;
    private final QlikSenseCloudForward qlikSenseCloudForward;
    private final ButlerTopics topics;
    private final Delivery delivery;
    private final Connection connection;
    private final Optional<Credentials> credentials;
    private final Tls tls;
    private final Reconnect reconnect;
    private final Outbox outbox;
    private final TaskStart taskStart;
    private final Availability availability;

    private MqttSettings(Builder b) {
        enabled = b.enabled;
        brokerHost = b.brokerHost;
        brokerPort = b.brokerPort;
        azureEventGrid = b.azureEventGrid;
        taskFailureSendFull = b.taskFailureSendFull;
        taskAbortedSendFull = b.taskAbortedSendFull;
        serverLicenseAlertThresholdDays = b.serverLicenseAlertThresholdDays;
        qlikSenseCloudForward = b.qlikSenseCloudForward;
        topics = b.topics.build();
        delivery = b.delivery;
        connection = b.connection;
        credentials = b.credentials;
        tls = b.tls;
        reconnect = b.reconnect;
        outbox = b.outbox;
        taskStart = b.taskStart;
        availability = b.availability;
    }

    /**
     * Starts a builder holding Butler's template defaults (see the class comment for the two exceptions).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this instance's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ------------------------------------------------------------------------------------------
    // Butler's keys
    // ------------------------------------------------------------------------------------------

    /**
     * {@return Butler's {@code enable}: whether MQTT is used at all; default {@code true}} When off,
     * {@link ButlerMqttClient} connects nowhere and its publishes complete at once as
     * {@link PublishResult.Outcome#SKIPPED_DISABLED}.
     */
    public boolean enabled() {
        return enabled;
    }

    /** {@return Butler's {@code brokerHost}: the broker's host name or IP address; default {@code localhost}} */
    public String brokerHost() {
        return brokerHost;
    }

    /** {@return Butler's {@code brokerPort}: the broker's TCP port, 1..65535; default {@value #DEFAULT_BROKER_PORT}} */
    public int brokerPort() {
        return brokerPort;
    }

    /**
     * {@return Butler's {@code azureEventGrid} block, to connect to Azure Event Grid's MQTT broker with a client
     * certificate; default off}
     */
    public AzureEventGrid azureEventGrid() {
        return azureEventGrid;
    }

    /**
     * {@return Butler's {@code taskFailureSendFull}: whether a failed reload is also published as a full JSON
     * message on {@link ButlerTopics#taskFailureFullTopic()}; default {@code true}}
     */
    public boolean taskFailureSendFull() {
        return taskFailureSendFull;
    }

    /**
     * {@return Butler's {@code taskAbortedSendFull}: whether an aborted reload is also published as a full JSON
     * message on {@link ButlerTopics#taskAbortedFullTopic()}; default {@code true}}
     */
    public boolean taskAbortedSendFull() {
        return taskAbortedSendFull;
    }

    /**
     * {@return Butler's {@code Butler.qlikSenseLicense.serverLicenseMonitor.alert.thresholdDays}: the "about to
     * expire" alert is sent when the days left are at most this; 0 or more, default
     * {@value #DEFAULT_LICENSE_ALERT_THRESHOLD_DAYS}}
     */
    public int serverLicenseAlertThresholdDays() {
        return serverLicenseAlertThresholdDays;
    }

    /**
     * {@return Butler's {@code qlikSenseCloud.event.mqttForward} block: the broker to which Qlik Cloud events are
     * forwarded; default off} {@link QlikCloudEventClient} connects to it, with {@link QlikCloudSettings} built
     * from this block ({@link QlikCloudSettings.Builder#forward(QlikSenseCloudForward)}; the YAML module's
     * {@code ButlerConfig.qlikCloud()} does it, adding the tenant and the extensions). {@link ButlerMqttClient}
     * does not use it.
     */
    public QlikSenseCloudForward qlikSenseCloudForward() {
        return qlikSenseCloudForward;
    }

    // ------------------------------------------------------------------------------------------
    // Butler's topics, as one value and each under its key's name
    // ------------------------------------------------------------------------------------------

    /**
     * Butler's topics: where each kind of event is published and where task-start commands arrive. Each is also
     * offered below under its key's name.
     *
     * @return the topics; default Butler's template
     */
    public ButlerTopics topics() {
        return topics;
    }

    /** {@return the topic filter Butler subscribes to (Butler's {@code subscriptionRootTopic})} */
    public String subscriptionRootTopic() {
        return topics.subscriptionRootTopic();
    }

    /** {@return the topic whose messages start Sense tasks (Butler's {@code taskStartTopic})} */
    public String taskStartTopic() {
        return topics.taskStartTopic();
    }

    /** {@return the topic of the short reload-failed message (Butler's {@code taskFailureTopic})} */
    public String taskFailureTopic() {
        return topics.taskFailureTopic();
    }

    /** {@return the topic of the full reload-failed message (Butler's {@code taskFailureFullTopic})} */
    public String taskFailureFullTopic() {
        return topics.taskFailureFullTopic();
    }

    /** {@return the topic of the task event source's status (Butler's {@code taskFailureServerStatusTopic})} */
    public String taskFailureServerStatusTopic() {
        return topics.taskFailureServerStatusTopic();
    }

    /** {@return the topic of the short reload-aborted message (Butler's {@code taskAbortedTopic})} */
    public String taskAbortedTopic() {
        return topics.taskAbortedTopic();
    }

    /** {@return the topic of the full reload-aborted message (Butler's {@code taskAbortedFullTopic})} */
    public String taskAbortedFullTopic() {
        return topics.taskAbortedFullTopic();
    }

    /** {@return the topic prefix of "service running" messages, or empty (Butler's {@code serviceRunningTopic})} */
    public String serviceRunningTopic() {
        return topics.serviceRunningTopic();
    }

    /** {@return the topic prefix of "service stopped" messages, or empty (Butler's {@code serviceStoppedTopic})} */
    public String serviceStoppedTopic() {
        return topics.serviceStoppedTopic();
    }

    /** {@return the topic prefix of service status messages, or empty (Butler's {@code serviceStatusTopic})} */
    public String serviceStatusTopic() {
        return topics.serviceStatusTopic();
    }

    /** {@return the topic of the license status (Butler's {@code qlikSenseServerLicenseTopic})} */
    public String qlikSenseServerLicenseTopic() {
        return topics.qlikSenseServerLicenseTopic();
    }

    /** {@return the topic of the license expiry alert (Butler's {@code qlikSenseServerLicenseExpireTopic})} */
    public String qlikSenseServerLicenseExpireTopic() {
        return topics.qlikSenseServerLicenseExpireTopic();
    }

    /** {@return the topic of user session start messages (Butler 5's {@code sessionStartTopic})} */
    public String sessionStartTopic() {
        return topics.sessionStartTopic();
    }

    /** {@return the topic of user session stop messages (Butler 5's {@code sessionStopTopic})} */
    public String sessionStopTopic() {
        return topics.sessionStopTopic();
    }

    /** {@return the topic of connection open messages (Butler 5's {@code connectionOpenTopic})} */
    public String connectionOpenTopic() {
        return topics.connectionOpenTopic();
    }

    /** {@return the topic of connection close messages (Butler 5's {@code connectionCloseTopic})} */
    public String connectionCloseTopic() {
        return topics.connectionCloseTopic();
    }

    /** {@return the topic of the session event source's status (Butler 5's {@code sessionServerStatusTopic})} */
    public String sessionServerStatusTopic() {
        return topics.sessionServerStatusTopic();
    }

    /** {@return the topic of the number of active users (Butler 5's {@code activeUserCountTopic})} */
    public String activeUserCountTopic() {
        return topics.activeUserCountTopic();
    }

    /** {@return the topic of the active users' IDs (Butler 5's {@code activeUsersTopic})} */
    public String activeUsersTopic() {
        return topics.activeUsersTopic();
    }

    // ------------------------------------------------------------------------------------------
    // Extensions (Butler.butlerMqtt in the YAML file)
    // ------------------------------------------------------------------------------------------

    /** {@return QoS, retain flag and size limit of outgoing messages; default {@link Delivery#DEFAULT}} */
    public Delivery delivery() {
        return delivery;
    }

    /**
     * {@return MQTT version, client ID, keep-alive, connect timeout and session; default
     * {@link Connection#DEFAULT}}
     */
    public Connection connection() {
        return connection;
    }

    /** {@return user name and password for the broker, or empty for none (the default)} */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** {@return TLS: whether it is used, the CA to trust, the client certificate; default {@link Tls#DISABLED}} */
    public Tls tls() {
        return tls;
    }

    /** {@return how long the client waits between reconnect attempts; default {@link Reconnect#DEFAULT}} */
    public Reconnect reconnect() {
        return reconnect;
    }

    /** {@return the bounded queue that holds messages while the broker is away; default {@link Outbox#DEFAULT}} */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * {@return how start-task messages are received and handed to the {@link TaskStartListener}; default
     * {@link TaskStart#DEFAULT}}
     */
    public TaskStart taskStart() {
        return taskStart;
    }

    /** {@return the optional retained online/offline topic; default {@link Availability#DISABLED}} */
    public Availability availability() {
        return availability;
    }

    /**
     * Reads and checks every file {@link ButlerMqttClient#start(MqttSettings)} would read: the CA file and
     * the client certificate and key of {@code tls}, or of {@code azureEventGrid} when it is enabled;
     * nothing when MQTT is disabled or TLS is off. Every problem is reported at once, each naming the
     * setting, the file and the reason. {@code start} makes the same checks; the YAML loader calls this
     * method so that each problem comes with the key and line of the file.
     *
     * @throws InvalidSettingsException listing every file that is missing, unreadable, not PEM, an
     *     unsupported or undecryptable key, or a key that does not belong to its certificate
     */
    public void checkFiles() {
        List<Problem> problems = TlsConfigFactory.check(this);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MqttSettings)) {
            return false;
        }
        MqttSettings s = (MqttSettings) o;
        return enabled == s.enabled && brokerHost.equals(s.brokerHost) && brokerPort == s.brokerPort
                && azureEventGrid.equals(s.azureEventGrid) && taskFailureSendFull == s.taskFailureSendFull
                && taskAbortedSendFull == s.taskAbortedSendFull
                && serverLicenseAlertThresholdDays == s.serverLicenseAlertThresholdDays
                && qlikSenseCloudForward.equals(s.qlikSenseCloudForward) && topics.equals(s.topics)
                && delivery.equals(s.delivery) && connection.equals(s.connection) && credentials.equals(s.credentials)
                && tls.equals(s.tls) && reconnect.equals(s.reconnect) && outbox.equals(s.outbox)
                && taskStart.equals(s.taskStart) && availability.equals(s.availability);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, brokerHost, brokerPort, topics, delivery, connection, tls);
    }

    /** Shows every setting except secrets, which appear as {@code ****}. */
    @Override
    public String toString() {
        return "MqttSettings{enabled=" + enabled + ", broker=" + brokerHost + ':' + brokerPort
                + ", taskFailureSendFull=" + taskFailureSendFull + ", taskAbortedSendFull=" + taskAbortedSendFull
                + ", serverLicenseAlertThresholdDays=" + serverLicenseAlertThresholdDays
                + ", " + topics + ", " + azureEventGrid + ", " + qlikSenseCloudForward
                + ", " + delivery + ", " + connection
                + ", credentials=" + credentials.map(Credentials::toString).orElse("none")
                + ", " + tls + ", " + reconnect + ", " + outbox + ", " + taskStart + ", " + availability + '}';
    }

    // ------------------------------------------------------------------------------------------
    // Nested values: Butler's blocks and the extensions
    // ------------------------------------------------------------------------------------------

    /** The MQTT protocol version the client speaks. */
    public enum MqttVersion {
        /** MQTT 3.1.1, what Butler uses. The default. */
        MQTT_3_1_1,
        /** MQTT 5.0: reason codes, session expiry, clear shared-subscription semantics. */
        MQTT_5
    }

    /**
     * Butler's {@code azureEventGrid} block: connect to an Azure Event Grid MQTT broker with a client
     * certificate. When enabled, TLS is used on {@code brokerHost}:{@code brokerPort}, and {@code clientId} is
     * both the MQTT client ID and the user name. Validated when the settings are built: when enabled, every
     * component must be set.
     *
     * @param enabled whether Azure Event Grid mode is on; default {@code false}
     * @param clientId the client ID registered in Event Grid
     * @param clientCertFile PEM file of the client certificate
     * @param clientKeyFile PEM file of the client's private key
     */
    public record AzureEventGrid(
            boolean enabled, String clientId, Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {

        /** The defaults: off. */
        public static final AzureEventGrid DISABLED = new AzureEventGrid(false, "", Optional.empty(),
                Optional.empty());

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param enabled whether Azure Event Grid mode is on
         * @param clientId the client ID registered in Event Grid
         * @param clientCertFile PEM file of the client certificate
         * @param clientKeyFile PEM file of the client's private key
         * @throws NullPointerException naming the null component
         */
        public AzureEventGrid {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientCertFile, "clientCertFile");
            Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        }

        /**
         * Azure Event Grid mode, enabled.
         *
         * @param clientId the client ID (and user name)
         * @param certFile client certificate PEM file
         * @param keyFile client private key PEM file
         * @return the settings
         * @throws NullPointerException if an argument is null
         */
        public static AzureEventGrid of(String clientId, Path certFile, Path keyFile) {
            return new AzureEventGrid(true, clientId, Optional.of(certFile), Optional.of(keyFile));
        }
    }

    /**
     * Butler's {@code qlikSenseCloud.event.mqttForward} block: a second broker to which Qlik Sense Cloud events
     * are forwarded. Validated when the settings are built, if enabled; {@link QlikCloudEventClient} connects to
     * it (see {@link QlikCloudSettings.Builder#forward(QlikSenseCloudForward)}).
     *
     * @param enabled whether events are forwarded; default {@code false}
     * @param host the broker host
     * @param port the broker port; default 8765 (Butler's template)
     * @param credentials user name and password, if any
     * @param subscriptionRootTopic the topic filter subscribed to; default {@code qscloud/#}
     * @param appReloadTopic the topic of app-reload events; default {@code qscloud/app/reload}
     */
    public record QlikSenseCloudForward(boolean enabled, String host, int port, Optional<Credentials> credentials,
            String subscriptionRootTopic, String appReloadTopic) {

        /** The defaults: off. */
        public static final QlikSenseCloudForward DISABLED = new QlikSenseCloudForward(false, "localhost", 8765,
                Optional.empty(), "qscloud/#", "qscloud/app/reload");

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param enabled whether events are forwarded
         * @param host the broker host
         * @param port the broker port
         * @param credentials user name and password, if any
         * @param subscriptionRootTopic the topic filter subscribed to
         * @param appReloadTopic the topic of app-reload events
         * @throws NullPointerException naming the null component
         */
        public QlikSenseCloudForward {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(subscriptionRootTopic, "subscriptionRootTopic");
            Objects.requireNonNull(appReloadTopic, "appReloadTopic");
        }
    }

    /**
     * QoS, retain flag and size limit of every outgoing message. Validated when the settings are built.
     *
     * @param qos 0, 1 or 2; the default is 1 (Butler publishes at QoS 0)
     * @param retain whether outgoing messages are retained; the default is {@code false}, as Butler
     * @param maxMessageBytes the largest payload published, 1 to {@value MqttSettings#DEFAULT_MAX_MESSAGE_BYTES}
     *     bytes (the default: MQTT's own limit); a larger message fails at publish with
     *     {@code MessageTooLargeException} naming its size and the limit, instead of being sent to a
     *     broker that would refuse it. Set it to the broker's limit (mosquitto {@code message_size_limit},
     *     Azure Event Grid 512 KB)
     */
    public record Delivery(int qos, boolean retain, int maxMessageBytes) {

        /** The defaults: QoS 1, not retained, MQTT's own size limit. */
        public static final Delivery DEFAULT = new Delivery(1, false);

        /** Butler's own delivery: QoS 0, not retained. */
        public static final Delivery BUTLER = new Delivery(0, false);

        /**
         * QoS and retain flag, with the default size limit ({@value MqttSettings#DEFAULT_MAX_MESSAGE_BYTES}
         * bytes).
         *
         * @param qos 0, 1 or 2
         * @param retain whether outgoing messages are retained
         */
        public Delivery(int qos, boolean retain) {
            this(qos, retain, DEFAULT_MAX_MESSAGE_BYTES);
        }

        /**
         * Returns a copy with another QoS.
         *
         * @param qos 0, 1 or 2
         * @return the copy
         */
        public Delivery withQos(int qos) {
            return new Delivery(qos, retain, maxMessageBytes);
        }

        /**
         * Returns a copy with another retain flag.
         *
         * @param retain whether outgoing messages are retained
         * @return the copy
         */
        public Delivery withRetain(boolean retain) {
            return new Delivery(qos, retain, maxMessageBytes);
        }

        /**
         * Returns a copy with another size limit.
         *
         * @param bytes the largest payload, 1 to {@value MqttSettings#DEFAULT_MAX_MESSAGE_BYTES}
         * @return the copy
         */
        public Delivery withMaxMessageBytes(int bytes) {
            return new Delivery(qos, retain, bytes);
        }
    }

    /**
     * How the client connects. Validated when the settings are built.
     *
     * @param mqttVersion the protocol version; default {@link MqttVersion#MQTT_3_1_1}
     * @param clientId the client ID; empty means a unique, readable one per process
     *     ({@code butler-mqtt-<hostname>-<random>}). Give each instance its own ID: two clients
     *     with one ID take the session from each other forever
     * @param keepAlive keep-alive interval, 1 s to 65535 s; default 60 s
     * @param connectTimeout how long one connect attempt may take, 100 ms to 10 min; default 10 s
     * @param persistentSession whether the broker keeps the session (clean start off), so
     *     start-task commands sent while the application was down arrive when it returns; default
     *     {@code false}
     * @param sessionExpiry how long the broker keeps a persistent session (MQTT 5; MQTT 3.1.1
     *     brokers decide themselves); default 1 hour
     */
    public record Connection(
            MqttVersion mqttVersion,
            Optional<String> clientId,
            Duration keepAlive,
            Duration connectTimeout,
            boolean persistentSession,
            Duration sessionExpiry) {

        /** The defaults: MQTT 3.1.1, a generated client ID, 60 s keep-alive, 10 s connect timeout, clean session. */
        public static final Connection DEFAULT = new Connection(MqttVersion.MQTT_3_1_1, Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(10), false, Duration.ofHours(1));

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param mqttVersion the protocol version
         * @param clientId the client ID, or empty for a generated one
         * @param keepAlive the keep-alive interval
         * @param connectTimeout how long one connect attempt may take
         * @param persistentSession whether the broker keeps the session
         * @param sessionExpiry how long the broker keeps a persistent session
         * @throws NullPointerException naming the null component
         */
        public Connection {
            Objects.requireNonNull(mqttVersion, "mqttVersion");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        }

        /**
         * Returns a copy with another protocol version.
         *
         * @param v the version
         * @return the copy
         * @throws NullPointerException if {@code v} is null
         */
        public Connection withMqttVersion(MqttVersion v) {
            return new Connection(v, clientId, keepAlive, connectTimeout, persistentSession, sessionExpiry);
        }

        /**
         * Returns a copy with another client ID.
         *
         * @param id the client ID, or null for a generated one
         * @return the copy
         */
        public Connection withClientId(String id) {
            return new Connection(mqttVersion, Optional.ofNullable(id), keepAlive, connectTimeout,
                    persistentSession, sessionExpiry);
        }

        /**
         * Returns a copy with another keep-alive interval.
         *
         * @param d the interval, 1 s to 65535 s
         * @return the copy
         * @throws NullPointerException if {@code d} is null
         */
        public Connection withKeepAlive(Duration d) {
            return new Connection(mqttVersion, clientId, d, connectTimeout, persistentSession, sessionExpiry);
        }

        /**
         * Returns a copy with another connect timeout.
         *
         * @param d the timeout, 100 ms to 10 min
         * @return the copy
         * @throws NullPointerException if {@code d} is null
         */
        public Connection withConnectTimeout(Duration d) {
            return new Connection(mqttVersion, clientId, keepAlive, d, persistentSession, sessionExpiry);
        }

        /**
         * Returns a copy with a persistent or a clean session.
         *
         * @param persistent whether the broker keeps the session
         * @return the copy
         */
        public Connection withPersistentSession(boolean persistent) {
            return new Connection(mqttVersion, clientId, keepAlive, connectTimeout, persistent, sessionExpiry);
        }

        /**
         * Returns a copy with another session expiry.
         *
         * @param d how long the broker keeps the session, 1 s to 4294967295 s
         * @return the copy
         * @throws NullPointerException if {@code d} is null
         */
        public Connection withSessionExpiry(Duration d) {
            return new Connection(mqttVersion, clientId, keepAlive, connectTimeout, persistentSession, d);
        }
    }

    /**
     * User name and password. {@link #toString()} hides the password.
     *
     * @param username the user name, not empty
     * @param password the password, may be empty
     */
    public record Credentials(String username, String password) {

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param username the user name
         * @param password the password
         * @throws NullPointerException naming the null component
         */
        public Credentials {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Shows the user name, never the password. */
        @Override
        public String toString() {
            return "Credentials{username=" + username + ", password=****}";
        }
    }

    /**
     * TLS. When enabled, the broker's certificate is checked against {@code caFile} (or the JVM's
     * trust store when absent) and, by default, its host name. A client certificate and key (PEM:
     * PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC) authenticate the client. Files are read and
     * checked when the client starts ({@link MqttSettings#checkFiles()} checks them before).
     * {@link #toString()} hides the key password.
     *
     * @param enabled whether TLS is used; default {@code false}
     * @param caFile PEM file of the CA certificate(s) to trust; empty means the JVM's trust store
     * @param clientCertFile PEM file of the client certificate (chain); needs {@code clientKeyFile}
     * @param clientKeyFile PEM file of the client's private key; needs {@code clientCertFile}
     * @param clientKeyPassword password of an encrypted PKCS#8 key
     * @param hostnameVerification whether the broker certificate must name the host dialled;
     *     default {@code true}; switching it off logs a warning
     */
    public record Tls(
            boolean enabled,
            Optional<Path> caFile,
            Optional<Path> clientCertFile,
            Optional<Path> clientKeyFile,
            Optional<String> clientKeyPassword,
            boolean hostnameVerification) {

        /** The defaults: TLS off. */
        public static final Tls DISABLED = new Tls(false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);

        /** TLS on, the JVM's trust store, hostname verification on, no client certificate. */
        public static final Tls DEFAULT_ENABLED = DISABLED.withEnabled(true);

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param enabled whether TLS is used
         * @param caFile the CA PEM file, or empty for the JVM's trust store
         * @param clientCertFile the client certificate PEM file, if any
         * @param clientKeyFile the client key PEM file, if any
         * @param clientKeyPassword the password of an encrypted key, if any
         * @param hostnameVerification whether the broker certificate must name the host dialled
         * @throws NullPointerException naming the null component
         */
        public Tls {
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(clientCertFile, "clientCertFile");
            Objects.requireNonNull(clientKeyFile, "clientKeyFile");
            Objects.requireNonNull(clientKeyPassword, "clientKeyPassword");
        }

        /**
         * Returns a copy with TLS switched on or off.
         *
         * @param on whether TLS is used
         * @return the copy
         */
        public Tls withEnabled(boolean on) {
            return new Tls(on, caFile, clientCertFile, clientKeyFile, clientKeyPassword, hostnameVerification);
        }

        /**
         * Returns a copy that trusts another CA.
         *
         * @param file the CA PEM file, or null for the JVM's trust store
         * @return the copy
         */
        public Tls withCaFile(Path file) {
            return new Tls(enabled, Optional.ofNullable(file), clientCertFile, clientKeyFile, clientKeyPassword,
                    hostnameVerification);
        }

        /**
         * Returns a copy with another client certificate; give both files or neither.
         *
         * @param certFile client certificate PEM file, or null for none
         * @param keyFile client private key PEM file, or null for none
         * @return the copy
         */
        public Tls withClientCertificate(Path certFile, Path keyFile) {
            return new Tls(enabled, caFile, Optional.ofNullable(certFile), Optional.ofNullable(keyFile),
                    clientKeyPassword, hostnameVerification);
        }

        /**
         * Returns a copy with another password for an encrypted client key.
         *
         * @param password the key password, or null for none
         * @return the copy
         */
        public Tls withClientKeyPassword(String password) {
            return new Tls(enabled, caFile, clientCertFile, clientKeyFile, Optional.ofNullable(password),
                    hostnameVerification);
        }

        /**
         * Returns a copy with hostname verification switched on or off.
         *
         * @param verify whether the broker certificate must name the host dialled
         * @return the copy
         */
        public Tls withHostnameVerification(boolean verify) {
            return new Tls(enabled, caFile, clientCertFile, clientKeyFile, clientKeyPassword, verify);
        }

        /** Shows the settings, never the key password. */
        @Override
        public String toString() {
            return "Tls{enabled=" + enabled + ", caFile=" + caFile.map(Path::toString).orElse("JVM trust store")
                    + ", clientCertFile=" + clientCertFile.map(Path::toString).orElse("none")
                    + ", clientKeyFile=" + clientKeyFile.map(Path::toString).orElse("none")
                    + ", clientKeyPassword=" + (clientKeyPassword.isPresent() ? "****" : "none")
                    + ", hostnameVerification=" + hostnameVerification + '}';
        }
    }

    /**
     * Reconnect backoff: after a lost connection or a failed attempt the client waits a random
     * time up to a delay that starts at {@code initialDelay} and doubles per failed attempt up to
     * {@code maxDelay} (exponential backoff with full jitter). Validated when the settings are built.
     *
     * @param initialDelay first delay, 10 ms to 1 h and not longer than {@code maxDelay}; default 1 s
     * @param maxDelay largest delay, 10 ms to 1 h; default 60 s
     */
    public record Reconnect(Duration initialDelay, Duration maxDelay) {

        /** The defaults: 1 s doubling up to 60 s. */
        public static final Reconnect DEFAULT = new Reconnect(Duration.ofSeconds(1), Duration.ofSeconds(60));

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param initialDelay the first delay
         * @param maxDelay the largest delay
         * @throws NullPointerException naming the null component
         */
        public Reconnect {
            Objects.requireNonNull(initialDelay, "initialDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
        }
    }

    /**
     * The bounded outbox: messages published before the first connection or while the broker is
     * away wait here, in order. When it is full, a publish fails at once with
     * {@code OutboxFullException}; the caller never blocks. Validated when the settings are built.
     *
     * @param capacity most messages held, 1 to 10,000,000; default {@value #DEFAULT_OUTBOX_CAPACITY}
     * @param closeTimeout how long {@code close()} waits for the outbox to drain, 0 to 1 h; default 10 s
     */
    public record Outbox(int capacity, Duration closeTimeout) {

        /** Largest allowed capacity. */
        public static final int MAX_CAPACITY = 10_000_000;

        /** The defaults: {@value #DEFAULT_OUTBOX_CAPACITY} messages, 10 s to drain at close. */
        public static final Outbox DEFAULT = new Outbox(DEFAULT_OUTBOX_CAPACITY, Duration.ofSeconds(10));

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param capacity the most messages held
         * @param closeTimeout how long {@code close()} waits for the outbox to drain
         * @throws NullPointerException naming the null component
         */
        public Outbox {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
        }
    }

    /**
     * How start-task messages are received and handed to the {@code TaskStartListener}. Validated when the
     * settings are built.
     *
     * @param sharedSubscriptionGroup when present, the start-task topic is subscribed as
     *     {@code $share/<group>/<taskStartTopic>} so that several instances of one application
     *     start each task once; no {@code /}, {@code +}, {@code #} or control characters
     * @param listenerTimeout how long one listener call may take before the message is
     *     acknowledged anyway and the next one handled, 1 ms to 24 h; default 30 s
     * @param maxPayloadBytes larger payloads are dropped with a warning, 36 to 1,048,576; default
     *     {@value #DEFAULT_TASK_START_MAX_PAYLOAD_BYTES}
     */
    public record TaskStart(Optional<String> sharedSubscriptionGroup, Duration listenerTimeout,
            int maxPayloadBytes) {

        /** The defaults: no shared subscription, 30 s per listener call, 1024-byte payloads. */
        public static final TaskStart DEFAULT = new TaskStart(Optional.empty(), Duration.ofSeconds(30),
                DEFAULT_TASK_START_MAX_PAYLOAD_BYTES);

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param sharedSubscriptionGroup the shared-subscription group, if any
         * @param listenerTimeout how long one listener call may take
         * @param maxPayloadBytes the largest payload handled
         * @throws NullPointerException naming the null component
         */
        public TaskStart {
            Objects.requireNonNull(sharedSubscriptionGroup, "sharedSubscriptionGroup");
            Objects.requireNonNull(listenerTimeout, "listenerTimeout");
        }

        /**
         * Returns a copy with another shared-subscription group.
         *
         * @param group the group, or null for none
         * @return the copy
         */
        public TaskStart withSharedSubscriptionGroup(String group) {
            return new TaskStart(Optional.ofNullable(group), listenerTimeout, maxPayloadBytes);
        }

        /**
         * Returns a copy with another listener timeout.
         *
         * @param timeout how long one listener call may take
         * @return the copy
         * @throws NullPointerException if {@code timeout} is null
         */
        public TaskStart withListenerTimeout(Duration timeout) {
            return new TaskStart(sharedSubscriptionGroup, timeout, maxPayloadBytes);
        }
    }

    /**
     * An optional retained availability topic: {@code onlinePayload} is published (retained) on
     * every connect, and registered as the Last Will with {@code offlinePayload}, which is also
     * published on a clean {@code close()}. Off by default (Butler has none). Validated when the settings are
     * built: the topic must be a valid topic name other than the start-task topic.
     *
     * @param enabled whether it is used; default {@code false}
     * @param topic the topic; default {@code qliksense/butler/mqtt/availability}
     * @param onlinePayload the text published while connected; default {@code online}
     * @param offlinePayload the text published by the broker (Last Will) or at close; default {@code offline}
     */
    public record Availability(boolean enabled, String topic, String onlinePayload, String offlinePayload) {

        /** The defaults: off. */
        public static final Availability DISABLED = new Availability(false, "qliksense/butler/mqtt/availability",
                "online", "offline");

        /**
         * Checks that no component is null; the values are checked when the settings are built.
         *
         * @param enabled whether it is used
         * @param topic the topic
         * @param onlinePayload the text published while connected
         * @param offlinePayload the text published when the client is gone
         * @throws NullPointerException naming the null component
         */
        public Availability {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(onlinePayload, "onlinePayload");
            Objects.requireNonNull(offlinePayload, "offlinePayload");
        }

        /**
         * Returns a copy switched on or off.
         *
         * @param on whether it is used
         * @return the copy
         */
        public Availability withEnabled(boolean on) {
            return new Availability(on, topic, onlinePayload, offlinePayload);
        }

        /**
         * Returns a copy with another topic.
         *
         * @param t the topic
         * @return the copy
         * @throws NullPointerException if {@code t} is null
         */
        public Availability withTopic(String t) {
            return new Availability(enabled, t, onlinePayload, offlinePayload);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Builder
    // ------------------------------------------------------------------------------------------

    /**
     * Builds {@link MqttSettings}, starting from Butler's template defaults. Setters reject only {@code null}
     * (with a {@link NullPointerException} naming the setting); {@link #build()} checks every value and every
     * rule between values, and reports all problems at once. Not thread-safe.
     */
    public static final class Builder {

        private boolean enabled = true;
        private String brokerHost = "localhost";
        private int brokerPort = DEFAULT_BROKER_PORT;
        private AzureEventGrid azureEventGrid = AzureEventGrid.DISABLED;
        private boolean taskFailureSendFull = true;
        private boolean taskAbortedSendFull = true;
        private int serverLicenseAlertThresholdDays = DEFAULT_LICENSE_ALERT_THRESHOLD_DAYS;
        private QlikSenseCloudForward qlikSenseCloudForward = QlikSenseCloudForward.DISABLED;
        private ButlerTopics.Builder topics = ButlerTopics.builder();
        private Delivery delivery = Delivery.DEFAULT;
        private Connection connection = Connection.DEFAULT;
        private Optional<Credentials> credentials = Optional.empty();
        private Tls tls = Tls.DISABLED;
        private Reconnect reconnect = Reconnect.DEFAULT;
        private Outbox outbox = Outbox.DEFAULT;
        private TaskStart taskStart = TaskStart.DEFAULT;
        private Availability availability = Availability.DISABLED;

        private Builder() {
        }

        private Builder(MqttSettings s) {
            enabled = s.enabled;
            brokerHost = s.brokerHost;
            brokerPort = s.brokerPort;
            azureEventGrid = s.azureEventGrid;
            taskFailureSendFull = s.taskFailureSendFull;
            taskAbortedSendFull = s.taskAbortedSendFull;
            serverLicenseAlertThresholdDays = s.serverLicenseAlertThresholdDays;
            qlikSenseCloudForward = s.qlikSenseCloudForward;
            topics = s.topics.toBuilder();
            delivery = s.delivery;
            connection = s.connection;
            credentials = s.credentials;
            tls = s.tls;
            reconnect = s.reconnect;
            outbox = s.outbox;
            taskStart = s.taskStart;
            availability = s.availability;
        }

        private static <T> T nn(T value, String name) {
            return SettingsProblems.notNull(value, name);
        }

        /**
         * Sets Butler's {@code enable}: whether MQTT is used at all.
         *
         * @param on {@code false} to connect nowhere and skip every publish
         * @return this builder
         */
        public Builder enabled(boolean on) {
            enabled = on;
            return this;
        }

        /**
         * Sets Butler's {@code brokerHost}.
         *
         * @param host the broker's host name or IP address
         * @return this builder
         * @throws NullPointerException if {@code host} is null
         */
        public Builder brokerHost(String host) {
            brokerHost = nn(host, "brokerHost");
            return this;
        }

        /**
         * Sets Butler's {@code brokerPort}.
         *
         * @param port 1..65535
         * @return this builder
         */
        public Builder brokerPort(int port) {
            brokerPort = port;
            return this;
        }

        /**
         * Sets Butler's {@code azureEventGrid} block.
         *
         * @param azure the block, e.g. {@link AzureEventGrid#of(String, Path, Path)}
         * @return this builder
         * @throws NullPointerException if {@code azure} is null
         */
        public Builder azureEventGrid(AzureEventGrid azure) {
            azureEventGrid = nn(azure, "azureEventGrid");
            return this;
        }

        /**
         * Sets Butler's {@code taskFailureSendFull}.
         *
         * @param on whether a failed reload is also published as a full JSON message
         * @return this builder
         */
        public Builder taskFailureSendFull(boolean on) {
            taskFailureSendFull = on;
            return this;
        }

        /**
         * Sets Butler's {@code taskAbortedSendFull}.
         *
         * @param on whether an aborted reload is also published as a full JSON message
         * @return this builder
         */
        public Builder taskAbortedSendFull(boolean on) {
            taskAbortedSendFull = on;
            return this;
        }

        /**
         * Sets Butler's {@code serverLicenseMonitor.alert.thresholdDays}.
         *
         * @param days 0 or more: the "about to expire" alert is sent when the days left are at most this
         * @return this builder
         */
        public Builder serverLicenseAlertThresholdDays(int days) {
            serverLicenseAlertThresholdDays = days;
            return this;
        }

        /**
         * Sets Butler's {@code qlikSenseCloud.event.mqttForward} block.
         *
         * @param forward the block
         * @return this builder
         * @throws NullPointerException if {@code forward} is null
         */
        public Builder qlikSenseCloudForward(QlikSenseCloudForward forward) {
            qlikSenseCloudForward = nn(forward, "qlikSenseCloudForward");
            return this;
        }

        /**
         * Sets all of Butler's topics.
         *
         * @param t the topics, e.g. {@code ButlerTopics.builder().taskStartTopic("x/start").build()}
         * @return this builder
         * @throws NullPointerException if {@code t} is null
         */
        public Builder topics(ButlerTopics t) {
            topics = nn(t, "topics").toBuilder();
            return this;
        }

        /**
         * Changes some of Butler's topics and keeps the others, e.g.
         * {@code topics(t -> t.subscriptionRootTopic("plant1/#").taskStartTopic("plant1/start_task"))}.
         *
         * @param change what to set on the topics' builder
         * @return this builder
         * @throws NullPointerException if {@code change} is null, or a topic it sets is
         */
        public Builder topics(Consumer<ButlerTopics.Builder> change) {
            nn(change, "topics").accept(topics);
            return this;
        }

        /**
         * Sets QoS, retain flag and size limit of outgoing messages.
         *
         * @param d the delivery settings
         * @return this builder
         * @throws NullPointerException if {@code d} is null
         */
        public Builder delivery(Delivery d) {
            delivery = nn(d, "delivery");
            return this;
        }

        /**
         * Sets the QoS of outgoing messages; short for {@code delivery(delivery().withQos(qos))}.
         *
         * @param qos 0, 1 or 2
         * @return this builder
         */
        public Builder qos(int qos) {
            delivery = delivery.withQos(qos);
            return this;
        }

        /**
         * Sets the connection settings.
         *
         * @param c MQTT version, client ID, keep-alive, connect timeout and session
         * @return this builder
         * @throws NullPointerException if {@code c} is null
         */
        public Builder connection(Connection c) {
            connection = nn(c, "connection");
            return this;
        }

        /**
         * Sets the client ID; short for {@code connection(connection().withClientId(id))}.
         *
         * @param id the client ID, unique per instance
         * @return this builder
         * @throws NullPointerException if {@code id} is null
         */
        public Builder clientId(String id) {
            connection = connection.withClientId(nn(id, "clientId"));
            return this;
        }

        /**
         * Sets the MQTT version; short for {@code connection(connection().withMqttVersion(v))}.
         *
         * @param v the version
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder mqttVersion(MqttVersion v) {
            connection = connection.withMqttVersion(nn(v, "mqttVersion"));
            return this;
        }

        /**
         * Sets user name and password.
         *
         * @param username the user name, not empty
         * @param password the password, may be empty
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder credentials(String username, String password) {
            credentials = Optional.of(new Credentials(nn(username, "username"), nn(password, "password")));
            return this;
        }

        /**
         * Sets or clears the credentials.
         *
         * @param c the credentials, or empty for none
         * @return this builder
         * @throws NullPointerException if {@code c} is null
         */
        public Builder credentials(Optional<Credentials> c) {
            credentials = nn(c, "credentials");
            return this;
        }

        /**
         * Sets TLS.
         *
         * @param t the TLS settings, e.g. {@code Tls.DEFAULT_ENABLED.withCaFile(path)}
         * @return this builder
         * @throws NullPointerException if {@code t} is null
         */
        public Builder tls(Tls t) {
            tls = nn(t, "tls");
            return this;
        }

        /**
         * Sets the reconnect backoff.
         *
         * @param r the backoff
         * @return this builder
         * @throws NullPointerException if {@code r} is null
         */
        public Builder reconnect(Reconnect r) {
            reconnect = nn(r, "reconnect");
            return this;
        }

        /**
         * Sets the outbox's capacity and close timeout.
         *
         * @param o the outbox settings
         * @return this builder
         * @throws NullPointerException if {@code o} is null
         */
        public Builder outbox(Outbox o) {
            outbox = nn(o, "outbox");
            return this;
        }

        /**
         * Sets how start-task messages are received.
         *
         * @param t the task-start settings
         * @return this builder
         * @throws NullPointerException if {@code t} is null
         */
        public Builder taskStart(TaskStart t) {
            taskStart = nn(t, "taskStart");
            return this;
        }

        /**
         * Sets the availability topic.
         *
         * @param a the availability settings
         * @return this builder
         * @throws NullPointerException if {@code a} is null
         */
        public Builder availability(Availability a) {
            availability = nn(a, "availability");
            return this;
        }

        /**
         * Checks every setting and builds the immutable settings. Files are not read here: see
         * {@link MqttSettings#checkFiles()}.
         *
         * @return the settings
         * @throws InvalidSettingsException listing every invalid setting
         */
        public MqttSettings build() {
            MqttSettings settings = new MqttSettings(this);
            MqttSettingsRules.check(settings);
            return settings;
        }
    }
}
