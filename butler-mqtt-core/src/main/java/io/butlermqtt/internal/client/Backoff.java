package io.butlermqtt.internal.client;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: before attempt {@code n} (0-based) the client waits a random
 * time in {@code [0, min(maxDelay, initialDelay * 2^n)]}, at least {@value #MIN_DELAY_MS} ms.
 *
 * <p>Internal: may change in any release.
 */
public final class Backoff {

    /** Smallest delay, so that a zero draw never turns into a busy loop. */
    public static final long MIN_DELAY_MS = 1;

    private final long initialMs;
    private final long maxMs;
    private final LongUnaryOperator random;

    /**
     * @param initialDelay the cap of the first delay
     * @param maxDelay the largest cap
     * @param random given a bound {@code b > 0}, returns a uniform random value in {@code [0, b)}
     */
    public Backoff(Duration initialDelay, Duration maxDelay, LongUnaryOperator random) {
        this.initialMs = Math.max(MIN_DELAY_MS, initialDelay.toMillis());
        this.maxMs = Math.max(initialMs, maxDelay.toMillis());
        this.random = random;
    }

    /**
     * The cap (upper bound) of the delay before attempt {@code attempt}.
     *
     * @param attempt 0 for the first retry
     * @return the cap in ms
     */
    public long capMillis(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, but was " + attempt);
        }
        int shift = Math.min(attempt, 40);
        long cap = initialMs << shift;
        if (cap <= 0 || cap > maxMs || (cap >> shift) != initialMs) {
            return maxMs;
        }
        return cap;
    }

    /**
     * A random delay before attempt {@code attempt}.
     *
     * @param attempt 0 for the first retry
     * @return the delay in ms, in {@code [MIN_DELAY_MS, capMillis(attempt)]}
     */
    public long delayMillis(int attempt) {
        long cap = capMillis(attempt);
        long drawn = random.applyAsLong(cap + 1);
        return Math.max(MIN_DELAY_MS, Math.min(cap, drawn));
    }
}
