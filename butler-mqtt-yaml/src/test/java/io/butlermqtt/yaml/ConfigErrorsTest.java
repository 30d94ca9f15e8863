package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.butlermqtt.yaml.internal.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One fixture per failure (src/test/resources/io/butlermqtt/yaml/errors), the full message asserted. */
class ConfigErrorsTest {

    /** The environment the fixtures see: fixed, so no test depends on the machine's environment. */
    private static final Map<String, String> ENV = Map.of("MQTT_PORT", "abc", "MQTT_PASSWORD", "hunter2",
            "KEY_PASSWORD", "s3cret-key-pass");

    private static ConfigException fail(String fixture) {
        String text = Fixtures.resource("errors/" + fixture);
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, fixture, ENV::get));
    }

    private static void assertMessage(String fixture, String expected) {
        ConfigException e = fail(fixture);
        assertEquals(expected.strip(), e.getMessage());
        assertEquals(fixture, e.source());
    }

    @Test
    void styleGuideExample_threeProblemsAtOnce() {
        assertMessage("three-problems.yaml", """
                Invalid configuration in three-problems.yaml (3 problems):
                  - Butler.mqttConfig.brokerPort (line 6, col 17): expected an integer 1..65535, found "18830x"
                  - Butler.mqttConfig.taskStartTopic (line 8, col 21): "qliksense/start" is not under subscriptionRootTopic "butler/#", so it would never be received
                  - Butler.mqttConfig.taskFailureTopc (line 9, col 5): unknown key; did you mean "taskFailureTopic"?
                """);
    }

    @Test
    void problems_carryPathLineColumnAndMessage() {
        List<ConfigProblem> p = fail("three-problems.yaml").problems();
        assertEquals(new ConfigProblem("Butler.mqttConfig.brokerPort", 6, 17,
                "expected an integer 1..65535, found \"18830x\""), p.get(0));
        assertEquals(3, p.size());
    }

    @Test
    void settingsRule_portOutOfRange_isReportedAtTheKey() {
        assertMessage("port-out-of-range.yaml", """
                Invalid configuration in port-out-of-range.yaml (1 problem):
                  - mqttConfig.brokerPort (line 4, col 15): must be 1..65535, but was 0
                """);
    }

    @Test
    void yaml11Booleans_yesOnOff_areRejectedWithTheFix() {
        assertMessage("yaml11-booleans.yaml", """
                Invalid configuration in yaml11-booleans.yaml (3 problems):
                  - mqttConfig.enable (line 2, col 11): expected true or false, found "yes", which YAML 1.1 reads as true but YAML 1.2 (and so Butler) reads as text; write true
                  - mqttConfig.taskFailureSendFull (line 4, col 24): expected true or false, found "off", which YAML 1.1 reads as false but YAML 1.2 (and so Butler) reads as text; write false
                  - mqttConfig.taskAbortedSendFull (line 5, col 24): expected true or false, found "maybe"
                """);
    }

    @Test
    void octalLookingPort_isRejectedAsAmbiguous() {
        assertMessage("octal-port.yaml", """
                Invalid configuration in octal-port.yaml (1 problem):
                  - mqttConfig.brokerPort (line 4, col 15): expected an integer 1..65535, found "0700": YAML 1.1 reads a number with a leading zero as octal, YAML 1.2 (and so Butler) as decimal; write 700 (or 0o700 for octal)
                """);
    }

    @Test
    void hashAfterSpace_isAComment_soTheValueIsMissing() {
        assertMessage("comment-as-value.yaml", """
                Invalid configuration in comment-as-value.yaml (1 problem):
                  - mqttConfig.taskStartTopic (line 5, col 19): value is missing (the " #" on this line starts a comment); expected an MQTT topic name
                """);
    }

    @Test
    void emptyValues_areMissingValues() {
        assertMessage("empty-values.yaml", """
                Invalid configuration in empty-values.yaml (3 problems):
                  - mqttConfig.brokerHost (line 3, col 14): value is missing; expected a host name or IP address
                  - mqttConfig.brokerPort (line 4, col 15): value is missing; expected an integer 1..65535
                  - mqttConfig.serviceRunningTopic (line 5, col 23): value is missing; expected an MQTT topic name, or '' to send nothing
                """);
    }

    @Test
    void wrongTypes_listMappingTextNumber() {
        assertMessage("wrong-types.yaml", """
                Invalid configuration in wrong-types.yaml (4 problems):
                  - mqttConfig.brokerHost (line 3, col 15): expected a host name or IP address, found a list
                  - mqttConfig.brokerPort (line 4, col 15): expected an integer 1..65535, found a mapping
                  - mqttConfig.azureEventGrid (line 5, col 19): expected a mapping (keys below azureEventGrid), found the text "true"
                  - mqttConfig.taskFailureSendFull (line 6, col 24): expected true or false, found "1"
                """);
    }

    @Test
    void duplicateKeys_anywhereInTheFile() {
        assertMessage("duplicate-keys.yaml", """
                Invalid configuration in duplicate-keys.yaml (2 problems):
                  - Butler.mqttConfig.brokerPort (line 6, col 5): duplicate key (first at line 5, col 5); keys must be unique, and Butler refuses such a file too
                  - Butler.udpServerConfig.enable (line 9, col 5): duplicate key (first at line 8, col 5); keys must be unique, and Butler refuses such a file too
                """);
    }

    @Test
    void unknownKeys_suggestTheNearestKeyOrTheExtensionSection() {
        assertMessage("unknown-keys.yaml", """
                Invalid configuration in unknown-keys.yaml (7 problems):
                  - Butler.butlermqtt (line 2, col 3): unknown key; did you mean "butlerMqtt"?
                  - Butler.mqttConfig.taskFailureTopc (line 8, col 5): unknown key; did you mean "taskFailureTopic"?
                  - Butler.mqttConfig.qos (line 9, col 5): unknown key; Butler refuses unknown keys in mqttConfig, so butler-mqtt settings go in Butler.butlerMqtt (this one as Butler.butlerMqtt.delivery.qos)
                  - Butler.mqttConfig.password (line 10, col 5): unknown key; Butler refuses unknown keys in mqttConfig, so butler-mqtt settings go in Butler.butlerMqtt (this one as Butler.butlerMqtt.credentials.password)
                  - Butler.mqttConfig.somethingElse (line 11, col 5): unknown key (Butler refuses unknown keys in mqttConfig too)
                  - Butler.butlerMqtt.outbx (line 13, col 5): unknown key; did you mean "outbox"?
                  - Butler.butlerMqtt.connection.clientID (line 16, col 7): unknown key; did you mean "clientId"?
                """);
    }

    @Test
    void placeholders_ofEnabledFeatures_areReported_secretsNotShown() {
        assertMessage("placeholders-enabled.yaml", """
                Invalid configuration in placeholders-enabled.yaml (6 problems):
                  - Butler.mqttConfig.brokerHost (line 4, col 17): "<FQDN or IP of MQTT server>" is a placeholder from Butler's template; replace it with a host name or IP address
                  - Butler.mqttConfig.azureEventGrid.clientId (line 8, col 17): "<client ID>" is a placeholder from Butler's template; replace it with the client ID registered in Event Grid
                  - Butler.mqttConfig.azureEventGrid.clientCertFile (line 9, col 23): "<path to client certificate file>" is a placeholder from Butler's template; replace it with the path of the client certificate (PEM) file
                  - Butler.mqttConfig.azureEventGrid.clientKeyFile (line 10, col 22): "<path to client key file>" is a placeholder from Butler's template; replace it with the path of the client key (PEM) file
                  - Butler.mqttConfig.qlikSenseCloud.event.mqttForward.broker.username (line 18, col 23): "<username>" is a placeholder from Butler's template; replace it with a user name
                  - Butler.mqttConfig.qlikSenseCloud.event.mqttForward.broker.password (line 19, col 23): the value is a placeholder from Butler's template; replace it with a password
                """);
    }

    @Test
    void placeholders_ofDisabledFeatures_areCarriedOver() {
        String text = Fixtures.resource("errors/placeholders-enabled.yaml").replace("enable: true", "enable: false");
        var s = ConfigLoader.parse(text, "disabled.yaml", ENV::get).mqtt();
        assertEquals("<FQDN or IP of MQTT server>", s.brokerHost());
        assertEquals("<client ID>", s.azureEventGrid().clientId());
        assertFalse(s.enabled());
    }

    @Test
    void syntaxError_keepsSnakeYamlsPosition() {
        assertMessage("syntax-error.yaml", """
                Invalid configuration in syntax-error.yaml (1 problem):
                  - line 4, col 14: invalid YAML: mapping values are not allowed here
                """);
    }

    @Test
    void explicitTags_otherThanYamlsStandardOnes_areRejected() {
        assertMessage("tags.yaml", """
                Invalid configuration in tags.yaml (3 problems):
                  - Butler.mqttConfig.brokerHost (line 6, col 17): explicit tag !<tag:example.com,2000:host> is not allowed; only YAML's standard tags (such as !!str) are
                  - Butler.mqttConfig.taskFailureTopic (line 9, col 23): explicit tag !local is not allowed; only YAML's standard tags (such as !!str) are
                  - Butler.heartbeat (line 10, col 14): explicit tag !<tag:example.com,2000:x> is not allowed; only YAML's standard tags (such as !!str) are
                """);
    }

    @Test
    void butlerWithoutMqttConfig() {
        assertMessage("missing-mqttconfig.yaml", """
                Invalid configuration in missing-mqttconfig.yaml (1 problem):
                  - Butler.mqttConfig (line 1, col 1): missing; expected Butler's mqttConfig section below Butler:
                """);
    }

    @Test
    void extensionSectionAtTheRoot_mustMoveUnderButler() {
        assertMessage("extension-at-root.yaml", """
                Invalid configuration in extension-at-root.yaml (1 problem):
                  - butlerMqtt (line 5, col 1): must be inside Butler: (as Butler.butlerMqtt) in a file with a Butler: section; Butler refuses unknown keys at the root
                """);
    }

    @Test
    void neitherButlerNorMqttConfigAtTheRoot() {
        assertMessage("no-known-root.yaml", """
                Invalid configuration in no-known-root.yaml (1 problem):
                  - line 1, col 1: expected the key Butler: (Butler's config) or mqttConfig: at the root, found only "butler"; did you mean "Butler"?
                """);
    }

    @Test
    void emptyFile() {
        assertMessage("empty.yaml", """
                Invalid configuration in empty.yaml (1 problem):
                  - the file is empty; expected Butler's config (Butler: with mqttConfig: below it) or mqttConfig: at the root
                """);
    }

    @Test
    void extensionSection_typesAndSettingsRules() {
        assertMessage("extension-errors.yaml", """
                Invalid configuration in extension-errors.yaml (9 problems):
                  - butlerMqtt.delivery.qos (line 6, col 10): must be 0, 1 or 2, but was 3
                  - butlerMqtt.delivery.retain (line 7, col 13): expected true or false, found "no", which YAML 1.1 reads as false but YAML 1.2 (and so Butler) reads as text; write false
                  - butlerMqtt.connection.mqttVersion (line 9, col 18): expected 3.1.1 or 5, found "4"
                  - butlerMqtt.connection.keepAlive (line 10, col 16): expected a duration such as 30s, 500ms, 5m or 1h, found "60", a number without a unit; add one, such as 60s
                  - butlerMqtt.connection.connectTimeout (line 11, col 21): expected a duration such as 30s, 500ms, 5m or 1h, found "soon"
                  - butlerMqtt.outbox.capacity (line 13, col 15): expected an integer 1..10000000, found "lots"
                  - butlerMqtt.taskStart.sharedSubscriptionGroup (line 18, col 30): must be a non-empty name without '/', '+', '#' or U+0000, but was "a/b"
                  - butlerMqtt.reconnect.initialDelay (line 20, col 19): must not be longer than reconnect.maxDelay (PT30S), but was PT2M
                  - butlerMqtt.tls.clientKeyFile: must be set because tls.clientCertFile is set (the key is not in the file)
                """);
    }

    @Test
    void environment_undefinedVariable_badValue_unterminatedReference() {
        ConfigException e = fail("environment.yaml");
        assertEquals("""
                Invalid configuration in environment.yaml (3 problems):
                  - mqttConfig.brokerHost (line 3, col 15): environment variable MQTT_HOST is not set and ${MQTT_HOST} has no default; set it, or write ${MQTT_HOST:-default}
                  - mqttConfig.brokerPort (line 4, col 15): expected an integer 1..65535, found "abc" (from ${MQTT_PORT})
                  - mqttConfig.taskStartTopic (line 5, col 19): unterminated ${ at character 38; expected ${NAME} or ${NAME:-default} (write $${ for a literal ${)
                """.strip(), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(e.getMessage().contains("s3cret-key-pass"));
    }

    @Test
    void mergeKeys_areApplied_andTheirKeysChecked() {
        assertMessage("merge-keys.yaml", """
                Invalid configuration in merge-keys.yaml (1 problem):
                  - Butler.mqttConfig.brokerPot (line 5, col 5): unknown key; did you mean "brokerPort"?
                """);
        String fixed = Fixtures.resource("errors/merge-keys.yaml").replace("    brokerPot: 1\n", "");
        var s = ConfigLoader.parse(fixed, "merge-keys.yaml", ENV::get).mqtt();
        assertEquals(8883, s.brokerPort()); // from the merged mapping
        assertEquals(true, s.taskFailureSendFull()); // the explicit key wins over the merged one
    }

    @Test
    void load_namesTheFileInTheMessage() {
        var path = Fixtures.resourcePath("errors/port-out-of-range.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(path));
        assertEquals("Invalid configuration in " + path + " (1 problem):\n"
                + "  - mqttConfig.brokerPort (line 4, col 15): must be 1..65535, but was 0", e.getMessage());
    }
}
