package io.butlermqtt.internal.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The first occurrence, then one line per interval with the count. */
class RateLimitedWarningTest {

    @Test
    void occurred_firstThenOncePerIntervalWithCount() {
        Logger log = mock(Logger.class);
        AtomicLong now = new AtomicLong(1_000);
        RateLimitedWarning w = new RateLimitedWarning(log, "Dropped", 60, now::get);

        assertTrue(w.occurred("a"));
        verify(log).warn("{}: {}", "Dropped", "a");
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            assertFalse(w.occurred("b" + i));
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(51));
        assertTrue(w.occurred("c"));
        verify(log).warn("{}: {} time(s) since the last report, the latest: {}", "Dropped", 1001L, "c");
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertTrue(w.occurred("d"));
        verify(log).warn("{}: {}", "Dropped", "d");
        verifyNoMoreInteractions(log);
    }
}
