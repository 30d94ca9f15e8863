package io.butlermqtt;

import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.ServerLicenseStatus;
import io.butlermqtt.event.ServiceStatus;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.butlermqtt.SampleEvents.ABORTED_JSON;
import static io.butlermqtt.SampleEvents.FAILED_JSON;
import static io.butlermqtt.SampleEvents.LICENSE_JSON;
import static io.butlermqtt.SampleEvents.RUNNING_JSON;
import static io.butlermqtt.SampleEvents.STATUS_JSON;
import static io.butlermqtt.SampleEvents.STOPPED_JSON;
import static io.butlermqtt.SampleEvents.TASK_NAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Outgoing row of WIRE.md: exact topics, payload bytes and order, through the public API. */
class ButlerWireFormatTest {

    private static final MqttSettings DEFAULTS = MqttSettings.builder().build();
    private static final SenseEventPublisher PUBLISHER = SenseEventPublisher.dryRun(DEFAULTS);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMessage(MqttMessage m, String topic, String payload) {
        assertEquals(topic, m.topic());
        assertArrayEquals(utf8(payload), m.payload(), () -> "payload on " + topic + " was " + m.payloadAsString());
        assertEquals(DEFAULTS.delivery().qos(), m.qos());
        assertEquals(DEFAULTS.delivery().retain(), m.retain());
    }

    @Test
    void reloadTaskFailed_sendFull_shortThenFullJson() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.failed().build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/task_failure", TASK_NAME);
        assertMessage(messages.get(1), "qliksense/task_failure_full", FAILED_JSON);
    }

    @Test
    void reloadTaskFailed_payloadSize_isTheRealistic2point8KbEvent() {
        assertEquals(2821, PUBLISHER.messagesFor(SampleEvents.failed().build()).get(1).payloadSize());
    }

    @Test
    void reloadTaskFailed_sendFullFalse_onlyShort() {
        SenseEventPublisher p = SenseEventPublisher.dryRun(DEFAULTS.toBuilder().taskFailureSendFull(false).build());
        List<MqttMessage> messages = p.messagesFor(SampleEvents.failed().build());
        assertEquals(1, messages.size());
        assertMessage(messages.get(0), "qliksense/task_failure", TASK_NAME);
    }

    @Test
    void reloadTaskAborted_sendFull_shortThenFullJsonWithAppMetadata() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.aborted().build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/task_aborted", TASK_NAME);
        assertMessage(messages.get(1), "qliksense/task_aborted_full", ABORTED_JSON);
    }

    @Test
    void reloadTaskAborted_sendFullFalse_onlyShort() {
        SenseEventPublisher p = SenseEventPublisher.dryRun(DEFAULTS.toBuilder().taskAbortedSendFull(false).build());
        List<MqttMessage> messages = p.messagesFor(SampleEvents.aborted().build());
        assertEquals(1, messages.size());
        assertMessage(messages.get(0), "qliksense/task_aborted", TASK_NAME);
    }

    @Test
    void reloadTaskFailed_onlyRequiredFields_optionalTextsAreEmptyStringsAndCollectionsEmpty() {
        ReloadTaskFailed e = ReloadTaskFailed.builder().hostName("h").taskName("t").taskId("i").build();
        assertMessage(PUBLISHER.messagesFor(e).get(1), "qliksense/task_failure_full",
                "{\"hostName\":\"h\",\"user\":\"\",\"taskName\":\"t\",\"taskId\":\"i\",\"appName\":\"\",\"appId\":\"\","
                        + "\"logTimeStamp\":\"\",\"logLevel\":\"\",\"executionId\":\"\",\"logMessage\":\"\","
                        + "\"qs_appTags\":[],\"qs_appCustomProperties\":[],\"qs_taskTags\":[],"
                        + "\"qs_taskCustomProperties\":[],\"qs_taskMetadata\":{}}");
    }

    @Test
    void butlerDelivery_qos0NotRetained() {
        MqttSettings butler = DEFAULTS.toBuilder().delivery(MqttSettings.Delivery.BUTLER).build();
        for (MqttMessage m : SenseEventPublisher.dryRun(butler).messagesFor(SampleEvents.failed().build())) {
            assertEquals(0, m.qos());
            assertFalse(m.retain());
        }
        MqttSettings retained = DEFAULTS.toBuilder().delivery(new MqttSettings.Delivery(2, true)).build();
        MqttMessage m = SenseEventPublisher.dryRun(retained).messagesFor(SampleEvents.failed().build()).get(1);
        assertEquals(2, m.qos());
        assertTrue(m.retain());
    }

    @Test
    void eventSourceStatus_taskEvents_startAndError() {
        assertMessage(PUBLISHER.messagesFor(EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS)
                .status(EventSourceStatus.Status.START).build()).get(0), "qliksense/butler/task_failure_server", "start");
        assertMessage(PUBLISHER.messagesFor(EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS)
                .status(EventSourceStatus.Status.ERROR).build()).get(0), "qliksense/butler/task_failure_server", "error");
    }

    @Test
    void eventSourceStatus_sessionEvents_startAndError() {
        List<MqttMessage> start = PUBLISHER.messagesFor(EventSourceStatus.builder()
                .source(EventSourceStatus.Source.SESSION_EVENTS).status(EventSourceStatus.Status.START).build());
        assertEquals(1, start.size());
        assertMessage(start.get(0), "qliksense/butler/session_server", "start");
        assertMessage(PUBLISHER.messagesFor(EventSourceStatus.builder().source(EventSourceStatus.Source.SESSION_EVENTS)
                .status(EventSourceStatus.Status.ERROR).build()).get(0), "qliksense/butler/session_server", "error");
    }

    @Test
    void serviceStopped_changed_stoppedThenStatus() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.service("STOPPED", "RUNNING", true).build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/service_stopped/qs-node-01/QlikSenseEngineService", STOPPED_JSON);
        assertMessage(messages.get(1), "qliksense/service_status/qs-node-01/QlikSenseEngineService", STATUS_JSON);
    }

    @Test
    void serviceRunning_changed_runningThenStatus_displayNameBeforeFriendlyName() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.service("RUNNING", "STOPPED", true).build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/service_running/qs-node-01/QlikSenseEngineService", RUNNING_JSON);
        assertMessage(messages.get(1), "qliksense/service_status/qs-node-01/QlikSenseEngineService",
                STATUS_JSON.replace("STOPPED", "RUNNING"));
    }

    @Test
    void serviceStatus_unchanged_onlyStatus() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.service("STOPPED", "STOPPED", false).build());
        assertEquals(1, messages.size());
        assertMessage(messages.get(0), "qliksense/service_status/qs-node-01/QlikSenseEngineService", STATUS_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAUSED", "START_PENDING", "stopped", "Running"})
    void serviceStatus_otherStateChanged_onlyStatus(String state) {
        List<MqttMessage> messages = PUBLISHER.messagesFor(SampleEvents.service(state, "RUNNING", true).build());
        assertEquals(1, messages.size());
        assertEquals("qliksense/service_status/qs-node-01/QlikSenseEngineService", messages.get(0).topic());
        assertTrue(messages.get(0).payloadAsString().endsWith("\"serviceStatus\":\"" + state + "\"}"));
    }

    @Test
    void serviceStatus_emptyTopics_skipped() {
        MqttSettings noStopped = DEFAULTS.toBuilder().topics(t -> t.serviceStoppedTopic("")).build();
        List<MqttMessage> m1 = SenseEventPublisher.dryRun(noStopped)
                .messagesFor(SampleEvents.service("STOPPED", "RUNNING", true).build());
        assertEquals(List.of("qliksense/service_status/qs-node-01/QlikSenseEngineService"),
                m1.stream().map(MqttMessage::topic).toList());

        MqttSettings noRunning = DEFAULTS.toBuilder().topics(t -> t.serviceRunningTopic("")).build();
        List<MqttMessage> m2 = SenseEventPublisher.dryRun(noRunning)
                .messagesFor(SampleEvents.service("RUNNING", "STOPPED", true).build());
        assertEquals(List.of("qliksense/service_status/qs-node-01/QlikSenseEngineService"),
                m2.stream().map(MqttMessage::topic).toList());

        MqttSettings noStatus = DEFAULTS.toBuilder().topics(t -> t.serviceStatusTopic("")).build();
        List<MqttMessage> m3 = SenseEventPublisher.dryRun(noStatus)
                .messagesFor(SampleEvents.service("STOPPED", "RUNNING", true).build());
        assertEquals(List.of("qliksense/service_stopped/qs-node-01/QlikSenseEngineService"),
                m3.stream().map(MqttMessage::topic).toList());

        MqttSettings none = DEFAULTS.toBuilder()
                .topics(t -> t.serviceStoppedTopic("").serviceRunningTopic("").serviceStatusTopic("")).build();
        assertTrue(SenseEventPublisher.dryRun(none)
                .messagesFor(SampleEvents.service("RUNNING", "STOPPED", true).build()).isEmpty());
    }

    @Test
    void serviceStatus_optionalFieldsAbsent_emptyStringsAndEmptyArray() {
        ServiceStatus s = ServiceStatus.builder().serviceHost("h").serviceName("n").serviceStatus("STOPPED")
                .serviceStatusChanged(true).build();
        List<MqttMessage> messages = PUBLISHER.messagesFor(s);
        assertMessage(messages.get(0), "qliksense/service_stopped/h/n",
                "{\"serviceHost\":\"h\",\"serviceName\":\"n\",\"serviceFriendlyName\":\"\",\"serviceDisplayName\":\"\","
                        + "\"serviceDependencies\":[],\"serviceStartType\":\"\",\"serviceExePath\":\"\","
                        + "\"serviceStatus\":\"STOPPED\",\"servicePrevStatus\":\"\",\"serviceStatusChanged\":true}");
    }

    @Test
    void serverLicense_notExpiredWithinThreshold_statusThenAboutToExpire() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(ServerLicenseStatus.builder().licenseExpired(false)
                .expiryDateStr("2026-12-31").daysUntilExpiry(30).build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/qliksense_server_license", LICENSE_JSON);
        assertMessage(messages.get(1), "qliksense/qliksense_server_license_expire",
                "Qlik Sense server license is about to expire in 30 days, on 2026-12-31");
    }

    @Test
    void serverLicense_daysEqualThreshold_alert_thresholdPlusOne_noAlert() {
        MqttSettings s = DEFAULTS.toBuilder().serverLicenseAlertThresholdDays(45).build();
        SenseEventPublisher p = SenseEventPublisher.dryRun(s);
        List<MqttMessage> at = p.messagesFor(ServerLicenseStatus.builder().licenseExpired(false)
                .expiryDateStr("2026-12-31").daysUntilExpiry(45).build());
        assertEquals(2, at.size());
        assertMessage(at.get(0), "qliksense/qliksense_server_license",
                "{\"licenseExpired\":false,\"expiryDateStr\":\"2026-12-31\",\"daysUntilExpiry\":45}");
        assertMessage(at.get(1), "qliksense/qliksense_server_license_expire",
                "Qlik Sense server license is about to expire in 45 days, on 2026-12-31");

        List<MqttMessage> above = p.messagesFor(ServerLicenseStatus.builder().licenseExpired(false)
                .expiryDateStr("2026-12-31").daysUntilExpiry(46).build());
        assertEquals(1, above.size());
        assertMessage(above.get(0), "qliksense/qliksense_server_license",
                "{\"licenseExpired\":false,\"expiryDateStr\":\"2026-12-31\",\"daysUntilExpiry\":46}");
    }

    @Test
    void serverLicense_expired_statusThenExpiredText() {
        List<MqttMessage> messages = PUBLISHER.messagesFor(ServerLicenseStatus.builder().licenseExpired(true)
                .expiryDateStr("2024-06-30").daysUntilExpiry(200).build());
        assertEquals(2, messages.size());
        assertMessage(messages.get(0), "qliksense/qliksense_server_license",
                "{\"licenseExpired\":true,\"expiryDateStr\":\"2024-06-30\",\"daysUntilExpiry\":200}");
        assertMessage(messages.get(1), "qliksense/qliksense_server_license_expire",
                "Qlik Sense server license expired on 2024-06-30");
    }

    @Test
    void userSession_startAndStop_text() {
        UserSessionEvent.Builder b = UserSessionEvent.builder().host("qs-node-01").userDirectory("DOMAIN")
                .userId("anna.svensson");
        assertMessage(PUBLISHER.messagesFor(b.action(UserSessionEvent.Action.START).build()).get(0),
                "qliksense/session/start", "qs-node-01: DOMAIN/anna.svensson");
        assertMessage(PUBLISHER.messagesFor(b.action(UserSessionEvent.Action.STOP).build()).get(0),
                "qliksense/session/stop", "qs-node-01: DOMAIN/anna.svensson");
    }

    @Test
    void userConnection_openAndClose_text() {
        UserConnectionEvent.Builder b = UserConnectionEvent.builder().host("qs-node-02").userDirectory("INTERNAL")
                .userId("sa_scheduler");
        List<MqttMessage> open = PUBLISHER.messagesFor(b.action(UserConnectionEvent.Action.OPEN).build());
        assertEquals(1, open.size());
        assertMessage(open.get(0), "qliksense/connection/open", "qs-node-02: INTERNAL/sa_scheduler");
        assertMessage(PUBLISHER.messagesFor(b.action(UserConnectionEvent.Action.CLOSE).build()).get(0),
                "qliksense/connection/close", "qs-node-02: INTERNAL/sa_scheduler");
    }

    @Test
    void connectedMessage_butlerText() {
        MqttMessage m = new io.butlermqtt.internal.wire.WireFormat(DEFAULTS)
                .connectedMessage("broker.example.com", 1883, "butler-mqtt-7f3a");
        assertMessage(m, "qliksense/butler/mqtt/status",
                "Connected to MQTT broker broker.example.com:1883 with client ID butler-mqtt-7f3a");
    }

    @Test
    void publishEvent_dryRun_completesAtOnceWithMessages() throws Exception {
        CompletableFuture<PublishResult> f = PUBLISHER.publish(SampleEvents.failed().build());
        assertTrue(f.isDone());
        PublishResult r = f.get();
        assertSame(PublishResult.Outcome.DRY_RUN, r.outcome());
        assertEquals(PUBLISHER.messagesFor(SampleEvents.failed().build()), r.messages());
    }

    @Test
    void publishEvent_dryRunWithMqttDisabled_stillDryRun() throws Exception {
        SenseEventPublisher p = SenseEventPublisher.dryRun(DEFAULTS.toBuilder().enabled(false).build());
        assertSame(PublishResult.Outcome.DRY_RUN, p.publish(SampleEvents.failed().build()).get().outcome());
    }

    @Test
    void publishAnyMessage_dryRun_textAsUtf8() throws Exception {
        PublishResult r = PUBLISHER.publish("qliksense/custom/reload_done", "Klar: F\u00f6rs\u00e4ljning \ud83d\udcca").get();
        assertSame(PublishResult.Outcome.DRY_RUN, r.outcome());
        assertEquals(1, r.messages().size());
        assertMessage(r.messages().get(0), "qliksense/custom/reload_done", "Klar: F\u00f6rs\u00e4ljning \ud83d\udcca");
    }

    @Test
    void publishAnyMessage_loneSurrogate_encodedAsReplacementCharLikeNode() throws Exception {
        MqttMessage m = PUBLISHER.publish("a/b", "x\ud800y").get().messages().get(0);
        assertArrayEquals(new byte[] {'x', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'y'}, m.payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qliksense/+/x", "qliksense/#", "", "a\u0000b"})
    void publishAnyMessage_invalidTopic_futureFailsNamingTopicAndRule(String topic) {
        CompletableFuture<PublishResult> f = PUBLISHER.publish(topic, "hello");
        assertTrue(f.isCompletedExceptionally());
        ExecutionException ex = assertThrows(ExecutionException.class, f::get);
        IllegalArgumentException iae = assertInstanceOf(IllegalArgumentException.class, ex.getCause());
        // control characters in the quoted topic are escaped (U+0000 as \u0000)
        assertTrue(iae.getMessage().startsWith("topic \"" + topic.replace("\u0000", "\\u0000")
                + "\" is not a valid MQTT topic name: it must"),
                iae.getMessage());
    }

    @Test
    void publishAnyMessage_wildcardTopic_messageSaysWhichRule() {
        ExecutionException ex = assertThrows(ExecutionException.class, () -> PUBLISHER.publish("a/+", "x").get());
        assertEquals("topic \"a/+\" is not a valid MQTT topic name: it must not contain the wildcard '+' "
                + "(a topic name, not a filter), but was \"a/+\"", ex.getCause().getMessage());
        ExecutionException empty = assertThrows(ExecutionException.class, () -> PUBLISHER.publish("", "x").get());
        assertEquals("topic \"\" is not a valid MQTT topic name: it must not be empty", empty.getCause().getMessage());
    }

    @Test
    void publish_nullArguments_throwAtOnce() {
        assertEquals("topic", assertThrows(NullPointerException.class, () -> PUBLISHER.publish(null, "x")).getMessage());
        assertEquals("message", assertThrows(NullPointerException.class, () -> PUBLISHER.publish("a", null)).getMessage());
        assertEquals("event", assertThrows(NullPointerException.class,
                () -> PUBLISHER.publish((io.butlermqtt.event.SenseEvent) null)).getMessage());
        assertThrows(NullPointerException.class, () -> PUBLISHER.messagesFor(null));
    }

    @Test
    void serviceTopicTooLong_messagesForThrows_publishFails() {
        String longName = "s".repeat(70_000);
        ServiceStatus s = ServiceStatus.builder().serviceHost("h").serviceName(longName).serviceStatus("RUNNING").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PUBLISHER.messagesFor(s));
        assertTrue(e.getMessage().contains("must be at most 65535 UTF-8 bytes"), e.getMessage());
        assertTrue(PUBLISHER.publish(s).isCompletedExceptionally());
    }

    @Test
    void reloadTask_publishedAgain_sameBytesEveryTime_nodeExpectations() {
        // the metadata keeps its encoded bytes after the second write: writes 1, 2 and 3+ take three paths
        ReloadTaskFailed failed = SampleEvents.failed().build();
        io.butlermqtt.event.ReloadTaskAborted aborted = SampleEvents.aborted().build();
        for (int i = 0; i < 5; i++) {
            assertMessage(PUBLISHER.messagesFor(failed).get(1), "qliksense/task_failure_full", FAILED_JSON);
            assertMessage(PUBLISHER.messagesFor(aborted).get(1), "qliksense/task_aborted_full", ABORTED_JSON);
        }
    }

    @Test
    void reloadTask_oneMetadataRecordInManyEvents_eachPayloadComplete() {
        // as a bridge that caches QRS records would: the same immutable record in events that differ
        Object record = io.butlermqtt.json.Json.copyOf(SampleEvents.taskMetadata(), "taskMetadata");
        for (int i = 0; i < 4; i++) {
            String name = "Reload #" + i + " \"quoted\"";
            ReloadTaskFailed e = SampleEvents.failed().taskName(name).taskMetadata(record).build();
            ReloadTaskFailed fresh = SampleEvents.failed().taskName(name).build(); // its own copy of the record
            assertArrayEquals(PUBLISHER.messagesFor(fresh).get(1).payload(), PUBLISHER.messagesFor(e).get(1).payload(),
                    "event " + i);
        }
        String expected = FAILED_JSON.replace("\"taskName\":\"" + TASK_NAME + "\"", "\"taskName\":\"x\"");
        assertMessage(PUBLISHER.messagesFor(SampleEvents.failed().taskName("x").taskMetadata(record).build()).get(1),
                "qliksense/task_failure_full", expected);
    }
}
