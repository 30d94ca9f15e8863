package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.yaml.internal.ConfigLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ${NAME}} and {@code ${NAME:-default}}, with an injected environment. */
class EnvironmentTest {

    private final Map<String, String> env = new HashMap<>();

    private MqttSettings parse(String text) {
        return ConfigLoader.parse(text, "env.yaml", env::get).mqtt();
    }

    @Test
    void variables_areResolved_andTyped() {
        env.put("MQTT_ENABLE", "true");
        env.put("MQTT_HOST", "broker.example.com");
        env.put("MQTT_PORT", "8883");
        env.put("MQTT_PASSWORD", "hunter2");
        MqttSettings s = parse("""
                mqttConfig:
                  enable: ${MQTT_ENABLE}
                  brokerHost: ${MQTT_HOST}
                  brokerPort: ${MQTT_PORT}
                  taskStartTopic: "${PREFIX:-qliksense}/start_task"
                butlerMqtt:
                  credentials:
                    username: ${MQTT_USER:-butler}
                    password: ${MQTT_PASSWORD}
                """);
        assertTrue(s.enabled());
        assertEquals("broker.example.com", s.brokerHost());
        assertEquals(8883, s.brokerPort());
        assertEquals("qliksense/start_task", s.taskStartTopic());
        assertEquals(Optional.of(new Credentials("butler", "hunter2")), s.credentials());
        assertFalse(s.toString().contains("hunter2"));
    }

    @Test
    void emptyVariable_takesTheDefault_andDollarDollarIsLiteral() {
        env.put("EMPTY", "");
        MqttSettings s = parse("mqttConfig:\n  enable: false\nbutlerMqtt:\n  availability:\n"
                + "    onlinePayload: ${EMPTY:-up}\n    offlinePayload: cost $${NOT_A_VARIABLE} and $5\n");
        assertEquals("up", s.availability().onlinePayload());
        assertEquals("cost ${NOT_A_VARIABLE} and $5", s.availability().offlinePayload());
    }

    @Test
    void undefinedVariables_eachNamedWithItsKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("mqttConfig:\n  enable: true\n  brokerHost: ${HOST_A}.${HOST_B}\n"));
        assertEquals("""
                Invalid configuration in env.yaml (2 problems):
                  - mqttConfig.brokerHost (line 3, col 15): environment variable HOST_A is not set and ${HOST_A} has no default; set it, or write ${HOST_A:-default}
                  - mqttConfig.brokerHost (line 3, col 15): environment variable HOST_B is not set and ${HOST_B} has no default; set it, or write ${HOST_B:-default}
                """.strip(), e.getMessage());
    }

    @Test
    void invalidReference_isReported_withoutEchoingASecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(
                "mqttConfig:\n  enable: true\n  brokerHost: b.example.com\nbutlerMqtt:\n  credentials:\n"
                + "    username: u\n    password: pa${ss-w0rd}x\n"));
        assertEquals("""
                Invalid configuration in env.yaml (1 problem):
                  - butlerMqtt.credentials.password (line 7, col 15): invalid reference at character 3; expected ${NAME} or ${NAME:-default}, where NAME is letters, digits and _, not starting with a digit (write $${ for a literal ${)
                """.strip(), e.getMessage());
        assertFalse(e.getMessage().contains("w0rd"));
    }

    @Test
    void secretFromTheEnvironment_neverAppearsInMessages() {
        env.put("FORWARD_PASSWORD", "<password>");
        env.put("KEY_PASSWORD", "s3cret-key-pass");
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                mqttConfig:
                  enable: true
                  brokerHost: b.example.com
                  brokerPort: 0
                  qlikSenseCloud:
                    event:
                      mqttForward:
                        enable: true
                        broker:
                          host: cloud.example.com
                          port: 8765
                          username: forwarder
                          password: ${FORWARD_PASSWORD}
                butlerMqtt:
                  tls:
                    enable: true
                    clientKeyPassword: ${KEY_PASSWORD}
                """));
        assertEquals("""
                Invalid configuration in env.yaml (3 problems):
                  - mqttConfig.brokerPort (line 4, col 15): must be 1..65535, but was 0
                  - mqttConfig.qlikSenseCloud.event.mqttForward.broker.password (line 13, col 21): the value is a placeholder from Butler's template; replace it with a password
                  - butlerMqtt.tls.clientKeyPassword (line 17, col 24): is set but tls.clientKeyFile is not
                """.strip(), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-key-pass"));
    }

    @Test
    void publicApi_usesTheProcessEnvironment() {
        String name = "BUTLER_MQTT_TEST_SURELY_UNSET_9F3A";
        assertEquals(null, System.getenv(name));
        MqttSettings s = ButlerYamlConfig.parse("mqttConfig:\n  enable: true\n  brokerHost: ${" + name
                + ":-fallback.example.com}\n", "env.yaml");
        assertEquals("fallback.example.com", s.brokerHost());
    }
}
