package io.butlermqtt.examples;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A plain MQTT 3.1.1 client, as a Node-RED flow, a dashboard or a script that talks to Butler
 * would be: it subscribes to a topic filter and hands every message to a callback, and it
 * publishes text (for example a task ID to the start-task topic). It knows nothing of
 * butler-mqtt; it is built directly on the HiveMQ MQTT client.
 */
public final class PlainMqttClient implements AutoCloseable {

    /**
     * One received message.
     *
     * @param topic the topic it arrived on
     * @param payload its bytes
     * @param receivedNanos {@link System#nanoTime()} when it arrived
     */
    public record Received(String topic, byte[] payload, long receivedNanos) {
    }

    private final Mqtt3AsyncClient client;

    private PlainMqttClient(Mqtt3AsyncClient client) {
        this.client = client;
    }

    /**
     * Connects (clean session) and waits up to 10 s for the connection.
     *
     * @param name a readable prefix for the client ID
     * @param host broker host
     * @param port broker port
     * @return the connected client
     */
    public static PlainMqttClient connect(String name, String host, int port) {
        return connect(name, host, port, null, null);
    }

    /**
     * Connects (clean session) with a username and password, and waits up to 10 s.
     *
     * @param name a readable prefix for the client ID
     * @param host broker host
     * @param port broker port
     * @param username the username, or null for none
     * @param password the password, or null for none
     * @return the connected client
     */
    public static PlainMqttClient connect(String name, String host, int port, String username, String password) {
        Mqtt3AsyncClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(host)
                .serverPort(port)
                .buildAsync();
        var connect = client.connectWith().cleanSession(true).keepAlive(60);
        if (username != null) {
            var auth = connect.simpleAuth().username(username);
            connect = (password == null ? auth : auth.password(password.getBytes(StandardCharsets.UTF_8))).applySimpleAuth();
        }
        try {
            connect.send().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not connect to the MQTT broker at " + host + ":" + port, e);
        }
        return new PlainMqttClient(client);
    }

    /**
     * Subscribes to a topic filter at QoS 1 and waits for the broker's acknowledgement.
     * The callback runs on the client's network thread: keep it short.
     *
     * @param topicFilter for example {@code qliksense/#}
     * @param onMessage called for every message
     */
    public void subscribe(String topicFilter, Consumer<Received> onMessage) {
        client.subscribeWith()
                .topicFilter(topicFilter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> onMessage.accept(
                        new Received(p.getTopic().toString(), p.getPayloadAsBytes(), System.nanoTime())))
                .send()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /**
     * Publishes bytes, not retained.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos 0, 1 or 2
     * @return completes when sent (QoS 0) or acknowledged (QoS 1 and 2)
     */
    public CompletableFuture<?> publish(String topic, byte[] payload, int qos) {
        return client.publishWith()
                .topic(topic)
                .payload(payload)
                .qos(MqttQos.fromCode(qos))
                .send();
    }

    /** Disconnects, waiting up to 5 s. */
    @Override
    public void close() {
        try {
            client.disconnect().orTimeout(5, TimeUnit.SECONDS).join();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
