package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.EventServerSettings.Deduplication;
import io.butlermqtt.EventServerSettings.MessageQueue;
import io.butlermqtt.EventServerSettings.RateLimit;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.UserSessionEvent;
import io.butlermqtt.internal.sense.DropLog;
import io.butlermqtt.internal.sense.EventServerEngine;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.UdpSender;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event server on real UDP sockets on loopback: one test per key of {@code udpServerConfig} and of the
 * extensions, and the behaviour around them (status events, listener and enricher contracts, counters).
 */
@Timeout(60)
class SenseEventServerIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TASK_ID = SenseDatagramParserTest.TASK_ID;

    private final UdpSender sender = new UdpSender();
    private final Recorder recorder = new Recorder();
    private final List<SenseEventServer> servers = new ArrayList<>();

    /** Records what the listener gets, and on which thread. */
    static final class Recorder implements SenseEventListener {
        final ConcurrentLinkedQueue<ReceivedEvent> events = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

        @Override
        public void onEvent(ReceivedEvent received) {
            events.add(received);
            threads.add(Thread.currentThread().getName());
        }

        List<SenseEvent> datagramEvents() {
            return events.stream().map(ReceivedEvent::event).filter(e -> !(e instanceof EventSourceStatus))
                    .collect(Collectors.toList());
        }

        List<EventSourceStatus> statuses() {
            return events.stream().map(ReceivedEvent::event).filter(e -> e instanceof EventSourceStatus)
                    .map(e -> (EventSourceStatus) e).collect(Collectors.toList());
        }
    }

    @AfterEach
    void tearDown() {
        servers.forEach(SenseEventServer::close);
        sender.close();
    }

    static EventServerSettings.Builder settings() {
        return EventServerSettings.builder().serverHost("127.0.0.1").portTaskFailure(0)
                .dropLogInterval(Duration.ofSeconds(1)).closeTimeout(Duration.ofSeconds(5));
    }

    private SenseEventServer start(EventServerSettings s, ReloadTaskEnricher enricher, SenseEventListener l) {
        SenseEventServer server = SenseEventServer.start(s, enricher, l);
        servers.add(server);
        return server;
    }

    private SenseEventServer start(EventServerSettings.Builder s) {
        return start(s.build(), ReloadTaskEnricher.withoutQrs(), recorder);
    }

    static String failed(String taskName, String executionId) {
        return SenseDatagramParserTest.failed(taskName, "Max retries reached")
                .replace(SenseDatagramParserTest.EXECUTION_ID, executionId);
    }

    private static InetSocketAddress task(SenseEventServer s) {
        return s.taskEventAddress().orElseThrow();
    }

    /**
     * Waits until {@code n} datagrams were received and each is in one of the other counters: a datagram is
     * counted as received before it is queued or dropped (and may wait for room first).
     */
    private static void awaitReceived(SenseEventServer s, long n) {
        Await.until(WAIT, () -> {
            EventServerStats st = s.stats();
            return st.received() >= n
                    && st.received() == st.processed() + st.ignored() + st.dropped() + st.pending();
        }, () -> n + " received and counted, stats " + s.stats());
    }

    private static void awaitIdle(SenseEventServer s, long received) {
        Await.until(WAIT, () -> {
            EventServerStats st = s.stats();
            // balanced too: a datagram counted as received but not yet queued is in no other counter, so
            // "none pending" alone can be true for a moment before it is processed (seen on a loaded machine)
            return st.received() >= received && st.pending() == 0
                    && st.received() == st.processed() + st.ignored() + st.dropped();
        }, () -> received + " received and none pending, stats " + s.stats());
    }

    /** received == processed + ignored + dropped + pending, exactly. */
    static void assertBalanced(EventServerStats s) {
        assertEquals(s.received(), s.processed() + s.ignored() + s.dropped() + s.pending(), s::toString);
    }

    // --- start, status events, threads ------------------------------------------------------------------

    @Test
    void start_deliversStartOnTheCallingThread_thenEventsOnWorkerThreads() {
        SenseEventServer server = start(settings());
        assertEquals(List.of(EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS)
                .status(EventSourceStatus.Status.START).build()), recorder.statuses(), "START before start returned");
        assertEquals(Thread.currentThread().getName(), recorder.threads.peek());
        assertTrue(task(server).getPort() > 0);

        sender.send(task(server), failed("Reload of Sales", "x-1"));
        Await.until(WAIT, () -> recorder.datagramEvents().size() == 1, () -> "one event, got " + recorder.events);
        ReceivedEvent r = recorder.events.stream().filter(e -> e.event() instanceof ReloadTaskFailed).findFirst()
                .orElseThrow();
        assertEquals("Reload of Sales", ((ReloadTaskFailed) r.event()).taskName());
        assertEquals(Optional.of(sender.localAddress()), r.sender());
        assertTrue(new ArrayList<>(recorder.threads).get(1).startsWith("butler-mqtt-event-worker-"),
                recorder.threads::toString);
        EventServerStats s = server.stats();
        assertEquals(1, s.received());
        assertEquals(1, s.processed());
        assertBalanced(s);
    }

    @Test
    void enable_false_opensNothing_andCountsNothing() {
        SenseEventServer server = start(settings().enabled(false).serverHost("<FQDN or IP of Butler>"));
        assertEquals(Optional.empty(), server.taskEventAddress());
        assertEquals(Optional.empty(), server.userAuditAddress());
        assertEquals(0, server.stats().received());
        assertTrue(recorder.events.isEmpty());
        server.close();
    }

    @Test
    void portTaskFailure_inUse_failsNamingKeyHostAndPort_andSendsError() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET);
                LogCapture log = LogCapture.of(EventServerEngine.class, Level.OFF)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            EventServerStartException e = assertThrows(EventServerStartException.class,
                    () -> start(settings().portTaskFailure(port)));
            assertEquals("portTaskFailure", e.property());
            assertEquals("127.0.0.1", e.host());
            assertEquals(port, e.port());
            assertEquals("Cannot start the event server: udpServerConfig.portTaskFailure (127.0.0.1:" + port + "): the"
                    + " port is already in use (is Butler, or another instance, still running?)", e.getMessage());
            assertEquals(List.of(EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS)
                    .status(EventSourceStatus.Status.ERROR).build()), recorder.statuses());
        }
    }

    @Test
    void serverHost_notResolving_failsNamingTheKey_andSendsError() {
        try (LogCapture log = LogCapture.of(EventServerEngine.class, Level.OFF)) {
            EventServerStartException e = assertThrows(EventServerStartException.class,
                    () -> start(settings().serverHost("no-such-host.invalid").portTaskFailure(9998)));
            assertEquals("serverHost", e.property());
            assertEquals("Cannot start the event server: udpServerConfig.serverHost (no-such-host.invalid:9998): the"
                    + " host name does not resolve to an address", e.getMessage());
            assertEquals(EventSourceStatus.Status.ERROR, recorder.statuses().get(0).status());
        }
    }

    @Test
    void serverHost_notAnAddressOfThisMachine_failsNamingServerHost() {
        try (LogCapture log = LogCapture.of(EventServerEngine.class, Level.OFF)) {
            EventServerStartException e = assertThrows(EventServerStartException.class,
                    () -> start(settings().serverHost("192.0.2.1")));
            assertEquals("serverHost", e.property());
            assertTrue(e.getMessage().contains("serverHost is not an address of this machine"), e::getMessage);
        }
    }

    @Test
    void serverHost_aHostName_isResolved() {
        SenseEventServer server = start(settings().serverHost("localhost"));
        assertEquals("127.0.0.1", task(server).getAddress().getHostAddress(), "IPv4 preferred, as Butler's udp4");
    }

    // --- user audit port (Butler 5) ---------------------------------------------------------------------------

    @Test
    void portSessionConnectionEvents_opensTheUserAuditPort_withItsOwnStartAndEvents() {
        SenseEventServer server = start(settings().portSessionConnectionEvents(0));
        assertEquals(List.of(EventSourceStatus.Source.TASK_EVENTS, EventSourceStatus.Source.SESSION_EVENTS),
                recorder.statuses().stream().map(EventSourceStatus::source).collect(Collectors.toList()));
        InetSocketAddress audit = server.userAuditAddress().orElseThrow();
        sender.send(audit, "sense1;Start session;LAB;anna");
        sender.send(audit, "sense1;Login;LAB;anna");
        sender.send(audit, "too;few");
        awaitIdle(server, 3);
        assertEquals(List.of(UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("sense1")
                .userDirectory("LAB").userId("anna").build()), recorder.datagramEvents());
        EventServerStats s = server.stats();
        assertEquals(1, s.processed());
        assertEquals(1, s.ignored());
        assertEquals(1, s.invalid());
        assertBalanced(s);
    }

    @Test
    void portSessionConnectionEvents_absent_opensOnlyTheTaskPort() {
        SenseEventServer server = start(settings());
        assertEquals(Optional.empty(), server.userAuditAddress());
        assertEquals(1, recorder.statuses().size());
    }

    // --- maxMessageSize ----------------------------------------------------------------------------------------

    @Test
    void maxMessageSize_largerDatagramsDropped_equalAccepted() {
        String base = failed("t", "x");
        int limit = base.length() + 10;
        SenseEventServer server = start(settings().maxMessageSize(limit));
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            sender.send(task(server), base + "y".repeat(10));
            sender.send(task(server), base + "y".repeat(11));
            sender.send(task(server), new byte[60_000]);
            awaitIdle(server, 3);
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.processed());
        assertEquals(2, s.oversize());
        assertBalanced(s);
    }

    // --- enableSourceValidation + allowedSources ----------------------------------------------------------

    @Test
    void sourceValidation_allowedAddress_isProcessed() {
        SenseEventServer server = start(settings().enableSourceValidation(true).allowedSources(List.of("127.0.0.1")));
        sender.send(task(server), failed("t", "x"));
        awaitIdle(server, 1);
        assertEquals(1, server.stats().processed());
    }

    @Test
    void sourceValidation_allowedHostName_isResolved() {
        SenseEventServer server = start(settings().enableSourceValidation(true).allowedSources(List.of("localhost")));
        sender.send(task(server), failed("t", "x"));
        awaitIdle(server, 1);
        assertEquals(1, server.stats().processed());
    }

    @Test
    void sourceValidation_otherAddress_isRejectedAndCounted() {
        SenseEventServer server = start(settings().enableSourceValidation(true)
                .allowedSources(List.of("10.255.255.254")));
        try (LogCapture log = LogCapture.of(DropLog.class, Level.WARN)) {
            sender.send(task(server), failed("t", "x"));
            awaitIdle(server, 1);
            assertEquals(List.of("Event server: rejected a datagram from " + sender.localAddress().getAddress()
                    .getHostAddress() + ":" + sender.localAddress().getPort() + " on port " + task(server).getPort()
                    + ": not in allowedSources [sourceRejected]; further drops and failures are counted and"
                    + " summarised every 1 s"), log.messages(Level.WARN));
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.sourceRejected());
        assertEquals(0, s.processed());
        assertTrue(recorder.datagramEvents().isEmpty());
        assertBalanced(s);
    }

    @Test
    void sourceValidation_off_acceptsAnySource_whateverTheList() {
        SenseEventServer server = start(settings().allowedSources(List.of("10.255.255.254")));
        sender.send(task(server), failed("t", "x"));
        awaitIdle(server, 1);
        assertEquals(1, server.stats().processed());
    }

    // --- messageQueue -----------------------------------------------------------------------------------------

    /** An enricher whose results the test completes. */
    static final class HeldEnricher implements ReloadTaskEnricher {
        final CopyOnWriteArrayList<CompletableFuture<Optional<SenseEvent>>> futures = new CopyOnWriteArrayList<>();
        final CopyOnWriteArrayList<ReloadTaskNotice> notices = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Optional<SenseEvent>> enrich(ReloadTaskNotice notice) {
            CompletableFuture<Optional<SenseEvent>> f = new CompletableFuture<>();
            notices.add(notice);
            futures.add(f);
            return f;
        }

        void completeAll() {
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).complete(Optional.of(notices.get(i).toEvent()));
            }
        }
    }

    @Test
    void messageQueue_maxConcurrent_limitsDatagramsInFlight_enrichmentsWaitingIncluded() {
        HeldEnricher enricher = new HeldEnricher();
        SenseEventServer server = start(settings().messageQueue(new MessageQueue(3, 100, 80)).build(), enricher,
                recorder);
        for (int i = 0; i < 5; i++) {
            sender.send(task(server), failed("t" + i, "x" + i));
        }
        // in flight is counted just before the enricher is called: wait for the three calls too
        Await.until(WAIT, () -> server.stats().inFlight() == 3 && server.stats().queued() == 2
                && enricher.notices.size() >= 3, () -> "3 in flight and 2 queued, stats " + server.stats()
                + ", enrichments " + enricher.notices.size());
        assertEquals(3, enricher.notices.size(), "no fourth enrichment while three are in flight");
        CompletableFuture.runAsync(enricher::completeAll).join();
        Await.until(WAIT, () -> enricher.notices.size() == 5, () -> "the other two enriched");
        enricher.completeAll();
        awaitIdle(server, 5);
        assertEquals(5, server.stats().processed());
        assertEquals(5, recorder.datagramEvents().size());
        assertTrue(recorder.threads.stream().skip(1).allMatch(t -> t.startsWith("butler-mqtt-event-worker-")),
                () -> "completions on a foreign thread are handed back to the workers: " + recorder.threads);
        assertBalanced(server.stats());
    }

    @Test
    void messageQueue_maxSize_datagramsBeyondItAreDroppedAndCounted() {
        HeldEnricher enricher = new HeldEnricher();
        SenseEventServer server = start(settings().messageQueue(new MessageQueue(2, 5, 80)).build(), enricher,
                recorder);
        sender.send(task(server), failed("a", "a"));
        sender.send(task(server), failed("b", "b"));
        Await.until(WAIT, () -> server.stats().inFlight() == 2, () -> "2 in flight, stats " + server.stats());
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF);
                LogCapture engine = LogCapture.of(EventServerEngine.class, Level.OFF)) {
            for (int i = 0; i < 8; i++) {
                sender.send(task(server), failed("q" + i, "q" + i));
            }
            awaitReceived(server, 10);
        }
        EventServerStats s = server.stats();
        assertEquals(5, s.queued());
        assertEquals(3, s.queueFull());
        assertBalanced(s);
        Await.until(WAIT, () -> {
            enricher.completeAll();
            return server.stats().pending() == 0;
        }, () -> "everything processed, stats " + server.stats());
        assertEquals(7, server.stats().processed());
        assertBalanced(server.stats());
    }

    @Test
    void messageQueue_backpressureThreshold_warnsWhenFilling_andClearsWhenDrained() {
        HeldEnricher enricher = new HeldEnricher();
        SenseEventServer server = start(settings().messageQueue(new MessageQueue(1, 10, 50)).build(), enricher,
                recorder);
        try (LogCapture log = LogCapture.of(EventServerEngine.class, Level.INFO)) {
            for (int i = 0; i < 6; i++) {
                sender.send(task(server), failed("t" + i, "x" + i));
            }
            awaitReceived(server, 6);
            Await.until(WAIT, () -> log.messages(Level.WARN).stream().anyMatch(m -> m.contains("backpressure")),
                    () -> "a backpressure warning, got " + log.messages(Level.WARN));
            assertTrue(log.messages(Level.WARN).get(0).contains("messageQueue.backpressureThreshold 50%"),
                    () -> log.messages(Level.WARN).get(0));
            Await.until(WAIT, () -> {
                enricher.completeAll();
                return server.stats().pending() == 0;
            }, () -> "drained, stats " + server.stats());
            sender.send(task(server), failed("after", "after"));
            Await.until(WAIT, () -> log.messages(Level.INFO).stream().anyMatch(m -> m.contains("backpressure cleared")),
                    () -> "backpressure cleared, got " + log.messages(Level.INFO));
            enricher.completeAll();
        }
    }

    // --- rateLimit ----------------------------------------------------------------------------------------------

    @Test
    void rateLimit_enabled_dropsBeyondMaxMessagesPerMinute() {
        SenseEventServer server = start(settings().rateLimit(new RateLimit(true, 3)));
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            for (int i = 0; i < 5; i++) {
                sender.send(task(server), failed("t" + i, "x" + i));
            }
            awaitIdle(server, 5);
        }
        EventServerStats s = server.stats();
        assertEquals(3, s.processed());
        assertEquals(2, s.rateLimited());
        assertBalanced(s);
    }

    @Test
    void rateLimit_disabled_isNotApplied() {
        SenseEventServer server = start(settings().rateLimit(new RateLimit(false, 1)));
        for (int i = 0; i < 5; i++) {
            sender.send(task(server), failed("t" + i, "x" + i));
        }
        awaitIdle(server, 5);
        assertEquals(5, server.stats().processed());
    }

    // --- deduplication ----------------------------------------------------------------------------------------

    @Test
    void deduplication_enabled_dropsARepeatedExecutionId() {
        SenseEventServer server = start(settings().deduplication(new Deduplication(true, 10)));
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            sender.send(task(server), failed("t", "same"));
            awaitIdle(server, 1);
            sender.send(task(server), failed("t", "same"));
            sender.send(task(server), failed("t", "other"));
            awaitIdle(server, 3);
        }
        EventServerStats s = server.stats();
        assertEquals(2, s.processed());
        assertEquals(1, s.duplicates());
        assertBalanced(s);
    }

    @Test
    void deduplication_emptyExecutionId_isNeverADuplicate() {
        SenseEventServer server = start(settings().deduplication(new Deduplication(true, 10)));
        sender.send(task(server), failed("t", ""));
        sender.send(task(server), failed("t", ""));
        awaitIdle(server, 2);
        assertEquals(2, server.stats().processed());
    }

    @Test
    void deduplication_disabled_handlesARepeatAgain_asButler1604() {
        SenseEventServer server = start(settings().deduplication(Deduplication.DISABLED));
        sender.send(task(server), failed("t", "same"));
        sender.send(task(server), failed("t", "same"));
        awaitIdle(server, 2);
        assertEquals(2, server.stats().processed());
        assertEquals(2, recorder.datagramEvents().size());
    }

    @Test
    void deduplication_failedEnrichmentReleasesTheId_soARepeatIsHandled() {
        AtomicInteger calls = new AtomicInteger();
        ReloadTaskEnricher flaky = n -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("QRS unavailable"))
                : CompletableFuture.completedFuture(Optional.of(n.toEvent()));
        SenseEventServer server = start(settings().deduplication(new Deduplication(true, 10)).build(), flaky, recorder);
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            sender.send(task(server), failed("t", "same"));
            awaitIdle(server, 1);
            sender.send(task(server), failed("t", "same"));
            awaitIdle(server, 2);
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.enrichmentFailed());
        assertEquals(1, s.processed());
        assertEquals(0, s.duplicates());
    }

    // --- extensions -------------------------------------------------------------------------------------------

    @Test
    void dropLogInterval_firstDropAtOnce_thenSummariesWithTheCount() {
        SenseEventServer server = start(settings().dropLogInterval(Duration.ofSeconds(1)));
        try (LogCapture log = LogCapture.of(DropLog.class, Level.INFO)) {
            for (int i = 0; i < 50; i++) {
                sender.send(task(server), "garbage!!");
            }
            awaitIdle(server, 50);
            Await.until(WAIT, () -> summarised(log.messages(Level.WARN)) == 49, () -> "49 summarised, got "
                    + log.messages(Level.WARN));
            List<String> warn = log.messages(Level.WARN);
            assertTrue(warn.get(0).startsWith("Event server: dropped an invalid datagram of 9 bytes from 127.0.0.1:"),
                    warn::toString);
            assertTrue(warn.get(0).endsWith(" on the task port: not a scheduler log appender datagram: the first field"
                    + " \"garbage!!\" is not a marker such as /scheduler-reload-failed/ [invalid]; further drops and"
                    + " failures are counted and summarised every 1 s"), warn::toString);
            assertTrue(warn.size() <= 1 + 3, () -> "one line at once, then a summary per second: " + warn);
        }
        assertEquals(50, server.stats().invalid());
    }

    private static long summarised(List<String> warnings) {
        long n = 0;
        for (String w : warnings) {
            if (w.contains(" more dropped or failed in the last 1 s: invalid ")) {
                n += Long.parseLong(w.substring(w.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    void receiveBufferBytes_isAskedOfTheSystem_andTheGrantedSizeLogged() {
        try (LogCapture log = LogCapture.of(EventServerEngine.class, Level.INFO)) {
            start(settings().receiveBufferBytes(65_536));
            String info = log.messages(Level.INFO).get(0);
            assertTrue(info.matches("Event server listening for task events on udp://127\\.0\\.0\\.1:\\d+"
                    + " \\(receive buffer \\d+ bytes\\).*"), info);
            long granted = Long.parseLong(info.replaceAll(".*receive buffer (\\d+) bytes.*", "$1"));
            assertTrue(granted >= 1024, info);
        }
    }

    @Test
    void enrichTimeout_givesUpAnEnrichmentThatNeverCompletes_andFreesItsSlot() {
        ReloadTaskEnricher hangsOnce = n -> n.taskName().equals("hang") ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(Optional.of(n.toEvent()));
        SenseEventServer server = start(settings().messageQueue(new MessageQueue(1, 10, 80))
                .enrichTimeout(Duration.ofMillis(200)).build(), hangsOnce, recorder);
        try (LogCapture log = LogCapture.of(DropLog.class, Level.WARN)) {
            sender.send(task(server), failed("hang", "1"));
            sender.send(task(server), failed("fine", "2"));
            awaitIdle(server, 2);
            assertTrue(log.messages(Level.WARN).get(0).contains("the enrichment failed: java.util.concurrent."
                    + "TimeoutException: no result within enrichTimeout (200 ms)"), () -> log.messages(Level.WARN).get(0));
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.enrichmentFailed());
        assertEquals(1, s.processed());
        assertBalanced(s);
    }

    @Test
    void closeTimeout_whatIsLeftIsAbandonedAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SenseEventListener blocking = r -> {
            if (!(r.event() instanceof EventSourceStatus)) {
                release.await(30, TimeUnit.SECONDS);
            }
        };
        SenseEventServer server = start(settings().messageQueue(new MessageQueue(1, 10, 80))
                .closeTimeout(Duration.ofMillis(200)).build(), ReloadTaskEnricher.withoutQrs(), blocking);
        for (int i = 0; i < 4; i++) {
            sender.send(task(server), failed("t" + i, "x" + i));
        }
        Await.until(WAIT, () -> server.stats().inFlight() == 1 && server.stats().queued() == 3,
                () -> "1 in flight, 3 queued, stats " + server.stats());
        try (LogCapture log = LogCapture.of(EventServerEngine.class, Level.INFO);
                LogCapture interrupted = LogCapture.of(DropLog.class, Level.OFF)) {
            server.close();
            assertTrue(log.messages(Level.WARN).contains("Event server: 4 datagrams were still queued or being"
                    + " processed after closeTimeout (200 ms) and were not processed"), log.messages(Level.WARN)::toString);
        } finally {
            release.countDown();
        }
        EventServerStats s = server.stats();
        assertEquals(4, s.abandonedAtClose());
        assertEquals(0, s.pending());
        assertBalanced(s);
    }

    @Test
    void close_finishesTheQueueFirst() {
        SenseEventServer server = start(settings());
        for (int i = 0; i < 20; i++) {
            sender.send(task(server), failed("t" + i, "x" + i));
        }
        awaitReceived(server, 20);
        server.close();
        EventServerStats s = server.stats();
        assertEquals(20, s.processed());
        assertEquals(0, s.abandonedAtClose());
    }

    @Test
    void close_releasesThePort() throws Exception {
        SenseEventServer server = start(settings());
        int port = task(server).getPort();
        server.close();
        try (DatagramChannel again = DatagramChannel.open(StandardProtocolFamily.INET)) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    // --- enricher and listener contracts -----------------------------------------------------------------

    @Test
    void enricher_failingThrowingOrNull_isCountedAsEnrichmentFailed() {
        Function<String, CompletableFuture<Optional<SenseEvent>>> byName = name -> {
            switch (name) {
                case "throws":
                    throw new IllegalStateException("bug in enricher");
                case "null":
                    return null;
                case "fails":
                    return CompletableFuture.failedFuture(new RuntimeException("QRS said 500"));
                default:
                    return CompletableFuture.completedFuture(Optional.empty());
            }
        };
        SenseEventServer server = start(settings().build(), n -> byName.apply(n.taskName()), recorder);
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            for (String name : List.of("throws", "null", "fails", "empty")) {
                sender.send(task(server), failed(name, name));
            }
            awaitIdle(server, 4);
        }
        EventServerStats s = server.stats();
        assertEquals(3, s.enrichmentFailed());
        assertEquals(1, s.processed());
        assertEquals(1, s.enrichedEmpty());
        assertTrue(recorder.datagramEvents().isEmpty(), "empty means publish nothing");
        assertBalanced(s);
    }

    @Test
    void enricher_seesTheNotice_andItsEventIsDelivered() {
        ReloadTaskEnricher enricher = n -> CompletableFuture.supplyAsync(() -> Optional.of(
                n.abortedBuilder().taskTags(List.of("Finance")).build()));
        SenseEventServer server = start(settings().build(), enricher, recorder);
        sender.send(task(server), failed("t", "x").replace("/scheduler-reload-failed/", "/scheduler-task-aborted/"));
        awaitIdle(server, 1);
        ReloadTaskAborted e = (ReloadTaskAborted) recorder.datagramEvents().get(0);
        assertEquals(List.of("Finance"), e.taskTags());
        assertEquals(TASK_ID, e.taskId());
    }

    @Test
    void listener_throwing_isCounted_andTheServerGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        SenseEventListener failing = r -> {
            if (!(r.event() instanceof EventSourceStatus) && calls.incrementAndGet() == 1) {
                throw new IllegalStateException("listener bug");
            }
        };
        SenseEventServer server = start(settings().build(), ReloadTaskEnricher.withoutQrs(), failing);
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            sender.send(task(server), failed("a", "a"));
            awaitIdle(server, 1);
            sender.send(task(server), failed("b", "b"));
            awaitIdle(server, 2);
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.listenerFailures());
        assertEquals(2, s.processed());
        assertEquals(2, calls.get());
    }

    @Test
    void otherMarkersAreIgnored_garbageIsInvalid_bothCounted() {
        SenseEventServer server = start(settings());
        try (LogCapture log = LogCapture.of(DropLog.class, Level.OFF)) {
            sender.send(task(server), failed("t", "x").replace("/scheduler-reload-failed/", "/scheduler-task-success//"));
            sender.send(task(server), failed("t", "y").replace(TASK_ID, "not-a-guid"));
            sender.send(task(server), new byte[0]);
            awaitIdle(server, 3);
        }
        EventServerStats s = server.stats();
        assertEquals(1, s.ignored());
        assertEquals(2, s.invalid());
        assertEquals(0, s.processed());
        assertBalanced(s);
    }

    // --- publisher --------------------------------------------------------------------------------------------

    /** A publisher whose futures fail for task names starting with "fail". */
    static final class FakePublisher implements SenseEventPublisher {
        final CopyOnWriteArrayList<SenseEvent> published = new CopyOnWriteArrayList<>();
        final CompletableFuture<PublishResult> held = new CompletableFuture<>();
        private final SenseEventPublisher mapping = SenseEventPublisher.dryRun(MqttSettings.builder().build());

        @Override
        public List<MqttMessage> messagesFor(SenseEvent event) {
            return mapping.messagesFor(event);
        }

        @Override
        public CompletableFuture<PublishResult> publish(SenseEvent event) {
            published.add(event);
            String name = event instanceof ReloadTaskFailed ? ((ReloadTaskFailed) event).taskName() : "";
            if (name.startsWith("fail")) {
                return CompletableFuture.failedFuture(new OutboxFullException("qliksense/task_failure", 10));
            }
            if (name.startsWith("hold")) {
                return held;
            }
            if (name.startsWith("throw")) {
                throw new IllegalStateException("publisher bug");
            }
            return mapping.publish(event);
        }

        @Override
        public CompletableFuture<PublishResult> publish(String topic, String message) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void publisher_everyEventPublished_failuresCountedAndLogged_pendingTracked() {
        FakePublisher publisher = new FakePublisher();
        SenseEventServer server = SenseEventServer.start(settings().build(), ReloadTaskEnricher.withoutQrs(),
                publisher);
        servers.add(server);
        assertInstanceOf(EventSourceStatus.class, publisher.published.get(0), "START is published");
        try (LogCapture log = LogCapture.of(DropLog.class, Level.WARN)) {
            for (String name : List.of("ok1", "fail1", "hold1", "throw1", "ok2")) {
                sender.send(task(server), failed(name, name));
            }
            awaitIdle(server, 5);
            assertTrue(log.messages(Level.WARN).get(0).startsWith("Event server: could not publish ReloadTaskFailed of"
                    + " task " + TASK_ID), log.messages(Level.WARN)::toString);
        }
        EventServerStats s = server.stats();
        assertEquals(5, s.processed());
        assertEquals(3, s.published(), "START, ok1, ok2");
        assertEquals(2, s.publishFailed(), "fail1, throw1");
        assertEquals(1, s.publishPending(), "hold1");
        publisher.held.complete(new PublishResult(PublishResult.Outcome.PUBLISHED, List.of()));
        assertEquals(4, server.stats().published());
        assertEquals(0, server.stats().publishPending());
    }

    @Test
    void stats_ofAListenerServer_haveNoPublishCounts() {
        SenseEventServer server = start(settings());
        sender.send(task(server), failed("t", "x"));
        awaitIdle(server, 1);
        assertEquals(0, server.stats().published());
        assertFalse(server.stats().publishFailed() > 0);
    }
}
