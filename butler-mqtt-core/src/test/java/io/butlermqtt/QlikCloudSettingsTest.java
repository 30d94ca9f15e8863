package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Defaults, validation (all problems at once) and secrets of the Qlik Cloud client's settings. */
class QlikCloudSettingsTest {

    private static List<String> problems(QlikCloudSettings.Builder b) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, b::build);
        return e.problems().stream().map(InvalidSettingsException.Problem::toString).collect(Collectors.toList());
    }

    @Test
    void defaults_areButlersTemplate_disabled_tlsOn() {
        QlikCloudSettings s = QlikCloudSettings.builder().build();
        assertFalse(s.enabled());
        assertEquals("localhost", s.brokerHost());
        assertEquals(8765, s.brokerPort());
        assertEquals(Optional.empty(), s.credentials());
        assertEquals("qscloud/#", s.subscriptionRootTopic());
        assertEquals("qscloud/app/reload", s.appReloadTopic());
        assertEquals("", s.tenantId());
        assertTrue(s.alertsEnabled());
        assertTrue(s.tls().enabled());
        assertTrue(s.tls().hostnameVerification());
        assertEquals(Optional.empty(), s.tls().caFile());
        assertEquals(Duration.ofSeconds(30), s.connection().connectTimeout(), "Butler's 30 s");
        assertEquals(Reconnect.DEFAULT, s.reconnect());
        assertEquals(Optional.empty(), s.sharedSubscriptionGroup());
        assertFalse(s.deliverSuccessfulReloads());
        assertEquals(1_048_576, s.maxPayloadBytes());
        assertEquals(32, s.maxDepth());
        assertEquals(Duration.ofSeconds(30), s.listenerTimeout());
        assertEquals("butler/qscloud/event/mqttforward/status", QlikCloudSettings.STATUS_TOPIC);
    }

    @Test
    void forward_copiesButlersBlock() {
        QlikSenseCloudForward f = new QlikSenseCloudForward(true, "mqtt.example.com", 8883,
                Optional.of(new Credentials("gw", "s3cret")), "cloud/#", "cloud/app/reload");
        QlikCloudSettings s = QlikCloudSettings.builder().forward(f).tenantId("t").build();
        assertTrue(s.enabled());
        assertEquals("mqtt.example.com", s.brokerHost());
        assertEquals(8883, s.brokerPort());
        assertEquals(f.credentials(), s.credentials());
        assertEquals("cloud/#", s.subscriptionRootTopic());
        assertEquals("cloud/app/reload", s.appReloadTopic());
    }

    @Test
    void build_enabled_everyProblemAtOnce() {
        List<String> p = problems(QlikCloudSettings.builder().enabled(true)
                .brokerHost("<FQDN>").brokerPort(0).credentials("", "pw")
                .subscriptionRootTopic("qscloud/#/x").appReloadTopic("qscloud/+/reload")
                .tls(Tls.DEFAULT_ENABLED.withClientCertificate(Path.of("c.pem"), null))
                .connection(Connection.DEFAULT.withClientId("").withKeepAlive(Duration.ZERO))
                .reconnect(new Reconnect(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .sharedSubscriptionGroup("a/b").maxPayloadBytes(0).maxDepth(65)
                .listenerTimeout(Duration.ZERO));
        assertEquals(List.of(
                "brokerHost: must be a host name or IP address, but was \"<FQDN>\" (a placeholder from Butler's template?)",
                "brokerPort: must be 1..65535, but was 0",
                "credentials.username: must not be empty when credentials are given",
                "subscriptionRootTopic: is not a valid MQTT topic filter: may use '#' only as the whole last level, but was \"qscloud/#/x\"",
                "appReloadTopic: is not a valid MQTT topic name: must not contain the wildcard '+' (a topic name, not a filter), but was \"qscloud/+/reload\"",
                "tenantId: must be set: only events of this Qlik Cloud tenant (extensions.tenantId) are handed on",
                "tls.clientKeyFile: must be set because tls.clientCertFile is set",
                "connection.clientId: must not be empty (leave it unset for a generated one)",
                "connection.keepAlive: must be PT1S..PT18H12M15S, but was PT0S",
                "reconnect.initialDelay: must not be longer than reconnect.maxDelay (PT5S), but was PT10S",
                "sharedSubscriptionGroup: must be a non-empty name without '/', '+', '#' or U+0000, but was \"a/b\"",
                "maxPayloadBytes: must be 1..268435455, but was 0",
                "maxDepth: must be 1..64, but was 65",
                "listenerTimeout: must be PT0.001S..PT24H, but was PT0S"), p);
    }

    @Test
    void build_sharedGroupWithControlCharacter_refusedAsForTheStartTaskGroup() {
        assertEquals(List.of("sharedSubscriptionGroup: must not contain control characters (MQTT: they should not be "
                        + "used in topics, and a broker may drop the connection for them), but has U+0085 at index 1"),
                problems(QlikCloudSettings.builder().sharedSubscriptionGroup("g\u0085")));
    }

    @Test
    void build_disabled_brokerAndTenantNotChecked() {
        QlikCloudSettings s = QlikCloudSettings.builder().brokerHost("<FQDN or IP>").brokerPort(0).build();
        assertFalse(s.enabled());
        assertEquals(List.of("maxDepth: must be 1..64, but was 0"),
                problems(QlikCloudSettings.builder().maxDepth(0)), "extensions are always checked");
    }

    @Test
    void build_appReloadTopicNotUnderTheSubscription_refused() {
        assertEquals(List.of("appReloadTopic: \"other/app/reload\" is not under subscriptionRootTopic \"qscloud/#\", "
                        + "so no app-reload event would be received"),
                problems(QlikCloudSettings.builder().enabled(true).tenantId("t").appReloadTopic("other/app/reload")));
        QlikCloudSettings.builder().enabled(true).tenantId("t").subscriptionRootTopic("qscloud/app/reload/+").build();
        QlikCloudSettings.builder().enabled(true).tenantId("t").subscriptionRootTopic("qscloud/app/reload").build();
    }

    @Test
    void toString_hidesSecrets_equalsAndToBuilder() {
        QlikCloudSettings s = QlikCloudSettings.builder().enabled(true).tenantId("t").credentials("gw", "p4ssw0rd")
                .tls(Tls.DEFAULT_ENABLED.withClientCertificate(Path.of("c.pem"), Path.of("k.pem"))
                        .withClientKeyPassword("k3ypass"))
                .build();
        assertFalse(s.toString().contains("p4ssw0rd"), s.toString());
        assertFalse(s.toString().contains("k3ypass"), s.toString());
        assertTrue(s.toString().contains("username=gw"), s.toString());
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().deliverSuccessfulReloads(true).build());
        assertThrows(NullPointerException.class, () -> QlikCloudSettings.builder().tenantId(null));
    }
}
