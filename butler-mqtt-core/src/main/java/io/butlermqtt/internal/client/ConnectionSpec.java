package io.butlermqtt.internal.client;

import io.butlermqtt.MqttSettings.MqttVersion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one connection needs, resolved from the settings: the effective client ID, user name
 * and TLS configuration. {@link #toString()} hides the password.
 *
 * <p>Internal: may change in any release.
 *
 * @param host broker host
 * @param port broker port
 * @param clientId the client ID used on every connect
 * @param version MQTT version
 * @param keepAlive keep-alive interval
 * @param connectTimeout bound for the TCP/TLS connect and for the CONNACK
 * @param persistentSession clean session / clean start off
 * @param sessionExpiry session expiry (MQTT 5, persistent sessions only)
 * @param username user name, if any
 * @param password password, if any
 * @param will Last Will, if any
 * @param tls the HiveMQ TLS configuration ({@code com.hivemq.client.mqtt.MqttClientSslConfig}), if TLS is on
 */
public record ConnectionSpec(
        String host,
        int port,
        String clientId,
        MqttVersion version,
        Duration keepAlive,
        Duration connectTimeout,
        boolean persistentSession,
        Duration sessionExpiry,
        Optional<String> username,
        Optional<byte[]> password,
        Optional<Will> will,
        Optional<Object> tls) {

    /**
     * Checks for nulls.
     *
     * @throws NullPointerException naming the null component
     */
    public ConnectionSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(will, "will");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * A Last Will message.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     * @param retain the retain flag
     */
    public record Will(String topic, ByteBuffer payload, int qos, boolean retain) {
    }

    /** @return "MQTT 3.1.1" or "MQTT 5" */
    public String versionName() {
        return version == MqttVersion.MQTT_5 ? "MQTT 5" : "MQTT 3.1.1";
    }

    @Override
    public String toString() {
        return "ConnectionSpec{" + host + ':' + port + ", clientId=" + clientId + ", " + versionName()
                + ", keepAlive=" + keepAlive + ", connectTimeout=" + connectTimeout
                + ", persistentSession=" + persistentSession + ", sessionExpiry=" + sessionExpiry
                + ", username=" + username.orElse("none") + ", password=" + (password.isPresent() ? "****" : "none")
                + ", will=" + will.map(Will::topic).orElse("none") + ", tls=" + tls.isPresent() + '}';
    }
}
