package io.butlermqtt;

import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import java.util.Objects;

/**
 * What {@link SenseDatagramParser} made of one log appender datagram: a failed or aborted reload to enrich,
 * a user audit event, a datagram of a kind that publishes nothing, or an invalid one. Immutable.
 *
 * <pre>{@code
 * ParsedDatagram p = SenseDatagramParser.parseTaskDatagram(bytes, 0, length);
 * if (p instanceof ParsedDatagram.ReloadTask) {
 *     ReloadTaskNotice notice = ((ParsedDatagram.ReloadTask) p).notice();
 *     ...
 * }
 * }</pre>
 */
public sealed interface ParsedDatagram {

    /**
     * A failed or aborted reload ({@link ReloadTaskNotice.Kind}), to be enriched and published.
     *
     * @param notice the datagram's fields
     */
    record ReloadTask(ReloadTaskNotice notice) implements ParsedDatagram {
        /**
         * Checks the component.
         *
         * @param notice the datagram's fields
         * @throws NullPointerException if {@code notice} is null
         */
        public ReloadTask {
            Objects.requireNonNull(notice, "notice");
        }
    }

    /**
     * A user session or connection event (Butler 5), ready to publish.
     *
     * @param event a {@link UserSessionEvent} or a {@link UserConnectionEvent}
     */
    record UserAudit(SenseEvent event) implements ParsedDatagram {
        /**
         * Checks the component.
         *
         * @param event the user session or connection event
         * @throws NullPointerException if {@code event} is null
         */
        public UserAudit {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A well-formed datagram that Butler publishes nothing on MQTT for: another scheduler marker (task
     * success, distribute, engine reload failed, ...) or another user audit command.
     *
     * @param description what it was, for a log line (values quoted, control characters escaped)
     */
    record Ignored(String description) implements ParsedDatagram {
        /**
         * Checks the component.
         *
         * @param description what it was, for a log line
         * @throws NullPointerException if {@code description} is null
         */
        public Ignored {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * A datagram that is not what a log appender sends: too few fields, a task ID that is not a GUID, an
     * unknown first field, and so on.
     *
     * @param reason what is wrong and what was expected, for a log line (values quoted and shortened,
     *     control characters escaped)
     */
    record Invalid(String reason) implements ParsedDatagram {
        /**
         * Checks the component.
         *
         * @param reason what is wrong, for a log line
         * @throws NullPointerException if {@code reason} is null
         */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
