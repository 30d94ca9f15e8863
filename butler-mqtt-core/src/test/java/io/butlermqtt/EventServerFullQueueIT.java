package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.EventServerSettings.MessageQueue;
import io.butlermqtt.internal.sense.DropLog;
import io.butlermqtt.internal.sense.EventServerEngine;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.UdpSender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A full queue: the receiving thread waits for room for at most {@code queueFullWait} per episode (the
 * socket's buffer holds what arrives meanwhile), then drops at once, counted; the datagrams the operating
 * system drops when the socket's buffer overflows are counted too ({@code kernelDropped}), so that
 * {@code sent == received + kernelDropped} on loopback.
 */
@Timeout(60)
class EventServerFullQueueIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final UdpSender sender = new UdpSender();
    private final List<SenseEventServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A listener that holds its worker until the test releases it. */
    private final SenseEventListener blocking = r -> {
        if (!(r.event() instanceof io.butlermqtt.event.EventSourceStatus)) {
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    };

    @AfterEach
    void tearDown() {
        release.countDown();
        servers.forEach(SenseEventServer::close);
        sender.close();
    }

    private SenseEventServer start(EventServerSettings.Builder b) {
        SenseEventServer s = SenseEventServer.start(b.build(), ReloadTaskEnricher.withoutQrs(), blocking);
        servers.add(s);
        return s;
    }

    private static EventServerSettings.Builder settings() {
        return SenseEventServerIT.settings().messageQueue(new MessageQueue(1, 5, 80));
    }

    private static InetSocketAddress task(SenseEventServer s) {
        return s.taskEventAddress().orElseThrow();
    }

    private void send(SenseEventServer s, int n) {
        for (int i = 0; i < n; i++) {
            sender.send(task(s), SenseEventServerIT.failed("t" + i, "e" + i));
        }
    }

    /** Sends one datagram and waits until the (blocked) worker holds it, then the other n - 1. */
    private void sendWithTheWorkerBusy(SenseEventServer s, int n) {
        sender.send(task(s), SenseEventServerIT.failed("first", "first"));
        Await.until(WAIT, () -> s.stats().inFlight() == 1, () -> "the worker holds the first, stats " + s.stats());
        for (int i = 1; i < n; i++) {
            sender.send(task(s), SenseEventServerIT.failed("t" + i, "e" + i));
        }
    }

    @Test
    void queueFullWait_aBurstLargerThanTheQueue_isProcessedWhole_whenTheWorkersCatchUpInTime() {
        SenseEventServer server = start(settings().queueFullWait(Duration.ofSeconds(10)));
        send(server, 50);
        // 1 in the worker, 5 queued, 1 in the receiving thread's hand waiting for room, the rest in the socket
        Await.until(WAIT, () -> server.stats().received() == 7 && server.stats().queued() == 5,
                () -> "the receiving thread waits with the 7th datagram, stats " + server.stats());
        assertEquals(0, server.stats().queueFull());
        release.countDown();
        Await.until(WAIT, () -> server.stats().processed() == 50, () -> "all 50 processed, stats " + server.stats());
        EventServerStats s = server.stats();
        assertEquals(0, s.dropped());
        assertTrue(s.queueWaits() >= 1, () -> "the 7th waited for room (later ones may find room at once): " + s);
        assertEquals(0, s.kernelDropped() < 0 ? 0 : s.kernelDropped());
        SenseEventServerIT.assertBalanced(s);
    }

    @Test
    void queueFullWait_aSustainedFlood_usesTheBudgetUp_thenDropsAtOnce_counted() {
        SenseEventServer server = start(settings().queueFullWait(Duration.ofMillis(300)));
        try (LogCapture drops = LogCapture.of(DropLog.class, Level.WARN)) {
            sendWithTheWorkerBusy(server, 100);
            Await.until(WAIT, () -> server.stats().received() == 100 && server.stats().queueFull() == 94,
                    () -> "the receiving thread read all 100 and dropped all but 6, stats " + server.stats());
            assertTrue(drops.messages(Level.WARN).get(0).contains("the queue is full"), drops.messages(Level.WARN)::toString);
        }
        SenseEventServerIT.assertBalanced(server.stats());
        // the queue drains to half: the next burst may wait again
        release.countDown();
        Await.until(WAIT, () -> server.stats().pending() == 0, () -> "drained, stats " + server.stats());
        assertEquals(6, server.stats().processed());
    }

    @Test
    void queueFullWait_zero_dropsAtOnce_asButler() {
        SenseEventServer server = start(settings().queueFullWait(Duration.ZERO));
        try (LogCapture drops = LogCapture.of(DropLog.class, Level.OFF)) {
            sendWithTheWorkerBusy(server, 20);
            Await.until(WAIT, () -> server.stats().received() == 20 && server.stats().queueFull() == 14,
                    () -> "14 dropped at once, stats " + server.stats());
        }
        assertEquals(0, server.stats().queueWaits());
    }

    @Test
    void kernelDropped_datagramsTheSystemDroppedAreCounted_soSentEqualsReceivedPlusKernelDropped() {
        SenseEventServer server;
        try (LogCapture engine = LogCapture.of(EventServerEngine.class, Level.OFF)) {
            // the smallest buffer the system grants (Linux: 2,304 bytes), and a receiving thread that waits
            server = start(settings().receiveBufferBytes(1024).queueFullWait(Duration.ofSeconds(10)));
        }
        assumeTrue(server.stats().kernelDropped() >= 0, "the operating system does not tell UDP drops (not Linux)");
        int n = 300;
        try (LogCapture drops = LogCapture.of(DropLog.class, Level.WARN)) {
            send(server, n);
            // the receiving thread waits for room; the small buffer overflows at once
            Await.until(WAIT, () -> server.stats().kernelDropped() > 0,
                    () -> "a 2 KB buffer cannot hold 300 datagrams, stats " + server.stats());
            Await.until(WAIT, () -> drops.messages(Level.WARN).stream().anyMatch(m -> m.contains("the operating system"
                    + " dropped") && m.contains("[kernelDropped]")), () -> "a WARN: " + drops.messages(Level.WARN));
            release.countDown();
            // what the buffer held is read once there is room again
            Await.until(WAIT, () -> server.stats().received() + server.stats().kernelDropped() == n
                    && server.stats().pending() == 0,
                    () -> "every datagram received or counted as dropped by the system, stats " + server.stats());
        }
        EventServerStats s = server.stats();
        SenseEventServerIT.assertBalanced(s);
        assertEquals(n, s.received() + s.kernelDropped());
        assertEquals(s.received(), s.processed(), "nothing the server read was dropped: it waited for room");
        server.close();
        assertEquals(s.kernelDropped(), server.stats().kernelDropped(), "the count survives close()");
    }

    @Test
    void close_whileTheReceivingThreadWaitsForRoom_itsDatagramStillGetsIn() {
        SenseEventServer server = start(settings().queueFullWait(Duration.ofSeconds(10))
                .closeTimeout(Duration.ofSeconds(10)));
        send(server, 7);
        Await.until(WAIT, () -> server.stats().received() == 7, () -> "7 received, stats " + server.stats());
        Thread closer = new Thread(server::close);
        closer.start();
        release.countDown();
        Await.until(WAIT, () -> !closer.isAlive(), "close() returned");
        EventServerStats s = server.stats();
        assertEquals(7, s.processed(), () -> "stats " + s);
        assertEquals(0, s.abandonedAtClose());
    }
}
