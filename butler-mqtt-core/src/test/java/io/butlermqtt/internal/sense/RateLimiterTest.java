package io.butlermqtt.internal.sense;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Butler's fixed one-minute window, on a fake clock. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(42);
    private final RateLimiter limiter = new RateLimiter(3, now::get);

    @Test
    void atMostMaxPerWindow_thenANewWindowAfterAMinute() {
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertFalse(limiter.tryAcquire(), "still the first minute");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(limiter.tryAcquire(), "a minute after the window started");
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void rejectedDatagrams_doNotCount() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire();
        }
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertTrue(limiter.tryAcquire());
    }
}
