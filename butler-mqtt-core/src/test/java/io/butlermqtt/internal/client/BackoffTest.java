package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void capMillis_doublesFromInitial_upToMax() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0);
        assertEquals(1_000, b.capMillis(0));
        assertEquals(2_000, b.capMillis(1));
        assertEquals(32_000, b.capMillis(5));
        assertEquals(60_000, b.capMillis(6));
        assertEquals(60_000, b.capMillis(63));
        assertEquals(60_000, b.capMillis(Integer.MAX_VALUE));
    }

    @Test
    void capMillis_negativeAttempt_throws() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.capMillis(-1));
        assertEquals("attempt must be 0 or more, but was -1", e.getMessage());
    }

    @Test
    void delayMillis_fullJitter_staysWithinOneMsAndCap() {
        Random random = new Random(42);
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10),
                bound -> (long) (random.nextDouble() * bound));
        for (int attempt = 0; attempt < 20; attempt++) {
            long cap = b.capMillis(attempt);
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long d = b.delayMillis(attempt);
                assertTrue(d >= Backoff.MIN_DELAY_MS && d <= cap, "delay " + d + " outside [1, " + cap + "]");
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertTrue(min < cap / 10 + 2, "full jitter reaches near 0, min was " + min + " of cap " + cap);
            assertTrue(max > cap * 9 / 10, "full jitter reaches near the cap, max was " + max + " of cap " + cap);
        }
    }

    @Test
    void delayMillis_zeroDraw_isOneMs() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0);
        assertEquals(1, b.delayMillis(3));
    }
}
