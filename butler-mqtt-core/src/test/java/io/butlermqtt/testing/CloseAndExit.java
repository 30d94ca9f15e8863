package io.butlermqtt.testing;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.MqttVersion;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The program {@code JvmExitIT} runs in a child JVM: starts a client (with a start-task listener, so it
 * subscribes), publishes one message, waits until connected when the broker is reachable, closes the
 * client and returns from {@code main}. The JVM must then end by itself: no thread of the client may keep
 * it alive.
 *
 * <p>Arguments: {@code host port mqttVersion(3|5) persistentSession(true|false) expectConnected(true|false)}.
 */
public final class CloseAndExit {

    private CloseAndExit() {
    }

    /**
     * Runs the program.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MqttVersion version = args[2].equals("5") ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        boolean persistent = Boolean.parseBoolean(args[3]);
        boolean expectConnected = Boolean.parseBoolean(args[4]);
        MqttSettings settings = MqttSettings.builder()
                .brokerHost(host)
                .brokerPort(port)
                .topics(t -> t.subscriptionRootTopic("exit/#")
                        .taskStartTopic("exit/" + UUID.randomUUID() + "/start_task"))
                .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version)
                        .withClientId("exit-" + UUID.randomUUID()).withPersistentSession(persistent))
                .reconnect(new MqttSettings.Reconnect(Duration.ofMillis(50), Duration.ofMillis(500)))
                .outbox(new MqttSettings.Outbox(100, Duration.ofSeconds(2)))
                .build();
        ButlerMqttClient client = ButlerMqttClient.start(settings, request -> { });
        client.publisher().publish("exit/probe", "hello");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(expectConnected ? 30 : 1);
        while (client.state() != ClientState.CONNECTED && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        System.out.println("STATE " + client.state());
        client.close();
        System.out.println("CLOSED " + client.state());
    }
}
