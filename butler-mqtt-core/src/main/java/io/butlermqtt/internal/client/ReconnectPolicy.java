package io.butlermqtt.internal.client;

/**
 * When to try the next connection, and when to stop. Not thread-safe: the engine calls it under its
 * lock.
 *
 * <p>The rule:
 * <ul>
 *   <li><b>Failed attempts</b> back off exponentially: attempt {@code n} (0-based) of an outage waits a
 *       random time up to {@code min(maxDelay, initialDelay * 2^n)} ({@link Backoff}).</li>
 *   <li><b>A lost connection starts the backoff again</b>: the first attempt after it waits at most
 *       {@code initialDelay}, however long or short the connection lasted.</li>
 *   <li>Except when connections keep ending right after they were made: from the second connection
 *       in a row that lasted less than {@link TakeoverDetector#STABLE_AFTER_MS}, the backoff goes on
 *       where it was instead of starting again, so a broker that accepts and then drops the client
 *       (a message it refuses, a second client with the same ID) is not hammered.</li>
 *   <li>The take-over guard ({@link TakeoverDetector}) only decides whether to stop; it never delays
 *       a reconnect. A loss that comes while the same message is in flight as at the previous loss is
 *       explained by that message (see {@code Outbox}), not by a take-over, and is not counted as a
 *       sign of one.</li>
 * </ul>
 *
 * <p>Internal: may change in any release.
 */
public final class ReconnectPolicy {

    /** What to do after a lost connection. */
    public record Decision(boolean stop, long delayMillis) {
    }

    private final Backoff backoff;
    private final TakeoverDetector takeover = new TakeoverDetector();
    private int attempt;
    private int shortLivedInRow;

    /**
     * @param backoff the delays
     */
    public ReconnectPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * A connection attempt failed (no connection was made).
     *
     * @return the delay before the next attempt, in ms
     */
    public long afterFailedAttempt() {
        return next();
    }

    /**
     * An established connection was lost (not closed by this client).
     *
     * @param livedMs how long it lasted
     * @param closedByBroker whether the broker closed it
     * @param takenOverReason whether the broker said {@code SESSION_TAKEN_OVER} (MQTT 5)
     * @param explainedByMessage whether the same message was in flight at this and the previous loss
     * @return stop, or the delay before the first attempt
     */
    public Decision afterConnectionLost(long livedMs, boolean closedByBroker, boolean takenOverReason,
            boolean explainedByMessage) {
        boolean takenOver = explainedByMessage && !takenOverReason
                ? false
                : takeover.onConnectionLost(livedMs, closedByBroker, takenOverReason);
        if (takenOver) {
            return new Decision(true, -1);
        }
        if (livedMs >= TakeoverDetector.STABLE_AFTER_MS) {
            shortLivedInRow = 0;
        } else {
            shortLivedInRow++;
        }
        if (shortLivedInRow <= 1) {
            attempt = 0;
        }
        return new Decision(false, next());
    }

    /** @return how many connections in a row lasted less than {@link TakeoverDetector#STABLE_AFTER_MS} */
    public int shortLivedInRow() {
        return shortLivedInRow;
    }

    private long next() {
        long delay = backoff.delayMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return delay;
    }
}
