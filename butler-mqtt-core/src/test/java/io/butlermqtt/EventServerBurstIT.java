package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.internal.sense.DropLog;
import io.butlermqtt.internal.sense.EventServerEngine;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.UdpSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst far larger than {@code messageQueue.maxSize} while every worker is blocked: the receiving thread
 * keeps reading (nothing blocks), the queue stays at its bound, the rest is counted as dropped, the heap
 * stays bounded, and the counts add up once the workers are released.
 */
class EventServerBurstIT {

    private static final int BURST = 300_000;

    @Test
    @Timeout(300)
    void burstFarOverMaxSize_whileWorkersAreBlocked_countsAddUp_heapBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SenseEventListener blocked = r -> {
            if (!(r.event() instanceof EventSourceStatus)) {
                release.await(120, TimeUnit.SECONDS);
            }
        };
        EventServerSettings settings = EventServerSettings.builder().serverHost("127.0.0.1").portTaskFailure(0)
                .deduplication(EventServerSettings.Deduplication.DISABLED) // the datagrams repeat
                // workers blocked for the whole test: a flood, so drops at once (queueFullWait 0) keep the counts
                // exact; EventServerFullQueueIT covers the wait for room
                .queueFullWait(Duration.ZERO)
                .dropLogInterval(Duration.ofSeconds(1)).build(); // Butler's queue: 200 waiting, 10 at once
        Runtime memory = Runtime.getRuntime();
        byte[][] datagrams = new byte[64][];
        for (int i = 0; i < datagrams.length; i++) {
            datagrams[i] = SenseDatagramParserTest.failed("Reload of app " + i, "x".repeat(200))
                    .getBytes(StandardCharsets.UTF_8);
        }
        try (LogCapture drops = LogCapture.of(DropLog.class, Level.WARN);
                LogCapture engine = LogCapture.of(EventServerEngine.class, Level.WARN);
                UdpSender sender = new UdpSender();
                SenseEventServer server = SenseEventServer.start(settings, ReloadTaskEnricher.withoutQrs(), blocked)) {
            InetSocketAddress to = server.taskEventAddress().orElseThrow();
            long heapBefore = usedHeapAfterGc(memory);
            long peakQueued = 0;
            long peakHeap = 0;
            long start = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                sender.send(to, datagrams[i & 63]);
                if ((i & 4095) == 0) {
                    EventServerStats s = server.stats();
                    peakQueued = Math.max(peakQueued, s.queued());
                    peakHeap = Math.max(peakHeap, memory.totalMemory() - memory.freeMemory());
                }
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            // the receiving thread drains the socket although no worker can take anything
            long[] last = {-1, System.nanoTime()};
            Await.until(Duration.ofSeconds(60), () -> {
                long r = server.stats().received();
                if (r != last[0]) {
                    last[0] = r;
                    last[1] = System.nanoTime();
                }
                return r > 210 && System.nanoTime() - last[1] > TimeUnit.MILLISECONDS.toNanos(500);
            }, () -> "the socket drained, stats " + server.stats());
            EventServerStats full = server.stats();
            long heapFull = usedHeapAfterGc(memory);

            assertEquals(200, full.queued(), "the queue holds messageQueue.maxSize");
            assertEquals(10, full.inFlight(), "maxConcurrent datagrams are in flight");
            assertEquals(full.received() - 210, full.queueFull(), "everything else was dropped and counted");
            assertTrue(full.received() > 10_000, () -> "the receiving thread kept reading: " + full);
            assertTrue(peakQueued <= 200);
            assertTrue(drops.messages(Level.WARN).size() < 20, drops.messages(Level.WARN)::toString);

            release.countDown();
            Await.until(Duration.ofSeconds(60), () -> server.stats().pending() == 0, () -> "drained: " + server.stats());
            EventServerStats done = server.stats();
            assertEquals(done.received(), done.processed() + done.ignored() + done.dropped(), done::toString);
            assertEquals(210, done.processed());
            assertTrue(engine.messages(Level.WARN).stream().anyMatch(m -> m.contains("backpressure")));

            long retained = heapFull - heapBefore;
            System.out.printf("burst: sent %d datagrams of %d bytes in %.2f s (%.0f/s); server received %d (kernel"
                    + " dropped %d), processed %d, queueFull %d; heap used after GC: before %.1f MB, with the queue full"
                    + " %.1f MB (%+.2f MB), peak during the burst %.1f MB%n", BURST, datagrams[0].length, sendSeconds,
                    BURST / sendSeconds, done.received(), BURST - done.received(), done.processed(), done.queueFull(),
                    heapBefore / 1e6, heapFull / 1e6, retained / 1e6, peakHeap / 1e6);
            // 300,000 datagrams held would take > 100 MB; the bounded queue holds 210 (~100 KB)
            assertTrue(retained < 32_000_000, () -> "heap retained with the queue full: " + retained + " bytes");
        } finally {
            release.countDown();
        }
    }

    private static long usedHeapAfterGc(Runtime memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.totalMemory() - memory.freeMemory();
    }
}
