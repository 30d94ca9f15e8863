package io.butlermqtt.examples.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a bare HiveMQ async client publishing bytes that were serialised beforehand. This
 * is the ceiling for butler-mqtt, which sits on the same client.
 */
abstract class RawPublisher implements AutoCloseable {

    /**
     * Connects a bare client.
     *
     * @param mqtt5 MQTT 5 when true, else 3.1.1
     */
    static RawPublisher connect(String host, int port, boolean mqtt5) {
        String id = "raw-baseline-" + UUID.randomUUID().toString().substring(0, 8);
        if (mqtt5) {
            Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                    .serverHost(host).serverPort(port).buildAsync();
            c.connectWith().cleanStart(true).send().orTimeout(10, TimeUnit.SECONDS).join();
            return new V5(c);
        }
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(id)
                .serverHost(host).serverPort(port).buildAsync();
        c.connectWith().cleanSession(true).send().orTimeout(10, TimeUnit.SECONDS).join();
        return new V3(c);
    }

    abstract CompletableFuture<?> publish(String topic, byte[] payload, MqttQos qos);

    @Override
    public abstract void close();

    private static final class V3 extends RawPublisher {
        private final Mqtt3AsyncClient client;

        V3(Mqtt3AsyncClient client) {
            this.client = client;
        }

        @Override
        CompletableFuture<?> publish(String topic, byte[] payload, MqttQos qos) {
            return client.publishWith().topic(topic).payload(payload).qos(qos).send();
        }

        @Override
        public void close() {
            client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private static final class V5 extends RawPublisher {
        private final Mqtt5AsyncClient client;

        V5(Mqtt5AsyncClient client) {
            this.client = client;
        }

        @Override
        CompletableFuture<?> publish(String topic, byte[] payload, MqttQos qos) {
            return client.publishWith().topic(topic).payload(payload).qos(qos).send();
        }

        @Override
        public void close() {
            client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
