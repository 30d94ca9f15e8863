package io.butlermqtt.internal.sense;

import io.butlermqtt.internal.Guids;
import io.butlermqtt.ParsedDatagram;
import io.butlermqtt.ReloadTaskNotice;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses Qlik Sense's log appender datagrams the way Butler does (16.0.4 for the scheduler's task events,
 * 5.0 for the proxy's user audit events), except that a {@code ;} inside the last field does not lose the
 * datagram. Pure functions, thread-safe. Internal: may change in any release.
 *
 * <p>Task datagram, after UTF-8 decoding (invalid bytes become U+FFFD, as in Node.js): split at the first
 * ten {@code ;} into 11 fields, the eleventh taking the rest; each field loses its control characters
 * (U+0000..U+001F, U+007F) and is then cut to 500 UTF-16 characters (Butler's {@code sanitizeField}); the
 * marker (field 0) is compared lower-cased; {@code taskId} must be a GUID, {@code appId} a GUID or empty.
 */
public final class Datagrams {

    /** Butler's limit per field, in UTF-16 characters. */
    public static final int MAX_FIELD_LENGTH = 500;

    private static final int TASK_FIELDS = 11;
    private static final int USER_AUDIT_FIELDS = 4;

    private Datagrams() {
    }

    /**
     * Parses a scheduler (task event) datagram.
     *
     * @param data the bytes
     * @param offset where the datagram starts
     * @param length its length
     * @return the result, never null
     */
    public static ParsedDatagram parseTask(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        String text = new String(data, offset, length, StandardCharsets.UTF_8);
        int[] cuts = new int[TASK_FIELDS - 1];
        int found = separators(text, cuts);
        String marker = sanitize(text.substring(0, found > 0 ? cuts[0] : text.length())).toLowerCase(Locale.ROOT);
        ReloadTaskNotice.Kind kind = kind(marker);
        if (kind == null) {
            if (isMarker(marker)) {
                return new ParsedDatagram.Ignored("marker " + Guids.excerpt(marker)
                        + " (only failed and aborted reloads are published)");
            }
            return new ParsedDatagram.Invalid("not a scheduler log appender datagram: the first field "
                    + Guids.excerpt(marker) + " is not a marker such as /scheduler-reload-failed/");
        }
        if (found < TASK_FIELDS - 1) {
            return new ParsedDatagram.Invalid("expected " + TASK_FIELDS + " fields separated by ';' after marker "
                    + marker + ", found " + (found + 1));
        }
        String[] f = new String[TASK_FIELDS];
        int start = cuts[0] + 1;
        for (int i = 1; i < TASK_FIELDS - 1; i++) {
            f[i] = sanitize(text.substring(start, cuts[i]));
            start = cuts[i] + 1;
        }
        f[TASK_FIELDS - 1] = sanitize(text.substring(start));
        String taskId = f[5];
        if (taskId.isEmpty()) {
            return new ParsedDatagram.Invalid("taskId (field 5) is empty; expected a GUID");
        }
        if (!Guids.isGuid(taskId)) {
            return new ParsedDatagram.Invalid("taskId (field 5) is not a GUID: " + Guids.excerpt(taskId));
        }
        String appId = f[6];
        if (!appId.isEmpty() && !Guids.isGuid(appId)) {
            return new ParsedDatagram.Invalid("appId (field 6) is neither empty nor a GUID: " + Guids.excerpt(appId));
        }
        ReloadTaskNotice notice = ReloadTaskNotice.builder().kind(kind).hostName(f[1]).taskName(f[2])
                .appName(f[3]).user(f[4]).taskId(taskId).appId(appId).logTimeStamp(f[7]).logLevel(f[8])
                .executionId(f[9]).logMessage(f[10]).build();
        return new ParsedDatagram.ReloadTask(notice);
    }

    /**
     * Parses a proxy user audit datagram, {@code host;command;userDirectory;userId}, as Butler 5 did: no
     * cleaning, the command compared exactly; the user ID takes everything after the third {@code ;}.
     *
     * @param data the bytes
     * @param offset where the datagram starts
     * @param length its length
     * @return the result, never null
     */
    public static ParsedDatagram parseUserAudit(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        String text = new String(data, offset, length, StandardCharsets.UTF_8);
        int[] cuts = new int[USER_AUDIT_FIELDS - 1];
        int found = separators(text, cuts);
        if (found < USER_AUDIT_FIELDS - 1) {
            return new ParsedDatagram.Invalid("expected " + USER_AUDIT_FIELDS
                    + " fields host;command;userDirectory;userId, found " + (found + 1));
        }
        String host = text.substring(0, cuts[0]);
        String command = text.substring(cuts[0] + 1, cuts[1]);
        String directory = text.substring(cuts[1] + 1, cuts[2]);
        String userId = text.substring(cuts[2] + 1);
        switch (command) {
            case "Start session":
                return userAudit(UserSessionEvent.builder().action(UserSessionEvent.Action.START)
                        .host(host).userDirectory(directory).userId(userId).build());
            case "Stop session":
                return userAudit(UserSessionEvent.builder().action(UserSessionEvent.Action.STOP)
                        .host(host).userDirectory(directory).userId(userId).build());
            case "Open connection":
                return userAudit(UserConnectionEvent.builder().action(UserConnectionEvent.Action.OPEN)
                        .host(host).userDirectory(directory).userId(userId).build());
            case "Close connection":
                return userAudit(UserConnectionEvent.builder().action(UserConnectionEvent.Action.CLOSE)
                        .host(host).userDirectory(directory).userId(userId).build());
            default:
                return new ParsedDatagram.Ignored("user audit command " + Guids.excerpt(command)
                        + " (only Start session, Stop session, Open connection, Close connection are published)");
        }
    }

    private static ParsedDatagram userAudit(io.butlermqtt.event.SenseEvent e) {
        return new ParsedDatagram.UserAudit(e);
    }

    /**
     * Butler's {@code sanitizeField}: removes U+0000..U+001F and U+007F, then keeps the first 500 UTF-16
     * characters (a surrogate pair may be cut, as in JavaScript).
     *
     * @param field the field
     * @return the cleaned field (the same instance when nothing changed)
     */
    public static String sanitize(String field) {
        int len = field.length();
        int i = 0;
        while (i < len && !isControl(field.charAt(i))) {
            i++;
        }
        if (i == len) {
            return len <= MAX_FIELD_LENGTH ? field : field.substring(0, MAX_FIELD_LENGTH);
        }
        StringBuilder sb = new StringBuilder(Math.min(len, MAX_FIELD_LENGTH));
        sb.append(field, 0, Math.min(i, MAX_FIELD_LENGTH));
        for (int j = i + 1; j < len && sb.length() < MAX_FIELD_LENGTH; j++) {
            char c = field.charAt(j);
            if (!isControl(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    /** Records the positions of the first {@code cuts.length} semicolons; returns how many there are. */
    private static int separators(String text, int[] cuts) {
        int n = 0;
        int from = 0;
        while (n < cuts.length) {
            int p = text.indexOf(';', from);
            if (p < 0) {
                break;
            }
            cuts[n++] = p;
            from = p + 1;
        }
        return n;
    }

    private static ReloadTaskNotice.Kind kind(String marker) {
        switch (marker) {
            case "/scheduler-reload-failed/":
            case "/scheduler-task-failed/":
            case "/scheduler-reloadtask-failed/":
                return ReloadTaskNotice.Kind.FAILED;
            case "/scheduler-reload-aborted/":
            case "/scheduler-task-aborted/":
                return ReloadTaskNotice.Kind.ABORTED;
            default:
                return null;
        }
    }

    /**
     * Whether a (lower-cased) first field looks like a log appender marker, such as Butler's
     * {@code /scheduler-task-success//} or {@code /scheduler-distribute/}: a slash, then letters, digits,
     * dashes or slashes, then a slash.
     */
    private static boolean isMarker(String m) {
        if (m.length() < 3 || m.charAt(0) != '/' || m.charAt(m.length() - 1) != '/') {
            return false;
        }
        for (int i = 1; i < m.length() - 1; i++) {
            char c = m.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
