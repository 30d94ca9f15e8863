package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.Availability;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.Delivery;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Outbox;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.TaskStart;
import io.butlermqtt.MqttSettings.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The extension section, the short file form, and the YAML 1.1 traps that are accepted. */
class ExtensionKeysTest {

    @Test
    void everyExtensionKey_isRead() {
        // parse, not load: the TLS files it names (/etc/butler/...) exist only as text here; load would read them
        MqttSettings s = ButlerYamlConfig.parse(Fixtures.resource("ok/every-extension-key.yaml"), "every-extension-key.yaml");
        assertEquals(new Delivery(2, true, 524_288), s.delivery());
        assertEquals(new Connection(MqttVersion.MQTT_5, Optional.of("sense-events-1"), Duration.ofSeconds(30),
                Duration.ofMillis(2500), true, Duration.ofHours(2)), s.connection());
        assertEquals(Optional.of(new Credentials("butler", "correct horse battery staple")), s.credentials());
        assertEquals(new Tls(true, Optional.of(Path.of("/etc/butler/ca.pem")),
                Optional.of(Path.of("/etc/butler/client.pem")), Optional.of(Path.of("/etc/butler/client.key")),
                Optional.of("key-pass"), false), s.tls());
        assertEquals(new Reconnect(Duration.ofMillis(500), Duration.ofMinutes(2)), s.reconnect());
        assertEquals(new Outbox(50_000, Duration.ZERO), s.outbox());
        assertEquals(new TaskStart(Optional.of("sense-starters"), Duration.ofMinutes(1), 4096), s.taskStart());
        assertEquals(new Availability(true, "qliksense/butler-mqtt/availability", "up", "down"), s.availability());
        assertEquals(8883, s.brokerPort());
        assertFalse(s.toString().contains("correct horse"), s.toString());
        assertFalse(s.toString().contains("key-pass"), s.toString());
    }

    @Test
    void noExtensionSection_givesTheDefaults() {
        MqttSettings s = ButlerYamlConfig.parse("mqttConfig:\n  enable: true\n  brokerHost: b.example.com\n", "x.yaml");
        MqttSettings d = MqttSettings.builder().brokerHost("b.example.com").build();
        assertEquals(d, s);
        assertEquals(Delivery.DEFAULT, s.delivery());
        assertEquals(Tls.DISABLED, s.tls());
    }

    @Test
    void emptyOptionalValues_meanNotSet() {
        String text = """
                mqttConfig:
                  enable: true
                  brokerHost: b.example.com
                butlerMqtt:
                  connection:
                    clientId: ''
                  tls:
                    caFile:
                  taskStart:
                    sharedSubscriptionGroup: ""
                  reconnect:
                """;
        MqttSettings s = ButlerYamlConfig.parse(text, "x.yaml");
        assertEquals(Optional.empty(), s.connection().clientId());
        assertEquals(Optional.empty(), s.tls().caFile());
        assertEquals(Optional.empty(), s.taskStart().sharedSubscriptionGroup());
        assertEquals(Reconnect.DEFAULT, s.reconnect());
    }

    @Test
    void mqttConfigOnlyForm_loads() {
        MqttSettings s = ButlerYamlConfig.parse(Fixtures.resource("ok/mqttconfig-only.yaml"), "short.yaml");
        assertEquals("broker.example.com", s.brokerHost());
        assertEquals("sense/task_failure", s.taskFailureTopic());
        assertEquals(0, s.delivery().qos());
        assertEquals(MqttSettings.DEFAULT_LICENSE_ALERT_THRESHOLD_DAYS, s.serverLicenseAlertThresholdDays());
    }

    @Test
    void mqttConfigOnlyForm_unknownRootKey_isReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parse(
                "mqttConfig:\n  enable: false\nbutlerMqt:\n  delivery:\n    qos: 0\n", "short.yaml"));
        assertEquals("Invalid configuration in short.yaml (1 problem):\n"
                + "  - butlerMqt (line 3, col 1): unknown key; did you mean \"butlerMqtt\"?", e.getMessage());
    }

    @Test
    void quotedNumbersAndBooleans_hexAndYaml12Spellings_areAccepted() {
        String text = """
                mqttConfig:
                  enable: "true"
                  brokerHost: b.example.com
                  brokerPort: "1883"
                  taskFailureSendFull: False
                  taskAbortedSendFull: TRUE
                butlerMqtt:
                  outbox:
                    capacity: 10_000
                  taskStart:
                    maxPayloadBytes: 0x400
                """;
        MqttSettings s = ButlerYamlConfig.parse(text, "x.yaml");
        assertTrue(s.enabled());
        assertEquals(1883, s.brokerPort());
        assertFalse(s.taskFailureSendFull());
        assertTrue(s.taskAbortedSendFull());
        assertEquals(10_000, s.outbox().capacity());
        assertEquals(1024, s.taskStart().maxPayloadBytes());
    }

    @Test
    void hashInsideATopic_isNotAComment() {
        MqttSettings s = ButlerYamlConfig.parse("mqttConfig:\n  enable: true\n  brokerHost: b.example.com\n"
                + "  subscriptionRootTopic: qliksense/# # a comment after a space\n", "x.yaml");
        assertEquals("qliksense/#", s.subscriptionRootTopic());
    }

    @Test
    void numbersAndBooleans_whereTextIsExpected_areTakenAsWritten() {
        MqttSettings s = ButlerYamlConfig.parse("mqttConfig:\n  enable: true\n  brokerHost: 10.0.0.1\n"
                + "butlerMqtt:\n  connection:\n    clientId: 0123\n  credentials:\n    username: true\n"
                + "    password: 1e3\n", "x.yaml");
        assertEquals("10.0.0.1", s.brokerHost());
        assertEquals(Optional.of("0123"), s.connection().clientId());
        assertEquals(Optional.of(new Credentials("true", "1e3")), s.credentials());
    }

    @Test
    void mqttVersion_acceptsBothSpellings() {
        for (String v : new String[] {"3.1.1", "'3.1.1'", "5", "5.0"}) {
            MqttSettings s = ButlerYamlConfig.parse("mqttConfig:\n  enable: false\nbutlerMqtt:\n  connection:\n"
                    + "    mqttVersion: " + v + "\n", "x.yaml");
            assertEquals(v.startsWith("5") ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1,
                    s.connection().mqttVersion(), v);
        }
    }

    @Test
    void azureEventGrid_enabled_mapsToClientCertificateSettings() {
        String text = """
                Butler:
                  mqttConfig:
                    enable: true
                    brokerHost: ns.westeurope-1.ts.eventgrid.azure.net
                    brokerPort: 8883
                    azureEventGrid:
                      enable: true
                      clientId: butler-client
                      clientCertFile: /etc/butler/eg.pem
                      clientKeyFile: /etc/butler/eg.key
                """;
        MqttSettings s = ButlerYamlConfig.parse(text, "azure.yaml");
        assertEquals(MqttSettings.AzureEventGrid.of("butler-client", Path.of("/etc/butler/eg.pem"),
                Path.of("/etc/butler/eg.key")), s.azureEventGrid());
    }
}
