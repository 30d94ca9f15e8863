package io.butlermqtt.internal.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.QlikCloudEventContext;
import io.butlermqtt.QlikCloudEventListener;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.internal.client.Transport;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.QlikCloudSamples;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counting, logging and acknowledgement of the Qlik Cloud client's incoming messages, without a broker. */
@Timeout(30)
class CloudEventDispatcherTest {

    private static final String TOPIC = "qscloud/app/reload/" + QlikCloudSamples.TENANT;
    private static final Instant NOW = Instant.parse("2025-03-04T06:15:43Z");

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger acks = new AtomicInteger();
    private final List<Runnable> summaries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CloudEventDispatcher dispatcher(QlikCloudSettings.Builder s, QlikCloudEventListener listener) {
        return new CloudEventDispatcher(s.enabled(true).tenantId(QlikCloudSamples.TENANT).build(), listener,
                Runnable::run, scheduler, Clock.fixed(NOW, ZoneOffset.UTC), nanos::get, (task, delay) -> summaries.add(task));
    }

    private Transport.Incoming message(String topic, byte[] payload) {
        return new Transport.Incoming(topic, ByteBuffer.wrap(payload).asReadOnlyBuffer(), acks::incrementAndGet);
    }

    private static List<Long> counters(CloudEventDispatcher d) {
        return java.util.Arrays.stream(d.counters()).boxed().toList();
    }

    @Test
    void deliver_callsTheListenerWithTheContext_thenAcknowledges() {
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        CloudEventDispatcher d = dispatcher(QlikCloudSettings.builder(), ctx -> {
            assertEquals(0, acks.get(), "acknowledged only after the listener");
            calls.add(ctx);
        });
        d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED)));
        assertEquals(1, acks.get());
        assertEquals(1, calls.size());
        assertEquals(TOPIC, calls.get(0).topic());
        assertEquals(NOW, calls.get(0).receivedAt());
        assertEquals("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", calls.get(0).event().data().reloadId().orElseThrow());
        assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), counters(d));
    }

    @Test
    void everyOtherOutcome_countedOnceAndAcknowledgedAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        CloudEventDispatcher d = dispatcher(QlikCloudSettings.builder().maxPayloadBytes(100_000),
                ctx -> calls.incrementAndGet());
        try (LogCapture log = LogCapture.of(CloudEventDispatcher.class)) {
            d.onMessage(message("qscloud/other", "x".getBytes(StandardCharsets.UTF_8)));
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.SUCCEEDED)));
            d.onMessage(message(TOPIC, QlikCloudSamples.withTenant(QlikCloudSamples.FAILED, "other")));
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.NO_DATA)));
            d.onMessage(message(TOPIC, QlikCloudSamples.failedOfSize(200_000)));
            d.onMessage(message(TOPIC, QlikCloudSamples.invalidUtf8()));
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.UNEXPECTED_TYPES)));
            assertEquals(7, acks.get());
            assertEquals(2, calls.get(), "the invalid-UTF-8 and the odd-typed failure are delivered");
            // received, delivered, ignored, wrongTenant, alertsDisabled, invalid, tooLarge, notUtf8, fieldProblems
            assertEquals(List.of(7L, 2L, 2L, 1L, 0L, 1L, 1L, 1L, 1L, 0L, 0L), counters(d));
            assertEquals(5, log.count(Level.WARN), log.lines().toString());
            assertEquals(1, log.count(Level.WARN, m -> m.startsWith("Skipped a Qlik Cloud app-reload event on "
                    + TOPIC + " (app 0b7c6d5e-4f3a-2b1c-9d8e-7f6a5b4c3d2e): extensions.tenantId \"other\" is not the "
                    + "configured tenant \"T3nant-ABC_123\"")));
            assertEquals(1, log.count(Level.WARN, m -> m.equals("Dropped a Qlik Cloud message on " + TOPIC
                    + " (" + QlikCloudSamples.bytes(QlikCloudSamples.NO_DATA).length + " bytes) that is not an "
                    + "app-reload event butler-mqtt can read: no data")));
            assertEquals(1, log.count(Level.WARN, m -> m.contains("200000 bytes, more than maxPayloadBytes (100000)")));
        }
    }

    @Test
    void aFlood_ofInvalidMessages_oneWarnThenOneSummaryPerInterval() {
        CloudEventDispatcher d = dispatcher(QlikCloudSettings.builder(), ctx -> { });
        try (LogCapture log = LogCapture.of(CloudEventDispatcher.class)) {
            for (int i = 0; i < 10_000; i++) {
                d.onMessage(message(TOPIC, ("not json " + i).getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(10_000, acks.get());
            assertEquals(10_000, d.counters()[5]);
            assertEquals(1, log.count(Level.WARN), "the first at once, the rest summarised");
            assertEquals(1, summaries.size(), "one summary scheduled");
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
            summaries.get(0).run();
            assertEquals(2, log.count(Level.WARN));
            assertTrue(log.lines(Level.WARN).get(1).message().startsWith("9999 more Qlik Cloud message(s) dropped"),
                    log.lines(Level.WARN).get(1).message());
        }
    }

    @Test
    void alertsDisabled_loggedAtInfo_notDelivered() {
        AtomicInteger calls = new AtomicInteger();
        CloudEventDispatcher d = dispatcher(QlikCloudSettings.builder().alertsEnabled(false), ctx -> calls.incrementAndGet());
        try (LogCapture log = LogCapture.of(CloudEventDispatcher.class)) {
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED)));
            assertEquals(0, calls.get());
            assertEquals(1, acks.get());
            assertEquals(1, d.counters()[4]);
            assertEquals(List.of("Qlik Cloud app reload failed: app 0b7c6d5e-4f3a-2b1c-9d8e-7f6a5b4c3d2e \"Sales dashboard "
                    + "– Nordics\", reload c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f; not handed to the listener because "
                    + "Butler.qlikSenseCloud.enable is off"), log.lines(Level.INFO).stream().map(LogCapture.Line::message)
                    .toList());
        }
    }

    @Test
    void listenerThrows_loggedCountedAcknowledged() {
        CloudEventDispatcher d = dispatcher(QlikCloudSettings.builder(), ctx -> {
            throw new IllegalStateException("webhook down");
        });
        try (LogCapture log = LogCapture.of(CloudEventDispatcher.class)) {
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED)));
            assertEquals(1, acks.get());
            assertEquals(1, d.counters()[9]);
            assertEquals(1, log.count(Level.ERROR));
            assertEquals("webhook down", log.lines(Level.ERROR).get(0).thrown().getMessage());
        }
    }

    @Test
    void listenerHangs_acknowledgedAtTheTimeout_laterMessagesNotHeldBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try (LogCapture log = LogCapture.of(CloudEventDispatcher.class)) {
            CloudEventDispatcher d = new CloudEventDispatcher(QlikCloudSettings.builder().enabled(true)
                    .tenantId(QlikCloudSamples.TENANT).listenerTimeout(Duration.ofMillis(200)).build(),
                    ctx -> release.await(), pool, scheduler, Clock.systemUTC(), System::nanoTime,
                    (task, delay) -> summaries.add(task));
            d.onMessage(message(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED)));
            Await.until(Duration.ofSeconds(20), () -> acks.get() == 1, "acknowledged at the timeout");
            assertEquals(1, d.counters()[10]);
            assertEquals(1, log.count(Level.WARN, m -> m.contains("still running after listenerTimeout")));
            release.countDown();
            Await.until(Duration.ofSeconds(20), () -> log.count(Level.INFO, m -> m.contains("finished after the timeout")) == 1,
                    () -> log.lines().toString());
            assertEquals(1, acks.get(), "not acknowledged twice");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
