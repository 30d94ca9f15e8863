package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.QlikCloudSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code ButlerConfig.qlikCloud()}: Butler's forward block, tenant and switch, and the {@code butlerMqtt.qlikCloud} extensions. */
class QlikCloudConfigTest {

    private static final String T16 = "butler-16.0.4-production_template.yaml";

    private static final String FILE = """
            Butler:
              mqttConfig:
                enable: true
                brokerHost: broker.example.com
                qlikSenseCloud:
                  event:
                    mqttForward:
                      enable: true
                      broker:
                        host: cloud-gw.example.com
                        port: 8883
                        username: butler
                        password: ${GW_PASSWORD}
                      topic:
                        subscriptionRoot: qscloud/#
                        appReload: qscloud/app/reload
              qlikSenseCloud:
                enable: true
                event:
                  mqtt:
                    tenant:
                      id: T3nant-ABC_123
                      tenantUrl: https://acme.eu.qlikcloud.com
                      alert:
                        anything: [ignored, by, butler-mqtt]
            """;

    private static ButlerConfig parse(String text) {
        return io.butlermqtt.yaml.internal.ConfigLoader.parse(text, "butler.yaml",
                name -> name.equals("GW_PASSWORD") ? "gw-s3cret" : null);
    }

    private static List<String> problems(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    @Test
    void butlersKeys_read() {
        QlikCloudSettings s = parse(FILE).qlikCloud();
        assertTrue(s.enabled());
        assertEquals("cloud-gw.example.com", s.brokerHost());
        assertEquals(8883, s.brokerPort());
        assertEquals(Optional.of(new Credentials("butler", "gw-s3cret")), s.credentials());
        assertEquals("qscloud/#", s.subscriptionRootTopic());
        assertEquals("qscloud/app/reload", s.appReloadTopic());
        assertEquals("T3nant-ABC_123", s.tenantId());
        assertTrue(s.alertsEnabled());
        assertEquals(QlikCloudSettings.builder().build().tls(), s.tls(), "TLS on, as Butler's mqtts://");
        assertFalse(parse(FILE).toString().contains("gw-s3cret"));
    }

    @Test
    void enabled_needsBothMqttConfigEnableAndMqttForwardEnable() {
        assertFalse(parse(FILE.replace("    enable: true\n    brokerHost", "    enable: false\n    brokerHost"))
                .qlikCloud().enabled());
        assertFalse(parse(FILE.replace("          enable: true\n          broker:", "          enable: false\n"
                + "          broker:")).qlikCloud().enabled());
    }

    @Test
    void qlikSenseCloudEnable_falseOrMissing_alertsOff() {
        assertFalse(parse(FILE.replace("  qlikSenseCloud:\n    enable: true", "  qlikSenseCloud:\n    enable: false"))
                .qlikCloud().alertsEnabled());
        assertFalse(parse(FILE.replace("  qlikSenseCloud:\n    enable: true\n", "  qlikSenseCloud:\n"))
                .qlikCloud().alertsEnabled());
    }

    @Test
    void everyExtensionKey_read() {
        String text = FILE + """
                  butlerMqtt:
                    qlikCloud:
                      tls:
                        caFile: /etc/butler/cloud-ca.pem
                        hostnameVerification: false
                      connection:
                        mqttVersion: 5
                        clientId: butler-cloud-1
                        keepAlive: 20s
                        connectTimeout: 5s
                        persistentSession: true
                        sessionExpiry: 2h
                      reconnect:
                        initialDelay: 200ms
                        maxDelay: 30s
                      sharedSubscriptionGroup: cloud-alerts
                      deliverSuccessfulReloads: true
                      maxPayloadBytes: 65536
                      maxDepth: 16
                      listenerTimeout: 2m
                """;
        QlikCloudSettings s = parse(text).qlikCloud();
        assertEquals(Tls.DEFAULT_ENABLED.withCaFile(Path.of("/etc/butler/cloud-ca.pem")).withHostnameVerification(false),
                s.tls());
        assertEquals(new Connection(MqttVersion.MQTT_5, Optional.of("butler-cloud-1"), Duration.ofSeconds(20),
                Duration.ofSeconds(5), true, Duration.ofHours(2)), s.connection());
        assertEquals(new Reconnect(Duration.ofMillis(200), Duration.ofSeconds(30)), s.reconnect());
        assertEquals(Optional.of("cloud-alerts"), s.sharedSubscriptionGroup());
        assertTrue(s.deliverSuccessfulReloads());
        assertEquals(65536, s.maxPayloadBytes());
        assertEquals(16, s.maxDepth());
        assertEquals(Duration.ofMinutes(2), s.listenerTimeout());
        assertEquals(Duration.ofSeconds(30), QlikCloudSettings.builder().build().connection().connectTimeout());
    }

    @Test
    void tlsOff_andClientCertificate_readAsExtensions() {
        QlikCloudSettings off = parse(FILE + "  butlerMqtt:\n    qlikCloud:\n      tls:\n        enable: false\n")
                .qlikCloud();
        assertFalse(off.tls().enabled());
        QlikCloudSettings cert = parse(FILE + """
                  butlerMqtt:
                    qlikCloud:
                      tls:
                        clientCertFile: /etc/butler/c.pem
                        clientKeyFile: /etc/butler/k.pem
                        clientKeyPassword: kp
                """).qlikCloud();
        assertEquals(Optional.of(Path.of("/etc/butler/c.pem")), cert.tls().clientCertFile());
        assertEquals(Optional.of("kp"), cert.tls().clientKeyPassword());
    }

    @Test
    void tenantMissing_whenEnabled_reportedAtButlersKey() {
        String text = FILE.replace("          id: T3nant-ABC_123\n", "");
        assertEquals(List.of("Butler.qlikSenseCloud.event.mqtt.tenant.id: must be set: only events of this Qlik "
                + "Cloud tenant (extensions.tenantId) are handed on (the key is not in the file)"), problems(text));
        assertEquals("", parse(text.replace("          enable: true\n          broker:", "          enable: false\n"
                + "          broker:")).qlikCloud().tenantId(), "not needed when the forward is off");
    }

    @Test
    void extensionProblems_everyOneAtItsLine() {
        String text = FILE + """
                  butlerMqtt:
                    qlikCloud:
                      maxDepth: 0
                      maxPayloadBytez: 10
                      listenerTimeout: soon
                      connection:
                        mqttVersion: 4
                      tls:
                        caFile: <path to CA>
                """;
        assertEquals(List.of(
                "Butler.butlerMqtt.qlikCloud.maxPayloadBytez (line 29, col 7): unknown key; did you mean \"maxPayloadBytes\"?",
                "Butler.butlerMqtt.qlikCloud.listenerTimeout (line 30, col 24): expected a duration such as 30s, 500ms, "
                        + "5m or 1h, found \"soon\"",
                "Butler.butlerMqtt.qlikCloud.connection.mqttVersion (line 32, col 22): expected 3.1.1 or 5, found \"4\"",
                "Butler.butlerMqtt.qlikCloud.tls.caFile (line 34, col 17): \"<path to CA>\" is a placeholder from "
                        + "Butler's template; replace it with the path of a CA certificate (PEM) file"),
                problems(text));
        assertEquals(List.of("Butler.butlerMqtt.qlikCloud.maxDepth (line 28, col 17): must be 1..64, but was 0"),
                problems(FILE + "  butlerMqtt:\n    qlikCloud:\n      maxDepth: 0\n"));
    }

    @Test
    void appReloadTopicOutsideTheSubscription_reportedAtTheTopicKey() {
        String text = FILE.replace("appReload: qscloud/app/reload", "appReload: other/app/reload");
        assertEquals(List.of("Butler.mqttConfig.qlikSenseCloud.event.mqttForward.topic.appReload (line 16, col 24): "
                + "\"other/app/reload\" is not under subscriptionRootTopic \"qscloud/#\", so no app-reload event would "
                + "be received"), problems(text));
    }

    @Test
    void shortForm_qlikSenseCloudAtTheRoot() {
        String text = """
                mqttConfig:
                  enable: true
                  brokerHost: broker.example.com
                  qlikSenseCloud:
                    event:
                      mqttForward:
                        enable: true
                        broker:
                          host: cloud-gw.example.com
                qlikSenseCloud:
                  enable: true
                  event:
                    mqtt:
                      tenant:
                        id: tenant-9
                butlerMqtt:
                  qlikCloud:
                    deliverSuccessfulReloads: true
                """;
        QlikCloudSettings s = parse(text).qlikCloud();
        assertTrue(s.enabled());
        assertEquals("tenant-9", s.tenantId());
        assertTrue(s.deliverSuccessfulReloads());
    }

    @Test
    void noCloudSections_defaultsDisabled() {
        ButlerConfig c = parse("mqttConfig:\n  enable: true\n  brokerHost: b.example.com\n");
        assertEquals(QlikCloudSettings.builder().alertsEnabled(false).build(), c.qlikCloud());
    }

    @Test
    void butlersTemplate_asShipped_disabled_withItsValues() {
        QlikCloudSettings s = ButlerYamlConfig.loadConfig(Fixtures.butlerTemplate(T16)).qlikCloud();
        assertFalse(s.enabled());
        assertFalse(s.alertsEnabled());
        assertEquals("mqttbroker.company.com", s.brokerHost());
        assertEquals("tenant.region.qlikcloud.com", s.tenantId());
    }

    @Test
    void butlersTemplate_forwardEnabled_reportsItsCredentialPlaceholders_thenLoads() {
        String text = Fixtures.read(Fixtures.butlerTemplate(T16))
                .replace("enable: false # Should Qlik Sense events be forwarded as MQTT messages?",
                        "enable: true # Should Qlik Sense events be forwarded as MQTT messages?")
                .replace("mqttForward: # QS Cloud events forwarded to MQTT topics, which Butler will subscribe to\n"
                        + "                    enable: false", "mqttForward:\n                    enable: true");
        List<String> p = problems(text);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("Butler.mqttConfig.qlikSenseCloud.event.mqttForward.broker.username"), p.get(0));
        assertTrue(p.get(1).contains("broker.password") && p.get(1).contains("the value is a placeholder"), p.get(1));
        QlikCloudSettings s = parse(text.replace("username: <username>", "username: gw")
                .replace("password: <password>", "password: pw")).qlikCloud();
        assertTrue(s.enabled());
        assertEquals("tenant.region.qlikcloud.com", s.tenantId());
        assertFalse(s.alertsEnabled(), "the template ships qlikSenseCloud.enable: false");
    }
}
