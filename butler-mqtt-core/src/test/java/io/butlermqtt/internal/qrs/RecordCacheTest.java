package io.butlermqtt.internal.qrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger loads = new AtomicInteger();

    private CompletableFuture<String> load(String key) {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture("v-" + key);
    }

    @Test
    void keptForTheTtl_thenLoadedAgain() throws Exception {
        RecordCache<String, String> c = new RecordCache<>(10, Duration.ofSeconds(10), now::get);
        assertEquals("v-a", c.get("a", this::load, v -> true).get());
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals("v-a", c.get("a", this::load, v -> true).get());
        assertEquals(1, loads.get());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        c.get("a", this::load, v -> true).get();
        assertEquals(2, loads.get());
        assertEquals(1, c.hits());
        assertEquals(2, c.misses());
    }

    @Test
    void loadUnderWay_sharedByLaterLookups() throws Exception {
        RecordCache<String, String> c = new RecordCache<>(0, Duration.ZERO, now::get);
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> first = c.get("a", k -> {
            loads.incrementAndGet();
            return pending;
        }, v -> true);
        CompletableFuture<String> second = c.get("a", this::load, v -> true);
        assertEquals(1, loads.get());
        pending.complete("x");
        assertEquals("x", first.get());
        assertEquals("x", second.get());
        c.get("a", this::load, v -> true).get();
        assertEquals(2, loads.get(), "size 0 keeps nothing once loaded");
    }

    @Test
    void failuresAndUncacheableValues_notKept() throws Exception {
        RecordCache<String, String> c = new RecordCache<>(10, Duration.ofSeconds(10), now::get);
        CompletableFuture<String> failed = c.get("a", k -> CompletableFuture.failedFuture(new IllegalStateException()),
                v -> true);
        assertTrue(failed.isCompletedExceptionally());
        c.get("a", this::load, v -> false).get();
        c.get("a", this::load, v -> true).get();
        c.get("a", this::load, v -> true).get();
        assertEquals(2, loads.get());
    }

    @Test
    void full_leastRecentlyUsedGoesFirst() throws Exception {
        RecordCache<String, String> c = new RecordCache<>(2, Duration.ofSeconds(10), now::get);
        c.get("a", this::load, v -> true).get();
        c.get("b", this::load, v -> true).get();
        c.get("a", this::load, v -> true).get();
        c.get("c", this::load, v -> true).get();
        assertEquals(2, c.size());
        c.get("a", this::load, v -> true).get();
        assertEquals(3, loads.get(), "a was used recently and kept");
        c.get("b", this::load, v -> true).get();
        assertEquals(4, loads.get(), "b was the least recently used and went");
    }

    @Test
    void loaderThrows_failsTheFuture_andReleasesTheKey() throws Exception {
        RecordCache<String, String> c = new RecordCache<>(10, Duration.ofSeconds(10), now::get);
        CompletableFuture<String> f = c.get("a", k -> {
            throw new IllegalArgumentException("boom");
        }, v -> true);
        assertTrue(f.isCompletedExceptionally());
        assertSame(String.class, c.get("a", this::load, v -> true).get().getClass());
    }
}
