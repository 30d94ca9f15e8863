package io.butlermqtt.internal.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import io.butlermqtt.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first drop at once, then at most one summary per interval with the counts. */
class DropLogTest {

    @Test
    void firstAtOnce_thenOneSummaryPerTick_thenQuietClosesTheWindow() {
        DropLog log = new DropLog("60 s");
        try (LogCapture capture = LogCapture.of(DropLog.class, Level.INFO)) {
            log.report(DropLog.Reason.QUEUE_FULL, "dropped one", null);
            for (int i = 0; i < 1000; i++) {
                log.report(DropLog.Reason.QUEUE_FULL, "dropped more", null);
            }
            log.report(DropLog.Reason.INVALID, "bad one", null);
            assertEquals(List.of("Event server: dropped one [queueFull]; further drops and failures are counted and"
                    + " summarised every 60 s"), capture.messages(Level.WARN));

            log.tick();
            assertEquals("Event server: 1001 more dropped or failed in the last 60 s: queueFull 1000, invalid 1",
                    capture.messages(Level.WARN).get(1));

            log.report(DropLog.Reason.DUPLICATE, "a duplicate", null);
            log.tick();
            assertEquals("Event server: 1 more dropped or failed in the last 60 s: duplicate 1",
                    capture.messages(Level.WARN).get(2));

            log.tick(); // nothing: the window closes
            assertEquals(3, capture.messages(Level.WARN).size());
            log.report(DropLog.Reason.OVERSIZE, "big one", null);
            assertEquals("Event server: big one [oversize]; further drops and failures are counted and summarised"
                    + " every 60 s", capture.messages(Level.WARN).get(3));
        }
    }

    @Test
    void errorReasons_logTheFirstAsErrorWithTheStackTrace() {
        DropLog log = new DropLog("1 s");
        try (LogCapture capture = LogCapture.of(DropLog.class, Level.INFO)) {
            log.report(DropLog.Reason.LISTENER_FAILURE, "the listener threw", new IllegalStateException("boom"));
            assertEquals(1, capture.messages(Level.ERROR).size());
            assertNotNull(capture.lines(Level.ERROR).get(0).thrown());
            log.report(DropLog.Reason.LISTENER_FAILURE, "the listener threw", new IllegalStateException("boom"));
            log.tick();
            assertEquals(List.of("Event server: 1 more dropped or failed in the last 1 s: listenerFailure 1"),
                    capture.messages(Level.WARN));
        }
    }
}
