package io.butlermqtt.internal.cloud;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of dropped input, logged as butler-mqtt logs dropped input: the first occurrence as a WARN
 * with its detail, then at most one WARN per interval, with the number of occurrences since the last
 * line and the latest detail. Thread-safe.
 *
 * <p>Internal: may change in any release.
 */
public final class RateLimitedWarning {

    /** Default interval between two lines of one kind. */
    public static final long DEFAULT_INTERVAL_SECONDS = 60;

    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoTime;

    // guarded by this
    private boolean loggedOnce;
    private long lastLineNanos;
    private long since;

    /**
     * @param log where to log
     * @param what the kind, e.g. {@code "Dropped a Qlik Cloud message that is not valid JSON"}
     * @param intervalSeconds the least time between two lines
     * @param nanoTime the clock ({@code System::nanoTime}; a fake in tests)
     */
    public RateLimitedWarning(Logger log, String what, long intervalSeconds, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.what = Objects.requireNonNull(what, "what");
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Records one occurrence and logs it when due.
     *
     * @param detail this occurrence (already sanitised: no secrets, bounded length)
     * @return whether a line was logged
     */
    public boolean occurred(String detail) {
        long count;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            since++;
            if (loggedOnce && now - lastLineNanos < intervalNanos) {
                return false;
            }
            count = since;
            since = 0;
            lastLineNanos = now;
            loggedOnce = true;
        }
        if (count <= 1) {
            log.warn("{}: {}", what, detail);
        } else {
            log.warn("{}: {} time(s) since the last report, the latest: {}", what, count, detail);
        }
        return true;
    }
}
