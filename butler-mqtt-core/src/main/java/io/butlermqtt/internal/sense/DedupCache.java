package io.butlermqtt.internal.sense;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Butler's execution-ID deduplication (the release after 16.0.4): an ID is reserved while its datagram is
 * processed, kept for {@code ttl} after it was handled, and released when handling failed so that a repeat
 * is handled. An ID whose entry is younger than the TTL (reserved or handled) is a duplicate. Bounded: at
 * most {@code maxEntries} IDs, the oldest forgotten first. Thread-safe.
 */
final class DedupCache {

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    /** ID to the time it was reserved or handled; insertion order is time order (updates re-insert). */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>();

    DedupCache(long ttlNanos, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /** @return true if the ID was free (now reserved), false if it is a duplicate */
    synchronized boolean reserve(String id) {
        long now = nanoClock.getAsLong();
        Long at = entries.get(id);
        if (at != null && now - at <= ttlNanos) {
            return false;
        }
        put(id, now);
        return true;
    }

    /** Marks the ID as handled: it stays a duplicate for the TTL from now. */
    synchronized void markHandled(String id) {
        put(id, nanoClock.getAsLong());
    }

    /** Forgets the ID, so that a repeat is handled. */
    synchronized void release(String id) {
        entries.remove(id);
    }

    /** Removes expired entries. */
    synchronized void cleanup() {
        long now = nanoClock.getAsLong();
        Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() > ttlNanos) {
                it.remove();
            } else {
                break;
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void put(String id, long now) {
        entries.remove(id);
        entries.put(id, now);
        if (entries.size() > maxEntries) {
            Iterator<String> it = entries.keySet().iterator();
            it.next();
            it.remove();
        }
    }
}
