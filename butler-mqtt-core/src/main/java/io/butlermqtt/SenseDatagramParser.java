package io.butlermqtt;

import io.butlermqtt.internal.sense.Datagrams;
import java.util.Objects;

/**
 * The first stage of the event pipeline: turns the bytes of one Qlik Sense log appender datagram into a
 * {@link ParsedDatagram}. {@link SenseEventServer} uses it; use it directly to feed datagrams received
 * some other way. Pure functions: thread-safe, no state, never throw for any content.
 *
 * <h2>Task datagrams (the scheduler's appender, Butler's {@code portTaskFailure})</h2>
 * {@code MARKER;host;taskName;appName;user;taskId;appId;logTimeStamp;level;executionId;message}, UTF-8
 * (invalid bytes become U+FFFD, as in Node.js). As Butler 16 does:
 * <ul>
 *   <li>each field loses its control characters (U+0000..U+001F and U+007F; a tab in a task name
 *       disappears) and is then cut to 500 UTF-16 characters;</li>
 *   <li>the marker is compared case-insensitively: {@code /scheduler-reload-failed/},
 *       {@code /scheduler-task-failed/}, {@code /scheduler-reloadtask-failed/} are a failed reload,
 *       {@code /scheduler-reload-aborted/}, {@code /scheduler-task-aborted/} an aborted one; any other
 *       marker ({@code /scheduler-task-success/}, {@code /scheduler-distribute/}, ...) is
 *       {@link ParsedDatagram.Ignored}; a first field that is no marker at all is
 *       {@link ParsedDatagram.Invalid};</li>
 *   <li>{@code taskId} must be a GUID and {@code appId} a GUID or empty, else the datagram is invalid.</li>
 * </ul>
 * Unlike Butler, which drops a datagram with more than 11 fields, everything after the tenth {@code ;} is
 * the message, so a {@code ;} in a log message does not lose the alert. An empty {@code taskId} is invalid
 * (Butler lets it through to a QRS look-up that cannot succeed).
 *
 * <h2>User audit datagrams (the proxy's appender, Butler 5's {@code portSessionConnectionEvents})</h2>
 * {@code host;command;userDirectory;userId}, taken as Butler 5 did: fields as sent (no cleaning), the
 * command compared exactly: {@code Start session}, {@code Stop session}, {@code Open connection},
 * {@code Close connection}; other commands are {@link ParsedDatagram.Ignored}. Fewer than four fields is
 * invalid (Butler 5 published {@code undefined} for the missing ones); the user ID takes everything after
 * the third {@code ;}.
 */
public final class SenseDatagramParser {

    private SenseDatagramParser() {
    }

    /**
     * Parses a scheduler (task event) datagram.
     *
     * @param datagram the bytes
     * @param offset where the datagram starts in {@code datagram}
     * @param length the datagram's length
     * @return the result
     * @throws NullPointerException if {@code datagram} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} lie outside {@code datagram}
     */
    public static ParsedDatagram parseTaskDatagram(byte[] datagram, int offset, int length) {
        return Datagrams.parseTask(Objects.requireNonNull(datagram, "datagram"), offset, length);
    }

    /**
     * Parses a whole array as a scheduler (task event) datagram.
     *
     * @param datagram the bytes
     * @return the result
     * @throws NullPointerException if {@code datagram} is null
     */
    public static ParsedDatagram parseTaskDatagram(byte[] datagram) {
        return parseTaskDatagram(datagram, 0, datagram.length);
    }

    /**
     * Parses a proxy user audit datagram.
     *
     * @param datagram the bytes
     * @param offset where the datagram starts in {@code datagram}
     * @param length the datagram's length
     * @return the result
     * @throws NullPointerException if {@code datagram} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} lie outside {@code datagram}
     */
    public static ParsedDatagram parseUserAuditDatagram(byte[] datagram, int offset, int length) {
        return Datagrams.parseUserAudit(Objects.requireNonNull(datagram, "datagram"), offset, length);
    }

    /**
     * Parses a whole array as a proxy user audit datagram.
     *
     * @param datagram the bytes
     * @return the result
     * @throws NullPointerException if {@code datagram} is null
     */
    public static ParsedDatagram parseUserAuditDatagram(byte[] datagram) {
        return parseUserAuditDatagram(datagram, 0, datagram.length);
    }
}
