package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.internal.client.ClientEngine;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.Mosquitto;
import io.butlermqtt.testing.TestDirs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message the broker refuses by dropping the connection (a "poison" message) must not block the client:
 * mosquitto with {@code max_packet_size 1000000} (MQTT 3.1.1: it closes the connection when the packet
 * arrives) or {@code message_size_limit 1000000} (MQTT 5: it answers with a PUBACK the client cannot
 * accept, which ends the connection), a 2 MB message, then 100 small ones. The 2 MB message must fail
 * after a bounded number of connection losses, and the 100 behind it must be delivered.
 */
class PoisonMessageIT {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonMessageIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int BEHIND = 100;
    private static final Object BROKERS_LOCK = new Object();
    private static Mosquitto maxPacketSize;
    private static Mosquitto messageSizeLimit;

    @AfterAll
    static void stopBrokers() {
        synchronized (BROKERS_LOCK) {
            if (maxPacketSize != null) {
                maxPacketSize.close();
            }
            if (messageSizeLimit != null) {
                messageSizeLimit.close();
            }
        }
    }

    private static Mosquitto broker(String limit) {
        synchronized (BROKERS_LOCK) {
            if (limit.equals("max_packet_size")) {
                if (maxPacketSize == null) {
                    maxPacketSize = Mosquitto.create(new Mosquitto.Options().tls(false).config("max_packet_size 1000000"));
                }
                return maxPacketSize;
            }
            if (messageSizeLimit == null) {
                messageSizeLimit = Mosquitto.create(new Mosquitto.Options().tls(false).config("message_size_limit 1000000"));
            }
            return messageSizeLimit;
        }
    }

    static Stream<Arguments> refusingBrokers() {
        return Stream.of(
                Arguments.of("max_packet_size", io.butlermqtt.testing.Brokers.named(MqttVersion.MQTT_3_1_1),
                        Named.of("clean session", false)),
                Arguments.of("max_packet_size", io.butlermqtt.testing.Brokers.named(MqttVersion.MQTT_3_1_1),
                        Named.of("persistent session", true)),
                Arguments.of("message_size_limit", io.butlermqtt.testing.Brokers.named(MqttVersion.MQTT_5),
                        Named.of("clean session", false)),
                Arguments.of("message_size_limit", io.butlermqtt.testing.Brokers.named(MqttVersion.MQTT_5),
                        Named.of("persistent session", true)));
    }

    private static MqttSettings.Builder settings(Mosquitto broker, MqttVersion version, boolean persistent) {
        return MqttSettings.builder()
                .brokerHost(broker.host())
                .brokerPort(broker.port())
                .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version)
                        .withClientId("poison-" + UUID.randomUUID()).withPersistentSession(persistent))
                .reconnect(new MqttSettings.Reconnect(Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @ParameterizedTest(name = "[mosquitto {0}, {1}, {2}]")
    @MethodSource("refusingBrokers")
    @Timeout(180)
    void poisonMessage_failsAfterBoundedConnectionLosses_messagesBehindItAreDelivered(String limit, MqttVersion version,
            boolean persistent) throws Exception {
        Mosquitto broker = broker(limit);
        String topic = "poison/" + UUID.randomUUID();
        try (LogCapture engineLog = LogCapture.of(ClientEngine.class);
                RawClient subscriber = RawClient.connect(broker).subscribe(topic + "/#");
                ButlerMqttClient client = ButlerMqttClient.start(settings(broker, version, persistent).build())) {
            long start = System.nanoTime();
            CompletableFuture<PublishResult> poison = client.publisher().publish(topic + "/big", "x".repeat(2_000_000));
            List<CompletableFuture<PublishResult>> behind = new ArrayList<>();
            for (int i = 0; i < BEHIND; i++) {
                behind.add(client.publisher().publish(topic + "/small", Integer.toString(i)));
            }
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> poison.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            PublishFailedException failed = assertInstanceOf(PublishFailedException.class, e.getCause());
            assertTrue(failed.getMessage().contains("was lost 3 times right after it was sent"), failed.getMessage());
            CompletableFuture.allOf(behind.toArray(new CompletableFuture<?>[0])).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Await.until(DEADLINE, () -> distinct(subscriber, topic + "/small") == BEHIND,
                    () -> BEHIND + " messages behind the poison one, got " + distinct(subscriber, topic + "/small"));
            int total = subscriber.receivedOn(topic + "/small").size();
            ClientStats stats = client.stats();
            assertEquals(1, stats.messagesGivenUp());
            assertEquals(BEHIND, stats.published());
            assertEquals(0, subscriber.receivedOn(topic + "/big").size());
            assertEquals(1, engineLog.count(Level.ERROR, m -> m.startsWith("Gave up on a message to topic")),
                    engineLog.lines(Level.ERROR)::toString);
            LOG.info("poison message on mosquitto {} {} {}: given up after {} reconnects in {} ms; {} of {} messages behind "
                    + "it delivered ({} with duplicates)", limit, version, persistent ? "persistent" : "clean",
                    stats.reconnects(), tookMs, distinct(subscriber, topic + "/small"), BEHIND, total);
        }
    }

    private static int distinct(RawClient subscriber, String topic) {
        Set<String> seen = new HashSet<>();
        subscriber.receivedOn(topic).forEach(r -> seen.add(r.text()));
        return seen.size();
    }

    @Test
    @Timeout(120)
    void mqtt5_brokerAnnouncesMaximumPacketSize_largerMessageFailsAtOnce_othersGoOn() throws Exception {
        Mosquitto broker = broker("max_packet_size");
        String topic = "poison/" + UUID.randomUUID();
        try (RawClient subscriber = RawClient.connect(broker).subscribe(topic + "/#");
                ButlerMqttClient client = ButlerMqttClient.start(settings(broker, MqttVersion.MQTT_5, false).build())) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            CompletableFuture<PublishResult> big = client.publisher().publish(topic + "/big", "x".repeat(2_000_000));
            assertTrue(big.isCompletedExceptionally(), "refused at publish: the broker announced its limit");
            MessageTooLargeException e = assertInstanceOf(MessageTooLargeException.class,
                    org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, big::get).getCause());
            assertEquals(1_000_000, e.limit());
            assertEquals(2_000_000 + 2 + topic.length() + 4 + 2 + 1 + 4, e.size(), "PUBLISH packet size");
            assertTrue(e.getMessage().contains("maximum packet size the broker announced"), e.getMessage());
            List<CompletableFuture<PublishResult>> behind = new ArrayList<>();
            for (int i = 0; i < BEHIND; i++) {
                behind.add(client.publisher().publish(topic + "/small", Integer.toString(i)));
            }
            CompletableFuture.allOf(behind.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            Await.until(DEADLINE, () -> distinct(subscriber, topic + "/small") == BEHIND, "all delivered");
            assertEquals(0, client.stats().reconnects());
            assertEquals(1, client.stats().publishFailed());
        }
    }

    @Test
    @Timeout(60)
    void maxMessageBytes_largerMessageFailsAtPublish_namingSizeAndLimit() throws Exception {
        MqttSettings s = MqttSettings.builder().brokerHost("127.0.0.1").brokerPort(TestDirs.freeLoopbackPort())
                .delivery(MqttSettings.Delivery.DEFAULT.withMaxMessageBytes(1000)).build();
        try (ButlerMqttClient client = ButlerMqttClient.start(s)) {
            CompletableFuture<PublishResult> f = client.publisher().publish("qliksense/big", "y".repeat(1001));
            assertTrue(f.isDone(), "refused at once, before the outbox");
            MessageTooLargeException e = assertInstanceOf(MessageTooLargeException.class,
                    org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get).getCause());
            assertEquals("The message to topic \"qliksense/big\" is 1001 bytes, more than delivery.maxMessageBytes "
                    + "(1000 bytes): not published. Publish less, or raise delivery.maxMessageBytes if the broker accepts "
                    + "it.", e.getMessage());
            assertEquals(1001, e.size());
            assertEquals(1000, e.limit());
            assertEquals("qliksense/big", e.topic());
            assertSame(null, e.getCause());
            assertEquals(0, client.stats().outboxSize());
            assertEquals(1, client.stats().publishFailed());
            assertTrue(client.publisher().publish("qliksense/ok", "y".repeat(1000)).isDone() == false,
                    "a message at the limit is accepted (and waits for the broker)");
        }
    }
}
