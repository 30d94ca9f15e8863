package io.butlermqtt;

import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.internal.Topics;
import io.butlermqtt.internal.settings.SettingsProblems;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link QlikCloudEventClient}: the second MQTT connection of Butler 13 and later, on
 * which a gateway forwards Qlik Cloud webhook events. Immutable; built with {@link #builder()} (every
 * value starts at Butler's template default) and {@link #toBuilder()}; {@link Builder#build()} checks
 * every value and reports all problems at once.
 *
 * <p>Where each setting comes from in Butler's config file (read by the YAML module's
 * {@code ButlerConfig.qlikCloud()}):
 * <table>
 *   <caption>Settings and Butler's keys</caption>
 *   <tr><th>Setting</th><th>Butler's key</th><th>Default</th></tr>
 *   <tr><td>{@link #enabled()}</td><td>{@code mqttConfig.enable} and
 *     {@code mqttConfig.qlikSenseCloud.event.mqttForward.enable}</td><td>{@code false}</td></tr>
 *   <tr><td>{@link #brokerHost()}, {@link #brokerPort()}, {@link #credentials()}</td>
 *     <td>{@code mqttForward.broker.host}, {@code .port}, {@code .username}, {@code .password}</td>
 *     <td>{@code localhost}, {@value #DEFAULT_BROKER_PORT}, none</td></tr>
 *   <tr><td>{@link #subscriptionRootTopic()}</td><td>{@code mqttForward.topic.subscriptionRoot}</td>
 *     <td>{@code qscloud/#}</td></tr>
 *   <tr><td>{@link #appReloadTopic()}</td><td>{@code mqttForward.topic.appReload}</td>
 *     <td>{@code qscloud/app/reload}</td></tr>
 *   <tr><td>{@link #tenantId()}</td><td>{@code Butler.qlikSenseCloud.event.mqtt.tenant.id}</td>
 *     <td>none; required when enabled</td></tr>
 *   <tr><td>{@link #alertsEnabled()}</td><td>{@code Butler.qlikSenseCloud.enable}</td>
 *     <td>{@code true} here, {@code false} when the key is missing from a file</td></tr>
 * </table>
 * The other settings are butler-mqtt's extensions ({@code Butler.butlerMqtt.qlikCloud} in the file).
 *
 * <p>TLS is on by default, as Butler always connects with {@code mqtts://}: the broker's certificate is
 * checked against the JVM's trust store (or {@code tls.caFile}) and its host name. {@code toString()}
 * never shows the password or the key password.
 */
public final class QlikCloudSettings {

    /** Butler's topic for the "connected" message of this client. */
    public static final String STATUS_TOPIC = "butler/qscloud/event/mqttforward/status";

    /** Butler's template port of the forwarding broker. */
    public static final int DEFAULT_BROKER_PORT = 8765;

    /** Default of {@link #maxPayloadBytes()}: 1 MiB, far above a reload event (about 1 KB). */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

    /** Largest {@link #maxPayloadBytes()}: MQTT's largest packet. */
    public static final int MAX_PAYLOAD_BYTES_LIMIT = 268_435_455;

    /** Default of {@link #maxDepth()}: a reload event is nested about 3 levels deep. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /** Largest {@link #maxDepth()}. */
    public static final int MAX_DEPTH_LIMIT = 64;

    /** Butler's connect timeout for this client (30 s), the default of {@code connection.connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** Default of {@link #listenerTimeout()}. */
    public static final Duration DEFAULT_LISTENER_TIMEOUT = Duration.ofSeconds(30);

    private final boolean enabled;
    private final String brokerHost;
    private final int brokerPort;
    private final Optional<Credentials> credentials;
    private final String subscriptionRootTopic;
    private final String appReloadTopic;
    private final String tenantId;
    private final boolean alertsEnabled;
    private final Tls tls;
    private final Connection connection;
    private final Reconnect reconnect;
    private final Optional<String> sharedSubscriptionGroup;
    private final boolean deliverSuccessfulReloads;
    private final int maxPayloadBytes;
    private final int maxDepth;
    private final Duration listenerTimeout;

    private QlikCloudSettings(Builder b) {
        this.enabled = b.enabled;
        this.brokerHost = b.brokerHost;
        this.brokerPort = b.brokerPort;
        this.credentials = b.credentials;
        this.subscriptionRootTopic = b.subscriptionRootTopic;
        this.appReloadTopic = b.appReloadTopic;
        this.tenantId = b.tenantId;
        this.alertsEnabled = b.alertsEnabled;
        this.tls = b.tls;
        this.connection = b.connection;
        this.reconnect = b.reconnect;
        this.sharedSubscriptionGroup = b.sharedSubscriptionGroup;
        this.deliverSuccessfulReloads = b.deliverSuccessfulReloads;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxDepth = b.maxDepth;
        this.listenerTimeout = b.listenerTimeout;
    }

    /**
     * Starts a builder holding the defaults: disabled, Butler's template values, TLS on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether the client connects at all (Butler: {@code mqttConfig.enable} and {@code mqttForward.enable}).
     * When off, {@link QlikCloudEventClient#start} returns a client that connects nowhere.
     *
     * @return whether enabled
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The forwarding broker's host ({@code mqttForward.broker.host}).
     *
     * @return the host
     */
    public String brokerHost() {
        return brokerHost;
    }

    /**
     * The forwarding broker's port ({@code mqttForward.broker.port}).
     *
     * @return the port
     */
    public int brokerPort() {
        return brokerPort;
    }

    /**
     * User name and password ({@code mqttForward.broker.username}, {@code .password}).
     *
     * @return the credentials, if any
     */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    /**
     * The topic filter subscribed to ({@code mqttForward.topic.subscriptionRoot}); with
     * {@link #sharedSubscriptionGroup()}, as {@code $share/<group>/<filter>}.
     *
     * @return the filter
     */
    public String subscriptionRootTopic() {
        return subscriptionRootTopic;
    }

    /**
     * Events are read from topics that start with this text ({@code mqttForward.topic.appReload}, a plain
     * text prefix as in Butler; gateways publish to {@code <appReload>/<tenantId>}).
     *
     * @return the prefix
     */
    public String appReloadTopic() {
        return appReloadTopic;
    }

    /**
     * The Qlik Cloud tenant whose events are handed on ({@code Butler.qlikSenseCloud.event.mqtt.tenant.id});
     * events of other tenants are counted, logged and dropped, as Butler does.
     *
     * @return the tenant ID; empty only when not enabled
     */
    public String tenantId() {
        return tenantId;
    }

    /**
     * Whether failed reloads are handed to the listener ({@code Butler.qlikSenseCloud.enable}). Butler
     * alerts only when it is on; when off, it still connects and logs each failed reload. So does this
     * client: the events are logged at INFO and counted in {@link QlikCloudStats#alertsDisabled()}.
     *
     * @return whether the listener is called
     */
    public boolean alertsEnabled() {
        return alertsEnabled;
    }

    /**
     * TLS; on by default ({@link Tls#DEFAULT_ENABLED}), as Butler's {@code mqtts://}.
     *
     * @return the TLS settings
     */
    public Tls tls() {
        return tls;
    }

    /**
     * Client ID, MQTT version, keep-alive, connect timeout (default {@code 30s}, Butler's) and persistent
     * session.
     *
     * @return the connection settings
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Reconnect backoff.
     *
     * @return the reconnect settings
     */
    public Reconnect reconnect() {
        return reconnect;
    }

    /**
     * The shared-subscription group: several instances subscribed as {@code $share/<group>/<filter>}
     * get each event once between them, so one alert goes out.
     *
     * @return the group, if set
     */
    public Optional<String> sharedSubscriptionGroup() {
        return sharedSubscriptionGroup;
    }

    /**
     * Whether successful reloads ({@code data.status} other than {@code error}) are handed to the
     * listener too. Butler drops them; default {@code false}.
     *
     * @return whether successful reloads are delivered
     */
    public boolean deliverSuccessfulReloads() {
        return deliverSuccessfulReloads;
    }

    /**
     * Larger payloads are dropped unread (counted, logged).
     *
     * @return the limit in bytes
     */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * Events nested deeper than this are dropped (counted, logged).
     *
     * @return the deepest nesting accepted
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * How long a listener call may hold its message's acknowledgement.
     *
     * @return the timeout
     */
    public Duration listenerTimeout() {
        return listenerTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QlikCloudSettings)) {
            return false;
        }
        QlikCloudSettings s = (QlikCloudSettings) o;
        return enabled == s.enabled && brokerPort == s.brokerPort && alertsEnabled == s.alertsEnabled
                && deliverSuccessfulReloads == s.deliverSuccessfulReloads && maxPayloadBytes == s.maxPayloadBytes
                && maxDepth == s.maxDepth && brokerHost.equals(s.brokerHost) && credentials.equals(s.credentials)
                && subscriptionRootTopic.equals(s.subscriptionRootTopic) && appReloadTopic.equals(s.appReloadTopic)
                && tenantId.equals(s.tenantId) && tls.equals(s.tls) && connection.equals(s.connection)
                && reconnect.equals(s.reconnect) && sharedSubscriptionGroup.equals(s.sharedSubscriptionGroup)
                && listenerTimeout.equals(s.listenerTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, brokerHost, brokerPort, subscriptionRootTopic, appReloadTopic, tenantId,
                connection);
    }

    /** Shows every setting except secrets, which appear as {@code ****}. */
    @Override
    public String toString() {
        return "QlikCloudSettings{enabled=" + enabled
                + ", broker=" + brokerHost + ':' + brokerPort
                + ", credentials=" + credentials.map(Credentials::toString).orElse("none")
                + ", subscriptionRootTopic=" + subscriptionRootTopic
                + ", appReloadTopic=" + appReloadTopic
                + ", tenantId=" + tenantId
                + ", alertsEnabled=" + alertsEnabled
                + ", " + tls
                + ", " + connection
                + ", " + reconnect
                + ", sharedSubscriptionGroup=" + sharedSubscriptionGroup.orElse("none")
                + ", deliverSuccessfulReloads=" + deliverSuccessfulReloads
                + ", maxPayloadBytes=" + maxPayloadBytes
                + ", maxDepth=" + maxDepth
                + ", listenerTimeout=" + listenerTimeout
                + '}';
    }

    /**
     * Builds {@link QlikCloudSettings}. Setters reject only {@code null}; {@link #build()} checks every
     * value and every rule between values, and reports all problems at once. Not thread-safe.
     */
    public static final class Builder {

        private boolean enabled;
        private String brokerHost = "localhost";
        private int brokerPort = DEFAULT_BROKER_PORT;
        private Optional<Credentials> credentials = Optional.empty();
        private String subscriptionRootTopic = "qscloud/#";
        private String appReloadTopic = "qscloud/app/reload";
        private String tenantId = "";
        private boolean alertsEnabled = true;
        private Tls tls = Tls.DEFAULT_ENABLED;
        private Connection connection = Connection.DEFAULT.withConnectTimeout(DEFAULT_CONNECT_TIMEOUT);
        private Reconnect reconnect = Reconnect.DEFAULT;
        private Optional<String> sharedSubscriptionGroup = Optional.empty();
        private boolean deliverSuccessfulReloads;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private Duration listenerTimeout = DEFAULT_LISTENER_TIMEOUT;

        private Builder() {
        }

        private Builder(QlikCloudSettings s) {
            enabled = s.enabled;
            brokerHost = s.brokerHost;
            brokerPort = s.brokerPort;
            credentials = s.credentials;
            subscriptionRootTopic = s.subscriptionRootTopic;
            appReloadTopic = s.appReloadTopic;
            tenantId = s.tenantId;
            alertsEnabled = s.alertsEnabled;
            tls = s.tls;
            connection = s.connection;
            reconnect = s.reconnect;
            sharedSubscriptionGroup = s.sharedSubscriptionGroup;
            deliverSuccessfulReloads = s.deliverSuccessfulReloads;
            maxPayloadBytes = s.maxPayloadBytes;
            maxDepth = s.maxDepth;
            listenerTimeout = s.listenerTimeout;
        }

        /**
         * Takes broker, credentials, topics and the enable flag from Butler's {@code mqttForward} block as
         * {@link MqttSettings#qlikSenseCloudForward()} holds it. (Butler also needs {@code mqttConfig.enable};
         * the YAML module combines both.)
         *
         * @param forward the block
         * @return this builder
         * @throws NullPointerException if {@code forward} is null
         */
        public Builder forward(QlikSenseCloudForward forward) {
            Objects.requireNonNull(forward, "forward");
            enabled = forward.enabled();
            brokerHost = forward.host();
            brokerPort = forward.port();
            credentials = forward.credentials();
            subscriptionRootTopic = forward.subscriptionRootTopic();
            appReloadTopic = forward.appReloadTopic();
            return this;
        }

        /**
         * Sets whether the client connects.
         *
         * @param on whether enabled
         * @return this builder
         */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /**
         * Sets the broker's host.
         *
         * @param host host name or IP address
         * @return this builder
         * @throws NullPointerException if {@code host} is null
         */
        public Builder brokerHost(String host) {
            this.brokerHost = Objects.requireNonNull(host, "brokerHost");
            return this;
        }

        /**
         * Sets the broker's port.
         *
         * @param port 1..65535 (checked by {@link #build()})
         * @return this builder
         */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
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
            this.credentials = Optional.of(new Credentials(username, password));
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
            this.credentials = Objects.requireNonNull(c, "credentials");
            return this;
        }

        /**
         * Sets the topic filter subscribed to.
         *
         * @param filter an MQTT topic filter, e.g. {@code qscloud/#}
         * @return this builder
         * @throws NullPointerException if {@code filter} is null
         */
        public Builder subscriptionRootTopic(String filter) {
            this.subscriptionRootTopic = Objects.requireNonNull(filter, "subscriptionRootTopic");
            return this;
        }

        /**
         * Sets the prefix of the topics app-reload events arrive on.
         *
         * @param prefix e.g. {@code qscloud/app/reload}
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         */
        public Builder appReloadTopic(String prefix) {
            this.appReloadTopic = Objects.requireNonNull(prefix, "appReloadTopic");
            return this;
        }

        /**
         * Sets the tenant whose events are handed on.
         *
         * @param id the tenant ID, as in the events' {@code extensions.tenantId}
         * @return this builder
         * @throws NullPointerException if {@code id} is null
         */
        public Builder tenantId(String id) {
            this.tenantId = Objects.requireNonNull(id, "tenantId");
            return this;
        }

        /**
         * Sets whether failed reloads are handed to the listener (Butler's {@code qlikSenseCloud.enable}).
         *
         * @param on whether the listener is called
         * @return this builder
         */
        public Builder alertsEnabled(boolean on) {
            this.alertsEnabled = on;
            return this;
        }

        /**
         * Sets TLS.
         *
         * @param t the TLS settings; {@code Tls.DEFAULT_ENABLED.withCaFile(...)} for a private CA
         * @return this builder
         * @throws NullPointerException if {@code t} is null
         */
        public Builder tls(Tls t) {
            this.tls = Objects.requireNonNull(t, "tls");
            return this;
        }

        /**
         * Sets the connection settings.
         *
         * @param c client ID, MQTT version, keep-alive, connect timeout, persistent session
         * @return this builder
         * @throws NullPointerException if {@code c} is null
         */
        public Builder connection(Connection c) {
            this.connection = Objects.requireNonNull(c, "connection");
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
            this.reconnect = Objects.requireNonNull(r, "reconnect");
            return this;
        }

        /**
         * Sets the shared-subscription group.
         *
         * @param group the group name (one topic level: no {@code /}, {@code +}, {@code #} or control characters),
         *     or null for none
         * @return this builder
         */
        public Builder sharedSubscriptionGroup(String group) {
            this.sharedSubscriptionGroup = Optional.ofNullable(group);
            return this;
        }

        /**
         * Sets whether successful reloads are delivered too.
         *
         * @param on whether to deliver them
         * @return this builder
         */
        public Builder deliverSuccessfulReloads(boolean on) {
            this.deliverSuccessfulReloads = on;
            return this;
        }

        /**
         * Sets the payload size limit.
         *
         * @param bytes 1..{@value QlikCloudSettings#MAX_PAYLOAD_BYTES_LIMIT} (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxPayloadBytes(int bytes) {
            this.maxPayloadBytes = bytes;
            return this;
        }

        /**
         * Sets the nesting limit.
         *
         * @param depth 1..{@value QlikCloudSettings#MAX_DEPTH_LIMIT} (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxDepth(int depth) {
            this.maxDepth = depth;
            return this;
        }

        /**
         * Sets the listener timeout.
         *
         * @param timeout 1 ms..24 h (checked by {@link #build()})
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder listenerTimeout(Duration timeout) {
            this.listenerTimeout = Objects.requireNonNull(timeout, "listenerTimeout");
            return this;
        }

        /**
         * Checks every setting and builds the immutable settings. Broker, topics and tenant are checked
         * only when {@link #enabled(boolean) enabled}, so Butler's template (with placeholders, disabled)
         * loads; the extensions are always checked.
         *
         * @return the settings
         * @throws InvalidSettingsException listing every invalid setting, each named by its property
         *     ({@code brokerHost}, {@code tenantId}, {@code connection.clientId}, {@code tls.caFile}, ...)
         */
        public QlikCloudSettings build() {
            SettingsProblems p = new SettingsProblems();
            if (enabled) {
                p.host("brokerHost", brokerHost, true);
                p.port("brokerPort", brokerPort);
                p.username("credentials.username", credentials);
                boolean filterValid = p.topicFilter("subscriptionRootTopic", subscriptionRootTopic);
                if (p.topicName("appReloadTopic", appReloadTopic, false) && filterValid
                        && !Topics.matches(subscriptionRootTopic, appReloadTopic)
                        && !Topics.matches(subscriptionRootTopic, appReloadTopic + "/x")) {
                    p.add("appReloadTopic", Topics.quote(appReloadTopic) + " is not under subscriptionRootTopic "
                            + Topics.quote(subscriptionRootTopic) + ", so no app-reload event would be received");
                }
                if (tenantId.isBlank()) {
                    p.add("tenantId", "must be set: only events of this Qlik Cloud tenant (extensions.tenantId) are"
                            + " handed on");
                }
            }
            p.tls(tls);
            p.connection(connection);
            p.reconnect(reconnect);
            p.sharedSubscriptionGroup("sharedSubscriptionGroup", sharedSubscriptionGroup);
            if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PAYLOAD_BYTES_LIMIT) {
                p.add("maxPayloadBytes", "must be 1.." + MAX_PAYLOAD_BYTES_LIMIT + ", but was " + maxPayloadBytes);
            }
            if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
                p.add("maxDepth", "must be 1.." + MAX_DEPTH_LIMIT + ", but was " + maxDepth);
            }
            p.duration("listenerTimeout", listenerTimeout, Duration.ofMillis(1), Duration.ofHours(24));
            p.throwIfAny("MQTT");
            return new QlikCloudSettings(this);
        }
    }
}
