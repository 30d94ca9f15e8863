package io.butlermqtt.yaml;

import io.butlermqtt.EventServerSettings;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.QrsSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything of Butler's config file that butler-mqtt uses, as one immutable value: read by
 * {@link ButlerYamlConfig#loadConfig(java.nio.file.Path)}.
 *
 * <p>Each part is the settings value of the component that uses it, so a program that runs the whole
 * pipeline (as the bridge does) hands each part to its component; a program that needs only the
 * MQTT settings can use {@link ButlerYamlConfig#load(java.nio.file.Path)}, which returns
 * {@link #mqtt()}.
 *
 * <p>Thread-safe and immutable. {@code toString()} never shows a secret.
 */
public final class ButlerConfig {

    private final MqttSettings mqtt;
    private final EventServerSettings eventServer;
    private final Optional<QrsSettings> qrs;
    private final QlikCloudSettings qlikCloud;

    private ButlerConfig(Builder b) {
        this.mqtt = b.mqtt;
        this.eventServer = b.eventServer;
        this.qrs = b.qrs;
        this.qlikCloud = b.qlikCloud;
    }

    /**
     * Starts a builder; every part starts at its defaults (Butler's template values).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's parts.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mqtt = mqtt;
        b.eventServer = eventServer;
        b.qrs = qrs;
        b.qlikCloud = qlikCloud;
        return b;
    }

    /**
     * The MQTT settings: Butler's {@code Butler.mqttConfig} and butler-mqtt's extensions in
     * {@code Butler.butlerMqtt}.
     *
     * @return the MQTT settings
     */
    public MqttSettings mqtt() {
        return mqtt;
    }

    /**
     * The event server settings: Butler's {@code Butler.udpServerConfig} and butler-mqtt's extensions in
     * {@code Butler.butlerMqtt.eventServer}. Disabled when the file has no {@code udpServerConfig}.
     *
     * @return the event server settings
     */
    public EventServerSettings eventServer() {
        return eventServer;
    }

    /**
     * The Qlik Repository Service settings, for {@link io.butlermqtt.QrsClient#create(QrsSettings)}: Butler's
     * {@code Butler.configQRS}, {@code Butler.cert} and {@code Butler.startTaskFilter}, and butler-mqtt's
     * {@code Butler.butlerMqtt.qrs}. Butler's templates always hold {@code configQRS} and {@code cert}, with a
     * placeholder client certificate ({@code <path/to/cert/client.pem>}); so QRS counts as configured when
     * {@code Butler.cert.clientCert} is set to a path, or when {@code Butler.butlerMqtt.qrs.enable} is
     * {@code true} ({@code false} turns it off). Only then are the sections checked.
     *
     * @return the QRS settings, or empty when QRS is not configured (and in the short file form, which has no
     *     QRS sections)
     */
    public Optional<QrsSettings> qrs() {
        return qrs;
    }

    /**
     * The settings of the Qlik Cloud event client ({@code QlikCloudEventClient}): Butler's
     * {@code Butler.mqttConfig.qlikSenseCloud.event.mqttForward} block, the tenant
     * ({@code Butler.qlikSenseCloud.event.mqtt.tenant.id}) and {@code Butler.qlikSenseCloud.enable}, and
     * butler-mqtt's extensions in {@code Butler.butlerMqtt.qlikCloud}. Enabled when both
     * {@code mqttConfig.enable} and {@code mqttForward.enable} are on, as in Butler.
     *
     * @return the Qlik Cloud event client's settings
     */
    public QlikCloudSettings qlikCloud() {
        return qlikCloud;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButlerConfig && ((ButlerConfig) o).mqtt.equals(mqtt)
                && ((ButlerConfig) o).eventServer.equals(eventServer) && ((ButlerConfig) o).qrs.equals(qrs)
                && ((ButlerConfig) o).qlikCloud.equals(qlikCloud);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mqtt, eventServer, qrs, qlikCloud);
    }

    /** Shows every part; secrets are hidden by the parts' own {@code toString()}. */
    @Override
    public String toString() {
        return "ButlerConfig{mqtt=" + mqtt + ", eventServer=" + eventServer + ", qrs="
                + qrs.map(QrsSettings::toString).orElse("not configured") + ", qlikCloud=" + qlikCloud + '}';
    }

    /** Collects the parts of a {@link ButlerConfig}. Not thread-safe. */
    public static final class Builder {

        private MqttSettings mqtt = MqttSettings.builder().build();
        private EventServerSettings eventServer = EventServerSettings.builder().enabled(false).build();
        private Optional<QrsSettings> qrs = Optional.empty();
        private QlikCloudSettings qlikCloud = QlikCloudSettings.builder().build();

        private Builder() {
        }

        /**
         * Sets the MQTT settings.
         *
         * @param mqtt the MQTT settings
         * @return this builder
         * @throws NullPointerException if {@code mqtt} is null
         */
        public Builder mqtt(MqttSettings mqtt) {
            this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
            return this;
        }

        /**
         * Sets the event server settings (default: disabled, otherwise Butler's template values).
         *
         * @param eventServer the event server settings
         * @return this builder
         * @throws NullPointerException if {@code eventServer} is null
         */
        public Builder eventServer(EventServerSettings eventServer) {
            this.eventServer = Objects.requireNonNull(eventServer, "eventServer");
            return this;
        }

        /**
         * Sets the Qlik Repository Service settings.
         *
         * @param qrs the settings, or null when QRS is not configured
         * @return this builder
         */
        public Builder qrs(QrsSettings qrs) {
            this.qrs = Optional.ofNullable(qrs);
            return this;
        }

        /**
         * Sets the Qlik Cloud event client's settings (default: disabled, Butler's template values).
         *
         * @param qlikCloud the settings
         * @return this builder
         * @throws NullPointerException if {@code qlikCloud} is null
         */
        public Builder qlikCloud(QlikCloudSettings qlikCloud) {
            this.qlikCloud = Objects.requireNonNull(qlikCloud, "qlikCloud");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public ButlerConfig build() {
            return new ButlerConfig(this);
        }
    }
}
