package io.butlermqtt.internal.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Butler's executionId deduplication, on a fake clock. */
class DedupCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final DedupCache cache = new DedupCache(TimeUnit.MINUTES.toNanos(10), 5, now::get);

    private void advanceMinutes(double minutes) {
        now.addAndGet((long) (minutes * 60e9));
    }

    @Test
    void reserve_thenRepeat_isDuplicate() {
        assertTrue(cache.reserve("a"));
        assertFalse(cache.reserve("a"), "reserved, still being processed");
        assertTrue(cache.reserve("b"));
    }

    @Test
    void handled_staysDuplicateForTheTtl_fromWhenItWasHandled() {
        assertTrue(cache.reserve("a"));
        advanceMinutes(5);
        cache.markHandled("a");
        advanceMinutes(9.9);
        assertFalse(cache.reserve("a"), "9.9 min after it was handled");
        advanceMinutes(0.2);
        assertTrue(cache.reserve("a"), "10.1 min after it was handled");
    }

    @Test
    void exactlyTheTtl_isStillDuplicate_asButlersGreaterThanCheck() {
        cache.markHandled("a");
        advanceMinutes(10);
        assertFalse(cache.reserve("a"));
        now.incrementAndGet();
        assertTrue(cache.reserve("a"));
    }

    @Test
    void released_isHandledAgain() {
        assertTrue(cache.reserve("a"));
        cache.release("a");
        assertTrue(cache.reserve("a"));
    }

    @Test
    void bounded_theOldestIsForgottenFirst() {
        for (String id : new String[] {"1", "2", "3", "4", "5", "6"}) {
            assertTrue(cache.reserve(id));
        }
        assertEquals(5, cache.size());
        assertTrue(cache.reserve("1"), "the oldest was forgotten");
        assertFalse(cache.reserve("6"));
    }

    @Test
    void cleanup_removesExpiredEntriesOnly() {
        cache.markHandled("old");
        advanceMinutes(6);
        cache.markHandled("new");
        advanceMinutes(5);
        cache.cleanup();
        assertEquals(1, cache.size());
        assertFalse(cache.reserve("new"));
    }
}
