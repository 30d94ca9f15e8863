package io.butlermqtt.yaml.internal;

import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.QlikCloudSettings;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the Qlik Cloud event client's settings ({@link QlikCloudSettings}):
 * <ul>
 *   <li>Butler's {@code mqttConfig.qlikSenseCloud.event.mqttForward} block, already read into
 *       {@link MqttSettings#qlikSenseCloudForward()} by {@link Binder};</li>
 *   <li>Butler's {@code Butler.qlikSenseCloud.enable} and {@code Butler.qlikSenseCloud.event.mqtt.tenant.id}
 *       ({@code qlikSenseCloud:} at the root of the short form). Butler's other keys in that section (the
 *       tenant URL, the JWT, the alert settings) are not read and not validated;</li>
 *   <li>butler-mqtt's extensions in {@code Butler.butlerMqtt.qlikCloud}.</li>
 * </ul>
 * Reports every problem where it is, like {@link Binder}; the rules of {@link QlikCloudSettings.Builder#build()}
 * are reported at the keys they concern.
 */
final class QlikCloudReader {

    /** The extension section's key under {@code butlerMqtt}. */
    static final String SECTION = "qlikCloud";

    /** Butler's section beside {@code mqttConfig}. */
    static final String BUTLER_SECTION = "qlikSenseCloud";

    static final List<String> KEYS = List.of("tls", "connection", "reconnect", "sharedSubscriptionGroup",
            "deliverSuccessfulReloads", "maxPayloadBytes", "maxDepth", "listenerTimeout");
    private static final List<String> TLS_KEYS = List.of("enable", "caFile", "clientCertFile", "clientKeyFile",
            "clientKeyPassword", "hostnameVerification");
    private static final List<String> CONNECTION_KEYS = List.of("mqttVersion", "clientId", "keepAlive",
            "connectTimeout", "persistentSession", "sessionExpiry");
    private static final List<String> RECONNECT_KEYS = List.of("initialDelay", "maxDelay");

    /** Prefix of the properties recorded for {@link Binder#locatedAt}, apart from {@link MqttSettings}'. */
    private static final String P = "qlikCloud.";

    private final Binder b;

    QlikCloudReader(Binder binder) {
        this.b = binder;
    }

    /**
     * Reads the settings.
     *
     * @param butlerSection the mapping holding Butler's sections ({@code Butler:}, or the root of the short form)
     * @param butlerPrefix {@code "Butler."} or {@code ""}, for key paths
     * @param extension the {@code butlerMqtt} node, or null
     * @param extensionRoot its key path
     * @param mqtt the MQTT settings, or null when they had problems
     * @return the settings, or null when a problem was reported (or {@code mqtt} is null)
     */
    QlikCloudSettings read(Node butlerSection, String butlerPrefix, Node extension, String extensionRoot,
            MqttSettings mqtt) {
        QlikSenseCloudForward forward = mqtt == null ? null : mqtt.qlikSenseCloudForward();
        boolean on = mqtt != null && mqtt.enabled() && forward.enabled();
        QlikCloudSettings.Builder builder = QlikCloudSettings.builder();
        if (forward != null) {
            builder.forward(forward).enabled(on);
        }

        // Butler's qlikSenseCloud section: enable and tenant.id only
        builder.alertsEnabled(false); // Butler alerts only when qlikSenseCloud.enable is true
        Node cloud = Binder.find(butlerSection, BUTLER_SECTION);
        String cloudPath = butlerPrefix + BUTLER_SECTION;
        if (cloud instanceof MappingNode) {
            Binder.Section s = new Binder.Section(cloudPath);
            s.entries.putAll(Binder.plainEntries((MappingNode) cloud));
            b.bool(s, "enable", P + "alertsEnabled").ifPresent(builder::alertsEnabled);
            Node tenant = Binder.find(cloud, "event", "mqtt", "tenant");
            if (tenant instanceof MappingNode) {
                Binder.Section t = new Binder.Section(cloudPath + ".event.mqtt.tenant");
                t.entries.putAll(Binder.plainEntries((MappingNode) tenant));
                b.string(t, "id", P + "tenantId", "the Qlik Cloud tenant ID", on).ifPresent(builder::tenantId);
            }
        }

        Node ext = extension == null ? null : Binder.find(extension, SECTION);
        if (ext != null && !Binder.isNull(ext)) {
            readExtension(b.section(extensionRoot + "." + SECTION, ext, KEYS, false), builder, on);
        }

        if (mqtt == null || !b.problems().isEmpty()) {
            return null;
        }
        try {
            return builder.build();
        } catch (InvalidSettingsException e) {
            for (InvalidSettingsException.Problem p : e.problems()) {
                report(p, butlerPrefix, extensionRoot);
            }
            return null;
        }
    }

    private void readExtension(Binder.Section s, QlikCloudSettings.Builder builder, boolean on) {
        if (s == null) {
            return;
        }
        QlikCloudSettings d = QlikCloudSettings.builder().build();

        Binder.Section tls = b.childSection(s, "tls", TLS_KEYS);
        if (tls != null) {
            Tls t = d.tls();
            Optional<Boolean> enable = b.bool(tls, "enable", P + "tls.enabled");
            boolean tlsOn = on && enable.orElse(true);
            t = t.withEnabled(enable.orElse(t.enabled()));
            t = t.withCaFile(b.path(tls, "caFile", P + "tls.caFile", "the path of a CA certificate (PEM) file", tlsOn)
                    .orElse(null));
            t = t.withClientCertificate(
                    b.path(tls, "clientCertFile", P + "tls.clientCertFile",
                            "the path of the client certificate (PEM) file", tlsOn).orElse(null),
                    b.path(tls, "clientKeyFile", P + "tls.clientKeyFile", "the path of the client key (PEM) file", tlsOn)
                            .orElse(null));
            t = t.withClientKeyPassword(b.optionalString(tls, "clientKeyPassword", P + "tls.clientKeyPassword",
                    "a password", tlsOn).orElse(null));
            t = t.withHostnameVerification(b.bool(tls, "hostnameVerification", P + "tls.hostnameVerification")
                    .orElse(t.hostnameVerification()));
            builder.tls(t);
        }

        Binder.Section connection = b.childSection(s, "connection", CONNECTION_KEYS);
        if (connection != null) {
            Connection c = d.connection();
            Optional<String> version = b.string(connection, "mqttVersion", P + "connection.mqttVersion",
                    "3.1.1 or 5", on);
            if (version.isPresent()) {
                switch (version.get()) {
                    case "3.1.1" -> c = c.withMqttVersion(MqttVersion.MQTT_3_1_1);
                    case "5", "5.0" -> c = c.withMqttVersion(MqttVersion.MQTT_5);
                    default -> b.typeProblem(connection.child("mqttVersion"), connection.entries.get("mqttVersion"),
                            "3.1.1 or 5", "\"" + version.get() + "\"");
                }
            }
            c = c.withClientId(b.optionalString(connection, "clientId", P + "connection.clientId", "a client ID", on)
                    .orElse(null));
            c = c.withKeepAlive(b.duration(connection, "keepAlive", P + "connection.keepAlive", on)
                    .orElse(c.keepAlive()));
            c = c.withConnectTimeout(b.duration(connection, "connectTimeout", P + "connection.connectTimeout", on)
                    .orElse(c.connectTimeout()));
            c = c.withPersistentSession(b.bool(connection, "persistentSession", P + "connection.persistentSession")
                    .orElse(c.persistentSession()));
            c = c.withSessionExpiry(b.duration(connection, "sessionExpiry", P + "connection.sessionExpiry", on)
                    .orElse(c.sessionExpiry()));
            builder.connection(c);
        }

        Binder.Section reconnect = b.childSection(s, "reconnect", RECONNECT_KEYS);
        if (reconnect != null) {
            Reconnect r = d.reconnect();
            builder.reconnect(new Reconnect(
                    b.duration(reconnect, "initialDelay", P + "reconnect.initialDelay", on).orElse(r.initialDelay()),
                    b.duration(reconnect, "maxDelay", P + "reconnect.maxDelay", on).orElse(r.maxDelay())));
        }

        b.optionalString(s, "sharedSubscriptionGroup", P + "sharedSubscriptionGroup", "a group name", on)
                .ifPresent(builder::sharedSubscriptionGroup);
        b.bool(s, "deliverSuccessfulReloads", P + "deliverSuccessfulReloads")
                .ifPresent(builder::deliverSuccessfulReloads);
        b.integer(s, "maxPayloadBytes", P + "maxPayloadBytes",
                "an integer 1.." + QlikCloudSettings.MAX_PAYLOAD_BYTES_LIMIT, on).ifPresent(builder::maxPayloadBytes);
        b.integer(s, "maxDepth", P + "maxDepth", "an integer 1.." + QlikCloudSettings.MAX_DEPTH_LIMIT, on)
                .ifPresent(builder::maxDepth);
        b.duration(s, "listenerTimeout", P + "listenerTimeout", on).ifPresent(builder::listenerTimeout);
    }

    /** Reports one problem of {@link QlikCloudSettings.Builder#build()} at its key, unless one is already there. */
    private void report(InvalidSettingsException.Problem p, String butlerPrefix, String extensionRoot) {
        String property = p.property();
        String forwardProperty = switch (property) {
            case "brokerHost" -> "qlikSenseCloudForward.host";
            case "brokerPort" -> "qlikSenseCloudForward.port";
            case "credentials.username" -> "qlikSenseCloudForward.username";
            case "subscriptionRootTopic" -> "qlikSenseCloudForward.subscriptionRootTopic";
            case "appReloadTopic" -> "qlikSenseCloudForward.appReloadTopic";
            default -> null;
        };
        Binder.Located at = b.locatedAt(forwardProperty != null ? forwardProperty : P + property);
        String path;
        if (at != null) {
            path = at.path();
        } else if (forwardProperty != null) {
            path = b.yamlPathOf(forwardProperty);
        } else if (property.equals("tenantId")) {
            path = butlerPrefix + BUTLER_SECTION + ".event.mqtt.tenant.id";
        } else {
            path = extensionRoot + "." + SECTION + "." + property;
        }
        if (b.problems().hasProblemAt(path)) {
            return;
        }
        if (at != null) {
            b.problems().add(path, at.mark(), p.message());
        } else {
            b.problems().add(path, 0, 0, p.message() + " (the key is not in the file)");
        }
    }
}
