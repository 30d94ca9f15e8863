package io.butlermqtt;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * How a task start through the Qlik Repository Service ended ({@link QrsClient#startTask(UUID)}).
 *
 * @param taskId the task
 * @param outcome what happened
 * @param httpStatus the status of QRS's answer to {@code POST /qrs/task/<taskId>/start}; empty when no
 *     start request was answered (not allowed, QRS unreachable or too slow, client closed)
 * @param detail one line for people: what happened and, for a failure, why (for an HTTP error the
 *     start of the response body)
 */
public record TaskStartResult(UUID taskId, Outcome outcome, OptionalInt httpStatus, String detail) {

    /** What happened to a task start. */
    public enum Outcome {
        /** QRS answered 204: the task was started. */
        STARTED,
        /** QRS answered 404, or the allow-list check found no such task. */
        NO_SUCH_TASK,
        /** The allow-list ({@code startTaskFilter}) does not allow this task; QRS was not asked to start it. */
        NOT_ALLOWED,
        /** Any other answer, no answer in time, QRS unreachable, or the client closed. */
        FAILED
    }

    /**
     * Checks for nulls.
     *
     * @param taskId the task
     * @param outcome what happened
     * @param httpStatus the status of QRS's answer, if one came
     * @param detail one line for people
     * @throws NullPointerException naming the null component
     */
    public TaskStartResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(detail, "detail");
    }
}
