package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.AzureEventGrid;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Butler's two real config templates, read from the shared fixtures folder (skipped when absent). */
class ButlerTemplatesTest {

    private static final String T16 = "butler-16.0.4-production_template.yaml";
    private static final String T2021 = "butler-2021-02-production_template.yaml";

    /** The user-visible edit: switch MQTT on in the template's mqttConfig (and nowhere else). */
    private static String enableMqtt(String text, String enableLine) {
        assertTrue(text.contains(enableLine), "the template changed: " + enableLine);
        return text.replace(enableLine, enableLine.replace("enable: false", "enable: true"));
    }

    private static final String ENABLE_16 = "enable: false # Should Qlik Sense events be forwarded as MQTT messages?";
    private static final String ENABLE_2021 = "enable: false                                     # Should Qlik"
            + " Sense events be forwarded as MQTT messages?";

    @Test
    void template16_asShipped_loadsDisabledWithEveryValue() {
        MqttSettings s = ButlerYamlConfig.load(Fixtures.butlerTemplate(T16));
        assertEquals(expected16().enabled(false).build(), s);
        assertFalse(s.enabled());
    }

    @Test
    void template16_enabled_carriesEveryValue() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T16)), ENABLE_16);
        MqttSettings s = ButlerYamlConfig.parse(text, T16);
        assertEquals(expected16().build(), s);
        assertTrue(s.enabled());
        assertEquals("my.mqttbroker.net", s.brokerHost());
        assertEquals(1883, s.brokerPort());
        assertEquals(60, s.serverLicenseAlertThresholdDays());
        assertEquals("<client ID>", s.azureEventGrid().clientId());
        assertEquals(Optional.of(new Credentials("<username>", "<password>")),
                s.qlikSenseCloudForward().credentials());
    }

    /** Most template values equal the defaults, so change each one to prove it is read, not defaulted. */
    @Test
    void template16_everyValueChanged_isReadFromTheFile() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T16)), ENABLE_16)
                .replace("brokerHost: my.mqttbroker.net", "brokerHost: broker.example.com")
                .replace("brokerPort: 1883", "brokerPort: 1884")
                .replace("taskFailureSendFull: true", "taskFailureSendFull: false")
                .replace("taskAbortedSendFull: true", "taskAbortedSendFull: false")
                .replace(": qliksense/", ": qs2/")
                .replace("host: mqttbroker.company.com", "host: cloud.example.com")
                .replace("port: 8765", "port: 8766")
                .replace(": qscloud/", ": qsc2/")
                .replace("thresholdDays: 60", "thresholdDays: 45")
                .replace("clientId: <client ID>", "clientId: app-7");
        MqttSettings s = ButlerYamlConfig.parse(text, T16);
        MqttSettings expected = MqttSettings.builder()
                .enabled(true).brokerHost("broker.example.com").brokerPort(1884)
                .azureEventGrid(new AzureEventGrid(false, "app-7",
                        Optional.of(Path.of("<path to client certificate file>")),
                        Optional.of(Path.of("<path to client key file>"))))
                .taskFailureSendFull(false).taskAbortedSendFull(false)
                .topics(t -> t.subscriptionRootTopic("qs2/#").taskStartTopic("qs2/start_task")
                        .taskFailureTopic("qs2/task_failure").taskFailureFullTopic("qs2/task_failure_full")
                        .taskFailureServerStatusTopic("qs2/butler/task_failure_server")
                        .taskAbortedTopic("qs2/task_aborted").taskAbortedFullTopic("qs2/task_aborted_full")
                        .serviceRunningTopic("qs2/service_running").serviceStoppedTopic("qs2/service_stopped")
                        .serviceStatusTopic("qs2/service_status")
                        .qlikSenseServerLicenseTopic("qs2/qliksense_server_license")
                        .qlikSenseServerLicenseExpireTopic("qs2/qliksense_server_license_expire"))
                .serverLicenseAlertThresholdDays(45)
                .qlikSenseCloudForward(new QlikSenseCloudForward(false, "cloud.example.com", 8766,
                        Optional.of(new Credentials("<username>", "<password>")), "qsc2/#", "qsc2/app/reload"))
                .build();
        assertEquals(expected, s);
        assertEquals(expected.toString(), s.toString());
    }

    @Test
    void template16_withExtensionSection_loads() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T16)), ENABLE_16);
        text = (text.endsWith("\n") ? text : text + "\n")
                + "    butlerMqtt:\n        delivery:\n            qos: 0\n        connection:\n"
                + "            clientId: sense-events-1\n";
        MqttSettings s = ButlerYamlConfig.parse(text, T16);
        assertEquals(0, s.delivery().qos());
        assertEquals(Optional.of("sense-events-1"), s.connection().clientId());
    }

    @Test
    void template2021_asShipped_loadsWithItsPlaceholderHost() {
        MqttSettings s = ButlerYamlConfig.load(Fixtures.butlerTemplate(T2021));
        assertEquals(expected2021("<FQDN or IP of MQTT server>", "qliksense/").enabled(false).build(), s);
    }

    @Test
    void template2021_enabled_reportsThePlaceholderHost() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T2021)), ENABLE_2021);
        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parse(text, T2021));
        assertEquals("Invalid configuration in " + T2021 + " (1 problem):\n"
                + "  - Butler.mqttConfig.brokerHost (line 171, col 17): \"<FQDN or IP of MQTT server>\" is a"
                + " placeholder from Butler's template; replace it with a host name or IP address", e.getMessage());
        assertEquals(new ConfigProblem("Butler.mqttConfig.brokerHost", 171, 17, "\"<FQDN or IP of MQTT server>\" is a"
                + " placeholder from Butler's template; replace it with a host name or IP address"), e.problems().get(0));
    }

    @Test
    void template2021_enabledWithRealHost_carriesEveryValue() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T2021)), ENABLE_2021)
                .replace("brokerHost: <FQDN or IP of MQTT server>", "brokerHost: 10.11.12.13");
        assertEquals(expected2021("10.11.12.13", "qliksense/").build(), ButlerYamlConfig.parse(text, T2021));
    }

    /** As for the 16.0.4 template: change every value to prove each is read from the file. */
    @Test
    void template2021_everyValueChanged_isReadFromTheFile() {
        String text = enableMqtt(Fixtures.read(Fixtures.butlerTemplate(T2021)), ENABLE_2021)
                .replace("brokerHost: <FQDN or IP of MQTT server>", "brokerHost: 10.11.12.13")
                .replace("brokerPort: 1883", "brokerPort: 1884")
                .replace("taskFailureSendFull: true", "taskFailureSendFull: false")
                .replace("taskAbortedSendFull: true", "taskAbortedSendFull: false")
                .replace(": qliksense/", ": qs2/");
        MqttSettings expected = expected2021("10.11.12.13", "qs2/").brokerPort(1884)
                .taskFailureSendFull(false).taskAbortedSendFull(false)
                // Butler 5 has no subscriptionRootTopic: the default "qliksense/#" stays, and with it
                // taskStartTopic, which the 2021 template does not have either.
                .build();
        assertEquals(expected, ButlerYamlConfig.parse(text, T2021));
    }

    private static MqttSettings.Builder expected16() {
        return MqttSettings.builder()
                .enabled(true).brokerHost("my.mqttbroker.net").brokerPort(1883)
                .azureEventGrid(new AzureEventGrid(false, "<client ID>",
                        Optional.of(Path.of("<path to client certificate file>")),
                        Optional.of(Path.of("<path to client key file>"))))
                .taskFailureSendFull(true).taskAbortedSendFull(true)
                .topics(t -> t.subscriptionRootTopic("qliksense/#").taskStartTopic("qliksense/start_task")
                        .taskFailureTopic("qliksense/task_failure").taskFailureFullTopic("qliksense/task_failure_full")
                        .taskFailureServerStatusTopic("qliksense/butler/task_failure_server")
                        .taskAbortedTopic("qliksense/task_aborted").taskAbortedFullTopic("qliksense/task_aborted_full")
                        .serviceRunningTopic("qliksense/service_running")
                        .serviceStoppedTopic("qliksense/service_stopped")
                        .serviceStatusTopic("qliksense/service_status")
                        .qlikSenseServerLicenseTopic("qliksense/qliksense_server_license")
                        .qlikSenseServerLicenseExpireTopic("qliksense/qliksense_server_license_expire"))
                .serverLicenseAlertThresholdDays(60)
                .qlikSenseCloudForward(new QlikSenseCloudForward(false, "mqttbroker.company.com", 8765,
                        Optional.of(new Credentials("<username>", "<password>")), "qscloud/#", "qscloud/app/reload"));
    }

    private static MqttSettings.Builder expected2021(String host, String p) {
        return MqttSettings.builder()
                .enabled(true).brokerHost(host).brokerPort(1883)
                .taskFailureSendFull(true).taskAbortedSendFull(true)
                .topics(t -> t.taskFailureTopic(p + "task_failure").taskFailureFullTopic(p + "task_failure_full")
                        .taskFailureServerStatusTopic(p + "butler/task_failure_server")
                        .taskAbortedTopic(p + "task_aborted").taskAbortedFullTopic(p + "task_aborted_full")
                        .sessionStartTopic(p + "session/start").sessionStopTopic(p + "session/stop")
                        .connectionOpenTopic(p + "connection/open").connectionCloseTopic(p + "connection/close")
                        .sessionServerStatusTopic(p + "butler/session_server")
                        .activeUserCountTopic(p + "users/active/count")
                        .activeUsersTopic(p + "users/active/usernames"));
    }
}
