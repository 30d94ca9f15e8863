package io.butlermqtt;

import io.butlermqtt.InvalidSettingsException.Problem;
import io.butlermqtt.internal.Topics;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything butler-mqtt needs to know: Butler's {@code Butler.mqttConfig} keys, plus the
 * extensions Butler lacks (QoS, TLS, credentials, client ID, MQTT version, reconnect, outbox,
 * persistent session, shared subscription, availability topic).
 *
 * <p>Immutable and thread-safe. Start from {@link #builder()}, which holds Butler's template
 * defaults, or from {@link #toBuilder()} of an existing instance; {@link Builder#build()} checks
 * every value and throws one {@link InvalidSettingsException} listing every problem.
 *
 * <p>Accessors are named after Butler's YAML keys ({@code brokerHost()}, {@code
 * taskFailureTopic()}); Butler's {@code enable} is {@link #enabled()}. Two defaults differ from
 * Butler's template on purpose, because the template's values are placeholders: {@code enabled}
 * is {@code true} (a Java caller who builds settings wants a connection) and {@code brokerHost}
 * is {@code localhost}. The YAML loader takes both from the file.
 *
 * <p>Differences from Butler on the wire are listed in the README; the only one in the defaults
 * is {@link Delivery#qos() QoS} 1 (Butler publishes at QoS 0).
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
    private final int serverLicenseAlertThresholdDays;
    private final String sessionStartTopic;
    private final String sessionStopTopic;
    private final String connectionOpenTopic;
    private final String connectionCloseTopic;
    private final String sessionServerStatusTopic;
    private final String activeUserCountTopic;
    private final String activeUsersTopic;
    private final QlikSenseCloudForward qlikSenseCloudForward;
    private final Delivery delivery;
    private final Connection connection;
    private final Optional<Credentials> credentials;
    private final Tls tls;
    private final Reconnect reconnect;
    private final Outbox outbox;
    private final TaskStart taskStart;
    private final Availability availability;

    private MqttSettings(Builder b) {
        this.enabled = b.enabled;
        this.brokerHost = b.brokerHost;
        this.brokerPort = b.brokerPort;
        this.azureEventGrid = b.azureEventGrid;
        this.taskFailureSendFull = b.taskFailureSendFull;
        this.taskAbortedSendFull = b.taskAbortedSendFull;
        this.subscriptionRootTopic = b.subscriptionRootTopic;
        this.taskStartTopic = b.taskStartTopic;
        this.taskFailureTopic = b.taskFailureTopic;
        this.taskFailureFullTopic = b.taskFailureFullTopic;
        this.taskFailureServerStatusTopic = b.taskFailureServerStatusTopic;
        this.taskAbortedTopic = b.taskAbortedTopic;
        this.taskAbortedFullTopic = b.taskAbortedFullTopic;
        this.serviceRunningTopic = b.serviceRunningTopic;
        this.serviceStoppedTopic = b.serviceStoppedTopic;
        this.serviceStatusTopic = b.serviceStatusTopic;
        this.qlikSenseServerLicenseTopic = b.qlikSenseServerLicenseTopic;
        this.qlikSenseServerLicenseExpireTopic = b.qlikSenseServerLicenseExpireTopic;
        this.serverLicenseAlertThresholdDays = b.serverLicenseAlertThresholdDays;
        this.sessionStartTopic = b.sessionStartTopic;
        this.sessionStopTopic = b.sessionStopTopic;
        this.connectionOpenTopic = b.connectionOpenTopic;
        this.connectionCloseTopic = b.connectionCloseTopic;
        this.sessionServerStatusTopic = b.sessionServerStatusTopic;
        this.activeUserCountTopic = b.activeUserCountTopic;
        this.activeUsersTopic = b.activeUsersTopic;
        this.qlikSenseCloudForward = b.qlikSenseCloudForward;
        this.delivery = b.delivery;
        this.connection = b.connection;
        this.credentials = b.credentials;
        this.tls = b.tls;
        this.reconnect = b.reconnect;
        this.outbox = b.outbox;
        this.taskStart = b.taskStart;
        this.availability = b.availability;
    }

    /**
     * Starts a builder holding Butler's template defaults (see the class comment for the two
     * exceptions).
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

    /** Butler's {@code enable}: whether MQTT is used at all. @return the flag */
    public boolean enabled() {
        return enabled;
    }

    /** Butler's {@code brokerHost}. @return host name or IP address of the broker */
    public String brokerHost() {
        return brokerHost;
    }

    /** Butler's {@code brokerPort}. @return 1..65535 */
    public int brokerPort() {
        return brokerPort;
    }

    /** Butler's {@code azureEventGrid} block. @return the Azure Event Grid settings */
    public AzureEventGrid azureEventGrid() {
        return azureEventGrid;
    }

    /** Butler's {@code taskFailureSendFull}. @return whether the full JSON message is sent for a failed reload */
    public boolean taskFailureSendFull() {
        return taskFailureSendFull;
    }

    /** Butler's {@code taskAbortedSendFull}. @return whether the full JSON message is sent for an aborted reload */
    public boolean taskAbortedSendFull() {
        return taskAbortedSendFull;
    }

    /** Butler's {@code subscriptionRootTopic}. @return the topic filter subscribed to on connect */
    public String subscriptionRootTopic() {
        return subscriptionRootTopic;
    }

    /** Butler's {@code taskStartTopic}. @return the topic whose messages start Sense tasks */
    public String taskStartTopic() {
        return taskStartTopic;
    }

    /** Butler's {@code taskFailureTopic}. @return topic of the short reload-failed message */
    public String taskFailureTopic() {
        return taskFailureTopic;
    }

    /** Butler's {@code taskFailureFullTopic}. @return topic of the full reload-failed message */
    public String taskFailureFullTopic() {
        return taskFailureFullTopic;
    }

    /** Butler's {@code taskFailureServerStatusTopic}. @return topic of the task event source status */
    public String taskFailureServerStatusTopic() {
        return taskFailureServerStatusTopic;
    }

    /** Butler's {@code taskAbortedTopic}. @return topic of the short reload-aborted message */
    public String taskAbortedTopic() {
        return taskAbortedTopic;
    }

    /** Butler's {@code taskAbortedFullTopic}. @return topic of the full reload-aborted message */
    public String taskAbortedFullTopic() {
        return taskAbortedFullTopic;
    }

    /** Butler's {@code serviceRunningTopic}; empty means "not sent". @return the topic prefix */
    public String serviceRunningTopic() {
        return serviceRunningTopic;
    }

    /** Butler's {@code serviceStoppedTopic}; empty means "not sent". @return the topic prefix */
    public String serviceStoppedTopic() {
        return serviceStoppedTopic;
    }

    /** Butler's {@code serviceStatusTopic}; empty means "not sent". @return the topic prefix */
    public String serviceStatusTopic() {
        return serviceStatusTopic;
    }

    /** Butler's {@code qlikSenseServerLicenseTopic}. @return topic of the license status JSON */
    public String qlikSenseServerLicenseTopic() {
        return qlikSenseServerLicenseTopic;
    }

    /** Butler's {@code qlikSenseServerLicenseExpireTopic}. @return topic of the license expiry alert */
    public String qlikSenseServerLicenseExpireTopic() {
        return qlikSenseServerLicenseExpireTopic;
    }

    /**
     * Butler's {@code Butler.qlikSenseLicense.serverLicenseMonitor.alert.thresholdDays}: the
     * "about to expire" alert is sent when the days left are at most this.
     *
     * @return days, 0 or more
     */
    public int serverLicenseAlertThresholdDays() {
        return serverLicenseAlertThresholdDays;
    }

    /** Butler 5's {@code sessionStartTopic}. @return topic of user session start messages */
    public String sessionStartTopic() {
        return sessionStartTopic;
    }

    /** Butler 5's {@code sessionStopTopic}. @return topic of user session stop messages */
    public String sessionStopTopic() {
        return sessionStopTopic;
    }

    /** Butler 5's {@code connectionOpenTopic}. @return topic of connection open messages */
    public String connectionOpenTopic() {
        return connectionOpenTopic;
    }

    /** Butler 5's {@code connectionCloseTopic}. @return topic of connection close messages */
    public String connectionCloseTopic() {
        return connectionCloseTopic;
    }

    /** Butler 5's {@code sessionServerStatusTopic}. @return topic of the session event source status */
    public String sessionServerStatusTopic() {
        return sessionServerStatusTopic;
    }

    /**
     * Butler 5's {@code activeUserCountTopic}: the number of active users, published by
     * {@link ActiveUserTracker} after each session change.
     *
     * @return the topic
     */
    public String activeUserCountTopic() {
        return activeUserCountTopic;
    }

    /**
     * Butler 5's {@code activeUsersTopic}: the active users' IDs as a JSON array, published by
     * {@link ActiveUserTracker} after each session change.
     *
     * @return the topic
     */
    public String activeUsersTopic() {
        return activeUsersTopic;
    }

    /**
     * Butler's {@code qlikSenseCloud.event.mqttForward} block: the broker to which Qlik Cloud events are
     * forwarded. {@link QlikCloudEventClient} connects to it, with {@link QlikCloudSettings} built from this
     * block ({@link QlikCloudSettings.Builder#forward(QlikSenseCloudForward)}; the YAML module's
     * {@code ButlerConfig.qlikCloud()} does it, adding the tenant and the extensions). This client
     * ({@link ButlerMqttClient}) does not use it.
     *
     * @return the Qlik Sense Cloud forwarding settings
     */
    public QlikSenseCloudForward qlikSenseCloudForward() {
        return qlikSenseCloudForward;
    }

    /** QoS and retain flag of outgoing messages. @return the delivery settings */
    public Delivery delivery() {
        return delivery;
    }

    /** MQTT version, client ID, keep-alive and session. @return the connection settings */
    public Connection connection() {
        return connection;
    }

    /** Username and password, if any. @return the credentials, or empty */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** TLS settings. @return the TLS settings */
    public Tls tls() {
        return tls;
    }

    /** Reconnect backoff. @return the reconnect settings */
    public Reconnect reconnect() {
        return reconnect;
    }

    /** The bounded outbox that holds messages while the broker is away. @return the outbox settings */
    public Outbox outbox() {
        return outbox;
    }

    /** How incoming start-task messages are handled. @return the task-start settings */
    public TaskStart taskStart() {
        return taskStart;
    }

    /** The optional retained online/offline topic and Last Will. @return the availability settings */
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
        return enabled == s.enabled
                && brokerPort == s.brokerPort
                && taskFailureSendFull == s.taskFailureSendFull
                && taskAbortedSendFull == s.taskAbortedSendFull
                && serverLicenseAlertThresholdDays == s.serverLicenseAlertThresholdDays
                && brokerHost.equals(s.brokerHost)
                && azureEventGrid.equals(s.azureEventGrid)
                && topics().equals(s.topics())
                && qlikSenseCloudForward.equals(s.qlikSenseCloudForward)
                && delivery.equals(s.delivery)
                && connection.equals(s.connection)
                && credentials.equals(s.credentials)
                && tls.equals(s.tls)
                && reconnect.equals(s.reconnect)
                && outbox.equals(s.outbox)
                && taskStart.equals(s.taskStart)
                && availability.equals(s.availability);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, brokerHost, brokerPort, topics(), delivery, connection, tls);
    }

    private List<String> topics() {
        return List.of(subscriptionRootTopic, taskStartTopic, taskFailureTopic, taskFailureFullTopic,
                taskFailureServerStatusTopic, taskAbortedTopic, taskAbortedFullTopic, serviceRunningTopic,
                serviceStoppedTopic, serviceStatusTopic, qlikSenseServerLicenseTopic,
                qlikSenseServerLicenseExpireTopic, sessionStartTopic, sessionStopTopic, connectionOpenTopic,
                connectionCloseTopic, sessionServerStatusTopic, activeUserCountTopic, activeUsersTopic);
    }

    /** Shows every setting except secrets, which appear as {@code ****}. */
    @Override
    public String toString() {
        return "MqttSettings{enabled=" + enabled
                + ", broker=" + brokerHost + ':' + brokerPort
                + ", subscriptionRootTopic=" + subscriptionRootTopic
                + ", taskStartTopic=" + taskStartTopic
                + ", taskFailureTopic=" + taskFailureTopic
                + ", taskFailureFullTopic=" + taskFailureFullTopic
                + ", taskFailureSendFull=" + taskFailureSendFull
                + ", taskAbortedTopic=" + taskAbortedTopic
                + ", taskAbortedFullTopic=" + taskAbortedFullTopic
                + ", taskAbortedSendFull=" + taskAbortedSendFull
                + ", taskFailureServerStatusTopic=" + taskFailureServerStatusTopic
                + ", serviceRunningTopic=" + serviceRunningTopic
                + ", serviceStoppedTopic=" + serviceStoppedTopic
                + ", serviceStatusTopic=" + serviceStatusTopic
                + ", qlikSenseServerLicenseTopic=" + qlikSenseServerLicenseTopic
                + ", qlikSenseServerLicenseExpireTopic=" + qlikSenseServerLicenseExpireTopic
                + ", serverLicenseAlertThresholdDays=" + serverLicenseAlertThresholdDays
                + ", sessionStartTopic=" + sessionStartTopic
                + ", sessionStopTopic=" + sessionStopTopic
                + ", connectionOpenTopic=" + connectionOpenTopic
                + ", connectionCloseTopic=" + connectionCloseTopic
                + ", sessionServerStatusTopic=" + sessionServerStatusTopic
                + ", activeUserCountTopic=" + activeUserCountTopic
                + ", activeUsersTopic=" + activeUsersTopic
                + ", " + azureEventGrid
                + ", " + qlikSenseCloudForward
                + ", " + delivery
                + ", " + connection
                + ", credentials=" + credentials.map(Credentials::toString).orElse("none")
                + ", " + tls
                + ", " + reconnect
                + ", " + outbox
                + ", " + taskStart
                + ", " + availability
                + '}';
    }

    private static String redact(Optional<String> secret) {
        return secret.isPresent() ? "****" : "none";
    }

    // ------------------------------------------------------------------------------------------
    // Nested value types
    // ------------------------------------------------------------------------------------------

    /** MQTT protocol version. */
    public enum MqttVersion {
        /** MQTT 3.1.1, what Butler uses. The default. */
        MQTT_3_1_1,
        /** MQTT 5.0: reason codes, session expiry, clear shared-subscription semantics. */
        MQTT_5
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

        /** @param qos the new QoS @return a copy with that QoS */
        public Delivery withQos(int qos) {
            return new Delivery(qos, retain, maxMessageBytes);
        }

        /** @param retain the new flag @return a copy with that retain flag */
        public Delivery withRetain(boolean retain) {
            return new Delivery(qos, retain, maxMessageBytes);
        }

        /**
         * A copy with another size limit.
         *
         * @param bytes the largest payload, 1 to {@value MqttSettings#DEFAULT_MAX_MESSAGE_BYTES}
         * @return a copy with that limit
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
     * @param connectTimeout how long one connect attempt may take; default 10 s
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

        /** The defaults. */
        public static final Connection DEFAULT = new Connection(MqttVersion.MQTT_3_1_1, Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(10), false, Duration.ofHours(1));

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public Connection {
            Objects.requireNonNull(mqttVersion, "mqttVersion");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        }

        /** @param v the version @return a copy with that version */
        public Connection withMqttVersion(MqttVersion v) {
            return new Connection(v, clientId, keepAlive, connectTimeout, persistentSession, sessionExpiry);
        }

        /** @param id the client ID, or null for a generated one @return a copy with that client ID */
        public Connection withClientId(String id) {
            return new Connection(mqttVersion, Optional.ofNullable(id), keepAlive, connectTimeout,
                    persistentSession, sessionExpiry);
        }

        /** @param d the keep-alive interval @return a copy with that keep-alive */
        public Connection withKeepAlive(Duration d) {
            return new Connection(mqttVersion, clientId, d, connectTimeout, persistentSession, sessionExpiry);
        }

        /** @param d the connect timeout @return a copy with that timeout */
        public Connection withConnectTimeout(Duration d) {
            return new Connection(mqttVersion, clientId, keepAlive, d, persistentSession, sessionExpiry);
        }

        /** @param persistent whether the session persists @return a copy with that flag */
        public Connection withPersistentSession(boolean persistent) {
            return new Connection(mqttVersion, clientId, keepAlive, connectTimeout, persistent, sessionExpiry);
        }

        /** @param d the session expiry @return a copy with that expiry */
        public Connection withSessionExpiry(Duration d) {
            return new Connection(mqttVersion, clientId, keepAlive, connectTimeout, persistentSession, d);
        }
    }

    /**
     * Username and password. {@link #toString()} hides the password.
     *
     * @param username the user name, not empty
     * @param password the password, may be empty
     */
    public record Credentials(String username, String password) {

        /**
         * Checks for nulls.
         *
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
     * checked when the client starts. {@link #toString()} hides the key password.
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
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public Tls {
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(clientCertFile, "clientCertFile");
            Objects.requireNonNull(clientKeyFile, "clientKeyFile");
            Objects.requireNonNull(clientKeyPassword, "clientKeyPassword");
        }

        /** @param on whether TLS is used @return a copy */
        public Tls withEnabled(boolean on) {
            return new Tls(on, caFile, clientCertFile, clientKeyFile, clientKeyPassword, hostnameVerification);
        }

        /** @param file the CA PEM file, or null for the JVM trust store @return a copy */
        public Tls withCaFile(Path file) {
            return new Tls(enabled, Optional.ofNullable(file), clientCertFile, clientKeyFile, clientKeyPassword,
                    hostnameVerification);
        }

        /**
         * @param certFile client certificate PEM file, or null
         * @param keyFile client private key PEM file, or null
         * @return a copy
         */
        public Tls withClientCertificate(Path certFile, Path keyFile) {
            return new Tls(enabled, caFile, Optional.ofNullable(certFile), Optional.ofNullable(keyFile),
                    clientKeyPassword, hostnameVerification);
        }

        /** @param password the key password, or null @return a copy */
        public Tls withClientKeyPassword(String password) {
            return new Tls(enabled, caFile, clientCertFile, clientKeyFile, Optional.ofNullable(password),
                    hostnameVerification);
        }

        /** @param verify whether to verify the host name @return a copy */
        public Tls withHostnameVerification(boolean verify) {
            return new Tls(enabled, caFile, clientCertFile, clientKeyFile, clientKeyPassword, verify);
        }

        /** Shows the settings, never the key password. */
        @Override
        public String toString() {
            return "Tls{enabled=" + enabled + ", caFile=" + caFile.map(Path::toString).orElse("JVM trust store")
                    + ", clientCertFile=" + clientCertFile.map(Path::toString).orElse("none")
                    + ", clientKeyFile=" + clientKeyFile.map(Path::toString).orElse("none")
                    + ", clientKeyPassword=" + redact(clientKeyPassword)
                    + ", hostnameVerification=" + hostnameVerification + '}';
        }
    }

    /**
     * Butler's {@code azureEventGrid} block: connect to an Azure Event Grid MQTT broker with a
     * client certificate. When enabled, TLS is used on {@code brokerHost}:{@code brokerPort}, and
     * {@code clientId} is both the MQTT client ID and the user name.
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
         * Checks for nulls.
         *
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
         */
        public static AzureEventGrid of(String clientId, Path certFile, Path keyFile) {
            return new AzureEventGrid(true, clientId, Optional.of(certFile), Optional.of(keyFile));
        }
    }

    /**
     * Reconnect backoff: after a lost connection or a failed attempt the client waits a random
     * time up to a delay that starts at {@code initialDelay} and doubles per failed attempt up to
     * {@code maxDelay} (exponential backoff with full jitter).
     *
     * @param initialDelay first delay; default 1 s
     * @param maxDelay largest delay; default 60 s
     */
    public record Reconnect(Duration initialDelay, Duration maxDelay) {

        /** The defaults: 1 s doubling up to 60 s. */
        public static final Reconnect DEFAULT = new Reconnect(Duration.ofSeconds(1), Duration.ofSeconds(60));

        /**
         * Checks for nulls.
         *
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
     * {@code OutboxFullException}; the caller never blocks.
     *
     * @param capacity most messages held, 1 to 10,000,000; default {@value #DEFAULT_OUTBOX_CAPACITY}
     * @param closeTimeout how long {@code close()} waits for the outbox to drain; default 10 s
     */
    public record Outbox(int capacity, Duration closeTimeout) {

        /** Largest allowed capacity. */
        public static final int MAX_CAPACITY = 10_000_000;

        /** The defaults. */
        public static final Outbox DEFAULT = new Outbox(DEFAULT_OUTBOX_CAPACITY, Duration.ofSeconds(10));

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public Outbox {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
        }
    }

    /**
     * How start-task messages are received and handed to the {@code TaskStartListener}.
     *
     * @param sharedSubscriptionGroup when present, the start-task topic is subscribed as
     *     {@code $share/<group>/<taskStartTopic>} so that several instances of one application
     *     start each task once; no {@code /}, {@code +} or {@code #}
     * @param listenerTimeout how long one listener call may take before the message is
     *     acknowledged anyway and the next one handled; default 30 s
     * @param maxPayloadBytes larger payloads are dropped with a warning; default 1024
     */
    public record TaskStart(Optional<String> sharedSubscriptionGroup, Duration listenerTimeout,
            int maxPayloadBytes) {

        /** The defaults. */
        public static final TaskStart DEFAULT = new TaskStart(Optional.empty(), Duration.ofSeconds(30),
                DEFAULT_TASK_START_MAX_PAYLOAD_BYTES);

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public TaskStart {
            Objects.requireNonNull(sharedSubscriptionGroup, "sharedSubscriptionGroup");
            Objects.requireNonNull(listenerTimeout, "listenerTimeout");
        }

        /** @param group the shared-subscription group, or null for none @return a copy */
        public TaskStart withSharedSubscriptionGroup(String group) {
            return new TaskStart(Optional.ofNullable(group), listenerTimeout, maxPayloadBytes);
        }

        /** @param timeout the listener timeout @return a copy */
        public TaskStart withListenerTimeout(Duration timeout) {
            return new TaskStart(sharedSubscriptionGroup, timeout, maxPayloadBytes);
        }
    }

    /**
     * An optional retained availability topic: {@code onlinePayload} is published (retained) on
     * every connect, and registered as the Last Will with {@code offlinePayload}, which is also
     * published on a clean {@code close()}. Off by default (Butler has none).
     *
     * @param enabled whether it is used; default {@code false}
     * @param topic the topic; default {@code qliksense/butler/mqtt/availability}
     * @param onlinePayload default {@code online}
     * @param offlinePayload default {@code offline}
     */
    public record Availability(boolean enabled, String topic, String onlinePayload, String offlinePayload) {

        /** The defaults: off. */
        public static final Availability DISABLED = new Availability(false, "qliksense/butler/mqtt/availability",
                "online", "offline");

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public Availability {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(onlinePayload, "onlinePayload");
            Objects.requireNonNull(offlinePayload, "offlinePayload");
        }

        /** @param on whether it is used @return a copy */
        public Availability withEnabled(boolean on) {
            return new Availability(on, topic, onlinePayload, offlinePayload);
        }

        /** @param t the topic @return a copy */
        public Availability withTopic(String t) {
            return new Availability(enabled, t, onlinePayload, offlinePayload);
        }
    }

    /**
     * Butler's {@code qlikSenseCloud.event.mqttForward} block: a second broker to which Qlik Sense
     * Cloud events are forwarded. Validated here when enabled; {@link QlikCloudEventClient} connects to it
     * (see {@link QlikCloudSettings.Builder#forward(QlikSenseCloudForward)}).
     *
     * @param enabled default {@code false}
     * @param host the broker host
     * @param port the broker port; default 8765 (Butler's template)
     * @param credentials user name and password, if any
     * @param subscriptionRootTopic default {@code qscloud/#}
     * @param appReloadTopic default {@code qscloud/app/reload}
     */
    public record QlikSenseCloudForward(boolean enabled, String host, int port, Optional<Credentials> credentials,
            String subscriptionRootTopic, String appReloadTopic) {

        /** The defaults: off. */
        public static final QlikSenseCloudForward DISABLED = new QlikSenseCloudForward(false, "localhost", 8765,
                Optional.empty(), "qscloud/#", "qscloud/app/reload");

        /**
         * Checks for nulls.
         *
         * @throws NullPointerException naming the null component
         */
        public QlikSenseCloudForward {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(subscriptionRootTopic, "subscriptionRootTopic");
            Objects.requireNonNull(appReloadTopic, "appReloadTopic");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Builder
    // ------------------------------------------------------------------------------------------

    /**
     * Builds {@link MqttSettings}. Setters reject only {@code null}; {@link #build()} checks every
     * value and every rule between values, and reports all problems at once. Not thread-safe.
     */
    public static final class Builder {

        private boolean enabled = true;
        private String brokerHost = "localhost";
        private int brokerPort = DEFAULT_BROKER_PORT;
        private AzureEventGrid azureEventGrid = AzureEventGrid.DISABLED;
        private boolean taskFailureSendFull = true;
        private boolean taskAbortedSendFull = true;
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
        private int serverLicenseAlertThresholdDays = DEFAULT_LICENSE_ALERT_THRESHOLD_DAYS;
        private String sessionStartTopic = "qliksense/session/start";
        private String sessionStopTopic = "qliksense/session/stop";
        private String connectionOpenTopic = "qliksense/connection/open";
        private String connectionCloseTopic = "qliksense/connection/close";
        private String sessionServerStatusTopic = "qliksense/butler/session_server";
        private String activeUserCountTopic = "qliksense/users/active/count";
        private String activeUsersTopic = "qliksense/users/active/usernames";
        private QlikSenseCloudForward qlikSenseCloudForward = QlikSenseCloudForward.DISABLED;
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
            subscriptionRootTopic = s.subscriptionRootTopic;
            taskStartTopic = s.taskStartTopic;
            taskFailureTopic = s.taskFailureTopic;
            taskFailureFullTopic = s.taskFailureFullTopic;
            taskFailureServerStatusTopic = s.taskFailureServerStatusTopic;
            taskAbortedTopic = s.taskAbortedTopic;
            taskAbortedFullTopic = s.taskAbortedFullTopic;
            serviceRunningTopic = s.serviceRunningTopic;
            serviceStoppedTopic = s.serviceStoppedTopic;
            serviceStatusTopic = s.serviceStatusTopic;
            qlikSenseServerLicenseTopic = s.qlikSenseServerLicenseTopic;
            qlikSenseServerLicenseExpireTopic = s.qlikSenseServerLicenseExpireTopic;
            serverLicenseAlertThresholdDays = s.serverLicenseAlertThresholdDays;
            sessionStartTopic = s.sessionStartTopic;
            sessionStopTopic = s.sessionStopTopic;
            connectionOpenTopic = s.connectionOpenTopic;
            connectionCloseTopic = s.connectionCloseTopic;
            sessionServerStatusTopic = s.sessionServerStatusTopic;
            activeUserCountTopic = s.activeUserCountTopic;
            activeUsersTopic = s.activeUsersTopic;
            qlikSenseCloudForward = s.qlikSenseCloudForward;
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
            return Objects.requireNonNull(value, () -> name + " must not be null");
        }

        /** @param v Butler's {@code enable} @return this builder */
        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /** @param v Butler's {@code brokerHost} @return this builder */
        public Builder brokerHost(String v) {
            brokerHost = nn(v, "brokerHost");
            return this;
        }

        /** @param v Butler's {@code brokerPort} @return this builder */
        public Builder brokerPort(int v) {
            brokerPort = v;
            return this;
        }

        /** @param v Butler's {@code azureEventGrid} block @return this builder */
        public Builder azureEventGrid(AzureEventGrid v) {
            azureEventGrid = nn(v, "azureEventGrid");
            return this;
        }

        /** @param v Butler's {@code taskFailureSendFull} @return this builder */
        public Builder taskFailureSendFull(boolean v) {
            taskFailureSendFull = v;
            return this;
        }

        /** @param v Butler's {@code taskAbortedSendFull} @return this builder */
        public Builder taskAbortedSendFull(boolean v) {
            taskAbortedSendFull = v;
            return this;
        }

        /** @param v Butler's {@code subscriptionRootTopic} (a topic filter) @return this builder */
        public Builder subscriptionRootTopic(String v) {
            subscriptionRootTopic = nn(v, "subscriptionRootTopic");
            return this;
        }

        /** @param v Butler's {@code taskStartTopic} @return this builder */
        public Builder taskStartTopic(String v) {
            taskStartTopic = nn(v, "taskStartTopic");
            return this;
        }

        /** @param v Butler's {@code taskFailureTopic} @return this builder */
        public Builder taskFailureTopic(String v) {
            taskFailureTopic = nn(v, "taskFailureTopic");
            return this;
        }

        /** @param v Butler's {@code taskFailureFullTopic} @return this builder */
        public Builder taskFailureFullTopic(String v) {
            taskFailureFullTopic = nn(v, "taskFailureFullTopic");
            return this;
        }

        /** @param v Butler's {@code taskFailureServerStatusTopic} @return this builder */
        public Builder taskFailureServerStatusTopic(String v) {
            taskFailureServerStatusTopic = nn(v, "taskFailureServerStatusTopic");
            return this;
        }

        /** @param v Butler's {@code taskAbortedTopic} @return this builder */
        public Builder taskAbortedTopic(String v) {
            taskAbortedTopic = nn(v, "taskAbortedTopic");
            return this;
        }

        /** @param v Butler's {@code taskAbortedFullTopic} @return this builder */
        public Builder taskAbortedFullTopic(String v) {
            taskAbortedFullTopic = nn(v, "taskAbortedFullTopic");
            return this;
        }

        /** @param v Butler's {@code serviceRunningTopic}; empty: not sent @return this builder */
        public Builder serviceRunningTopic(String v) {
            serviceRunningTopic = nn(v, "serviceRunningTopic");
            return this;
        }

        /** @param v Butler's {@code serviceStoppedTopic}; empty: not sent @return this builder */
        public Builder serviceStoppedTopic(String v) {
            serviceStoppedTopic = nn(v, "serviceStoppedTopic");
            return this;
        }

        /** @param v Butler's {@code serviceStatusTopic}; empty: not sent @return this builder */
        public Builder serviceStatusTopic(String v) {
            serviceStatusTopic = nn(v, "serviceStatusTopic");
            return this;
        }

        /** @param v Butler's {@code qlikSenseServerLicenseTopic} @return this builder */
        public Builder qlikSenseServerLicenseTopic(String v) {
            qlikSenseServerLicenseTopic = nn(v, "qlikSenseServerLicenseTopic");
            return this;
        }

        /** @param v Butler's {@code qlikSenseServerLicenseExpireTopic} @return this builder */
        public Builder qlikSenseServerLicenseExpireTopic(String v) {
            qlikSenseServerLicenseExpireTopic = nn(v, "qlikSenseServerLicenseExpireTopic");
            return this;
        }

        /** @param v the license alert threshold in days, 0 or more @return this builder */
        public Builder serverLicenseAlertThresholdDays(int v) {
            serverLicenseAlertThresholdDays = v;
            return this;
        }

        /** @param v Butler 5's {@code sessionStartTopic} @return this builder */
        public Builder sessionStartTopic(String v) {
            sessionStartTopic = nn(v, "sessionStartTopic");
            return this;
        }

        /** @param v Butler 5's {@code sessionStopTopic} @return this builder */
        public Builder sessionStopTopic(String v) {
            sessionStopTopic = nn(v, "sessionStopTopic");
            return this;
        }

        /** @param v Butler 5's {@code connectionOpenTopic} @return this builder */
        public Builder connectionOpenTopic(String v) {
            connectionOpenTopic = nn(v, "connectionOpenTopic");
            return this;
        }

        /** @param v Butler 5's {@code connectionCloseTopic} @return this builder */
        public Builder connectionCloseTopic(String v) {
            connectionCloseTopic = nn(v, "connectionCloseTopic");
            return this;
        }

        /** @param v Butler 5's {@code sessionServerStatusTopic} @return this builder */
        public Builder sessionServerStatusTopic(String v) {
            sessionServerStatusTopic = nn(v, "sessionServerStatusTopic");
            return this;
        }

        /** @param v Butler 5's {@code activeUserCountTopic} @return this builder */
        public Builder activeUserCountTopic(String v) {
            activeUserCountTopic = nn(v, "activeUserCountTopic");
            return this;
        }

        /** @param v Butler 5's {@code activeUsersTopic} @return this builder */
        public Builder activeUsersTopic(String v) {
            activeUsersTopic = nn(v, "activeUsersTopic");
            return this;
        }

        /** @param v Butler's {@code qlikSenseCloud.event.mqttForward} block @return this builder */
        public Builder qlikSenseCloudForward(QlikSenseCloudForward v) {
            qlikSenseCloudForward = nn(v, "qlikSenseCloudForward");
            return this;
        }

        /** @param v QoS and retain @return this builder */
        public Builder delivery(Delivery v) {
            delivery = nn(v, "delivery");
            return this;
        }

        /** Shortcut for {@code delivery(delivery().withQos(qos))}. @param qos 0..2 @return this builder */
        public Builder qos(int qos) {
            delivery = delivery.withQos(qos);
            return this;
        }

        /** @param v the connection settings @return this builder */
        public Builder connection(Connection v) {
            connection = nn(v, "connection");
            return this;
        }

        /** Shortcut for {@code connection(connection().withClientId(id))}. @param id the client ID @return this builder */
        public Builder clientId(String id) {
            connection = connection.withClientId(nn(id, "clientId"));
            return this;
        }

        /** Shortcut for {@code connection(connection().withMqttVersion(v))}. @param v the version @return this builder */
        public Builder mqttVersion(MqttVersion v) {
            connection = connection.withMqttVersion(nn(v, "mqttVersion"));
            return this;
        }

        /**
         * Sets user name and password.
         *
         * @param username the user name
         * @param password the password, may be empty
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            credentials = Optional.of(new Credentials(nn(username, "username"), nn(password, "password")));
            return this;
        }

        /** @param v the credentials, or empty for none @return this builder */
        public Builder credentials(Optional<Credentials> v) {
            credentials = nn(v, "credentials");
            return this;
        }

        /** @param v the TLS settings @return this builder */
        public Builder tls(Tls v) {
            tls = nn(v, "tls");
            return this;
        }

        /** @param v the reconnect backoff @return this builder */
        public Builder reconnect(Reconnect v) {
            reconnect = nn(v, "reconnect");
            return this;
        }

        /** @param v the outbox settings @return this builder */
        public Builder outbox(Outbox v) {
            outbox = nn(v, "outbox");
            return this;
        }

        /** @param v the task-start settings @return this builder */
        public Builder taskStart(TaskStart v) {
            taskStart = nn(v, "taskStart");
            return this;
        }

        /** @param v the availability topic settings @return this builder */
        public Builder availability(Availability v) {
            availability = nn(v, "availability");
            return this;
        }

        /**
         * Checks every setting and builds the immutable settings.
         *
         * @return the settings
         * @throws InvalidSettingsException listing every invalid setting
         */
        public MqttSettings build() {
            List<Problem> problems = new ArrayList<>();
            validate(problems);
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(problems);
            }
            return new MqttSettings(this);
        }

        private void validate(List<Problem> p) {
            host(p, "brokerHost", brokerHost, enabled);
            port(p, "brokerPort", brokerPort);

            if (azureEventGrid.enabled()) {
                if (azureEventGrid.clientId().isBlank()) {
                    p.add(new Problem("azureEventGrid.clientId", "must not be empty when azureEventGrid is enabled"));
                } else {
                    clientId(p, "azureEventGrid.clientId", azureEventGrid.clientId());
                }
                if (azureEventGrid.clientCertFile().isEmpty()) {
                    p.add(new Problem("azureEventGrid.clientCertFile", "must be set when azureEventGrid is enabled"));
                }
                if (azureEventGrid.clientKeyFile().isEmpty()) {
                    p.add(new Problem("azureEventGrid.clientKeyFile", "must be set when azureEventGrid is enabled"));
                }
            }

            String rootProblem = Topics.topicFilterProblem(subscriptionRootTopic);
            if (rootProblem != null) {
                p.add(new Problem("subscriptionRootTopic", "is not a valid MQTT topic filter: " + rootProblem));
            }
            String startProblem = Topics.topicNameProblem(taskStartTopic);
            if (startProblem != null) {
                p.add(new Problem("taskStartTopic", "is not a valid MQTT topic name: " + startProblem));
            } else if (rootProblem == null && !Topics.matches(subscriptionRootTopic, taskStartTopic)) {
                p.add(new Problem("taskStartTopic", Topics.quote(taskStartTopic)
                        + " is not under subscriptionRootTopic " + Topics.quote(subscriptionRootTopic)
                        + ", so it would never be received"));
            }

            topic(p, "taskFailureTopic", taskFailureTopic, false);
            topic(p, "taskFailureFullTopic", taskFailureFullTopic, false);
            topic(p, "taskFailureServerStatusTopic", taskFailureServerStatusTopic, false);
            topic(p, "taskAbortedTopic", taskAbortedTopic, false);
            topic(p, "taskAbortedFullTopic", taskAbortedFullTopic, false);
            topic(p, "serviceRunningTopic", serviceRunningTopic, true);
            topic(p, "serviceStoppedTopic", serviceStoppedTopic, true);
            topic(p, "serviceStatusTopic", serviceStatusTopic, true);
            topic(p, "qlikSenseServerLicenseTopic", qlikSenseServerLicenseTopic, false);
            topic(p, "qlikSenseServerLicenseExpireTopic", qlikSenseServerLicenseExpireTopic, false);
            if (serverLicenseAlertThresholdDays < 0) {
                p.add(new Problem("serverLicenseAlertThresholdDays",
                        "must be 0 or more, but was " + serverLicenseAlertThresholdDays));
            }
            topic(p, "sessionStartTopic", sessionStartTopic, false);
            topic(p, "sessionStopTopic", sessionStopTopic, false);
            topic(p, "connectionOpenTopic", connectionOpenTopic, false);
            topic(p, "connectionCloseTopic", connectionCloseTopic, false);
            topic(p, "sessionServerStatusTopic", sessionServerStatusTopic, false);
            topic(p, "activeUserCountTopic", activeUserCountTopic, false);
            topic(p, "activeUsersTopic", activeUsersTopic, false);

            QlikSenseCloudForward q = qlikSenseCloudForward;
            if (q.enabled()) {
                host(p, "qlikSenseCloudForward.host", q.host(), true);
                port(p, "qlikSenseCloudForward.port", q.port());
                q.credentials().ifPresent(c -> username(p, "qlikSenseCloudForward.username", c));
                String f = Topics.topicFilterProblem(q.subscriptionRootTopic());
                if (f != null) {
                    p.add(new Problem("qlikSenseCloudForward.subscriptionRootTopic",
                            "is not a valid MQTT topic filter: " + f));
                }
                topic(p, "qlikSenseCloudForward.appReloadTopic", q.appReloadTopic(), false);
            }

            if (delivery.qos() < 0 || delivery.qos() > 2) {
                p.add(new Problem("delivery.qos", "must be 0, 1 or 2, but was " + delivery.qos()));
            }
            if (delivery.maxMessageBytes() < 1 || delivery.maxMessageBytes() > DEFAULT_MAX_MESSAGE_BYTES) {
                p.add(new Problem("delivery.maxMessageBytes", "must be 1.." + DEFAULT_MAX_MESSAGE_BYTES
                        + " (bytes of payload), but was " + delivery.maxMessageBytes()));
            }

            connection.clientId().ifPresent(id -> clientId(p, "connection.clientId", id));
            if (azureEventGrid.enabled() && connection.clientId().isPresent()
                    && !connection.clientId().get().equals(azureEventGrid.clientId())) {
                p.add(new Problem("connection.clientId", "must be empty or equal to azureEventGrid.clientId "
                        + Topics.quote(azureEventGrid.clientId()) + " when azureEventGrid is enabled, but was "
                        + Topics.quote(connection.clientId().get())));
            }
            duration(p, "connection.keepAlive", connection.keepAlive(), Duration.ofSeconds(1),
                    Duration.ofSeconds(65_535));
            duration(p, "connection.connectTimeout", connection.connectTimeout(), Duration.ofMillis(100),
                    Duration.ofMinutes(10));
            duration(p, "connection.sessionExpiry", connection.sessionExpiry(), Duration.ofSeconds(1),
                    Duration.ofSeconds(4_294_967_295L));

            credentials.ifPresent(c -> username(p, "credentials.username", c));

            if (tls.enabled()) {
                if (tls.clientCertFile().isPresent() != tls.clientKeyFile().isPresent()) {
                    String missing = tls.clientCertFile().isPresent() ? "tls.clientKeyFile" : "tls.clientCertFile";
                    String present = tls.clientCertFile().isPresent() ? "tls.clientCertFile" : "tls.clientKeyFile";
                    p.add(new Problem(missing, "must be set because " + present + " is set"));
                }
                if (tls.clientKeyPassword().isPresent() && tls.clientKeyFile().isEmpty()) {
                    p.add(new Problem("tls.clientKeyPassword", "is set but tls.clientKeyFile is not"));
                }
            }

            duration(p, "reconnect.initialDelay", reconnect.initialDelay(), Duration.ofMillis(10),
                    Duration.ofHours(1));
            duration(p, "reconnect.maxDelay", reconnect.maxDelay(), Duration.ofMillis(10), Duration.ofHours(1));
            if (reconnect.initialDelay().compareTo(reconnect.maxDelay()) > 0) {
                p.add(new Problem("reconnect.initialDelay", "must not be longer than reconnect.maxDelay ("
                        + reconnect.maxDelay() + "), but was " + reconnect.initialDelay()));
            }

            if (outbox.capacity() < 1 || outbox.capacity() > Outbox.MAX_CAPACITY) {
                p.add(new Problem("outbox.capacity",
                        "must be 1.." + Outbox.MAX_CAPACITY + ", but was " + outbox.capacity()));
            }
            duration(p, "outbox.closeTimeout", outbox.closeTimeout(), Duration.ZERO, Duration.ofHours(1));

            taskStart.sharedSubscriptionGroup().ifPresent(g -> {
                if (g.isEmpty() || g.contains("/") || g.contains("+") || g.contains("#") || g.indexOf('\u0000') >= 0) {
                    p.add(new Problem("taskStart.sharedSubscriptionGroup",
                            "must be a non-empty name without '/', '+', '#' or U+0000, but was " + Topics.quote(g)));
                } else if (Topics.characterProblem(g) != null) {
                    p.add(new Problem("taskStart.sharedSubscriptionGroup", Topics.characterProblem(g)));
                }
            });
            duration(p, "taskStart.listenerTimeout", taskStart.listenerTimeout(), Duration.ofMillis(1),
                    Duration.ofHours(24));
            if (taskStart.maxPayloadBytes() < 36 || taskStart.maxPayloadBytes() > 1_048_576) {
                p.add(new Problem("taskStart.maxPayloadBytes",
                        "must be 36..1048576 (a UUID has 36 characters), but was " + taskStart.maxPayloadBytes()));
            }

            if (availability.enabled()) {
                topic(p, "availability.topic", availability.topic(), false);
                if (availability.topic().equals(taskStartTopic)) {
                    p.add(new Problem("availability.topic", "must differ from taskStartTopic"));
                }
            }
        }

        private static void host(List<Problem> p, String name, String host, boolean strict) {
            if (host.isBlank()) {
                p.add(new Problem(name, "must be a host name or IP address, but was empty"));
                return;
            }
            if (!strict) {
                return;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (Character.isWhitespace(c) || c == '<' || c == '>' || c == '/' || c == '\\' || c == '"') {
                    p.add(new Problem(name, "must be a host name or IP address, but was " + Topics.quote(host)
                            + (host.startsWith("<") ? " (a placeholder from Butler's template?)" : "")));
                    return;
                }
            }
        }

        private static void port(List<Problem> p, String name, int port) {
            if (port < 1 || port > 65_535) {
                p.add(new Problem(name, "must be 1..65535, but was " + port));
            }
        }

        private static void topic(List<Problem> p, String name, String topic, boolean emptyMeansOff) {
            if (topic.isEmpty() && emptyMeansOff) {
                return;
            }
            String problem = Topics.topicNameProblem(topic);
            if (problem != null) {
                p.add(new Problem(name, "is not a valid MQTT topic name: " + problem));
            }
        }

        private static void clientId(List<Problem> p, String name, String id) {
            if (id.isEmpty()) {
                p.add(new Problem(name, "must not be empty (leave it unset for a generated one)"));
            } else if (id.getBytes(StandardCharsets.UTF_8).length > Topics.MAX_TOPIC_BYTES
                    || id.indexOf('\u0000') >= 0) {
                p.add(new Problem(name, "must be at most 65535 UTF-8 bytes without U+0000"));
            }
        }

        private static void username(List<Problem> p, String name, Credentials c) {
            if (c.username().isEmpty()) {
                p.add(new Problem(name, "must not be empty when credentials are given"));
            }
        }

        private static void duration(List<Problem> p, String name, Duration d, Duration min, Duration max) {
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                p.add(new Problem(name, "must be " + min + ".." + max + ", but was " + d));
            }
        }
    }
}
