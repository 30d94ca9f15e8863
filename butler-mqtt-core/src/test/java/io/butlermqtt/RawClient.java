package io.butlermqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.butlermqtt.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A plain HiveMQ MQTT 5 client for tests: the independent subscriber that records what really arrives
 * (topic, exact bytes, retain flag, in order), and the sender of start-task commands.
 */
final class RawClient implements AutoCloseable {

    /** One received message. */
    record Received(String topic, byte[] payload, boolean retain) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Mqtt5AsyncClient client;
    private final List<Received> received = new ArrayList<>();

    private RawClient(Mqtt5AsyncClient client) {
        this.client = client;
    }

    /**
     * A connected client with a clean session.
     *
     * @param broker the broker
     * @return the client
     */
    static RawClient connect(TestBroker broker) throws Exception {
        return connect(broker, "raw-" + UUID.randomUUID(), false);
    }

    /**
     * A connected client; with {@code persistent}, the session outlives disconnects and broker restarts
     * (1 h expiry) and the client reconnects by itself.
     *
     * @param broker the broker
     * @param clientId the client ID
     * @param persistent whether the session persists
     * @return the client
     */
    static RawClient connect(TestBroker broker, String clientId, boolean persistent) throws Exception {
        var builder = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(broker.host()).serverPort(broker.port());
        if (persistent) {
            builder = builder.automaticReconnect().initialDelay(50, TimeUnit.MILLISECONDS)
                    .maxDelay(500, TimeUnit.MILLISECONDS).applyAutomaticReconnect();
        }
        RawClient raw = new RawClient(builder.buildAsync());
        raw.client.publishes(MqttGlobalPublishFilter.ALL, p -> {
            synchronized (raw.received) {
                raw.received.add(new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.isRetain()));
            }
        });
        raw.client.connectWith().cleanStart(!persistent).sessionExpiryInterval(persistent ? 3600 : 0)
                .send().get(20, TimeUnit.SECONDS);
        return raw;
    }

    /**
     * Subscribes at QoS 1 and waits for the SUBACK.
     *
     * @param filter the topic filter
     * @return this
     */
    RawClient subscribe(String filter) throws Exception {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(20, TimeUnit.SECONDS);
        return this;
    }

    /** Publishes bytes at QoS 1 and waits for the PUBACK. */
    void publish(String topic, byte[] payload) throws Exception {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).send().get(20, TimeUnit.SECONDS);
    }

    /** Publishes UTF-8 text at QoS 1 and waits for the PUBACK. */
    void publish(String topic, String text) throws Exception {
        publish(topic, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a copy of what arrived so far, in arrival order */
    List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** @return how many messages arrived so far */
    int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /** @return what arrived on {@code topic}, in order */
    List<Received> receivedOn(String topic) {
        List<Received> out = new ArrayList<>();
        for (Received r : received()) {
            if (r.topic().equals(topic)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Disconnects (the session stays if it is persistent). */
    @Override
    public void close() {
        try {
            client.disconnect().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already disconnected
        }
    }
}
