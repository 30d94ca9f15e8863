package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.internal.client.ClientEngine;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.Mosquitto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker that hangs (mosquitto frozen with SIGSTOP: the connection stays open, nothing is answered) must
 * not hold {@code close()} for longer than {@code outbox.closeTimeout} plus about a second, whatever the
 * connect timeout.
 */
class FrozenBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenBrokerIT.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    static Stream<Arguments> versions() {
        return Stream.of(Arguments.of(Brokers.named(MqttVersion.MQTT_3_1_1)), Arguments.of(Brokers.named(MqttVersion.MQTT_5)));
    }

    @ParameterizedTest(name = "[mosquitto, {0}]")
    @MethodSource("versions")
    @Timeout(120)
    void close_frozenBroker_returnsWithinCloseTimeoutPlusASecond(MqttVersion version) throws Exception {
        try (Mosquitto broker = Mosquitto.create(new Mosquitto.Options().tls(false))) {
            String root = "frozen/" + UUID.randomUUID();
            MqttSettings s = MqttSettings.builder()
                    .brokerHost(broker.host()).brokerPort(broker.port())
                    .topics(t -> t.subscriptionRootTopic(root + "/#").taskStartTopic(root + "/start_task"))
                    .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version)
                            .withClientId("frozen-" + UUID.randomUUID()).withConnectTimeout(Duration.ofSeconds(30)))
                    .availability(MqttSettings.Availability.DISABLED.withEnabled(true).withTopic(root + "/availability"))
                    .outbox(new MqttSettings.Outbox(1000, CLOSE_TIMEOUT))
                    .build();
            ButlerMqttClient client = ButlerMqttClient.start(s, r -> { });
            List<CompletableFuture<PublishResult>> waiting = new ArrayList<>();
            long tookMs;
            try (LogCapture log = LogCapture.of(ClientEngine.class)) {
                Await.until(Duration.ofSeconds(30), () -> client.state() == ClientState.CONNECTED, "connected");
                broker.pause();
                for (int i = 0; i < 10; i++) {
                    waiting.add(client.publisher().publish(root + "/event", "message " + i));
                }
                long start = System.nanoTime();
                client.close();
                tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(1, log.count(ch.qos.logback.classic.Level.WARN,
                        m -> m.contains("10 message(s) were not delivered within outbox.closeTimeout")));
            } finally {
                broker.resume();
            }
            LOG.info("close() with a frozen broker ({}): {} ms (closeTimeout {} ms, connectTimeout 30 s)", version, tookMs,
                    CLOSE_TIMEOUT.toMillis());
            // closeTimeout + 1 s, with room for a loaded machine; the old close() took 2 s + 2 s + the 30 s connect timeout
            assertTrue(tookMs < CLOSE_TIMEOUT.toMillis() + ClientEngine.CLOSE_GRACE_MS + 5_000, "close() took " + tookMs + " ms");
            for (CompletableFuture<PublishResult> f : waiting) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(ClientClosedException.class, e.getCause());
            }
            assertEquals(ClientState.CLOSED, client.state());
        }
    }
}
