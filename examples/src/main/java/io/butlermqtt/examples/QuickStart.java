package io.butlermqtt.examples;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.ClientStats;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.TaskStartListener;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.ServerLicenseStatus;
import io.butlermqtt.event.ServiceStatus;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import io.butlermqtt.yaml.ButlerYamlConfig;
import io.butlermqtt.yaml.ConfigException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The whole job of butler-mqtt in one run: an embedded MQTT broker, Butler's config file, the
 * client publishing one Sense event of each kind in Butler's exact format, a plain subscriber
 * (like a Node-RED flow) printing what arrives, and a start-task command arriving at a
 * {@link TaskStartListener}, while an invalid one is rejected.
 *
 * <p>Run from the repository root: {@code mvn -B -q -DskipTests -Pquickstart verify}. With
 * {@code -Dquickstart.args="--config /path/to/butler.yaml"} it uses the broker of that Butler
 * config file (plain TCP, optionally with username and password) instead of the embedded one.
 *
 * <p>Exits 0 when every message arrived, the listener fired exactly once for the valid task ID
 * and the invalid payload was rejected; 1 otherwise; 2 on bad arguments.
 */
public final class QuickStart {

    private static final long WAIT_S = 10;

    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<UUID> listenerCalls = new CopyOnWriteArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private QuickStart() {
    }

    /**
     * Runs the quick start.
     *
     * @param args nothing, or {@code --config <Butler YAML file>}
     */
    public static void main(String[] args) {
        Path config = null;
        if (args.length == 2 && args[0].equals("--config")) {
            config = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: QuickStart [--config <Butler config YAML>]");
            System.exit(2);
        }
        int code;
        try {
            code = new QuickStart().run(config);
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.out.println("FAILED: " + rootMessage(e));
            code = 1;
        }
        System.exit(code);
    }

    private int run(Path configArg) throws Exception {
        long t0 = System.nanoTime();
        System.out.println("butler-mqtt quick start");

        // 1.-2. A broker (embedded HiveMQ CE on a free port, or the one in the given Butler config), and the settings.
        Path configFile = configArg != null ? configArg : defaultConfig();
        MqttSettings fromFile = ButlerYamlConfig.load(configFile);
        EmbeddedBroker broker = null;
        MqttSettings settings;
        if (configArg == null) {
            long b0 = System.nanoTime();
            broker = EmbeddedBroker.start();
            System.out.printf(Locale.ROOT, "1. Embedded HiveMQ CE broker started on %s:%d in %.1f s%n",
                    broker.host(), broker.port(), (System.nanoTime() - b0) / 1e9);
            settings = fromFile.toBuilder().brokerHost(broker.host()).brokerPort(broker.port()).build();
            System.out.println("2. Loaded examples/butler.yaml (brokerHost/brokerPort replaced by the embedded broker's)");
        } else {
            settings = fromFile;
            System.out.println("1. Using the broker of " + configFile + ": " + settings.brokerHost() + ":" + settings.brokerPort());
            System.out.println("2. Loaded " + configFile);
            if (settings.tls().enabled() || settings.azureEventGrid().enabled()) {
                System.out.println("   The quick start's plain subscriber speaks plain TCP only; this config uses TLS.");
                return 2;
            }
        }
        System.out.println("   subscriptionRootTopic=" + settings.subscriptionRootTopic()
                + "  taskStartTopic=" + settings.taskStartTopic() + "  QoS " + settings.delivery().qos());

        try (PlainMqttClient watcher = PlainMqttClient.connect("quickstart-watcher", settings.brokerHost(),
                settings.brokerPort(), settings.credentials().map(c -> c.username()).orElse(null),
                settings.credentials().map(c -> c.password()).orElse(null))) {

            // 3. A plain subscriber on the root topic, as a dashboard or a Node-RED flow would be.
            watcher.subscribe(settings.subscriptionRootTopic(), m -> {
                received.computeIfAbsent(m.topic(), k -> new AtomicInteger()).incrementAndGet();
                System.out.printf(Locale.ROOT, "     [subscriber] %-36s %s%n", m.topic(), excerpt(m.payload()));
            });
            System.out.println("3. Plain MQTT subscriber listening on " + settings.subscriptionRootTopic());

            // 4. The client, with a listener that would start the Sense task.
            TaskStartListener listener = request -> {
                listenerCalls.add(request.taskId());
                System.out.println("     [TaskStartListener] would start Sense task " + request.taskId()
                        + " (from " + request.topic() + ")");
            };
            try (ButlerMqttClient client = ButlerMqttClient.start(settings, listener)) {
                await("the client to connect", () -> client.state() == ClientState.CONNECTED);
                sent.computeIfAbsent(MqttSettings.BUTLER_STATUS_TOPIC, k -> new AtomicInteger()).incrementAndGet();
                System.out.println("4. ButlerMqttClient " + client.state() + " (it announces itself on "
                        + MqttSettings.BUTLER_STATUS_TOPIC + ", as Butler does)");
                await("the status message", () -> count(received, MqttSettings.BUTLER_STATUS_TOPIC) >= 1);

                // 5. One event of each kind, and an ad-hoc message.
                System.out.println("5. Publishing one event of each type:");
                SenseEventPublisher publisher = client.publisher();
                for (SenseEvent event : sampleEvents()) {
                    announce(event.getClass().getSimpleName(), publisher.messagesFor(event));
                    record(publisher.publish(event).get(WAIT_S, TimeUnit.SECONDS));
                }
                System.out.println("   ad-hoc message (like Butler's PUT /v4/mqttpublishmessage) -> qliksense/reload/sales");
                record(publisher.publish("qliksense/reload/sales", "Sales app reloaded by script").get(WAIT_S, TimeUnit.SECONDS));

                // 6. Start-task: a valid task ID and an invalid payload, sent by a plain client. (state() is
                //    CONNECTED as soon as the broker accepted the connection; the client's subscription
                //    went out before the events above, whose acknowledgements we awaited, so it is in place.)
                String startTopic = settings.taskStartTopic();
                UUID taskId = UUID.randomUUID();
                System.out.println("6. A plain client sends a task ID, then an invalid payload, to " + startTopic + ":");
                watcher.publish(startTopic, taskId.toString().getBytes(StandardCharsets.UTF_8), 1).get(WAIT_S, TimeUnit.SECONDS);
                sent.computeIfAbsent(startTopic, k -> new AtomicInteger()).incrementAndGet();
                await("the listener call", () -> !listenerCalls.isEmpty());
                watcher.publish(startTopic, "start the sales task please".getBytes(StandardCharsets.UTF_8), 1)
                        .get(WAIT_S, TimeUnit.SECONDS);
                sent.computeIfAbsent(startTopic, k -> new AtomicInteger()).incrementAndGet();
                await("the invalid payload to be rejected", () -> client.stats().taskStartsDropped() >= 1);
                await("every message to reach the subscriber", this::allReceived);

                ClientStats stats = client.stats();
                System.out.printf(Locale.ROOT, "   listener calls: %d (expected 1, task %s)%n", listenerCalls.size(),
                        listenerCalls.isEmpty() ? "-" : listenerCalls.get(0));
                System.out.printf(Locale.ROOT, "   client stats: published=%d taskStartsDelivered=%d taskStartsDropped=%d%n",
                        stats.published(), stats.taskStartsDelivered(), stats.taskStartsDropped());
                check(listenerCalls.size() == 1 && listenerCalls.get(0).equals(taskId),
                        "the listener should have been called once with " + taskId + ", but got " + listenerCalls);
                check(stats.taskStartsDelivered() == 1, "taskStartsDelivered should be 1, was " + stats.taskStartsDelivered());
                check(stats.taskStartsDropped() == 1, "taskStartsDropped should be 1, was " + stats.taskStartsDropped());
            }
            return summary(t0);
        } finally {
            if (broker != null) {
                System.out.println("Stopping the embedded broker...");
                broker.close();
            }
        }
    }

    private int summary(long t0) {
        System.out.println("7. Summary: messages sent by this run, and received by the plain subscriber");
        Map<String, int[]> rows = new TreeMap<>();
        sent.forEach((t, n) -> rows.computeIfAbsent(t, k -> new int[2])[0] = n.get());
        received.forEach((t, n) -> rows.computeIfAbsent(t, k -> new int[2])[1] = n.get());
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        System.out.printf(Locale.ROOT, "   %-" + width + "s %5s %9s%n", "topic", "sent", "received");
        for (Map.Entry<String, int[]> r : rows.entrySet()) {
            System.out.printf(Locale.ROOT, "   %-" + width + "s %5d %9d%n", r.getKey(), r.getValue()[0], r.getValue()[1]);
        }
        int totalSent = rows.values().stream().mapToInt(r -> r[0]).sum();
        int totalReceived = rows.entrySet().stream().filter(e -> sent.containsKey(e.getKey()))
                .mapToInt(e -> Math.min(e.getValue()[0], e.getValue()[1])).sum();
        check(totalReceived == totalSent, "the subscriber received " + totalReceived + " of " + totalSent + " messages");
        System.out.printf(Locale.ROOT, "   %d messages on %d topics sent, %d received%n", totalSent, sent.size(), totalReceived);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (problems.isEmpty()) {
            System.out.printf(Locale.ROOT, "OK: every message arrived, the task-start listener fired exactly once, "
                    + "the invalid payload was rejected (%.1f s)%n", seconds);
            return 0;
        }
        problems.forEach(p -> System.out.println("PROBLEM: " + p));
        System.out.printf(Locale.ROOT, "FAILED (%.1f s)%n", seconds);
        return 1;
    }

    /** The exception's causes in one line, innermost last, without the wrapper noise. */
    static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) {
                continue;
            }
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : " <- ").append(m);
            }
        }
        return sb.toString();
    }

    private static Path defaultConfig() {
        for (Path p : List.of(Path.of("butler.yaml"), Path.of("examples", "butler.yaml"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("examples/butler.yaml not found; run from the repository root or examples/");
    }

    private static void announce(String what, List<MqttMessage> messages) {
        List<String> topics = new ArrayList<>();
        for (MqttMessage m : messages) {
            topics.add(m.topic());
        }
        System.out.printf(Locale.ROOT, "   %s -> %s%n", what, String.join(", ", topics));
    }

    private void record(PublishResult result) {
        for (MqttMessage m : result.messages()) {
            sent.computeIfAbsent(m.topic(), k -> new AtomicInteger()).incrementAndGet();
        }
        check(result.outcome() == PublishResult.Outcome.PUBLISHED, "expected PUBLISHED, got " + result.outcome());
        await("the messages to reach the subscriber", this::allReceived);
    }

    private boolean allReceived() {
        for (Map.Entry<String, AtomicInteger> e : sent.entrySet()) {
            if (count(received, e.getKey()) < e.getValue().get()) {
                return false;
            }
        }
        return true;
    }

    private static int count(Map<String, AtomicInteger> map, String topic) {
        AtomicInteger n = map.get(topic);
        return n == null ? 0 : n.get();
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                problems.add("timed out after " + WAIT_S + " s waiting for " + what);
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static String excerpt(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
        return s.length() <= 70 ? s : s.substring(0, 67) + "... (" + payload.length + " B)";
    }

    /** One event of each type, with realistic values. */
    static List<SenseEvent> sampleEvents() {
        Map<String, Object> taskMetadata = Map.of("id", "d3a1f8c2-5b7e-4f0a-9c61-2e8b4d7a9f13",
                "name", "Reload of Sales dashboard", "taskType", 0, "enabled", true, "maxRetries", 0);
        return List.of(
                ReloadTaskFailed.builder()
                        .hostName("sense-central-01")
                        .user("CORP\\svc_qlik")
                        .taskName("Reload of Sales dashboard")
                        .taskId("d3a1f8c2-5b7e-4f0a-9c61-2e8b4d7a9f13")
                        .appName("Sales dashboard")
                        .appId("7c2e9b41-0d6f-4a8e-b3c5-91f4e2a6d870")
                        .logTimeStamp("2025-06-02 03:14:07,412")
                        .logLevel("ERROR")
                        .executionId("f88c9153-2d08-4101-9afa-fd0608813c03")
                        .logMessage("Task finished with state FinishedFail\r\nError: Field 'Region' not found")
                        .appTags(List.of("Finance", "Daily"))
                        .appCustomProperties(List.of(new CustomProperty("AppOwner", "jane.doe")))
                        .taskTags(List.of("Nightly"))
                        .taskCustomProperties(List.of(new CustomProperty("Alert", "Email")))
                        .taskMetadata(taskMetadata)
                        .build(),
                ReloadTaskAborted.builder()
                        .hostName("sense-central-01")
                        .user("CORP\\jane.doe")
                        .taskName("Reload of Budget app")
                        .taskId("0c8d6f1e-2a3b-4c5d-8e9f-a0b1c2d3e4f5")
                        .appName("Budget app")
                        .appId("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")
                        .logTimeStamp("2025-06-02 03:20:11,006")
                        .logLevel("WARN")
                        .executionId("11d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f")
                        .logMessage("Task aborted by user CORP\\jane.doe")
                        .build(),
                EventSourceStatus.builder()
                        .source(EventSourceStatus.Source.TASK_EVENTS)
                        .status(EventSourceStatus.Status.START)
                        .build(),
                ServiceStatus.builder()
                        .serviceHost("sense-central-01")
                        .serviceName("QlikSenseRepositoryService")
                        .serviceFriendlyName("Repository")
                        .serviceDisplayName("Qlik Sense Repository Service")
                        .serviceDependencies(List.of("QlikSenseRepositoryDatabase"))
                        .serviceStartType("Automatic")
                        .serviceExePath("C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe")
                        .serviceStatus(ServiceStatus.RUNNING)
                        .servicePrevStatus(ServiceStatus.STOPPED)
                        .serviceStatusChanged(true)
                        .build(),
                ServerLicenseStatus.builder()
                        .licenseExpired(false)
                        .expiryDateStr("2025-07-15")
                        .daysUntilExpiry(43)
                        .build(),
                UserSessionEvent.builder()
                        .action(UserSessionEvent.Action.START)
                        .host("sense-central-01")
                        .userDirectory("CORP")
                        .userId("jane.doe")
                        .build(),
                UserConnectionEvent.builder()
                        .action(UserConnectionEvent.Action.OPEN)
                        .host("sense-central-01")
                        .userDirectory("CORP")
                        .userId("jane.doe")
                        .build());
    }
}
