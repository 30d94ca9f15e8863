package io.butlermqtt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Proves the test brokers with a raw HiveMQ MQTT client: publish/subscribe, and restart keeping sessions. */
class BrokerHarnessIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerHarnessIT.class);

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#all")
    @Timeout(120)
    void publishSubscribe_qos1_messagesArriveInOrder(Brokers.Kind kind) throws Exception {
        TestBroker broker = kind.broker();
        String topic = "harness/" + UUID.randomUUID() + "/pubsub";
        List<String> received = new CopyOnWriteArrayList<>();

        Mqtt5AsyncClient subscriber = client(broker, "sub-" + UUID.randomUUID());
        Mqtt5AsyncClient publisher = client(broker, "pub-" + UUID.randomUUID());
        try {
            subscriber.connect().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().get(10, TimeUnit.SECONDS);
            publisher.connect().get(10, TimeUnit.SECONDS);

            List<String> sent = publishNumbered(publisher, topic, 100);

            Await.until(Duration.ofSeconds(20), () -> received.size() >= sent.size(),
                    () -> sent.size() + " messages on " + broker.name() + ", got " + received.size());
            assertEquals(sent, received);
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }

    /**
     * 2,000 QoS 1 messages (twice the brokers' default offline queue of 1,000) are queued for an offline
     * persistent session, the broker restarts gracefully, and the subscriber gets all of them in order.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(180)
    void restart_persistentSession_keepsQueuedQos1Messages(Brokers.Kind kind) throws Exception {
        TestBroker broker = kind.broker();
        assumeTrue(broker.supportsRestart(), broker.name() + " does not support restart");
        String topic = "harness/" + UUID.randomUUID() + "/queued";
        String subscriberId = "persistent-sub-" + UUID.randomUUID();
        List<String> received = new CopyOnWriteArrayList<>();

        Mqtt5AsyncClient subscriber = persistentClient(broker, subscriberId, received);
        connectPersistent(subscriber);
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        subscriber.disconnect().get(10, TimeUnit.SECONDS);

        Mqtt5AsyncClient publisher = client(broker, "pub-" + UUID.randomUUID());
        publisher.connect().get(10, TimeUnit.SECONDS);
        List<String> sent = publishNumbered(publisher, topic, 2000);
        publisher.disconnect().get(10, TimeUnit.SECONDS);

        long begin = System.nanoTime();
        broker.restart();
        LOG.info("{} restarted in {} ms", broker.name(), (System.nanoTime() - begin) / 1_000_000);

        Mqtt5AsyncClient again = persistentClient(broker, subscriberId, received);
        try {
            connectPersistent(again);
            Await.until(Duration.ofSeconds(30), () -> received.size() >= sent.size(),
                    () -> sent.size() + " queued messages after restart of " + broker.name() + ", got "
                            + received.size());
            assertEquals(sent, received);
        } finally {
            again.disconnect();
        }
    }

    private static List<String> publishNumbered(Mqtt5AsyncClient publisher, String topic, int count)
            throws Exception {
        List<String> sent = new ArrayList<>(count);
        List<CompletableFuture<?>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String payload = "message-" + i;
            sent.add(payload);
            acks.add(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return sent;
    }

    private static Mqtt5AsyncClient client(TestBroker broker, String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost(broker.host()).serverPort(broker.port())
                .buildAsync();
    }

    /** Clean start off, session kept for an hour; publishes registered before connect (queued ones arrive first). */
    private static Mqtt5AsyncClient persistentClient(TestBroker broker, String clientId, List<String> sink) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(clientId).serverHost(broker.host())
                .serverPort(broker.port()).buildAsync();
        c.publishes(MqttGlobalPublishFilter.ALL,
                p -> sink.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        return c;
    }

    private static void connectPersistent(Mqtt5AsyncClient client) throws Exception {
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
    }
}
