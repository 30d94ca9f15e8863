package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The notice's builder checks, and the event builders it starts. */
class ReloadTaskNoticeTest {

    private static final String TASK_ID = SenseDatagramParserTest.TASK_ID;

    private static ReloadTaskNotice.Builder full() {
        return ReloadTaskNotice.builder().kind(ReloadTaskNotice.Kind.FAILED).hostName("h").taskName("t")
                .appName("a").user("LAB\\\\svc").taskId(TASK_ID).appId(SenseDatagramParserTest.APP_ID)
                .logTimeStamp("ts").logLevel("ERROR").executionId("x").logMessage("m");
    }

    @Test
    void failedBuilder_holdsEveryField_theEnricherAddsTheQrsParts() {
        ReloadTaskFailed e = full().build().failedBuilder().taskTags(List.of("Finance"))
                .appCustomProperties(List.of(new CustomProperty("Unit", "Sales"))).taskMetadata(Map.of("id", TASK_ID))
                .build();
        assertEquals("h", e.hostName());
        assertEquals(Optional.of("LAB\\svc"), e.user());
        assertEquals("t", e.taskName());
        assertEquals(TASK_ID, e.taskId());
        assertEquals(Optional.of("a"), e.appName());
        assertEquals(Optional.of(SenseDatagramParserTest.APP_ID), e.appId());
        assertEquals(Optional.of("ts"), e.logTimeStamp());
        assertEquals(Optional.of("ERROR"), e.logLevel());
        assertEquals(Optional.of("x"), e.executionId());
        assertEquals(Optional.of("m"), e.logMessage());
        assertEquals(List.of("Finance"), e.taskTags());
    }

    @Test
    void wrongKindBuilder_throws_namingTheRightOne() {
        ReloadTaskNotice failed = full().build();
        assertEquals("abortedBuilder() needs an ABORTED notice, but this one is FAILED; use failedBuilder()",
                assertThrows(IllegalStateException.class, failed::abortedBuilder).getMessage());
        ReloadTaskNotice aborted = full().kind(ReloadTaskNotice.Kind.ABORTED).build();
        assertThrows(IllegalStateException.class, aborted::failedBuilder);
        assertInstanceOf(ReloadTaskAborted.class, aborted.toEvent());
        assertInstanceOf(ReloadTaskFailed.class, failed.toEvent());
    }

    @Test
    void build_requiresKindAndTaskId() {
        assertEquals("ReloadTaskNotice.kind is required, but was not set", assertThrows(IllegalStateException.class,
                () -> ReloadTaskNotice.builder().taskId(TASK_ID).build()).getMessage());
        assertEquals("ReloadTaskNotice.taskId is required, but was not set", assertThrows(IllegalStateException.class,
                () -> ReloadTaskNotice.builder().kind(ReloadTaskNotice.Kind.FAILED).build()).getMessage());
    }

    @Test
    void taskIdAndAppId_areChecked() {
        assertEquals("ReloadTaskNotice.taskId must be a GUID (8-4-4-4-12 hexadecimal digits), but was \"1-2-3-4-5\"",
                assertThrows(IllegalArgumentException.class, () -> ReloadTaskNotice.builder().taskId("1-2-3-4-5"))
                        .getMessage());
        assertEquals("ReloadTaskNotice.appId must be a GUID or empty, but was \"x\\u0009y\"",
                assertThrows(IllegalArgumentException.class, () -> ReloadTaskNotice.builder().appId("x\ty"))
                        .getMessage());
        UUID id = UUID.fromString(TASK_ID);
        assertEquals(TASK_ID, ReloadTaskNotice.builder().kind(ReloadTaskNotice.Kind.FAILED).taskId(id).build()
                .taskIdText());
        assertThrows(NullPointerException.class, () -> ReloadTaskNotice.builder().hostName(null));
    }

    @Test
    void equalsHashCodeToBuilder_toStringWithoutTheMessage() {
        ReloadTaskNotice n = full().build();
        assertEquals(n, n.toBuilder().build());
        assertEquals(n.hashCode(), n.toBuilder().build().hashCode());
        assertNotEquals(n, n.toBuilder().logMessage("other").build());
        assertEquals("ReloadTaskNotice{kind=FAILED, hostName=h, taskName=t, taskId=" + TASK_ID + ", appId="
                + SenseDatagramParserTest.APP_ID + ", executionId=x, logMessage=(1 chars)}", n.toString());
    }
}
