package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.ServerLicenseStatus;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestDirs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ButlerMqttClient} publishing against real brokers: embedded HiveMQ CE always, mosquitto when installed. */
class ButlerMqttClientIT {

    private static final Logger LOG = LoggerFactory.getLogger(ButlerMqttClientIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    static Stream<Arguments> brokersAndVersions() {
        return Brokers.localWithVersions();
    }

    static MqttSettings.Builder settings(TestBroker broker, MqttVersion version) {
        return MqttSettings.builder()
                .brokerHost(broker.host())
                .brokerPort(broker.port())
                .mqttVersion(version)
                .clientId("it-" + UUID.randomUUID())
                .reconnect(new MqttSettings.Reconnect(Duration.ofMillis(50), Duration.ofMillis(500)));
    }

    private static List<SenseEvent> everyEventType() {
        return List.of(
                SampleEvents.failed().build(),
                SampleEvents.aborted().build(),
                SampleEvents.service("STOPPED", "RUNNING", true).build(),
                SampleEvents.service("RUNNING", "STOPPED", true).build(),
                SampleEvents.service("STOPPED", "STOPPED", false).build(),
                ServerLicenseStatus.builder().licenseExpired(false).expiryDateStr("2026-12-31").daysUntilExpiry(30).build(),
                EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS)
                        .status(EventSourceStatus.Status.START).build(),
                EventSourceStatus.builder().source(EventSourceStatus.Source.SESSION_EVENTS)
                        .status(EventSourceStatus.Status.ERROR).build(),
                UserSessionEvent.builder().host("qs-node-01").userDirectory("DOMAIN").userId("anna.svensson")
                        .action(UserSessionEvent.Action.START).build(),
                UserSessionEvent.builder().host("qs-node-01").userDirectory("DOMAIN").userId("anna.svensson")
                        .action(UserSessionEvent.Action.STOP).build(),
                UserConnectionEvent.builder().host("qs-node-02").userDirectory("INTERNAL").userId("sa_scheduler")
                        .action(UserConnectionEvent.Action.OPEN).build(),
                UserConnectionEvent.builder().host("qs-node-02").userDirectory("INTERNAL").userId("sa_scheduler")
                        .action(UserConnectionEvent.Action.CLOSE).build());
    }

    /** The bytes Butler (Node.js) sends for {@link #everyEventType()}, in order: topic, payload. */
    private static List<String[]> butlerBytes() {
        String svc = "qs-node-01/QlikSenseEngineService";
        return List.of(
                new String[] {"qliksense/task_failure", SampleEvents.TASK_NAME},
                new String[] {"qliksense/task_failure_full", SampleEvents.FAILED_JSON},
                new String[] {"qliksense/task_aborted", SampleEvents.TASK_NAME},
                new String[] {"qliksense/task_aborted_full", SampleEvents.ABORTED_JSON},
                new String[] {"qliksense/service_stopped/" + svc, SampleEvents.STOPPED_JSON},
                new String[] {"qliksense/service_status/" + svc, SampleEvents.STATUS_JSON},
                new String[] {"qliksense/service_running/" + svc, SampleEvents.RUNNING_JSON},
                new String[] {"qliksense/service_status/" + svc, SampleEvents.STATUS_JSON.replace("STOPPED", "RUNNING")},
                new String[] {"qliksense/service_status/" + svc, SampleEvents.STATUS_JSON},
                new String[] {"qliksense/qliksense_server_license", SampleEvents.LICENSE_JSON},
                new String[] {"qliksense/qliksense_server_license_expire",
                        "Qlik Sense server license is about to expire in 30 days, on 2026-12-31"},
                new String[] {"qliksense/butler/task_failure_server", "start"},
                new String[] {"qliksense/butler/session_server", "error"},
                new String[] {"qliksense/session/start", "qs-node-01: DOMAIN/anna.svensson"},
                new String[] {"qliksense/session/stop", "qs-node-01: DOMAIN/anna.svensson"},
                new String[] {"qliksense/connection/open", "qs-node-02: INTERNAL/sa_scheduler"},
                new String[] {"qliksense/connection/close", "qs-node-02: INTERNAL/sa_scheduler"});
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void publish_everyEventType_arrivesAtRealSubscriberWithButlersExactBytes(Brokers.Kind kind, MqttVersion version)
            throws Exception {
        TestBroker broker = kind.broker();
        MqttSettings s = settings(broker, version).build();
        try (RawClient subscriber = RawClient.connect(broker).subscribe("qliksense/#");
                ButlerMqttClient client = ButlerMqttClient.start(s)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            List<PublishResult> results = new ArrayList<>();
            for (SenseEvent e : everyEventType()) {
                results.add(client.publisher().publish(e).get(30, TimeUnit.SECONDS));
            }
            for (PublishResult r : results) {
                assertSame(PublishResult.Outcome.PUBLISHED, r.outcome());
            }
            List<String[]> expected = butlerBytes();
            Await.until(DEADLINE, () -> eventMessages(subscriber).size() >= expected.size(),
                    () -> expected.size() + " messages, got " + eventMessages(subscriber).size());
            List<RawClient.Received> got = eventMessages(subscriber);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i)[0], got.get(i).topic(), "topic of message " + i);
                assertArrayEquals(expected.get(i)[1].getBytes(StandardCharsets.UTF_8), got.get(i).payload(),
                        "payload of message " + i + " on " + got.get(i).topic() + ": " + got.get(i).text());
            }
            assertEquals(expected.size(), client.stats().published());
        }
    }

    private static List<RawClient.Received> eventMessages(RawClient subscriber) {
        List<RawClient.Received> out = new ArrayList<>();
        for (RawClient.Received r : subscriber.received()) {
            if (!r.topic().equals(MqttSettings.BUTLER_STATUS_TOPIC)) {
                out.add(r);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void connect_publishesButlersStatusMessage_andAnyMessage(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String topic = "it/" + UUID.randomUUID() + "/any";
        MqttSettings s = settings(broker, version).build();
        try (RawClient subscriber = RawClient.connect(broker).subscribe(MqttSettings.BUTLER_STATUS_TOPIC).subscribe(topic);
                ButlerMqttClient client = ButlerMqttClient.start(s)) {
            String expected = "Connected to MQTT broker " + broker.host() + ":" + broker.port() + " with client ID "
                    + client.clientId();
            Await.until(DEADLINE, () -> subscriber.receivedOn(MqttSettings.BUTLER_STATUS_TOPIC).stream()
                    .anyMatch(r -> r.text().equals(expected)), "status message " + expected);
            PublishResult r = client.publisher().publish(topic, "Reload of Sales done \u2705").get(30, TimeUnit.SECONDS);
            assertEquals(1, r.messages().size());
            Await.until(DEADLINE, () -> subscriber.receivedOn(topic).size() == 1, "one message on " + topic);
            assertEquals("Reload of Sales done \u2705", subscriber.receivedOn(topic).get(0).text());
        }
    }

    @Test
    @Timeout(60)
    void credentialsOverPlainTcp_warnOnceAtStart_neverShowingThePassword() {
        MqttSettings plain = MqttSettings.builder().brokerHost("127.0.0.1").brokerPort(TestDirs.freeLoopbackPort())
                .credentials("butler", "s3cret-pa55").build();
        try (LogCapture log = LogCapture.of(io.butlermqtt.internal.client.ClientAssembly.class)) {
            ButlerMqttClient.start(plain).close();
            List<LogCapture.Line> warns = log.lines(ch.qos.logback.classic.Level.WARN);
            assertEquals(1, warns.size(), warns::toString);
            assertEquals("credentials.username and credentials.password are sent to MQTT broker 127.0.0.1:"
                    + plain.brokerPort() + " over plain TCP, readable by anyone on the network path: enable tls "
                    + "(tls.enable: true, usually port 8883).", warns.get(0).message());
            ButlerMqttClient.start(plain.toBuilder().credentials(java.util.Optional.empty()).build()).close();
            assertEquals(1, log.count(ch.qos.logback.classic.Level.WARN), "no credentials, no warning");
            assertTrue(log.lines().stream().noneMatch(l -> l.message().contains("s3cret")));
        }
    }

    @Test
    @Timeout(60)
    void clientId_unset_generatedReadableAndUnique() throws Exception {
        TestBroker broker = Brokers.Kind.HIVEMQ_CE.broker();
        MqttSettings s = settings(broker, MqttVersion.MQTT_3_1_1).connection(MqttSettings.Connection.DEFAULT).build();
        try (ButlerMqttClient a = ButlerMqttClient.start(s); ButlerMqttClient b = ButlerMqttClient.start(s)) {
            assertTrue(a.clientId().matches("butler-mqtt-[A-Za-z0-9-]+-[0-9a-f]{8}"), a.clientId());
            assertNotEquals(a.clientId(), b.clientId());
            Await.until(DEADLINE, () -> a.state() == ClientState.CONNECTED && b.state() == ClientState.CONNECTED,
                    "both connected");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(180)
    void publish_beforeBrokerStarts_deliveredInOrderOnceItIsUp(Brokers.Kind kind) throws Exception {
        TestBroker broker = kind.broker();
        assumeTrue(broker.supportsRestart(), broker.name() + " cannot be stopped");
        String topic = "it/" + UUID.randomUUID() + "/early";
        String subscriberId = "sub-" + UUID.randomUUID();
        try (RawClient subscriber = RawClient.connect(broker, subscriberId, true).subscribe(topic)) {
            broker.stop();
            ButlerMqttClient client;
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            try {
                client = ButlerMqttClient.start(settings(broker, MqttVersion.MQTT_3_1_1).build());
                for (int i = 0; i < 200; i++) {
                    futures.add(client.publisher().publish(topic, Integer.toString(i)));
                }
                assertEquals(ClientState.CONNECTING, client.state());
                assertEquals(200, client.stats().outboxSize());
                assertTrue(futures.stream().noneMatch(CompletableFuture::isDone), "nothing can be delivered yet");
            } finally {
                broker.start();
            }
            try (client) {
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                Await.until(DEADLINE, () -> subscriber.receivedOn(topic).size() >= 200,
                        () -> "200 messages, got " + subscriber.receivedOn(topic).size());
                List<String> got = subscriber.receivedOn(topic).stream().map(RawClient.Received::text).toList();
                List<String> want = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    want.add(Integer.toString(i));
                }
                assertEquals(want, got);
                assertEquals(0, client.stats().reconnects());
            }
        }
    }

    static Stream<Arguments> restartCases() {
        return Brokers.local().flatMap(k -> Stream.of(
                Arguments.of(k, Brokers.named(MqttVersion.MQTT_3_1_1), Named.of("clean session", false)),
                Arguments.of(k, Brokers.named(MqttVersion.MQTT_5), Named.of("persistent session", true))));
    }

    /**
     * The broker is stopped gracefully while 20,000 QoS 1 messages are being published, and started again.
     * Every message must arrive at a persistent subscriber, first occurrences in publish order; duplicates
     * (at-least-once) are counted and reported, not failed.
     */
    @ParameterizedTest(name = "[{0}, {1}, {2}]")
    @MethodSource("restartCases")
    @Timeout(300)
    void brokerRestart_duringQos1Publishing_noneLost_orderKept(Brokers.Kind kind, MqttVersion version,
            boolean persistentSession) throws Exception {
        TestBroker broker = kind.broker();
        assumeTrue(broker.supportsRestart(), broker.name() + " cannot be restarted");
        int n = 20_000;
        String topic = "it/" + UUID.randomUUID() + "/restart";
        MqttSettings s = settings(broker, version)
                .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version)
                        .withClientId("it-restart-" + UUID.randomUUID()).withPersistentSession(persistentSession))
                .outbox(new MqttSettings.Outbox(50_000, Duration.ofSeconds(30)))
                .build();
        try (RawClient subscriber = RawClient.connect(broker, "sub-" + UUID.randomUUID(), true).subscribe(topic);
                ButlerMqttClient client = ButlerMqttClient.start(s)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>(n);
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < n; i++) {
                    CompletableFuture<PublishResult> f = client.publisher().publish(topic, Integer.toString(i));
                    synchronized (futures) {
                        futures.add(f);
                    }
                }
            });
            Await.until(DEADLINE, () -> client.stats().published() >= 2_000, "2000 acknowledged before the restart");
            long ackedBeforeStop = client.stats().published();
            broker.stop();
            long ackedAtStop = client.stats().published();
            int outboxAtStop = client.stats().outboxSize();
            broker.start();
            publishing.get(60, TimeUnit.SECONDS);
            CompletableFuture<?>[] all;
            synchronized (futures) {
                all = futures.toArray(new CompletableFuture<?>[0]);
            }
            CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(120), () -> distinct(subscriber, topic) >= n,
                    () -> n + " distinct messages, got " + distinct(subscriber, topic));

            List<RawClient.Received> got = subscriber.receivedOn(topic);
            Set<Integer> seen = new HashSet<>();
            int duplicates = 0;
            int outOfOrder = 0;
            int lastFirst = -1;
            for (RawClient.Received r : got) {
                int i = Integer.parseInt(r.text());
                if (!seen.add(i)) {
                    duplicates++;
                } else {
                    if (i < lastFirst) {
                        outOfOrder++;
                    }
                    lastFirst = i;
                }
            }
            int lost = n - seen.size();
            ClientStats stats = client.stats();
            LOG.info("RESTART-TEST broker={} version={} persistentSession={}: sent={} received={} distinct={} lost={} "
                    + "duplicates={} outOfOrder={} ackedBeforeStop={} ackedAtStop={} outboxAtStop={} reconnects={}",
                    broker.name(), version, persistentSession, n, got.size(), seen.size(), lost, duplicates, outOfOrder,
                    ackedBeforeStop, ackedAtStop, outboxAtStop, stats.reconnects());
            assertTrue(ackedAtStop < n, "the broker stopped in the middle: " + ackedAtStop + " of " + n + " acknowledged");
            assertEquals(0, lost, "lost messages");
            assertEquals(0, outOfOrder, "first occurrences out of publish order");
            assertTrue(stats.reconnects() >= 1, "reconnected");
            assertEquals(n, stats.published());
            assertEquals(0, stats.outboxSize());
        }
    }

    private static int distinct(RawClient subscriber, String topic) {
        Set<String> d = new HashSet<>();
        for (RawClient.Received r : subscriber.receivedOn(topic)) {
            d.add(r.text());
        }
        return d.size();
    }

    @Test
    @Timeout(60)
    void outboxFull_failsFastWithOutboxFullException_boundHolds() throws Exception {
        MqttSettings s = MqttSettings.builder().brokerHost("127.0.0.1").brokerPort(TestDirs.freeLoopbackPort())
                .reconnect(new MqttSettings.Reconnect(Duration.ofMillis(50), Duration.ofMillis(500)))
                .outbox(new MqttSettings.Outbox(1_000, Duration.ZERO))
                .build();
        try (ButlerMqttClient client = ButlerMqttClient.start(s)) {
            byte[] big = new byte[2_600];
            String payload = new String(big, StandardCharsets.ISO_8859_1).replace('\0', 'x');
            int refusedAtOnce = 0;
            long worstNanos = 0;
            for (int i = 0; i < 100_000; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<PublishResult> f = client.publisher().publish("it/full", payload);
                worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                if (f.isCompletedExceptionally()) {
                    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
                    OutboxFullException full = assertInstanceOf(OutboxFullException.class, e.getCause());
                    assertEquals(1_000, full.capacity());
                    refusedAtOnce++;
                }
            }
            assertEquals(99_000, refusedAtOnce);
            ClientStats stats = client.stats();
            assertEquals(1_000, stats.outboxSize());
            assertEquals(99_000, stats.outboxRejected());
            assertEquals(ClientState.CONNECTING, client.state());
            LOG.info("outbox full: slowest publish call took {} us", worstNanos / 1000);
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void close_flushesWhatIsQueued_thenRefusesPublishes(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String topic = "it/" + UUID.randomUUID() + "/close";
        int n = 5_000;
        try (RawClient subscriber = RawClient.connect(broker).subscribe(topic)) {
            ButlerMqttClient client = ButlerMqttClient.start(settings(broker, version).build());
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(client.publisher().publish(topic, Integer.toString(i)));
            }
            client.close();
            assertEquals(ClientState.CLOSED, client.state());
            for (CompletableFuture<PublishResult> f : futures) {
                assertTrue(f.isDone());
                assertSame(PublishResult.Outcome.PUBLISHED, f.join().outcome());
            }
            Await.until(DEADLINE, () -> subscriber.receivedOn(topic).size() >= n,
                    () -> n + " messages, got " + subscriber.receivedOn(topic).size());
            assertEquals(n, subscriber.receivedOn(topic).size());
            CompletableFuture<PublishResult> after = client.publisher().publish(topic, "late");
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, after::join);
            assertInstanceOf(ClientClosedException.class, e.getCause());
            client.close(); // idempotent
            assertEquals(n, client.stats().published());
        }
    }

    @Test
    @Timeout(60)
    void close_brokerUnreachable_givesUpAfterCloseTimeout_andFailsTheRest() throws Exception {
        MqttSettings s = MqttSettings.builder().brokerHost("127.0.0.1").brokerPort(TestDirs.freeLoopbackPort())
                .outbox(new MqttSettings.Outbox(100, Duration.ofMillis(300)))
                .build();
        ButlerMqttClient client = ButlerMqttClient.start(s);
        CompletableFuture<PublishResult> f = client.publisher().publish("it/never", "x");
        long t0 = System.nanoTime();
        client.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 250 && ms < 20_000, "close took " + ms + " ms");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
        ClientClosedException closed = assertInstanceOf(ClientClosedException.class, e.getCause());
        assertTrue(closed.getMessage().contains("outbox.closeTimeout"), closed.getMessage());
        assertEquals(1, client.stats().closedUndelivered());
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void availability_retainedOnlineOnConnect_offlineOnClose(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String topic = "it/" + UUID.randomUUID() + "/availability";
        MqttSettings s = settings(broker, version)
                .availability(MqttSettings.Availability.DISABLED.withEnabled(true).withTopic(topic)).build();
        ButlerMqttClient client = ButlerMqttClient.start(s);
        try {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            try (RawClient late = RawClient.connect(broker).subscribe(topic)) {
                Await.until(DEADLINE, () -> late.receivedOn(topic).stream().anyMatch(r -> r.retain() && r.text().equals("online")),
                        "retained online");
            }
        } finally {
            client.close();
        }
        try (RawClient after = RawClient.connect(broker).subscribe(topic)) {
            Await.until(DEADLINE, () -> after.receivedOn(topic).stream().anyMatch(r -> r.retain() && r.text().equals("offline")),
                    "retained offline after close");
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void sameClientIdTwice_oneStopsWithSessionTakenOver_theOtherStaysConnected(Brokers.Kind kind, MqttVersion version)
            throws Exception {
        TestBroker broker = kind.broker();
        MqttSettings s = settings(broker, version).build();
        try (ButlerMqttClient a = ButlerMqttClient.start(s)) {
            Await.until(DEADLINE, () -> a.state() == ClientState.CONNECTED, "first connected");
            try (ButlerMqttClient b = ButlerMqttClient.start(s)) {
                Await.until(DEADLINE, () -> a.stats().sessionTakenOver() || b.stats().sessionTakenOver(),
                        "one of them gives up");
                ButlerMqttClient loser = a.stats().sessionTakenOver() ? a : b;
                ButlerMqttClient winner = loser == a ? b : a;
                Await.until(DEADLINE, () -> winner.state() == ClientState.CONNECTED, "the other one connected");
                assertEquals(ClientState.DISCONNECTED, loser.state());
                assertTrue(!winner.stats().sessionTakenOver(), "only one gives up");
                // the winner keeps the connection: a message published now goes out
                assertSame(PublishResult.Outcome.PUBLISHED,
                        winner.publisher().publish("it/" + UUID.randomUUID(), "x").get(30, TimeUnit.SECONDS).outcome());
                assertEquals(ClientState.CONNECTED, winner.state());
            }
        }
    }
}
