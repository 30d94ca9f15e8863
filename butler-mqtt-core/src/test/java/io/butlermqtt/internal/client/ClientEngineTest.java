package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.ClientState;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine against a {@link FakeTransport}: reconnect timing decisions and the order of {@code close()}. */
@Timeout(60)
class ClientEngineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String FILTER = "$share/g/qliksense/start_task";

    private final AtomicReference<FakeTransport> transport = new AtomicReference<>();
    private final List<Long> caps = new CopyOnWriteArrayList<>();
    private final ExecutorService handlerThreads = Executors.newCachedThreadPool();
    /** The engine's WARNs here are provoked on purpose: captured, not printed. */
    private final LogCapture log = LogCapture.of(ClientEngine.class);
    private ClientEngine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        handlerThreads.shutdownNow();
        log.close();
    }

    private static ConnectionSpec spec(boolean persistent) {
        return new ConnectionSpec("broker.invalid", 1883, "engine-test", MqttVersion.MQTT_5, Duration.ofSeconds(60),
                Duration.ofSeconds(30), persistent, Duration.ofHours(1), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private ClientEngine engine(boolean persistent, Duration initialDelay, Duration closeTimeout,
            Optional<EngineConfig.Inbound> inbound) {
        EngineConfig config = new EngineConfig(spec(persistent), new MqttSettings.Reconnect(initialDelay,
                Duration.ofMinutes(10)), new MqttSettings.Outbox(100, closeTimeout),
                List.of(MqttMessage.of("status", "connected", 0, false)),
                Optional.of(MqttMessage.of("availability", "offline", 1, true)), inbound, 3);
        engine = new ClientEngine(config, ClientEngine.newScheduler("engine-test"), events -> {
            FakeTransport t = new FakeTransport(events);
            transport.set(t);
            return t;
        }, bound -> {
            caps.add(bound - 1);
            return bound - 1; // always the cap: the delays are deterministic
        });
        return engine;
    }

    @Test
    void shortLivedConnectionLost_firstReconnectAttemptWithinInitialDelay() {
        // a 10 s outage at initialDelay 200 ms: the backoff grew (200, 400, 800, 1600, 3200 ms caps)
        engine(false, Duration.ofMillis(200), Duration.ofSeconds(5), Optional.empty());
        FakeTransport t = transport.get();
        t.brokerUp = false;
        engine.start();
        Await.until(DEADLINE, () -> caps.size() >= 5, () -> "5 failed attempts, caps " + caps);
        t.brokerUp = true;
        Await.until(DEADLINE, () -> engine.state() == ClientState.CONNECTED, "connected");
        int before = caps.size();
        t.drop(true); // lost right after it was made (less than 10 s)
        Await.until(DEADLINE, () -> caps.size() > before, "the reconnect was scheduled");
        assertEquals(200L, caps.get(before), "the first attempt after the loss must come within reconnect.initialDelay, "
                + "not where the outage's backoff had got to; caps " + caps);
        Await.until(DEADLINE, () -> engine.state() == ClientState.CONNECTED, "reconnected");
    }

    @Test
    void close_cleanSession_unsubscribes_letsTheRunningHandlerAcknowledge_thenDisconnects() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        MessageHandler slow = m -> handlerThreads.execute(() -> {
            String text = java.nio.charset.StandardCharsets.UTF_8.decode(m.payload()).toString();
            handling.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(text);
            m.ack().run();
        });
        engine(false, Duration.ofMillis(50), Duration.ofSeconds(20),
                Optional.of(new EngineConfig.Inbound(FILTER, slow)));
        engine.start();
        Await.until(DEADLINE, () -> engine.state() == ClientState.CONNECTED, "connected and subscribed");
        FakeTransport t = transport.get();
        t.deliver("qliksense/start_task", "one");
        assertTrue(handling.await(10, TimeUnit.SECONDS));

        Thread closing = new Thread(engine::close);
        closing.start();
        Await.until(DEADLINE, () -> t.count("unsubscribe") == 1, "unsubscribed first");
        // a command the broker had already sent before the UNSUBACK still arrives: handled, not dropped
        t.deliver("qliksense/start_task", "two");
        assertEquals(0, t.count("disconnect"), "no DISCONNECT while a listener call runs: " + t.calls());
        release.countDown();
        closing.join(30_000);
        assertFalse(closing.isAlive());
        List<String> calls = t.calls();
        int unsub = calls.indexOf("unsubscribe " + FILTER);
        int ack1 = calls.indexOf("ack one");
        int ack2 = calls.indexOf("ack two");
        int offline = calls.indexOf("publish availability");
        int disconnect = calls.indexOf("disconnect");
        assertTrue(unsub >= 0 && unsub < ack1 && ack1 < disconnect && ack2 >= 0 && ack2 < disconnect
                && offline < disconnect && disconnect < calls.indexOf("release"), calls.toString());
        assertEquals(List.of("one", "two"), handled.stream().sorted().toList());
        assertEquals(ClientState.CLOSED, engine.state());
    }

    @Test
    void close_persistentSession_staysSubscribed_leavesNewArrivalsUnacknowledged_acknowledgesRunningCalls()
            throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        MessageHandler slow = m -> handlerThreads.execute(() -> {
            String text = java.nio.charset.StandardCharsets.UTF_8.decode(m.payload()).toString();
            handling.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(text);
            m.ack().run();
        });
        engine(true, Duration.ofMillis(50), Duration.ofSeconds(20),
                Optional.of(new EngineConfig.Inbound(FILTER, slow)));
        engine.start();
        Await.until(DEADLINE, () -> engine.state() == ClientState.CONNECTED, "connected and subscribed");
        FakeTransport t = transport.get();
        t.deliver("qliksense/start_task", "one");
        assertTrue(handling.await(10, TimeUnit.SECONDS));
        Thread closing = new Thread(engine::close);
        closing.start();
        Await.until(DEADLINE, () -> !engine.acceptingMessages(), "closing stopped taking new messages");
        t.deliver("qliksense/start_task", "late"); // left to the broker: delivered again when the session resumes
        release.countDown();
        closing.join(30_000);
        assertFalse(closing.isAlive());
        List<String> calls = t.calls();
        assertEquals(0, t.count("unsubscribe"), "a persistent session keeps its subscription: " + calls);
        assertTrue(calls.indexOf("ack one") >= 0 && calls.indexOf("ack one") < calls.indexOf("disconnect"), calls.toString());
        assertFalse(calls.contains("ack late"), calls.toString());
        assertEquals(List.of("one"), handled);
    }

    @Test
    void close_frozenBroker_returnsWithinCloseTimeoutPlusGrace() {
        engine(false, Duration.ofMillis(50), Duration.ofSeconds(2),
                Optional.of(new EngineConfig.Inbound(FILTER, m -> { /* never acknowledges */ })));
        engine.start();
        Await.until(DEADLINE, () -> engine.state() == ClientState.CONNECTED, "connected");
        FakeTransport t = transport.get();
        t.frozen = true; // from now on nothing the broker should answer is answered
        t.deliver("qliksense/start_task", "stuck");
        List<java.util.concurrent.CompletableFuture<?>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LivePublisher p = new LivePublisher(new io.butlermqtt.internal.wire.WireFormat(
                    MqttSettings.builder().build()), engine.outbox());
            waiting.add(p.submit(List.of(MqttMessage.of("t/" + i, "x", 1, false))));
        }
        long start = System.nanoTime();
        engine.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // closeTimeout 2 s + grace 1 s; the old close waited 2 s + 2 s + connectTimeout (30 s here)
        assertTrue(tookMs < 2_000 + ClientEngine.CLOSE_GRACE_MS + 5_000, "close() took " + tookMs + " ms");
        assertTrue(waiting.stream().allMatch(java.util.concurrent.CompletableFuture::isCompletedExceptionally));
        assertEquals(ClientState.CLOSED, engine.state());
        assertEquals(1, log.count(ch.qos.logback.classic.Level.WARN,
                m -> m.startsWith("Closing the MQTT client: 5 message(s) were not delivered")));
        assertEquals(1, log.count(ch.qos.logback.classic.Level.WARN,
                m -> m.startsWith("Closing the MQTT client: 1 message(s) on $share/g/qliksense/start_task were still "
                        + "being handled")));
    }
}
