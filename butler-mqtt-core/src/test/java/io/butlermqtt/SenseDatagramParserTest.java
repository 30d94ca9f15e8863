package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One test per parsing rule of the log appender datagrams (WIRE.md, Butler 16.0.4 and 5.0). */
class SenseDatagramParserTest {

    static final String TASK_ID = "e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e";
    static final String APP_ID = "7d0f4c2a-9b1e-4e6a-8c3d-2f5b6a7c8d9e";
    static final String EXECUTION_ID = "11111111-2222-4333-8444-555555555555";

    /** A scheduler datagram with the given fields after the marker (host first). */
    static String datagram(String marker, String... fields) {
        return marker + ";" + String.join(";", fields);
    }

    static String failed(String taskName, String message) {
        return datagram("/scheduler-reload-failed/", "sense-central", taskName, "Sales dashboard", "LAB\\anna", TASK_ID,
                APP_ID, "2024-06-02 06:00:17,123", "ERROR", EXECUTION_ID, message);
    }

    static ParsedDatagram parse(String text) {
        return SenseDatagramParser.parseTaskDatagram(text.getBytes(StandardCharsets.UTF_8));
    }

    static ReloadTaskNotice notice(String text) {
        ParsedDatagram p = parse(text);
        assertInstanceOf(ParsedDatagram.ReloadTask.class, p, () -> "expected a notice, got " + p);
        return ((ParsedDatagram.ReloadTask) p).notice();
    }

    static String invalidReason(String text) {
        ParsedDatagram p = parse(text);
        assertInstanceOf(ParsedDatagram.Invalid.class, p, () -> "expected invalid, got " + p);
        return ((ParsedDatagram.Invalid) p).reason();
    }

    // --- fields -----------------------------------------------------------------------------------

    @Test
    void failedDatagram_everyFieldInItsPlace() {
        ReloadTaskNotice n = notice(failed("Reload of Sales dashboard", "Max retries reached"));
        assertEquals(ReloadTaskNotice.Kind.FAILED, n.kind());
        assertEquals("sense-central", n.hostName());
        assertEquals("Reload of Sales dashboard", n.taskName());
        assertEquals("Sales dashboard", n.appName());
        assertEquals("LAB\\anna", n.user());
        assertEquals(UUID.fromString(TASK_ID), n.taskId());
        assertEquals(TASK_ID, n.taskIdText());
        assertEquals(APP_ID, n.appId());
        assertEquals("2024-06-02 06:00:17,123", n.logTimeStamp());
        assertEquals("ERROR", n.logLevel());
        assertEquals(EXECUTION_ID, n.executionId());
        assertEquals("Max retries reached", n.logMessage());
    }

    // --- markers ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"/scheduler-reload-failed/", "/scheduler-task-failed/", "/scheduler-reloadtask-failed/",
            "/SCHEDULER-Reload-FAILED/", "/Scheduler-Task-Failed/"})
    void failedMarkers_caseInsensitive_giveFailed(String marker) {
        String text = failed("t", "m").replace("/scheduler-reload-failed/", marker);
        assertEquals(ReloadTaskNotice.Kind.FAILED, notice(text).kind());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"/scheduler-reload-aborted/", "/scheduler-task-aborted/", "/SCHEDULER-TASK-ABORTED/"})
    void abortedMarkers_caseInsensitive_giveAborted(String marker) {
        String text = failed("t", "m").replace("/scheduler-reload-failed/", marker);
        assertEquals(ReloadTaskNotice.Kind.ABORTED, notice(text).kind());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"/scheduler-task-success/", "/scheduler-task-success//", "/scheduler-reloadtask-success/",
            "/scheduler-distribute/", "/engine-reload-failed/", "/Some-Future-Marker/"})
    void otherMarkers_areIgnored(String marker) {
        ParsedDatagram p = parse(failed("t", "m").replace("/scheduler-reload-failed/", marker));
        assertInstanceOf(ParsedDatagram.Ignored.class, p);
        assertTrue(((ParsedDatagram.Ignored) p).description().contains(marker.toLowerCase()), p::toString);
    }

    @Test
    void otherMarker_withFewFields_isIgnoredNotInvalid() {
        assertInstanceOf(ParsedDatagram.Ignored.class, parse("/scheduler-distribute/;host"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "hello world", "scheduler-reload-failed;a;b", "/scheduler reload failed/;x", "//"})
    void firstFieldNotAMarker_isInvalid(String text) {
        assertTrue(invalidReason(text).contains("not a scheduler log appender datagram"));
    }

    @Test
    void markerWithControlCharacters_isCleanedBeforeComparing() {
        String text = failed("t", "m").replace("/scheduler-reload-failed/", "\t/scheduler-reload-\r\nfailed/\u0000");
        assertEquals(ReloadTaskNotice.Kind.FAILED, notice(text).kind());
    }

    // --- control characters --------------------------------------------------------------------------

    @Test
    void controlCharacters_removedFromEveryField() {
        String text = datagram("/scheduler-reload-failed/", "sense\u0001-central", "Reload\tof Sales",
                "Sales\u007f dashboard", "LAB\\an\nna", TASK_ID + "\r", "\u001f" + APP_ID, "2024-06-02\u0000 06:00:17",
                "ERR\u0008OR", EXECUTION_ID + "\n", "Max retries\r\n reached\n");
        ReloadTaskNotice n = notice(text);
        assertEquals("sense-central", n.hostName());
        assertEquals("Reloadof Sales", n.taskName());
        assertEquals("Sales dashboard", n.appName());
        assertEquals("LAB\\anna", n.user());
        assertEquals(TASK_ID, n.taskIdText());
        assertEquals(APP_ID, n.appId());
        assertEquals("2024-06-02 06:00:17", n.logTimeStamp());
        assertEquals("ERROR", n.logLevel());
        assertEquals(EXECUTION_ID, n.executionId());
        assertEquals("Max retries reached", n.logMessage());
    }

    @Test
    void otherCharacters_areKept_C1ControlsLineSeparatorsNonAscii() {
        String name = "Reload\u0085 \u2028 \u00a0 é 日本 \ud83d\ude00 \ufeff";
        assertEquals(name, notice(failed(name, "m")).taskName());
    }

    // --- 500 characters -------------------------------------------------------------------------------

    @Test
    void fields_cutTo500Characters() {
        String longName = "n".repeat(600);
        String longMessage = "m".repeat(501);
        ReloadTaskNotice n = notice(failed(longName, longMessage));
        assertEquals("n".repeat(500), n.taskName());
        assertEquals("m".repeat(500), n.logMessage());
        assertEquals("n".repeat(500), notice(failed("n".repeat(500), "m")).taskName());
    }

    @Test
    void cut_countsCharactersAfterRemovingControls() {
        String name = "\t".repeat(100) + "n".repeat(500);
        assertEquals("n".repeat(500), notice(failed(name, "m")).taskName());
    }

    @Test
    void cut_isInUtf16Units_aPairAcrossTheCutLeavesItsHighHalf_asJavaScriptSlice() {
        String name = "n".repeat(499) + "\ud83d\ude00" + "tail";
        String cut = notice(failed(name, "m")).taskName();
        assertEquals(500, cut.length());
        assertEquals('\ud83d', cut.charAt(499));
    }

    @Test
    void loneHighSurrogateAfterTheCut_isSentAsButlerDoes() {
        String name = "n".repeat(499) + "\ud83d\ude00";
        ReloadTaskNotice n = notice(failed(name, "m"));
        List<MqttMessage> messages = SenseEventPublisher.dryRun(MqttSettings.builder().build())
                .messagesFor(n.toEvent());
        // short message: Node's Buffer.from(string) writes a lone surrogate as U+FFFD
        byte[] expectedShort = ("n".repeat(499) + "\ufffd").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expectedShort, messages.get(0).payload());
        // full message: JSON.stringify escapes it
        String full = new String(messages.get(1).payload(), StandardCharsets.UTF_8);
        assertTrue(full.contains("\"taskName\":\"" + "n".repeat(499) + "\\ud83d\""), full);
    }

    // --- taskId and appId --------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"not-a-guid", "e3b27f50b1c0487988fcc7cdd9c1cf3e", "e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3",
            "e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e0", "g3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e", " " + TASK_ID,
            "{e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e}", "1-2-3-4-5"})
    void taskIdNotAGuid_isInvalid(String taskId) {
        String reason = invalidReason(failed("t", "m").replace(TASK_ID, taskId));
        assertTrue(reason.startsWith("taskId (field 5) is not a GUID"), reason);
    }

    @Test
    void taskIdEmpty_isInvalid() {
        assertEquals("taskId (field 5) is empty; expected a GUID", invalidReason(failed("t", "m").replace(TASK_ID, "")));
    }

    @Test
    void taskIdUpperCase_isAccepted_andItsTextKept() {
        String upper = TASK_ID.toUpperCase();
        ReloadTaskNotice n = notice(failed("t", "m").replace(TASK_ID, upper));
        assertEquals(upper, n.taskIdText());
        assertEquals(UUID.fromString(TASK_ID), n.taskId());
        assertEquals(upper, ((ReloadTaskFailed) n.toEvent()).taskId());
    }

    @Test
    void taskIdWithAControlCharacter_isCheckedAfterCleaning() {
        String split = TASK_ID.substring(0, 10) + "\t" + TASK_ID.substring(10);
        assertEquals(TASK_ID, notice(failed("t", "m").replace(TASK_ID, split)).taskIdText());
    }

    @Test
    void appIdEmpty_isAccepted() {
        assertEquals("", notice(failed("t", "m").replace(APP_ID, "")).appId());
    }

    @Test
    void appIdNotAGuid_isInvalid() {
        String reason = invalidReason(failed("t", "m").replace(APP_ID, "my app"));
        assertEquals("appId (field 6) is neither empty nor a GUID: \"my app\"", reason);
    }

    // --- field count ----------------------------------------------------------------------------------------

    @Test
    void semicolonsInTheMessage_areKept_everythingAfterTheTenthIsTheMessage() {
        ReloadTaskNotice n = notice(failed("t", "Error: a;b;;c;"));
        assertEquals("Error: a;b;;c;", n.logMessage());
    }

    @Test
    void eleventhFieldEmpty_givesAnEmptyMessage() {
        assertEquals("", notice(failed("t", "")).logMessage());
    }

    @ParameterizedTest(name = "[{0} fields]")
    @ValueSource(ints = {1, 2, 6, 10})
    void fewerThan11Fields_isInvalid(int fields) {
        String[] all = failed("t", "m").split(";", -1);
        String text = String.join(";", List.of(all).subList(0, fields));
        assertEquals("expected 11 fields separated by ';' after marker /scheduler-reload-failed/, found " + fields,
                invalidReason(text));
    }

    @Test
    void emptyFields_areAccepted_asEmptyText() {
        ReloadTaskNotice n = notice(datagram("/scheduler-task-aborted/", "", "", "", "", TASK_ID, "", "", "", "", ""));
        assertEquals("", n.hostName());
        assertEquals("", n.taskName());
        assertEquals("", n.user());
        assertEquals("", n.executionId());
        ReloadTaskAborted e = (ReloadTaskAborted) n.toEvent();
        assertEquals("", e.taskName());
    }

    // --- bytes -----------------------------------------------------------------------------------------------

    @Test
    void invalidUtf8_becomesReplacementCharacters_asNodeDecodes() {
        byte[] head = "/scheduler-reload-failed/;host;Re".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xff, (byte) 0xc3};
        byte[] tail = (";app;user;" + TASK_ID + ";;ts;ERROR;x;msg").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        ParsedDatagram p = SenseDatagramParser.parseTaskDatagram(all);
        assertEquals("Re\ufffd\ufffd", ((ParsedDatagram.ReloadTask) p).notice().taskName());
    }

    @Test
    void offsetAndLength_selectTheDatagram() {
        byte[] text = ("garbage" + failed("t", "m") + "garbage").getBytes(StandardCharsets.UTF_8);
        int length = failed("t", "m").getBytes(StandardCharsets.UTF_8).length;
        ParsedDatagram p = SenseDatagramParser.parseTaskDatagram(text, 7, length);
        assertEquals("m", ((ParsedDatagram.ReloadTask) p).notice().logMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> SenseDatagramParser.parseTaskDatagram(text, 7, text.length));
    }

    // --- user and events --------------------------------------------------------------------------------------

    @Test
    void user_isKeptAsSent_theEventTurnsDoubledBackslashesIntoOne() {
        ReloadTaskNotice n = notice(failed("t", "m").replace("LAB\\anna", "LAB\\\\svc"));
        assertEquals("LAB\\\\svc", n.user());
        assertEquals("LAB\\svc", ((ReloadTaskFailed) n.toEvent()).user().orElseThrow());
    }

    // --- user audit datagrams (Butler 5) -------------------------------------------------------------------

    static ParsedDatagram audit(String text) {
        return SenseDatagramParser.parseUserAuditDatagram(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void userAudit_eachCommand_givesItsEvent() {
        assertEquals(UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("sense1")
                .userDirectory("LAB").userId("anna").build(),
                ((ParsedDatagram.UserAudit) audit("sense1;Start session;LAB;anna")).event());
        assertEquals(UserSessionEvent.builder().action(UserSessionEvent.Action.STOP).host("sense1")
                .userDirectory("LAB").userId("anna").build(),
                ((ParsedDatagram.UserAudit) audit("sense1;Stop session;LAB;anna")).event());
        assertEquals(UserConnectionEvent.builder().action(UserConnectionEvent.Action.OPEN).host("sense1")
                .userDirectory("LAB").userId("anna").build(),
                ((ParsedDatagram.UserAudit) audit("sense1;Open connection;LAB;anna")).event());
        assertEquals(UserConnectionEvent.builder().action(UserConnectionEvent.Action.CLOSE).host("sense1")
                .userDirectory("LAB").userId("anna").build(),
                ((ParsedDatagram.UserAudit) audit("sense1;Close connection;LAB;anna")).event());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"start session", "Start Session", "Login", "", " Start session"})
    void userAudit_otherCommands_areIgnored_comparedExactlyAsButler5(String command) {
        assertInstanceOf(ParsedDatagram.Ignored.class, audit("sense1;" + command + ";LAB;anna"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "sense1", "sense1;Start session", "sense1;Start session;LAB"})
    void userAudit_fewerThan4Fields_isInvalid(String text) {
        ParsedDatagram p = audit(text);
        assertInstanceOf(ParsedDatagram.Invalid.class, p);
        assertTrue(((ParsedDatagram.Invalid) p).reason().startsWith("expected 4 fields host;command;userDirectory;userId"));
    }

    @Test
    void userAudit_userIdTakesTheRest_fieldsAsSent() {
        UserSessionEvent e = (UserSessionEvent) ((ParsedDatagram.UserAudit) audit("sense\t1;Start session;;an;na"))
                .event();
        assertEquals("sense\t1", e.host());
        assertEquals("", e.userDirectory());
        assertEquals("an;na", e.userId());
    }

    // --- never throws --------------------------------------------------------------------------------------

    @Test
    void randomAndMutatedBytes_neverThrow_andEveryNoticeMapsToMqtt() {
        java.util.Random random = new java.util.Random(7);
        SenseEventPublisher mapping = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        byte[] valid = failed("Reload;of\tSales", "Error: a;b").getBytes(StandardCharsets.UTF_8);
        int notices = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] d;
            if (i % 2 == 0) {
                d = new byte[random.nextInt(600)];
                random.nextBytes(d);
                if (i % 4 == 0 && d.length > 30) {
                    System.arraycopy("/scheduler-task-failed/;".getBytes(StandardCharsets.UTF_8), 0, d, 0, 24);
                }
            } else {
                d = java.util.Arrays.copyOf(valid, random.nextBoolean() ? valid.length + random.nextInt(40)
                        : random.nextInt(valid.length));
                for (int k = random.nextInt(4); k > 0 && d.length > 0; k--) {
                    d[random.nextInt(d.length)] = (byte) random.nextInt(256);
                }
            }
            ParsedDatagram task = SenseDatagramParser.parseTaskDatagram(d);
            ParsedDatagram audit = SenseDatagramParser.parseUserAuditDatagram(d);
            assertTrue(task != null && audit != null);
            if (task instanceof ParsedDatagram.ReloadTask) {
                notices++;
                assertTrue(mapping.messagesFor(((ParsedDatagram.ReloadTask) task).notice().toEvent()).size() == 2);
            }
            if (audit instanceof ParsedDatagram.UserAudit) {
                assertEquals(1, mapping.messagesFor(((ParsedDatagram.UserAudit) audit).event()).size());
            }
        }
        assertTrue(notices > 500, "some mutations of a valid datagram stay valid: " + notices);
    }
}
