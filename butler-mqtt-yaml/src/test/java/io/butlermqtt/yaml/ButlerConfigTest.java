package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.butlermqtt.MqttSettings;
import org.junit.jupiter.api.Test;

/** The whole-configuration value and the loader methods that return it. */
class ButlerConfigTest {

    private static final String FILE = """
            Butler:
              mqttConfig:
                enable: true
                brokerHost: broker.example.com
                brokerPort: 1884
            """;

    @Test
    void parseConfig_holdsTheSameMqttSettingsAsParse() {
        ButlerConfig config = ButlerYamlConfig.parseConfig(FILE, "butler.yaml");
        MqttSettings settings = ButlerYamlConfig.parse(FILE, "butler.yaml");
        assertEquals(settings, config.mqtt());
        assertEquals("broker.example.com", config.mqtt().brokerHost());
        assertEquals(1884, config.mqtt().brokerPort());
    }

    @Test
    void loadConfig_ofAFile_readsIt() {
        ButlerConfig config = ButlerYamlConfig.loadConfig(Fixtures.resourcePath("ok/mqttconfig-only.yaml"));
        assertEquals(ButlerYamlConfig.load(Fixtures.resourcePath("ok/mqttconfig-only.yaml")), config.mqtt());
        assertEquals(java.util.Optional.empty(), config.qrs());
    }

    @Test
    void parseConfig_invalid_throwsTheSameProblemsAsParse() {
        String broken = FILE.replace("1884", "abc");
        ConfigException a = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(broken, "b.yaml"));
        ConfigException b = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parse(broken, "b.yaml"));
        assertEquals(b.problems(), a.problems());
        assertEquals("Butler.mqttConfig.brokerPort", a.problems().get(0).path());
    }

    @Test
    void builder_toBuilder_equalsAndHashCode() {
        MqttSettings mqtt = MqttSettings.builder().brokerHost("h.example.com").build();
        ButlerConfig c = ButlerConfig.builder().mqtt(mqtt).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertNotEquals(c, ButlerConfig.builder().build());
        assertEquals(MqttSettings.builder().build(), ButlerConfig.builder().build().mqtt());
        assertThrows(NullPointerException.class, () -> ButlerConfig.builder().mqtt(null));
    }
}
