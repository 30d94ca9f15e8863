package io.butlermqtt.internal.client;

import io.butlermqtt.internal.Guids;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Checks start-task payloads: the payload, trimmed, must be a UUID in its canonical 8-4-4-4-12
 * hexadecimal form (upper or lower case), as Butler requires. Everything else is refused with a reason
 * and a sanitized excerpt that is safe to log. Thread-safe, no state.
 *
 * <p>Internal: may change in any release.
 */
public final class TaskStartPayloads {

    /** Longest excerpt of a refused payload in a log line, in characters. */
    public static final int EXCERPT_CHARS = 64;

    private TaskStartPayloads() {
    }

    /**
     * The outcome of a check: either a task ID, or why the payload was refused.
     *
     * @param taskId the task ID, or {@code null} when refused
     * @param problem why it was refused, or {@code null}
     * @param excerpt printable-ASCII excerpt of the payload for the log, or {@code null} when valid
     */
    public record Result(UUID taskId, String problem, String excerpt) {

        /** @return whether the payload is a task ID */
        public boolean valid() {
            return taskId != null;
        }
    }

    /**
     * Checks a payload.
     *
     * @param payload the payload (not modified; its position is ignored, its remaining bytes are used)
     * @param maxBytes the largest accepted size
     * @return the result
     */
    public static Result check(ByteBuffer payload, int maxBytes) {
        ByteBuffer p = payload == null ? ByteBuffer.allocate(0) : payload.duplicate();
        int size = p.remaining();
        if (size > maxBytes) {
            return refused("is " + size + " bytes, more than taskStart.maxPayloadBytes (" + maxBytes + ")", p);
        }
        if (size == 0) {
            return new Result(null, "is empty", "");
        }
        String text;
        try {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer chars = decoder.decode(p.duplicate());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            return refused("is not UTF-8 text (binary data?)", p);
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Result(null, "is blank", excerpt(p));
        }
        if (!Guids.isGuid(trimmed)) { // canonical form only: UUID.fromString also accepts 1-2-3-4-5
            return refused("is not a task ID (a UUID like 0a1b2c3d-0000-4000-8000-0123456789ab)", p);
        }
        return new Result(UUID.fromString(trimmed), null, null);
    }

    private static Result refused(String problem, ByteBuffer p) {
        return new Result(null, problem, excerpt(p));
    }

    /**
     * A loggable excerpt of a payload: at most {@value #EXCERPT_CHARS} bytes, printable ASCII kept, every
     * other byte shown as {@code \xNN} (so control characters, line breaks and ANSI escapes cannot forge
     * log lines), followed by {@code ...} when cut.
     *
     * @param payload the payload (not modified)
     * @return the excerpt
     */
    public static String excerpt(ByteBuffer payload) {
        ByteBuffer p = payload.duplicate();
        StringBuilder sb = new StringBuilder();
        int n = Math.min(p.remaining(), EXCERPT_CHARS);
        for (int i = 0; i < n; i++) {
            int b = p.get() & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else if (b == '\\') {
                sb.append("\\\\");
            } else {
                sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        if (p.hasRemaining()) {
            sb.append("...");
        }
        return sb.toString();
    }
}
