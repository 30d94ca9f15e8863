package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.testing.LogCapture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Invalid start-task payloads: the first is logged, then at most one line per interval with the count. */
class RateLimitedWarningTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Runnable> timers = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        watchdog.shutdownNow();
    }

    private TaskStartDispatcher dispatcher() {
        RateLimitedWarning w = new RateLimitedWarning(LoggerFactory.getLogger(TaskStartDispatcher.class),
                "invalid start-task message(s) on qliksense/start_task dropped", TimeUnit.SECONDS.toNanos(10), now::get,
                (task, delay) -> timers.add(task));
        return new TaskStartDispatcher("qliksense/start_task", 1024, Duration.ofSeconds(30), r -> { }, Runnable::run,
                watchdog, Clock.systemUTC(), w);
    }

    private static Transport.Incoming message(String text, AtomicInteger acks) {
        return new Transport.Incoming("qliksense/start_task",
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(), acks::incrementAndGet);
    }

    @Test
    void manyInvalidPayloads_firstLogged_thenOneSummaryPerIntervalWithTheCount() {
        TaskStartDispatcher d = dispatcher();
        AtomicInteger acks = new AtomicInteger();
        try (LogCapture log = LogCapture.of(TaskStartDispatcher.class)) {
            for (int i = 0; i < 10_000; i++) {
                d.onMessage(message("not a task id " + i, acks));
            }
            assertEquals(1, log.count(Level.WARN), "one line for 10,000 invalid payloads within one interval");
            assertTrue(log.lines(Level.WARN).get(0).message().contains("\"not a task id 0\""));
            assertEquals(1, timers.size(), "one summary is due at the end of the interval");

            now.addAndGet(TimeUnit.SECONDS.toNanos(10));
            timers.remove(0).run();
            List<LogCapture.Line> warns = log.lines(Level.WARN);
            assertEquals(2, warns.size());
            assertTrue(warns.get(1).message().startsWith("9999 more invalid start-task message(s) on qliksense/start_task "
                    + "dropped in the last 10 s; the latest: Ignoring a start-task message"), warns.get(1).message());
            assertTrue(warns.get(1).message().contains("\"not a task id 9999\""), warns.get(1).message());

            // the next interval: again at most one line
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            for (int i = 0; i < 500; i++) {
                d.onMessage(message("", acks));
            }
            assertEquals(2, log.count(Level.WARN));
            now.addAndGet(TimeUnit.SECONDS.toNanos(9));
            timers.remove(0).run();
            assertEquals(3, log.count(Level.WARN));
            assertTrue(log.lines(Level.WARN).get(2).message().startsWith("500 more "));

            // quiet for a long time: the next one is logged as it is again
            now.addAndGet(TimeUnit.MINUTES.toNanos(5));
            d.onMessage(message("1-2-3-4-5", acks));
            assertEquals(4, log.count(Level.WARN));
            assertTrue(log.lines(Level.WARN).get(3).message().contains("\"1-2-3-4-5\""));
            assertEquals(0, timers.size());
        }
        assertEquals(10_501, d.dropped(), "every one is counted");
        assertEquals(10_501, acks.get(), "and acknowledged");
    }

    @Test
    void summaryWithNothingSuppressed_logsNothing() {
        RateLimitedWarning w = new RateLimitedWarning(LoggerFactory.getLogger(TaskStartDispatcher.class), "things",
                TimeUnit.SECONDS.toNanos(10), now::get, (task, delay) -> timers.add(task));
        try (LogCapture log = LogCapture.of(TaskStartDispatcher.class)) {
            w.warn("one thing");
            w.summary();
            assertEquals(1, log.count(Level.WARN));
        }
    }
}
