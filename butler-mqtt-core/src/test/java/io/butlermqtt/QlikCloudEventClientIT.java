package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.event.QlikCloudAppReloadFinished;
import io.butlermqtt.internal.client.ClientEngine;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.EmbeddedHiveMq;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.Mosquitto;
import io.butlermqtt.testing.QlikCloudSamples;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Qlik Cloud event client against real brokers, over TLS without a client certificate (as Butler's
 * {@code mqtts://}) and with a user name and password: the embedded HiveMQ CE (which accepts any
 * credentials) and a mosquitto with a password file made by {@code mosquitto_passwd} (which enforces them).
 * Events are the samples written from Qlik's field list, published by a plain MQTT client.
 */
class QlikCloudEventClientIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String USER = "cloud-gw";
    private static final String PASSWORD = "gw-pässwörd s3cret";
    private static final String WRONG_PASSWORD = "Xyzzy-not-it-42";

    /** A broker with a server-only TLS listener and (for mosquitto) enforced credentials. */
    enum Cloud {
        HIVEMQ_CE("hivemq-ce"),
        MOSQUITTO("mosquitto");

        private final String display;

        Cloud(String display) {
            this.display = display;
        }

        @Override
        public String toString() {
            return display;
        }

        CloudBroker broker() {
            return this == HIVEMQ_CE ? hivemq() : mosquitto();
        }
    }

    /**
     * Ports of one broker.
     *
     * @param broker the broker (restartable)
     * @param plainPort for the plain publisher
     * @param tlsPort TLS without client authentication, for the client under test
     */
    record CloudBroker(TestBroker broker, int plainPort, int tlsPort) {
    }

    private static Mosquitto mosquitto;
    private static CloudBroker mosquittoBroker;

    private static CloudBroker hivemq() {
        EmbeddedHiveMq h = EmbeddedHiveMq.shared();
        return new CloudBroker(h, h.port(), h.tlsServerOnlyPort());
    }

    /** A private mosquitto: password file, anonymous refused, a plain and a server-only TLS listener. */
    private static synchronized CloudBroker mosquitto() {
        if (mosquittoBroker == null) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.isAvailable(), Mosquitto.UNAVAILABLE_REASON);
            Path passwords = TestDirs.newDirectory("mosquitto-passwd").resolve("passwd");
            run("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, PASSWORD);
            TestCertificates certs = TestCertificates.shared();
            int tls = TestDirs.freeLoopbackPort();
            mosquitto = Mosquitto.create(new Mosquitto.Options().tls(false)
                    .config("allow_anonymous false")
                    .config("password_file " + passwords.toAbsolutePath())
                    .config("listener " + tls + " 127.0.0.1")
                    .config("cafile " + certs.caCertFile().toAbsolutePath())
                    .config("certfile " + certs.serverCertFile().toAbsolutePath())
                    .config("keyfile " + certs.serverKeyFile().toAbsolutePath())
                    .config("require_certificate false"));
            Await.until(DEADLINE, () -> accepts(tls), "mosquitto's TLS listener on " + tls);
            mosquittoBroker = new CloudBroker(mosquitto, mosquitto.port(), tls);
        }
        mosquitto.start();
        return mosquittoBroker;
    }

    @AfterAll
    static void stopMosquitto() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    static Stream<Cloud> brokers() {
        return Stream.of(Cloud.values());
    }

    static Stream<Arguments> brokersAndVersions() {
        return Stream.of(Cloud.values()).flatMap(c -> Stream.of(Arguments.of(c, "MQTT 3.1.1"), Arguments.of(c, "MQTT 5")));
    }

    private static MqttVersion version(String label) {
        return label.equals("MQTT 5") ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Topics of one test: its own subscription root, so that tests on a shared broker do not meet. */
    private record Topics(String root) {
        static Topics fresh() {
            return new Topics("qscloud-it-" + UUID.randomUUID());
        }

        String filter() {
            return root + "/#";
        }

        String appReload() {
            return root + "/app/reload";
        }

        String forTenant() {
            return appReload() + "/" + QlikCloudSamples.TENANT;
        }
    }

    private static QlikCloudSettings.Builder settings(CloudBroker b, Topics t) {
        return QlikCloudSettings.builder().enabled(true)
                .brokerHost("127.0.0.1").brokerPort(b.tlsPort())
                .credentials(USER, PASSWORD)
                .tls(Tls.DEFAULT_ENABLED.withCaFile(TestCertificates.shared().caCertFile()))
                .subscriptionRootTopic(t.filter()).appReloadTopic(t.appReload())
                .tenantId(QlikCloudSamples.TENANT)
                .reconnect(new Reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    /** The gateway's side: a plain MQTT 5 client with the credentials, on the plain listener. */
    private static final class Gateway implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final List<String[]> received = new CopyOnWriteArrayList<>();

        Gateway(CloudBroker b) throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier("gw-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(b.plainPort()).buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new String[] {p.getTopic().toString(),
                    new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)}));
            client.connectWith().simpleAuth().username(USER).password(PASSWORD.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send().get(20, TimeUnit.SECONDS);
        }

        Gateway subscribe(String filter) throws Exception {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(20, TimeUnit.SECONDS);
            return this;
        }

        void publish(String topic, byte[] payload) throws Exception {
            client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        }

        List<String> receivedOn(String topic) {
            return received.stream().filter(r -> r[0].equals(topic)).map(r -> r[1]).collect(Collectors.toList());
        }

        @Override
        public void close() {
            try {
                client.disconnect().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(120)
    void failedReload_overTlsWithCredentials_reachesTheListenerTyped_afterButlersStatusMessage(Cloud cloud)
            throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        try (Gateway gw = new Gateway(b).subscribe(QlikCloudSettings.STATUS_TOPIC);
                QlikCloudEventClient client = QlikCloudEventClient.start(settings(b, t).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, () -> "connected, is " + client.state());
            String status = "Connected to MQTT broker \"mqtts://127.0.0.1:" + b.tlsPort() + "\" with client ID "
                    + client.clientId();
            Await.until(DEADLINE, () -> gw.receivedOn(QlikCloudSettings.STATUS_TOPIC).contains(status),
                    () -> "status message " + status + ", got " + gw.receivedOn(QlikCloudSettings.STATUS_TOPIC));

            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
            Await.until(DEADLINE, () -> calls.size() == 1, () -> "one listener call, got " + calls);

            QlikCloudEventContext ctx = calls.get(0);
            assertEquals(t.forTenant(), ctx.topic());
            QlikCloudAppReloadFinished e = ctx.event();
            assertTrue(e.failed());
            assertEquals(QlikCloudSamples.TENANT, e.extensions().tenantId());
            assertEquals(Optional.of("0b7c6d5e-4f3a-2b1c-9d8e-7f6a5b4c3d2e"), e.appId());
            assertEquals(Optional.of("Sales dashboard – Nordics"), e.appName());
            assertEquals(Optional.of("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"), e.data().reloadId());
            assertEquals(Optional.of(Duration.ofMillis(5230)), e.data().duration());
            assertEquals(OptionalLong.of(268_435_456L), e.data().peakMemoryBytes());
            assertEquals(OptionalLong.of(73_400_320L), e.data().sizeMemory());
            assertTrue(e.data().statements().orElseThrow() instanceof JsonArray);
            assertEquals(Optional.of("ANALYTICS"), e.data().usage());
            assertEquals(Optional.of("2025-03-04T06:15:42Z"), e.eventTime());
            assertEquals(List.of(), e.fieldProblems());
            QlikCloudStats s = client.stats();
            assertEquals(1, s.received());
            assertEquals(1, s.delivered());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(180)
    void butlersFilters_andBadInput_onlyWhatButlerAlertsOnArrives_everythingElseCounted(Cloud cloud) throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        try (LogCapture quiet = LogCapture.of(io.butlermqtt.internal.cloud.CloudEventDispatcher.class);
                Gateway gw = new Gateway(b);
                QlikCloudEventClient client = QlikCloudEventClient.start(settings(b, t).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            gw.publish(t.root() + "/app/opened/" + QlikCloudSamples.TENANT, QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.APP_OPENED));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.SUCCEEDED));
            gw.publish(t.forTenant(), QlikCloudSamples.withTenant(QlikCloudSamples.FAILED, "another-tenant"));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.NO_DATA));
            gw.publish(t.forTenant(), "{\"eventType\": \"com.qlik.v1.app.reload.fin".getBytes(StandardCharsets.UTF_8));
            gw.publish(t.forTenant(), QlikCloudSamples.failedOfSize(10 * 1024 * 1024));
            gw.publish(t.forTenant(), QlikCloudSamples.deeplyNested(100));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.CLOUDEVENTS_1_0));
            gw.publish(t.forTenant(), QlikCloudSamples.invalidUtf8());
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.PARTIAL_FAILED));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.UNEXPECTED_TYPES));
            gw.publish(t.forTenant(), QlikCloudSamples.failedWithMarker("last"));

            Await.until(DEADLINE, () -> client.stats().received() == 13 && calls.size() == 4,
                    () -> "13 received, 4 delivered; " + client.stats() + ", calls " + calls);
            Set<String> names = calls.stream().map(c -> c.event().appName().orElse("?")).collect(Collectors.toSet());
            assertEquals(Set.of(QlikCloudSamples.INVALID_UTF8_APP_NAME, "Inventory (partial)", "Odd app", "app-last"),
                    names);
            QlikCloudStats s = client.stats();
            assertEquals(new QlikCloudStats(13, 4, 3, 1, 0, 4, 1, 1, 1, 0, 0, 0, false), s);
            assertEquals(5, quiet.count(Level.WARN), "the first of each kind: invalid (4 of them), too large, tenant, "
                    + "UTF-8, fields: " + quiet.lines());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(120)
    void successfulReloads_deliveredWithTheOption(Cloud cloud) throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        try (Gateway gw = new Gateway(b);
                QlikCloudEventClient client = QlikCloudEventClient.start(
                        settings(b, t).deliverSuccessfulReloads(true).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.SUCCEEDED));
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
            gw.publish(t.forTenant(), QlikCloudSamples.withTenant(QlikCloudSamples.SUCCEEDED, "another-tenant"));
            // received is counted when a message's handling starts, wrongTenant when it ends: wait for both
            Await.until(DEADLINE, () -> client.stats().received() == 3 && calls.size() == 2
                    && client.stats().wrongTenant() == 1, () -> client.stats() + ", calls " + calls);
            assertEquals(Set.of("ok", "error"), calls.stream().map(c -> c.event().data().status()).collect(Collectors.toSet()));
            assertEquals(1, client.stats().wrongTenant());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(180)
    void brokerRestart_clientReconnectsAndSubscribesAgain(Cloud cloud) throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        try (LogCapture transportLog = LogCapture.of(io.butlermqtt.internal.client.HiveMqTransport.class);
                LogCapture engineLog = LogCapture.of(ClientEngine.class);
                QlikCloudEventClient client = QlikCloudEventClient.start(settings(b, t).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            try (Gateway gw = new Gateway(b)) {
                gw.publish(t.forTenant(), QlikCloudSamples.failedWithMarker("before"));
            }
            Await.until(DEADLINE, () -> calls.size() == 1, "the first event");
            b.broker().restart();
            Await.until(DEADLINE, () -> client.stats().reconnects() >= 1 && client.state() == ClientState.CONNECTED,
                    () -> "reconnected: " + client.state() + " " + client.stats());
            try (Gateway gw = new Gateway(b)) {
                gw.publish(t.forTenant(), QlikCloudSamples.failedWithMarker("after"));
            }
            Await.until(DEADLINE, () -> calls.size() == 2, () -> "the second event, got " + calls + transportLog.lines()
                    + engineLog.lines() + client.stats());
            assertEquals(Optional.of("app-after"), calls.get(1).event().appName());
        } finally {
            b.broker().start();
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(180)
    void sharedGroup_twoInstances_getEachEventOnce(Cloud cloud, String version) throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<String> deliveries = new CopyOnWriteArrayList<>();
        QlikCloudSettings.Builder s = settings(b, t).sharedSubscriptionGroup("alerts-" + UUID.randomUUID());
        int events = 40;
        try (QlikCloudEventClient one = QlikCloudEventClient.start(s.connection(Connection.DEFAULT
                        .withMqttVersion(version(version)).withClientId("cloud-a-" + UUID.randomUUID())).build(),
                        ctx -> deliveries.add(ctx.event().data().reloadId().orElseThrow()));
                QlikCloudEventClient two = QlikCloudEventClient.start(s.connection(Connection.DEFAULT
                        .withMqttVersion(version(version)).withClientId("cloud-b-" + UUID.randomUUID())).build(),
                        ctx -> deliveries.add(ctx.event().data().reloadId().orElseThrow()));
                Gateway gw = new Gateway(b)) {
            Await.until(DEADLINE, () -> one.state() == ClientState.CONNECTED && two.state() == ClientState.CONNECTED,
                    "both connected");
            for (int i = 0; i < events; i++) {
                gw.publish(t.forTenant(), QlikCloudSamples.failedWithMarker(Integer.toString(i)));
            }
            Await.until(DEADLINE, () -> deliveries.size() >= events, () -> deliveries.size() + " of " + events);
            Await.until(DEADLINE, () -> one.stats().received() + two.stats().received() >= events, "all received");
            assertEquals(events, new HashSet<>(deliveries).size(), "every event");
            assertEquals(events, deliveries.size(), "each once: " + deliveries);
            assertEquals(events, one.stats().delivered() + two.stats().delivered());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(120)
    void persistentSession_eventSentWhileTheClientWasDown_deliveredWhenItReturns(Cloud cloud) throws Exception {
        CloudBroker b = cloud.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new CopyOnWriteArrayList<>();
        QlikCloudSettings s = settings(b, t).connection(QlikCloudSettings.builder().build().connection()
                .withClientId("cloud-persistent-" + UUID.randomUUID()).withPersistentSession(true)).build();
        try (QlikCloudEventClient first = QlikCloudEventClient.start(s, calls::add)) {
            Await.until(DEADLINE, () -> first.state() == ClientState.CONNECTED, "connected");
        }
        try (Gateway gw = new Gateway(b)) {
            gw.publish(t.forTenant(), QlikCloudSamples.failedWithMarker("while-down"));
        }
        try (QlikCloudEventClient again = QlikCloudEventClient.start(s, calls::add)) {
            Await.until(DEADLINE, () -> calls.size() == 1, () -> "the queued event, got " + calls);
            assertEquals(Optional.of("app-while-down"), calls.get(0).event().appName());
            Await.until(DEADLINE, () -> again.state() == ClientState.CONNECTED, "connected again");
            assertEquals(1, again.stats().delivered());
        }
    }

    @Test
    @Timeout(120)
    void mosquitto_wrongPasswordOrNone_refused_rightOneConnects() throws Exception {
        CloudBroker b = Cloud.MOSQUITTO.broker();
        Topics t = Topics.fresh();
        try (LogCapture log = LogCapture.of(ClientEngine.class)) {
            try (QlikCloudEventClient wrong = QlikCloudEventClient.start(settings(b, t).credentials(USER, WRONG_PASSWORD).build(),
                    ctx -> { })) {
                Await.until(DEADLINE, () -> log.count(Level.WARN, m -> m.contains("refused the connection")) == 1,
                        () -> log.lines().toString());
                assertNotEquals(ClientState.CONNECTED, wrong.state());
            }
            try (QlikCloudEventClient none = QlikCloudEventClient.start(settings(b, t).credentials(Optional.empty())
                    .build(), ctx -> { })) {
                Await.until(DEADLINE, () -> log.count(Level.WARN, m -> m.contains("refused the connection")) == 2,
                        () -> log.lines().toString());
                assertNotEquals(ClientState.CONNECTED, none.state());
            }
            assertTrue(log.lines().stream().noneMatch(l -> l.message().contains(PASSWORD) || l.message().contains(WRONG_PASSWORD)),
                    "no password in the log");
        }
        try (QlikCloudEventClient right = QlikCloudEventClient.start(settings(b, t).build(), ctx -> { })) {
            Await.until(DEADLINE, () -> right.state() == ClientState.CONNECTED, "connected with the right password");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("brokers")
    @Timeout(120)
    void tls_brokerCertificateFromAnotherCa_refused(Cloud cloud) throws Exception {
        CloudBroker b = cloud.broker();
        try (LogCapture log = LogCapture.of(ClientEngine.class);
                QlikCloudEventClient client = QlikCloudEventClient.start(settings(b, Topics.fresh())
                        .tls(Tls.DEFAULT_ENABLED.withCaFile(TestCertificates.shared().wrongCaCertFile())).build(),
                        ctx -> { })) {
            Await.until(DEADLINE, () -> log.count(Level.WARN, m -> m.startsWith("Cannot connect")
                    && (m.contains("PKIX") || m.contains("certification path"))) == 1, () -> log.lines().toString());
            assertNotEquals(ClientState.CONNECTED, client.state());
        }
    }

    @Test
    @Timeout(120)
    void tlsSwitchedOff_plainListener_statusSaysMqtt() throws Exception {
        CloudBroker b = Cloud.HIVEMQ_CE.broker();
        Topics t = Topics.fresh();
        List<QlikCloudEventContext> calls = new ArrayList<>();
        try (Gateway gw = new Gateway(b).subscribe(QlikCloudSettings.STATUS_TOPIC);
                QlikCloudEventClient client = QlikCloudEventClient.start(settings(b, t).brokerPort(b.plainPort())
                        .tls(Tls.DISABLED).build(), ctx -> {
                            synchronized (calls) {
                                calls.add(ctx);
                            }
                        })) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            String status = "Connected to MQTT broker \"mqtt://127.0.0.1:" + b.plainPort() + "\" with client ID "
                    + client.clientId();
            Await.until(DEADLINE, () -> gw.receivedOn(QlikCloudSettings.STATUS_TOPIC).contains(status), status);
            assertFalse(client.clientId().isEmpty());
        }
    }

    /** Stands in for the application's alerting in the README sample. */
    private static final class Alerting {
        final List<String> sent = new CopyOnWriteArrayList<>();

        void send(String text) {
            sent.add(text);
        }
    }

    @Test
    @Timeout(120)
    void readmeSample_sendsTheAlert() throws Exception {
        CloudBroker b = Cloud.HIVEMQ_CE.broker();
        Topics t = Topics.fresh();
        Alerting myAlerting = new Alerting();
        // the README's lines, verbatim from "QlikCloudEventListener alert" to the try
        QlikCloudEventListener alert = ctx -> {                   // a library thread; may block
            QlikCloudAppReloadFinished e = ctx.event();
            myAlerting.send("Qlik Cloud reload failed: " + e.appName().orElse("?") + " (reload "
                    + e.data().reloadId().orElse("?") + ", " + e.data().errors().size() + " error(s))");
        };
        try (QlikCloudEventClient cloud = QlikCloudEventClient.start(settings(b, t).build(), alert);
                Gateway gw = new Gateway(b)) {
            Await.until(DEADLINE, () -> cloud.state() == ClientState.CONNECTED, "connected");
            gw.publish(t.forTenant(), QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
            Await.until(DEADLINE, () -> myAlerting.sent.size() == 1, "the alert");
            assertEquals("Qlik Cloud reload failed: Sales dashboard – Nordics (reload "
                    + "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f, 1 error(s))", myAlerting.sent.get(0));
        }
    }
}
