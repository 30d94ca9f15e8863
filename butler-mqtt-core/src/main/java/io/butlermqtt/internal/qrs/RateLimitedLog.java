package io.butlermqtt.internal.qrs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs the first line, then at most one line per interval saying how many were left out in between, so
 * that a flood of bad events cannot flood the log. Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Creates the limiter.
     *
     * @param log where to log
     * @param level the level of every line
     * @param interval at most one line per interval after the first
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    public RateLimitedLog(Logger log, Level level, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.level = level;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Logs the line now, or counts it when a line was logged less than an interval ago.
     *
     * @param format SLF4J format
     * @param args its arguments
     * @return whether the line was logged
     */
    public boolean log(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        String suffix = skipped == 0 ? "" : " (" + skipped + " similar line(s) left out since the previous one)";
        log.atLevel(level).log(format + suffix, args);
        return true;
    }
}
