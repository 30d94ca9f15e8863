package io.butlermqtt.internal.client;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN for something that can happen thousands of times a second (an invalid payload, say), logged
 * at most once per interval: the first occurrence as it is, then at most one summary line per interval
 * with the number of occurrences since the last line and the latest one. A summary is due at the end of
 * the interval even when nothing else happens, so no count is left unlogged. Thread-safe.
 *
 * <p>Internal: may change in any release.
 */
public final class RateLimitedWarning {

    /** Runs a task after a delay (the client's scheduler, or a test's hand). */
    @FunctionalInterface
    public interface Timer {
        /**
         * Runs {@code task} once, about {@code delayNanos} from now.
         *
         * @param task the task
         * @param delayNanos the delay
         */
        void schedule(Runnable task, long delayNanos);
    }

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Timer timer;
    private final String what;

    // guarded by this
    private boolean loggedOnce;
    private long lastLineNanos;
    private long suppressed;
    private String latest;
    private boolean summaryDue;

    /**
     * @param log where to log
     * @param what the plural noun for the summary line, e.g. {@code "invalid start-task messages on a/b"}
     * @param intervalNanos at most one line per this interval
     * @param nanoTime the clock ({@code System::nanoTime})
     * @param timer runs the summary at the end of an interval
     */
    public RateLimitedWarning(Logger log, String what, long intervalNanos, LongSupplier nanoTime, Timer timer) {
        this.log = log;
        this.what = what;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
        this.timer = timer;
    }

    /**
     * One occurrence: logged now when no line was logged in the last interval, else counted for the
     * summary.
     *
     * @param line the full line for this occurrence (already sanitised)
     */
    public void warn(String line) {
        String now = null;
        boolean schedule = false;
        long delay = 0;
        synchronized (this) {
            long t = nanoTime.getAsLong();
            if (!loggedOnce || (suppressed == 0 && t - lastLineNanos >= intervalNanos)) {
                loggedOnce = true;
                lastLineNanos = t;
                now = line;
            } else {
                suppressed++;
                latest = line;
                if (!summaryDue) {
                    summaryDue = true;
                    schedule = true;
                    delay = Math.max(0, lastLineNanos + intervalNanos - t);
                }
            }
        }
        if (now != null) {
            log.warn(now);
        }
        if (schedule) {
            try {
                timer.schedule(this::summary, delay);
            } catch (RejectedExecutionException e) {
                summary(); // the client is closing: say it now
            }
        }
    }

    /** Logs the summary of the occurrences since the last line, if any; run by the timer. */
    public void summary() {
        String line = null;
        synchronized (this) {
            summaryDue = false;
            if (suppressed > 0) {
                long t = nanoTime.getAsLong();
                line = suppressed + " more " + what + " in the last " + TimeUnit.NANOSECONDS.toSeconds(
                        Math.max(intervalNanos, t - lastLineNanos)) + " s; the latest: " + latest;
                suppressed = 0;
                latest = null;
                lastLineNanos = t;
            }
        }
        if (line != null) {
            log.warn(line);
        }
    }
}
