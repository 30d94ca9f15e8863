package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.ButlerFixtures;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.UdpSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Datagrams in, MQTT out: the event server publishing through {@link ButlerMqttClient} to a real broker, and a
 * plain subscriber checking the bytes against what the real Butler 16.0.4 published (QRS parts aside: they
 * are the bridge's, with the QRS client).
 */
class EventServerMqttIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(120)
    void exampleDatagrams_arriveAsButlersMessages(Brokers.Kind kind) throws Exception {
        List<byte[]> datagrams = ButlerFixtures.exampleDatagrams();
        List<ButlerFixtures.Published> butler = ButlerFixtures.butlerOutput();
        TestBroker broker = kind.broker();
        MqttSettings mqtt = MqttSettings.builder().brokerHost(broker.host()).brokerPort(broker.port())
                .clientId("it-" + UUID.randomUUID()).delivery(MqttSettings.Delivery.BUTLER).build();
        EventServerSettings udp = EventServerSettings.builder().serverHost("127.0.0.1").portTaskFailure(0)
                .portSessionConnectionEvents(0).build();
        try (RawClient subscriber = RawClient.connect(broker).subscribe("qliksense/#");
                ButlerMqttClient client = ButlerMqttClient.start(mqtt);
                SenseEventServer server = SenseEventServer.start(udp, ReloadTaskEnricher.withoutQrs(),
                        client.publisher());
                UdpSender sender = new UdpSender()) {
            Await.until(DEADLINE, () -> subscriber.receivedOn("qliksense/butler/session_server").size() == 1,
                    "both start messages");
            for (byte[] d : datagrams) {
                sender.send(server.taskEventAddress().orElseThrow(), d);
            }
            sender.send(server.userAuditAddress().orElseThrow(), "sense-central;Start session;LAB;anna");
            Await.until(DEADLINE, () -> events(subscriber).size() == 7, () -> "7 messages, got " + events(subscriber));

            List<RawClient.Received> got = events(subscriber);
            List<ButlerFixtures.Published> expected = new ArrayList<>(butler);
            expected.removeIf(p -> p.topic().equals(MqttSettings.BUTLER_STATUS_TOPIC)
                    || p.topic().equals("qliksense/start_task"));
            assertEquals(5, expected.size(), "Butler's start and the four task messages");
            for (int i = 0; i < expected.size(); i++) {
                ButlerFixtures.Published b = expected.get(i);
                RawClient.Received m = only(got, b.topic());
                if (b.topic().endsWith("_full")) {
                    int butlerQs = ButlerPeerFixtureTest.indexOf(b.payload(), ",\"qs_appTags\":".getBytes(StandardCharsets.UTF_8));
                    int ourQs = ButlerPeerFixtureTest.indexOf(m.payload(), ",\"qs_appTags\":".getBytes(StandardCharsets.UTF_8));
                    assertArrayEquals(Arrays.copyOf(b.payload(), butlerQs), Arrays.copyOf(m.payload(), ourQs), m::text);
                } else {
                    assertArrayEquals(b.payload(), m.payload(), b.topic() + ": " + m.text());
                }
            }
            assertEquals("start", subscriber.receivedOn("qliksense/butler/session_server").get(0).text());
            assertEquals("sense-central: LAB/anna", subscriber.receivedOn("qliksense/session/start").get(0).text());
            Await.until(DEADLINE, () -> server.stats().published() == 5, () -> "5 publishes (2 START, 2 reloads, 1 session) complete, "
                    + server.stats());
            EventServerStats s = server.stats();
            assertEquals(3, s.processed());
            assertEquals(0, s.publishFailed());
            assertTrue(s.received() == s.processed() + s.ignored() + s.dropped() + s.pending(), s::toString);
        }
    }

    private static List<RawClient.Received> events(RawClient subscriber) {
        List<RawClient.Received> out = new ArrayList<>(subscriber.received());
        out.removeIf(r -> r.topic().equals(MqttSettings.BUTLER_STATUS_TOPIC));
        return out;
    }

    /** The one message on a topic (the server processes concurrently: the order across topics may vary). */
    private static RawClient.Received only(List<RawClient.Received> got, String topic) {
        List<RawClient.Received> on = new ArrayList<>(got);
        on.removeIf(r -> !r.topic().equals(topic));
        assertEquals(1, on.size(), () -> "one message on " + topic + ", got " + got);
        return on.get(0);
    }
}
