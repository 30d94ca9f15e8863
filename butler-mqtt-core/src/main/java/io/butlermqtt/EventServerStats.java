package io.butlermqtt;

/**
 * A snapshot of a {@link SenseEventServer}'s counters, from {@link SenseEventServer#stats()}. Every datagram
 * the server receives ends in exactly one of {@code processed}, {@code ignored}, a drop reason, or is still
 * pending, so that nothing is lost silently:
 *
 * <pre>{@code received == processed + ignored + dropped() + pending()}</pre>
 *
 * The sum holds exactly once the server is idle or closed; a snapshot taken while datagrams move between
 * stages may be off by the few in motion. Counters start at 0 and only grow, except {@code queued} and
 * {@code inFlight}.
 *
 * @param received datagrams read from the sockets (both ports)
 * @param processed datagrams handled to the end: their event was handed to the listener, or the enricher
 *     decided to publish nothing ({@code enrichedEmpty})
 * @param enrichedEmpty of {@code processed}: failed or aborted reloads the enricher turned into nothing
 *     (for example a task QRS does not know)
 * @param ignored well-formed datagrams that Butler publishes nothing for: other scheduler markers (task
 *     success, distribute, ...) and other user audit commands; logged at DEBUG
 * @param invalid datagrams that are not what a log appender sends (too few fields, a task ID that is not a
 *     GUID, an unknown first field, binary); dropped
 * @param oversize datagrams larger than {@code maxMessageSize}; dropped
 * @param sourceRejected datagrams from an address not in {@code allowedSources}
 *     (with {@code enableSourceValidation}); dropped
 * @param rateLimited datagrams beyond {@code rateLimit.maxMessagesPerMinute}; dropped
 * @param queueFull datagrams that found the queue full ({@code messageQueue.maxSize}); dropped
 * @param duplicates failed or aborted reloads whose {@code executionId} was already handled within
 *     {@code deduplication.ttlMinutes}; dropped
 * @param enrichmentFailed failed or aborted reloads whose enrichment failed, threw or timed out; dropped
 * @param processingErrors datagrams whose processing failed inside the server (a bug; logged as ERROR);
 *     dropped
 * @param abandonedAtClose datagrams still queued or being processed when {@code close()} gave up waiting;
 *     dropped
 * @param queued datagrams waiting in the queue now
 * @param inFlight datagrams being processed now (enrichments waiting included)
 * @param listenerFailures listener calls that threw (the datagram still counts as processed)
 * @param published with a {@link SenseEventPublisher}: events whose publish future completed normally
 * @param publishFailed with a {@link SenseEventPublisher}: events whose publish future failed (or whose
 *     publish call threw); each is logged (rate-limited)
 * @param publishPending with a {@link SenseEventPublisher}: publish futures not complete yet
 * @param socketErrors errors reading from a socket (each also gives an {@code EventSourceStatus} ERROR
 *     event the first time)
 * @param queueWaits datagrams that found the queue full and got in after the receiving thread waited for room
 *     ({@code queueFullWait}); not drops, only a sign of bursts
 * @param kernelDropped datagrams the operating system dropped before the server could read them, because
 *     the socket's receive buffer was full (Linux: the socket's {@code drops} in {@code /proc/net/udp});
 *     never part of {@code received}; -1 when the operating system does not tell
 */
public record EventServerStats(
        long received,
        long processed,
        long enrichedEmpty,
        long ignored,
        long invalid,
        long oversize,
        long sourceRejected,
        long rateLimited,
        long queueFull,
        long duplicates,
        long enrichmentFailed,
        long processingErrors,
        long abandonedAtClose,
        int queued,
        int inFlight,
        long listenerFailures,
        long published,
        long publishFailed,
        long publishPending,
        long socketErrors,
        long queueWaits,
        long kernelDropped) {

    /**
     * Every datagram dropped, whatever the reason.
     *
     * @return {@code invalid + oversize + sourceRejected + rateLimited + queueFull + duplicates +
     *     enrichmentFailed + processingErrors + abandonedAtClose}
     */
    public long dropped() {
        return invalid + oversize + sourceRejected + rateLimited + queueFull + duplicates + enrichmentFailed
                + processingErrors + abandonedAtClose;
    }

    /**
     * Datagrams received but not finished yet.
     *
     * @return {@code queued + inFlight}
     */
    public long pending() {
        return (long) queued + inFlight;
    }
}
