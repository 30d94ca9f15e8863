package io.butlermqtt.examples;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.TaskStartListener;
import io.butlermqtt.TaskStartRequest;
import io.butlermqtt.yaml.ButlerYamlConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Use 2: start the Sense task whose ID arrives on the start-task topic, as Butler does, by calling
 * the Qlik Repository Service ({@code POST /qrs/task/{id}/start}) with Sense's client certificate.
 *
 * <p>The library receives the message, checks that it is a task ID, and calls the listener on a
 * thread of its own; the message is acknowledged when the listener returns. How the task is
 * started is yours: here {@link QrsClient}, the JDK's HTTP client and a certificate.
 *
 * <p>Run (options in any order):
 * <pre>
 *   StartTaskViaQrs [--config butler.yaml] [--qrs https://sense:4242]
 *                   [--cert client.pfx | --cert client.pem --key client_key.pem] [--ca root.pem]
 *                   [--user INTERNAL\sa_repository] [--wait]
 * </pre>
 * The PKCS#12 password is read from the environment variable {@code QRS_CERT_PASSWORD} (empty if
 * unset). Without {@code --config} it starts an embedded broker and sends itself one task ID, to
 * show the whole path: with no Sense server at the URL, the listener reports why it could not
 * start the task. With {@code --wait} it keeps listening until stopped.
 */
public final class StartTaskViaQrs implements TaskStartListener {

    private final QrsClient qrs;
    private final CountDownLatch firstHandled = new CountDownLatch(1);

    /**
     * @param qrs the QRS to start tasks through
     */
    public StartTaskViaQrs(QrsClient qrs) {
        this.qrs = qrs;
    }

    /** Starts the task through the QRS; a failure is logged by the library and the message acknowledged. */
    @Override
    public void onTaskStart(TaskStartRequest request) {
        System.out.println("starting Sense task " + request.taskId() + " ...");
        try {
            qrs.startTask(request.taskId());
            System.out.println("started Sense task " + request.taskId());
        } catch (QrsClient.QrsException e) {
            // the message says what went wrong and what to check; no stack trace needed
            System.out.println("FAILED: " + e.getMessage());
        } finally {
            firstHandled.countDown();
        }
    }

    /**
     * Runs the example.
     *
     * @param args see the class comment
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--wait")) {
                opt.put("wait", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; see the class comment");
            }
        }
        String[] user = opt.getOrDefault("user", "INTERNAL\\sa_repository").split("\\\\", 2);
        QrsClient qrs = new QrsClient(new QrsClient.Config(
                URI.create(opt.getOrDefault("qrs", "https://localhost:4242")),
                Optional.ofNullable(opt.get("cert")).map(Path::of),
                Optional.ofNullable(opt.get("key")).map(Path::of),
                Optional.ofNullable(System.getenv("QRS_CERT_PASSWORD")).orElse("").toCharArray(),
                Optional.ofNullable(opt.get("ca")).map(Path::of),
                user[0], user.length > 1 ? user[1] : "sa_repository"));

        EmbeddedBroker broker = null;
        MqttSettings settings;
        if (opt.containsKey("config")) {
            settings = ButlerYamlConfig.load(Path.of(opt.get("config")));
        } else {
            broker = EmbeddedBroker.start();
            settings = MqttSettings.builder().brokerHost(broker.host()).brokerPort(broker.port()).build();
        }
        StartTaskViaQrs listener = new StartTaskViaQrs(qrs);
        try (ButlerMqttClient client = ButlerMqttClient.start(settings, listener)) {
            System.out.println("listening for task IDs on " + settings.taskStartTopic() + " at "
                    + settings.brokerHost() + ":" + settings.brokerPort());
            if (opt.containsKey("wait")) {
                Thread.currentThread().join();
            }
            if (broker != null) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (client.state() != ClientState.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // what a Node-RED flow or a script would send; CONNECTED means the start-task
                // subscription is in place, so one message is enough
                try (PlainMqttClient sender = PlainMqttClient.connect("task-sender", broker.host(), broker.port())) {
                    byte[] taskId = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
                    sender.publish(settings.taskStartTopic(), taskId, 1).get(10, TimeUnit.SECONDS);
                }
                if (!listener.firstHandled.await(30, TimeUnit.SECONDS)) {
                    System.out.println("the task ID did not reach the listener: " + client.stats());
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
