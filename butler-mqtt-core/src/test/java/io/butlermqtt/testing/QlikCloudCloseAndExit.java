package io.butlermqtt.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.QlikCloudEventClient;
import io.butlermqtt.QlikCloudSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A program run in a forked JVM by {@code QlikCloudJvmExitIT}: starts a {@link QlikCloudEventClient},
 * brings it to a state, closes it and returns from {@code main} without {@code System.exit}, so that the
 * JVM ends only if no thread of the client keeps it alive.
 *
 * <p>Arguments: {@code host tlsPort plainPort caFile version(3|5) persistent(true|false) mode}, where mode is
 * {@code never} (nothing listens on tlsPort), {@code connected}, or {@code listener-running} (an event is
 * published and the listener blocks forever when {@code close()} runs).
 */
public final class QlikCloudCloseAndExit {

    private QlikCloudCloseAndExit() {
    }

    /**
     * Runs one case.
     *
     * @param args see the class comment
     * @throws Exception when the case cannot be set up
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int tlsPort = Integer.parseInt(args[1]);
        int plainPort = Integer.parseInt(args[2]);
        Path ca = Path.of(args[3]);
        MqttVersion version = args[4].equals("5") ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        boolean persistent = Boolean.parseBoolean(args[5]);
        String mode = args[6];
        String root = "exit-" + UUID.randomUUID();
        QlikCloudSettings settings = QlikCloudSettings.builder().enabled(true)
                .brokerHost(host).brokerPort(tlsPort).credentials("gw", "pw")
                .tls(Tls.DEFAULT_ENABLED.withCaFile(ca))
                .subscriptionRootTopic(root + "/#").appReloadTopic(root + "/app/reload")
                .tenantId(QlikCloudSamples.TENANT)
                .connection(Connection.DEFAULT.withMqttVersion(version).withPersistentSession(persistent)
                        .withClientId("exit-" + UUID.randomUUID()).withConnectTimeout(Duration.ofSeconds(5)))
                .reconnect(new MqttSettings.Reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        QlikCloudEventClient client = QlikCloudEventClient.start(settings, ctx -> {
            called.countDown();
            never.await(); // a listener that hangs
        });
        if (mode.equals("never")) {
            // let a few connect attempts fail (connection refused comes at once)
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
            System.out.println("STATE " + client.state());
        } else {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.state() != ClientState.CONNECTED && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            System.out.println("STATE " + client.state());
            if (mode.equals("listener-running")) {
                Mqtt5BlockingClient gw = MqttClient.builder().useMqttVersion5().serverHost(host).serverPort(plainPort)
                        .identifier("exit-gw-" + UUID.randomUUID()).buildBlocking();
                gw.connect();
                gw.publishWith().topic(root + "/app/reload/x").payload(QlikCloudSamples.bytes(QlikCloudSamples.FAILED))
                        .qos(MqttQos.AT_LEAST_ONCE).send();
                gw.disconnect();
                System.out.println("LISTENER " + called.await(60, TimeUnit.SECONDS));
            }
        }
        client.close();
        System.out.println("CLOSED " + client.state());
    }
}
