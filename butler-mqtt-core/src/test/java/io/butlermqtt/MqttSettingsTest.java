package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.InvalidSettingsException.Problem;
import io.butlermqtt.MqttSettings.Availability;
import io.butlermqtt.MqttSettings.AzureEventGrid;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Outbox;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.TaskStart;
import io.butlermqtt.MqttSettings.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {

    private static InvalidSettingsException invalid(UnaryOperator<MqttSettings.Builder> change) {
        return assertThrows(InvalidSettingsException.class, () -> change.apply(MqttSettings.builder()).build());
    }

    private static void assertSingleProblem(String property, String message, UnaryOperator<MqttSettings.Builder> change) {
        InvalidSettingsException e = invalid(change);
        assertEquals(List.of(new Problem(property, message)), e.problems(), e.getMessage());
    }

    @Test
    void builder_defaults_areButlersTemplateValues() {
        MqttSettings s = MqttSettings.builder().build();
        assertTrue(s.enabled());
        assertEquals("localhost", s.brokerHost());
        assertEquals(1883, s.brokerPort());
        assertTrue(s.taskFailureSendFull());
        assertTrue(s.taskAbortedSendFull());
        assertEquals("qliksense/#", s.subscriptionRootTopic());
        assertEquals("qliksense/start_task", s.taskStartTopic());
        assertEquals("qliksense/task_failure", s.taskFailureTopic());
        assertEquals("qliksense/task_failure_full", s.taskFailureFullTopic());
        assertEquals("qliksense/butler/task_failure_server", s.taskFailureServerStatusTopic());
        assertEquals("qliksense/task_aborted", s.taskAbortedTopic());
        assertEquals("qliksense/task_aborted_full", s.taskAbortedFullTopic());
        assertEquals("qliksense/service_running", s.serviceRunningTopic());
        assertEquals("qliksense/service_stopped", s.serviceStoppedTopic());
        assertEquals("qliksense/service_status", s.serviceStatusTopic());
        assertEquals("qliksense/qliksense_server_license", s.qlikSenseServerLicenseTopic());
        assertEquals("qliksense/qliksense_server_license_expire", s.qlikSenseServerLicenseExpireTopic());
        assertEquals(60, s.serverLicenseAlertThresholdDays());
        assertEquals("qliksense/session/start", s.sessionStartTopic());
        assertEquals("qliksense/session/stop", s.sessionStopTopic());
        assertEquals("qliksense/connection/open", s.connectionOpenTopic());
        assertEquals("qliksense/connection/close", s.connectionCloseTopic());
        assertEquals("qliksense/butler/session_server", s.sessionServerStatusTopic());
        assertEquals("qliksense/users/active/count", s.activeUserCountTopic());
        assertEquals("qliksense/users/active/usernames", s.activeUsersTopic());
        assertFalse(s.azureEventGrid().enabled());
        assertFalse(s.qlikSenseCloudForward().enabled());
        assertEquals(8765, s.qlikSenseCloudForward().port());
        assertEquals("qscloud/#", s.qlikSenseCloudForward().subscriptionRootTopic());
        assertEquals("qscloud/app/reload", s.qlikSenseCloudForward().appReloadTopic());
    }

    @Test
    void topics_areOneValue_whoseTopicsTheFlatAccessorsReturn() {
        ButlerTopics t = ButlerTopics.builder().subscriptionRootTopic("x/#").taskStartTopic("x/taskStartTopic")
                .taskFailureTopic("x/taskFailureTopic").taskFailureFullTopic("x/taskFailureFullTopic")
                .taskFailureServerStatusTopic("x/taskFailureServerStatusTopic").taskAbortedTopic("x/taskAbortedTopic")
                .taskAbortedFullTopic("x/taskAbortedFullTopic").serviceRunningTopic("x/serviceRunningTopic")
                .serviceStoppedTopic("x/serviceStoppedTopic").serviceStatusTopic("x/serviceStatusTopic")
                .qlikSenseServerLicenseTopic("x/qlikSenseServerLicenseTopic")
                .qlikSenseServerLicenseExpireTopic("x/qlikSenseServerLicenseExpireTopic")
                .sessionStartTopic("x/sessionStartTopic").sessionStopTopic("x/sessionStopTopic")
                .connectionOpenTopic("x/connectionOpenTopic").connectionCloseTopic("x/connectionCloseTopic")
                .sessionServerStatusTopic("x/sessionServerStatusTopic").activeUserCountTopic("x/activeUserCountTopic")
                .activeUsersTopic("x/activeUsersTopic").build();
        MqttSettings s = MqttSettings.builder().topics(t).build();
        assertEquals(t, s.topics());
        assertEquals("x/#", s.subscriptionRootTopic());
        List<String> flat = List.of(s.taskStartTopic(), s.taskFailureTopic(), s.taskFailureFullTopic(),
                s.taskFailureServerStatusTopic(), s.taskAbortedTopic(), s.taskAbortedFullTopic(), s.serviceRunningTopic(),
                s.serviceStoppedTopic(), s.serviceStatusTopic(), s.qlikSenseServerLicenseTopic(),
                s.qlikSenseServerLicenseExpireTopic(), s.sessionStartTopic(), s.sessionStopTopic(),
                s.connectionOpenTopic(), s.connectionCloseTopic(), s.sessionServerStatusTopic(),
                s.activeUserCountTopic(), s.activeUsersTopic());
        List<String> keys = List.of("taskStartTopic", "taskFailureTopic", "taskFailureFullTopic",
                "taskFailureServerStatusTopic", "taskAbortedTopic", "taskAbortedFullTopic", "serviceRunningTopic",
                "serviceStoppedTopic", "serviceStatusTopic", "qlikSenseServerLicenseTopic",
                "qlikSenseServerLicenseExpireTopic", "sessionStartTopic", "sessionStopTopic", "connectionOpenTopic",
                "connectionCloseTopic", "sessionServerStatusTopic", "activeUserCountTopic", "activeUsersTopic");
        for (int i = 0; i < keys.size(); i++) {
            assertEquals("x/" + keys.get(i), flat.get(i), keys.get(i));
            assertTrue(t.toString().contains(keys.get(i) + "=x/" + keys.get(i)), t.toString());
        }
        assertEquals(t, t.toBuilder().build());
        assertEquals(t.hashCode(), t.toBuilder().build().hashCode());
        assertNotEquals(t, t.toBuilder().activeUsersTopic("y").build());
        assertEquals(ButlerTopics.builder().build(), MqttSettings.builder().build().topics());
    }

    @Test
    void topics_changeSetsSomeAndKeepsTheOthers_throughToBuilder() {
        MqttSettings s = MqttSettings.builder().topics(t -> t.taskFailureTopic("a/failed")).build();
        MqttSettings changed = s.toBuilder().topics(t -> t.taskAbortedTopic("a/aborted")).build();
        assertEquals("a/failed", changed.taskFailureTopic());
        assertEquals("a/aborted", changed.taskAbortedTopic());
        assertEquals("qliksense/start_task", changed.taskStartTopic());
        assertEquals("qliksense/task_failure", s.toBuilder().topics(ButlerTopics.builder().build()).build()
                .taskFailureTopic());
        assertEquals("topics must not be null", assertThrows(NullPointerException.class,
                () -> MqttSettings.builder().topics((ButlerTopics) null)).getMessage());
    }

    @Test
    void builder_extensionDefaults_areDocumentedValues() {
        MqttSettings s = MqttSettings.builder().build();
        assertEquals(1, s.delivery().qos());
        assertFalse(s.delivery().retain());
        assertEquals(MqttVersion.MQTT_3_1_1, s.connection().mqttVersion());
        assertEquals(Optional.empty(), s.connection().clientId());
        assertFalse(s.connection().persistentSession());
        assertEquals(Optional.empty(), s.credentials());
        assertFalse(s.tls().enabled());
        assertTrue(s.tls().hostnameVerification());
        assertEquals(Duration.ofSeconds(1), s.reconnect().initialDelay());
        assertEquals(Duration.ofSeconds(60), s.reconnect().maxDelay());
        assertEquals(10_000, s.outbox().capacity());
        assertEquals(Optional.empty(), s.taskStart().sharedSubscriptionGroup());
        assertEquals(1024, s.taskStart().maxPayloadBytes());
        assertFalse(s.availability().enabled());
    }

    @Test
    void toBuilder_roundTrips_andEqualsBeyondIdentity() {
        MqttSettings s = MqttSettings.builder().brokerHost("mqtt.example.com").brokerPort(8883).qos(2)
                .credentials("svc", "secret").clientId("app-1").build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().brokerPort(1884).build());
    }

    @Test
    void toString_neverShowsSecrets() {
        MqttSettings s = MqttSettings.builder()
                .credentials("svc_qlik", "hunter2-password")
                .tls(Tls.DEFAULT_ENABLED.withClientCertificate(Path.of("c.pem"), Path.of("k.pem"))
                        .withClientKeyPassword("key-pass-123"))
                .qlikSenseCloudForward(new QlikSenseCloudForward(true, "cloud.example.com", 8765,
                        Optional.of(new Credentials("cloud", "cloud-pass-456")), "qscloud/#", "qscloud/app/reload"))
                .build();
        String text = s.toString();
        assertFalse(text.contains("hunter2-password"), text);
        assertFalse(text.contains("key-pass-123"), text);
        assertFalse(text.contains("cloud-pass-456"), text);
        assertTrue(text.contains("svc_qlik"), text);
        assertTrue(text.contains("****"), text);
    }

    @Test
    void build_emptyHost_throws() {
        assertSingleProblem("brokerHost", "must be a host name or IP address, but was empty", b -> b.brokerHost(""));
    }

    @Test
    void build_placeholderHostWhenEnabled_throws() {
        assertSingleProblem("brokerHost", "must be a host name or IP address, but was \"<FQDN or IP of MQTT server>\""
                + " (a placeholder from Butler's template?)", b -> b.brokerHost("<FQDN or IP of MQTT server>"));
    }

    @Test
    void build_placeholderHostWhenDisabled_isAccepted() {
        MqttSettings s = MqttSettings.builder().enabled(false).brokerHost("<FQDN or IP of MQTT server>").build();
        assertEquals("<FQDN or IP of MQTT server>", s.brokerHost());
    }

    @Test
    void build_portOutOfRange_throws() {
        assertSingleProblem("brokerPort", "must be 1..65535, but was 0", b -> b.brokerPort(0));
        assertSingleProblem("brokerPort", "must be 1..65535, but was 65536", b -> b.brokerPort(65536));
    }

    @Test
    void build_publishTopicWithWildcard_throws() {
        assertSingleProblem("taskFailureTopic", "is not a valid MQTT topic name: must not contain the wildcard '+'"
                + " (a topic name, not a filter), but was \"qliksense/+/failed\"",
                b -> b.topics(t -> t.taskFailureTopic("qliksense/+/failed")));
        assertSingleProblem("taskAbortedFullTopic", "is not a valid MQTT topic name: must not contain the wildcard '#'"
                + " (a topic name, not a filter), but was \"a/#\"", b -> b.topics(t -> t.taskAbortedFullTopic("a/#")));
    }

    @Test
    void build_publishTopicWithNul_throws() {
        assertSingleProblem("qlikSenseServerLicenseTopic",
                "is not a valid MQTT topic name: must not contain U+0000, but has it at index 1",
                b -> b.topics(t -> t.qlikSenseServerLicenseTopic("a\u0000b")));
    }

    @Test
    void build_topicWithControlCharacterOrNonCharacter_throws() {
        assertSingleProblem("taskFailureTopic", "is not a valid MQTT topic name: must not contain control characters "
                + "(MQTT: they should not be used in topics, and a broker may drop the connection for them), but has "
                + "U+000A at index 9", b -> b.topics(t -> t.taskFailureTopic("qliksense\n/x")));
        assertTrue(invalid(b -> b.topics(t -> t.subscriptionRootTopic("q\uffff/#").taskStartTopic("q\uffff/s")))
                .problems().contains(
                new Problem("subscriptionRootTopic", "is not a valid MQTT topic filter: must not contain Unicode "
                        + "non-characters (MQTT: they should not be used in topics, and a broker may drop the connection "
                        + "for them), but has U+FFFF at index 1")));
        assertSingleProblem("taskStart.sharedSubscriptionGroup", "must not contain control characters (MQTT: they "
                + "should not be used in topics, and a broker may drop the connection for them), but has U+0085 at index 1",
                b -> b.taskStart(MqttSettings.TaskStart.DEFAULT.withSharedSubscriptionGroup("g\u0085")));
    }

    @Test
    void build_hugeMultiLineValue_messageQuotesAFewHundredCharactersOnOneLine() {
        String hostile = "evil\n- forged: line\n" + "h".repeat(1_000_000);
        InvalidSettingsException e = invalid(b -> b.brokerHost(hostile + " x"));
        String message = e.getMessage();
        assertTrue(message.length() < 1000, "the message is " + message.length() + " characters");
        assertFalse(message.contains("\n- forged"), message);
        assertTrue(message.contains("\"evil\\n- forged: line\\nhhh"), message);
        assertTrue(message.contains("... (" + (hostile.length() + 2) + " characters)"), message);
    }

    @Test
    void build_maxMessageBytesOutOfRange_throws() {
        assertSingleProblem("delivery.maxMessageBytes", "must be 1..268435455 (bytes of payload), but was 0",
                b -> b.delivery(MqttSettings.Delivery.DEFAULT.withMaxMessageBytes(0)));
        assertEquals(MqttSettings.DEFAULT_MAX_MESSAGE_BYTES, MqttSettings.builder().build().delivery().maxMessageBytes());
        assertEquals(new MqttSettings.Delivery(0, true, MqttSettings.DEFAULT_MAX_MESSAGE_BYTES),
                new MqttSettings.Delivery(0, true));
    }

    @Test
    void build_publishTopicTooLong_throws() {
        String longTopic = "é".repeat(32_768); // 65,536 UTF-8 bytes
        assertSingleProblem("sessionStartTopic",
                "is not a valid MQTT topic name: must be at most 65535 UTF-8 bytes, but was 65536",
                b -> b.topics(t -> t.sessionStartTopic(longTopic)));
    }

    @Test
    void build_emptyTopicWhereItMeansSomething_throws() {
        assertSingleProblem("taskFailureTopic", "is not a valid MQTT topic name: must not be empty",
                b -> b.topics(t -> t.taskFailureTopic("")));
    }

    @Test
    void build_emptyServiceTopics_meanNotSent_andAreAccepted() {
        MqttSettings s = MqttSettings.builder()
                .topics(t -> t.serviceRunningTopic("").serviceStoppedTopic("").serviceStatusTopic("")).build();
        assertEquals("", s.serviceRunningTopic());
        assertEquals("", s.serviceStoppedTopic());
        assertEquals("", s.serviceStatusTopic());
    }

    @Test
    void build_invalidSubscriptionFilter_throws() {
        assertSingleProblem("subscriptionRootTopic", "is not a valid MQTT topic filter: may use '#' only as the whole"
                + " last level, but was \"qliksense/#/x\"", b -> b.topics(t -> t.subscriptionRootTopic("qliksense/#/x")));
        assertSingleProblem("subscriptionRootTopic", "is not a valid MQTT topic filter: may use '+' only as a whole"
                + " level, but was \"qlik+sense/#\"", b -> b.topics(t -> t.subscriptionRootTopic("qlik+sense/#")));
    }

    @Test
    void build_taskStartTopicNotUnderRoot_throws() {
        assertSingleProblem("taskStartTopic", "\"qliksense/start\" is not under subscriptionRootTopic \"butler/#\","
                + " so it would never be received",
                b -> b.topics(t -> t.subscriptionRootTopic("butler/#").taskStartTopic("qliksense/start")));
    }

    @Test
    void build_taskStartTopicMatchedByPlusFilter_isAccepted() {
        MqttSettings s = MqttSettings.builder()
                .topics(t -> t.subscriptionRootTopic("qliksense/+").taskStartTopic("qliksense/go")).build();
        assertEquals("qliksense/go", s.taskStartTopic());
    }

    @Test
    void build_taskStartTopicWithWildcard_throws() {
        assertSingleProblem("taskStartTopic", "is not a valid MQTT topic name: must not contain the wildcard '#'"
                + " (a topic name, not a filter), but was \"qliksense/#\"",
                b -> b.topics(t -> t.taskStartTopic("qliksense/#")));
    }

    @Test
    void build_qosOutOfRange_throws() {
        assertSingleProblem("delivery.qos", "must be 0, 1 or 2, but was 3", b -> b.qos(3));
    }

    @Test
    void build_negativeLicenseThreshold_throws() {
        assertSingleProblem("serverLicenseAlertThresholdDays", "must be 0 or more, but was -1",
                b -> b.serverLicenseAlertThresholdDays(-1));
    }

    @Test
    void build_emptyClientId_throws() {
        assertSingleProblem("connection.clientId", "must not be empty (leave it unset for a generated one)",
                b -> b.clientId(""));
    }

    @Test
    void build_keepAliveOutOfRange_throws() {
        assertSingleProblem("connection.keepAlive", "must be PT1S..PT18H12M15S, but was PT0S",
                b -> b.connection(MqttSettings.Connection.DEFAULT.withKeepAlive(Duration.ZERO)));
    }

    @Test
    void build_emptyUsername_throws() {
        assertSingleProblem("credentials.username", "must not be empty when credentials are given",
                b -> b.credentials("", "pw"));
    }

    @Test
    void build_clientCertWithoutKey_throws() {
        assertSingleProblem("tls.clientKeyFile", "must be set because tls.clientCertFile is set",
                b -> b.tls(Tls.DEFAULT_ENABLED.withClientCertificate(Path.of("client.pem"), null)));
    }

    @Test
    void build_azureEventGridIncomplete_listsEachMissingValue() {
        InvalidSettingsException e = invalid(b -> b.azureEventGrid(
                new AzureEventGrid(true, "", Optional.empty(), Optional.empty())));
        assertEquals(List.of(
                new Problem("azureEventGrid.clientId", "must not be empty when azureEventGrid is enabled"),
                new Problem("azureEventGrid.clientCertFile", "must be set when azureEventGrid is enabled"),
                new Problem("azureEventGrid.clientKeyFile", "must be set when azureEventGrid is enabled")),
                e.problems());
    }

    @Test
    void build_clientIdDifferentFromAzureClientId_throws() {
        assertSingleProblem("connection.clientId", "must be empty or equal to azureEventGrid.clientId \"eg-client\""
                + " when azureEventGrid is enabled, but was \"other\"",
                b -> b.azureEventGrid(AzureEventGrid.of("eg-client", Path.of("c.pem"), Path.of("k.pem")))
                        .clientId("other"));
    }

    @Test
    void build_reconnectInitialLongerThanMax_throws() {
        assertSingleProblem("reconnect.initialDelay", "must not be longer than reconnect.maxDelay (PT5S), but was PT10S",
                b -> b.reconnect(new Reconnect(Duration.ofSeconds(10), Duration.ofSeconds(5))));
    }

    @Test
    void build_outboxCapacityOutOfRange_throws() {
        assertSingleProblem("outbox.capacity", "must be 1..10000000, but was 0",
                b -> b.outbox(new Outbox(0, Duration.ofSeconds(1))));
    }

    @Test
    void build_sharedGroupWithSlash_throws() {
        assertSingleProblem("taskStart.sharedSubscriptionGroup",
                "must be a non-empty name without '/', '+', '#' or U+0000, but was \"a/b\"",
                b -> b.taskStart(TaskStart.DEFAULT.withSharedSubscriptionGroup("a/b")));
    }

    @Test
    void build_taskStartPayloadLimitTooSmall_throws() {
        assertSingleProblem("taskStart.maxPayloadBytes",
                "must be 36..1048576 (a UUID has 36 characters), but was 10",
                b -> b.taskStart(new TaskStart(Optional.empty(), Duration.ofSeconds(1), 10)));
    }

    @Test
    void build_availabilityTopicInvalid_throws() {
        assertSingleProblem("availability.topic", "is not a valid MQTT topic name: must not be empty",
                b -> b.availability(Availability.DISABLED.withEnabled(true).withTopic("")));
    }

    @Test
    void build_cloudForwardEnabledWithBadPort_throws() {
        assertSingleProblem("qlikSenseCloudForward.port", "must be 1..65535, but was 70000",
                b -> b.qlikSenseCloudForward(new QlikSenseCloudForward(true, "cloud.example.com", 70000,
                        Optional.empty(), "qscloud/#", "qscloud/app/reload")));
    }

    @Test
    void build_manyProblems_areAllReportedAtOnce() {
        InvalidSettingsException e = invalid(b -> b.brokerHost("").brokerPort(-1)
                .topics(t -> t.taskFailureTopic("a/+")).qos(7));
        assertEquals(4, e.problems().size());
        assertEquals("Invalid MQTT settings (4 problems):\n"
                + "  - brokerHost: must be a host name or IP address, but was empty\n"
                + "  - brokerPort: must be 1..65535, but was -1\n"
                + "  - taskFailureTopic: is not a valid MQTT topic name: must not contain the wildcard '+'"
                + " (a topic name, not a filter), but was \"a/+\"\n"
                + "  - delivery.qos: must be 0, 1 or 2, but was 7", e.getMessage());
    }

    @Test
    void setters_rejectNullNamingTheSetting() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ButlerTopics.builder().taskStartTopic(null));
        assertEquals("taskStartTopic must not be null", e.getMessage());
    }
}
