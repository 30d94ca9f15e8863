package io.butlermqtt.internal.qrs;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A bounded cache of records with a time to live, which also lets lookups of the same key that run at the
 * same time share one load: a burst of failures of one task costs one set of requests. Only values the
 * caller calls cacheable are kept (a record that was found); failures and "not found" are never kept.
 * The least recently used value goes first when the cache is full. Thread-safe.
 *
 * @param <K> the key (a task or app ID)
 * @param <V> the value (what the load found)
 */
public final class RecordCache<K, V> {

    private final int maxSize;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<K, CompletableFuture<V>> loading = new HashMap<>();
    private final LinkedHashMap<K, Entry<V>> values;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private record Entry<V>(V value, long expiresAt) {
    }

    /**
     * Creates the cache.
     *
     * @param maxSize most values kept; 0 keeps none (loads under way are still shared)
     * @param ttl how long a value is used; zero keeps none
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    public RecordCache(int maxSize, Duration ttl, LongSupplier nanoClock) {
        this.maxSize = maxSize;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.values = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > RecordCache.this.maxSize;
            }
        };
    }

    /**
     * The cached value, the load under way for the key, or a new load.
     *
     * @param key the key
     * @param loader starts a load; called at most once per miss, outside the cache's lock
     * @param cacheable which loaded values may be kept
     * @return the value's future; a failed load fails it (and is not kept)
     */
    public CompletableFuture<V> get(K key, Function<K, CompletableFuture<V>> loader, Predicate<V> cacheable) {
        CompletableFuture<V> mine;
        synchronized (this) {
            Entry<V> e = values.get(key);
            if (e != null) {
                if (nanoClock.getAsLong() - e.expiresAt < 0) {
                    hits.incrementAndGet();
                    return CompletableFuture.completedFuture(e.value);
                }
                values.remove(key);
            }
            CompletableFuture<V> running = loading.get(key);
            if (running != null) {
                hits.incrementAndGet();
                return running;
            }
            misses.incrementAndGet();
            mine = new CompletableFuture<>();
            loading.put(key, mine);
        }
        CompletableFuture<V> load;
        try {
            load = loader.apply(key);
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((v, error) -> {
            synchronized (this) {
                loading.remove(key, mine);
                if (error == null && maxSize > 0 && ttlNanos > 0 && cacheable.test(v)) {
                    values.put(key, new Entry<>(v, nanoClock.getAsLong() + ttlNanos));
                }
            }
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(v);
            }
        });
        return mine;
    }

    /** @return lookups answered by a kept value or a load under way */
    public long hits() {
        return hits.get();
    }

    /** @return lookups that started a load */
    public long misses() {
        return misses.get();
    }

    /** @return values kept now (expired ones included until they are asked for) */
    public synchronized int size() {
        return values.size();
    }
}
