package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.internal.client.TaskStartDispatcher;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-task commands through real brokers into a {@link TaskStartListener}. */
class TaskStartIT {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStartIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    static Stream<Arguments> brokersAndVersions() {
        return ButlerMqttClientIT.brokersAndVersions();
    }

    private static MqttSettings.Builder settings(TestBroker broker, MqttVersion version, String root) {
        return ButlerMqttClientIT.settings(broker, version)
                .topics(t -> t.subscriptionRootTopic(root + "/#").taskStartTopic(root + "/start_task"));
    }

    private static String root() {
        return "it/" + UUID.randomUUID();
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(60)
    void taskStart_commandSentRightAfterConnected_arrives(Brokers.Kind kind, MqttVersion version) throws Exception {
        // CONNECTED means the start-task subscription is acknowledged: with a clean session, a single
        // command published the moment the state says CONNECTED must reach the listener.
        TestBroker broker = kind.broker();
        String root = root();
        List<TaskStartRequest> calls = new CopyOnWriteArrayList<>();
        try (RawClient sender = RawClient.connect(broker);
                ButlerMqttClient client = ButlerMqttClient.start(settings(broker, version, root).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            UUID id = UUID.randomUUID();
            sender.publish(root + "/start_task", id.toString());
            Await.until(DEADLINE, () -> calls.stream().anyMatch(r -> r.taskId().equals(id)),
                    () -> "the command sent right after CONNECTED, got " + calls);
            assertEquals(1, calls.size());
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void taskStart_firesOncePerValidCommand_neverForInvalidOnes(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String root = root();
        String startTopic = root + "/start_task";
        List<TaskStartRequest> calls = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        MqttSettings s = settings(broker, version, root).build();
        try (ButlerMqttClient client = ButlerMqttClient.start(s, r -> {
                    threads.add(Thread.currentThread().getName());
                    calls.add(r);
                });
                RawClient sender = RawClient.connect(broker)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            Set<UUID> probes = awaitSubscribed(sender, startTopic, client);
            long droppedBefore = client.stats().taskStartsDropped();

            List<UUID> valid = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UUID id = UUID.randomUUID();
                valid.add(id);
                sender.publish(startTopic, i % 2 == 0 ? id.toString() : "  " + id.toString().toUpperCase() + "\r\n");
                switch (i % 5) {
                    case 0 -> sender.publish(startTopic, "not-a-task-id");
                    case 1 -> sender.publish(startTopic, "");
                    case 2 -> sender.publish(startTopic, new byte[] {(byte) 0xc3, (byte) 0x28, 0x00, (byte) 0xff});
                    case 3 -> sender.publish(startTopic, " ".repeat(1100) + id);
                    default -> sender.publish(startTopic, "1-2-3-4-5");
                }
                sender.publish(root + "/other", id.toString()); // under the root, not the start-task topic
                sender.publish(startTopic + "/sub", id.toString());
            }
            UUID last = UUID.randomUUID();
            valid.add(last);
            sender.publish(startTopic, last.toString());

            Await.until(DEADLINE, () -> calls.stream().anyMatch(r -> r.taskId().equals(last)),
                    () -> "the last command, got " + calls.size() + " calls");
            Await.until(DEADLINE, () -> real(calls, probes).size() >= valid.size(),
                    () -> valid.size() + " calls, got " + real(calls, probes).size());
            List<UUID> got = real(calls, probes).stream().map(TaskStartRequest::taskId).sorted().toList();
            assertEquals(valid.stream().sorted().toList(), got, "each valid command exactly once, no invalid one");
            for (TaskStartRequest r : calls) {
                assertEquals(startTopic, r.topic());
            }
            assertEquals(20, client.stats().taskStartsDropped() - droppedBefore);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("butler-mqtt-task-start-")), threads.toString());
        }
    }

    /**
     * Publishes probe commands until one reaches the listener (the SUBACK may come after CONNECTED).
     *
     * @return the probe IDs sent, to leave out of later checks
     */
    static Set<UUID> awaitSubscribed(RawClient sender, String startTopic, ButlerMqttClient... clients) {
        Set<UUID> probes = ConcurrentHashMap.newKeySet();
        Await.until(DEADLINE, () -> {
            UUID probe = UUID.randomUUID();
            probes.add(probe);
            try {
                sender.publish(startTopic, probe.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (ButlerMqttClient c : clients) {
                if (c.stats().taskStartsDelivered() == 0) {
                    return false;
                }
            }
            return true;
        }, "every client receives start-task commands");
        return probes;
    }

    private static List<TaskStartRequest> real(List<TaskStartRequest> calls, Set<UUID> probes) {
        return calls.stream().filter(r -> !probes.contains(r.taskId())).toList();
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void persistentSession_commandSentWhileDown_arrivesAfterRestart(Brokers.Kind kind, MqttVersion version)
            throws Exception {
        TestBroker broker = kind.broker();
        String root = root();
        String startTopic = root + "/start_task";
        String clientId = "it-persistent-" + UUID.randomUUID();
        MqttSettings s = settings(broker, version, root)
                .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version).withClientId(clientId)
                        .withPersistentSession(true))
                .build();
        List<UUID> first = new CopyOnWriteArrayList<>();
        try (ButlerMqttClient client = ButlerMqttClient.start(s, r -> first.add(r.taskId()));
                RawClient sender = RawClient.connect(broker)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            Set<UUID> probes = awaitSubscribed(sender, startTopic, client);
            Await.until(DEADLINE, () -> probes.containsAll(first) && !first.isEmpty(), "probes delivered while running");
        }
        UUID whileDown = UUID.randomUUID();
        try (RawClient sender = RawClient.connect(broker)) {
            sender.publish(startTopic, whileDown.toString());
        }
        List<UUID> second = new CopyOnWriteArrayList<>();
        try (ButlerMqttClient client = ButlerMqttClient.start(s, r -> second.add(r.taskId()))) {
            Await.until(DEADLINE, () -> second.contains(whileDown), () -> "command sent while down, got " + second);
            assertEquals(1, second.stream().filter(whileDown::equals).count());
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void sharedGroup_threeInstances_eachTaskStartedOnce(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String root = root();
        String startTopic = root + "/start_task";
        String group = "g" + UUID.randomUUID().toString().substring(0, 8);
        MqttSettings base = settings(broker, version, root)
                .taskStart(MqttSettings.TaskStart.DEFAULT.withSharedSubscriptionGroup(group))
                .build();
        Map<UUID, AtomicInteger> starts = new ConcurrentHashMap<>();
        int[] perInstance = new int[3];
        List<ButlerMqttClient> clients = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        try (RawClient sender = RawClient.connect(broker)) {
            for (int c = 0; c < 3; c++) {
                int index = c;
                clients.add(ButlerMqttClient.start(base.toBuilder().clientId("it-shared-" + c + "-" + UUID.randomUUID())
                        .build(), r -> {
                            starts.computeIfAbsent(r.taskId(), k -> new AtomicInteger()).incrementAndGet();
                            synchronized (perInstance) {
                                perInstance[index]++;
                            }
                        }));
            }
            for (ButlerMqttClient c : clients) {
                Await.until(DEADLINE, () -> c.state() == ClientState.CONNECTED, "connected");
            }
            awaitSubscribed(sender, startTopic, clients.toArray(new ButlerMqttClient[0]));

            int n = 300;
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                sender.publish(startTopic, id.toString());
            }
            long[] progress = {-1, System.nanoTime()};
            Await.until(DEADLINE, () -> {
                if (ids.stream().allMatch(starts::containsKey)) {
                    return true;
                }
                if (starts.size() != progress[0]) {
                    progress[0] = starts.size();
                    progress[1] = System.nanoTime();
                }
                return System.nanoTime() - progress[1] > TimeUnit.SECONDS.toNanos(10); // stalled
            }, () -> n + " tasks started, got " + starts.size());
            Set<UUID> held = SharedGroupStall.collectHeldByBroker(broker, "$share/" + group + "/" + startTopic,
                    () -> ids.stream().filter(id -> !starts.containsKey(id)).collect(java.util.stream.Collectors.toSet()));
            for (UUID id : ids) {
                if (!held.contains(id)) {
                    assertEquals(1, starts.containsKey(id) ? starts.get(id).get() : 0, "task " + id + " started once");
                }
            }
            synchronized (perInstance) {
                LOG.info("shared group on {} {}: tasks per instance {}", broker.name(), version,
                        java.util.Arrays.toString(perInstance));
            }
        } finally {
            for (ButlerMqttClient c : clients) {
                c.close();
            }
        }
        for (UUID id : ids) {
            AtomicInteger count = starts.get(id);
            assertTrue(count == null || count.get() == 1, "task " + id + " started at most once, also after close");
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void listenerThrowsOrHangs_laterCommandsStillStartAndFlow(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String root = root();
        String startTopic = root + "/start_task";
        UUID throwing = UUID.randomUUID();
        UUID hanging = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        List<UUID> completed = new CopyOnWriteArrayList<>();
        MqttSettings s = settings(broker, version, root)
                .taskStart(MqttSettings.TaskStart.DEFAULT.withListenerTimeout(Duration.ofMillis(800)))
                .build();
        try (LogCapture log = LogCapture.of(TaskStartDispatcher.class);
                ButlerMqttClient client = ButlerMqttClient.start(s, r -> {
                    if (r.taskId().equals(throwing)) {
                        throw new IllegalStateException("QRS said 404 for task " + r.taskId());
                    }
                    if (r.taskId().equals(hanging)) {
                        release.await(); // stands for a QRS call that never returns
                    }
                    completed.add(r.taskId());
                });
                RawClient sender = RawClient.connect(broker)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            awaitSubscribed(sender, startTopic, client);

            sender.publish(startTopic, throwing.toString());
            sender.publish(startTopic, hanging.toString());
            List<UUID> later = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                UUID id = UUID.randomUUID();
                later.add(id);
                sender.publish(startTopic, id.toString());
            }
            Await.until(DEADLINE, () -> completed.containsAll(later),
                    () -> "50 later commands, got " + completed.size());
            Await.until(DEADLINE, () -> client.stats().listenerTimeouts() == 1, "the hanging call timed out");
            assertEquals(1, client.stats().listenerFailures());
            // acknowledgements flow again after the timeout: more commands still arrive
            List<UUID> after = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                UUID id = UUID.randomUUID();
                after.add(id);
                sender.publish(startTopic, id.toString());
            }
            Await.until(DEADLINE, () -> completed.containsAll(after), () -> "50 more commands");
            assertEquals(ClientState.CONNECTED, client.state());
            // the deliberate failure is logged (ERROR with the exception), not printed on the console
            List<LogCapture.Line> errors = log.lines(Level.ERROR);
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).message().contains(throwing.toString()), errors.get(0).message());
            assertInstanceOf(IllegalStateException.class, errors.get(0).thrown());
            assertEquals(1, log.count(Level.WARN, m -> m.contains(hanging.toString())
                    && m.contains("taskStart.listenerTimeout")));
        } finally {
            release.countDown();
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(120)
    void ownExecutor_runsTheListener(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String root = root();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-task-starter"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try (ButlerMqttClient client = ButlerMqttClient.start(settings(broker, version, root).build(),
                        r -> threads.add(Thread.currentThread().getName()), executor);
                RawClient sender = RawClient.connect(broker)) {
            awaitSubscribed(sender, root + "/start_task", client);
            Await.until(DEADLINE, () -> !threads.isEmpty(), "a call");
            assertEquals("my-task-starter", threads.get(0));
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(180)
    void cleanSession_brokerRestart_commandsStillArrive(Brokers.Kind kind, MqttVersion version) throws Exception {
        // With a clean session the HiveMQ client ends its incoming flow when the connection is lost; the
        // transport must register a new one, or nothing arrives after the reconnect.
        TestBroker broker = kind.broker();
        assumeTrue(broker.supportsRestart(), broker.name() + " cannot be restarted");
        String root = root();
        List<TaskStartRequest> calls = new CopyOnWriteArrayList<>();
        try (ButlerMqttClient client = ButlerMqttClient.start(settings(broker, version, root).build(), calls::add)) {
            Await.until(DEADLINE, () -> client.state() == ClientState.CONNECTED, "connected");
            broker.restart();
            Await.until(DEADLINE, () -> client.stats().reconnects() >= 1 && client.state() == ClientState.CONNECTED,
                    () -> "reconnected: " + client.state() + " " + client.stats());
            UUID id = UUID.randomUUID();
            try (RawClient sender = RawClient.connect(broker)) {
                sender.publish(root + "/start_task", id.toString());
            }
            Await.until(DEADLINE, () -> calls.stream().anyMatch(r -> r.taskId().equals(id)),
                    () -> "the command sent after the restart, got " + calls);
        } finally {
            broker.start();
        }
    }
}
