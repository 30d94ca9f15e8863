package io.butlermqtt;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a {@link QrsClient}'s counters, from {@link QrsClient#stats()}. Counters start at 0 when
 * the client is created and only grow.
 *
 * @param cacheHits record lookups answered from the cache, or by a request already under way for the
 *     same task or app
 * @param cacheMisses record lookups that needed requests to QRS
 * @param requests HTTP requests sent to QRS (retries included)
 * @param errors requests that gave no usable answer (no connection, timeout, 5xx or another error status,
 *     not JSON, over a limit, TLS failure)
 * @param retries requests that were repeats of a failed one
 * @param lookups reload-task lookups by their outcome (every status present, possibly 0)
 * @param taskStarts task starts by their outcome (every outcome present, possibly 0)
 */
public record QrsStats(
        long cacheHits,
        long cacheMisses,
        long requests,
        long errors,
        long retries,
        Map<ReloadTaskDetails.Status, Long> lookups,
        Map<TaskStartResult.Outcome, Long> taskStarts) {

    /**
     * Checks for nulls and copies the maps.
     *
     * @param cacheHits record lookups answered from the cache
     * @param cacheMisses record lookups that needed requests
     * @param requests HTTP requests sent
     * @param errors requests that gave no usable answer
     * @param retries requests that repeated a failed one
     * @param lookups reload-task lookups by outcome (copied)
     * @param taskStarts task starts by outcome (copied)
     * @throws NullPointerException naming the null component
     */
    public QrsStats {
        lookups = Map.copyOf(Objects.requireNonNull(lookups, "lookups"));
        taskStarts = Map.copyOf(Objects.requireNonNull(taskStarts, "taskStarts"));
    }
}
