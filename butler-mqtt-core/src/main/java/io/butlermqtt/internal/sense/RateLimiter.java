package io.butlermqtt.internal.sense;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Butler's rate limiter: a fixed one-minute window that starts when the limiter is created and restarts
 * when a datagram arrives a minute or more after the window started; at most {@code maxPerMinute}
 * datagrams are accepted per window. Used by one receiving thread: not thread-safe.
 */
final class RateLimiter {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int maxPerMinute;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int count;

    RateLimiter(int maxPerMinute, LongSupplier nanoClock) {
        this.maxPerMinute = maxPerMinute;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** @return whether one more datagram may be processed now (and counts it if so) */
    boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            count = 0;
        }
        if (count < maxPerMinute) {
            count++;
            return true;
        }
        return false;
    }
}
