package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStartPayloadsTest {

    private static final String ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private static TaskStartPayloads.Result check(String s) {
        return TaskStartPayloads.check(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), 1024);
    }

    @Test
    void check_uuid_valid() {
        TaskStartPayloads.Result r = check(ID);
        assertTrue(r.valid());
        assertEquals(UUID.fromString(ID), r.taskId());
        assertNull(r.problem());
    }

    @Test
    void check_uuidWithWhitespaceAndUpperCase_valid() {
        TaskStartPayloads.Result r = check("  \t" + ID.toUpperCase() + "\r\n");
        assertEquals(UUID.fromString(ID), r.taskId());
    }

    @Test
    void check_shortFormThatJdkAccepts_refused() {
        assertEquals(UUID.fromString("1-2-3-4-5"), UUID.fromString("00000001-0002-0003-0004-000000000005"));
        TaskStartPayloads.Result r = check("1-2-3-4-5");
        assertFalse(r.valid());
        assertTrue(r.problem().startsWith("is not a task ID"), r.problem());
        assertEquals("1-2-3-4-5", r.excerpt());
    }

    @Test
    void check_empty_refused() {
        TaskStartPayloads.Result r = check("");
        assertEquals("is empty", r.problem());
    }

    @Test
    void check_blank_refused() {
        assertEquals("is blank", check(" \n ").problem());
    }

    @Test
    void check_twoIds_refused() {
        assertFalse(check(ID + " " + ID).valid());
    }

    @Test
    void check_binary_refusedWithHexExcerpt() {
        TaskStartPayloads.Result r = TaskStartPayloads.check(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00, 'a'}), 1024);
        assertEquals("is not UTF-8 text (binary data?)", r.problem());
        assertEquals("\\xff\\x00a", r.excerpt());
    }

    @Test
    void check_tooLarge_refusedBeforeDecoding() {
        byte[] big = new byte[2000];
        java.util.Arrays.fill(big, (byte) 'x');
        TaskStartPayloads.Result r = TaskStartPayloads.check(ByteBuffer.wrap(big), 1024);
        assertEquals("is 2000 bytes, more than taskStart.maxPayloadBytes (1024)", r.problem());
        assertEquals("x".repeat(TaskStartPayloads.EXCERPT_CHARS) + "...", r.excerpt());
    }

    @Test
    void check_exactlyMaxBytes_checkedNormally() {
        String padded = ID + " ".repeat(64 - ID.length());
        assertTrue(TaskStartPayloads.check(ByteBuffer.wrap(padded.getBytes(StandardCharsets.US_ASCII)), 64).valid());
    }

    @Test
    void excerpt_controlCharactersAndEscapes_cannotForgeLogLines() {
        String s = "x\n2024 ERROR fake\u001b[31m\\";
        assertEquals("x\\x0a2024 ERROR fake\\x1b[31m\\\\",
                TaskStartPayloads.excerpt(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void check_doesNotMoveTheBufferPosition() {
        ByteBuffer b = ByteBuffer.wrap(ID.getBytes(StandardCharsets.US_ASCII));
        TaskStartPayloads.check(b, 1024);
        assertEquals(0, b.position());
    }
}
