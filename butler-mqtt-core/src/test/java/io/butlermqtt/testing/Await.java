package io.butlermqtt.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a hard deadline, so tests never use {@code Thread.sleep}.
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(10), () -> received.size() == 1000,
 *         () -> "1000 messages, but got " + received.size());
 * }</pre>
 */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /**
     * Polls {@code condition} until it is true or {@code deadline} has passed.
     *
     * @param deadline how long to wait at most
     * @param condition polled every ~10 ms
     * @param describe what was expected and what is there now; evaluated only on timeout
     * @throws AssertionError naming the description when the deadline passes first
     */
    public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> describe) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("Timed out after " + deadline.toMillis() + " ms waiting for: "
                        + describe.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + describe.get());
            }
        }
    }

    /**
     * Like {@link #until(Duration, BooleanSupplier, Supplier)} with a fixed description.
     *
     * @param deadline how long to wait at most
     * @param condition polled every ~10 ms
     * @param description what was expected
     */
    public static void until(Duration deadline, BooleanSupplier condition, String description) {
        until(deadline, condition, () -> description);
    }
}
