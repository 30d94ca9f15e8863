package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code close()} while start-task commands stream in must lose none: a member of a shared group that
 * leaves hands the commands not yet given to it back to the others and handles (and acknowledges) those
 * it already received; a client with a persistent session acknowledges what its listener handled before
 * it disconnects, so that nothing reaches the listener twice after a restart.
 */
class CloseWhileCommandsFlowIT {

    private static final Logger LOG = LoggerFactory.getLogger(CloseWhileCommandsFlowIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /**
     * Simulated work per listener call (a QRS request takes milliseconds). Each instance runs its calls one
     * at a time (a single-thread executor), so the commands arrive faster than an instance handles them:
     * the broker holds a backlog for each member, and calls are in progress when one is closed.
     */
    private static final long LISTENER_WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    /**
     * In the shared group, 10 ms per call: 100 calls/s per member against about 333 arriving per member and
     * second, so the broker holds a backlog of several hundred commands for the member that closes.
     */
    private static final long GROUP_LISTENER_WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SEND_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static Stream<Arguments> brokersAndVersions() {
        return Brokers.localWithVersions();
    }

    private static MqttSettings.Builder settings(TestBroker broker, MqttVersion version, String root) {
        return ButlerMqttClientIT.settings(broker, version)
                .topics(t -> t.subscriptionRootTopic(root + "/#").taskStartTopic(root + "/start_task"))
                .outbox(new MqttSettings.Outbox(10_000, Duration.ofSeconds(30)));
    }

    /** Records every listener call: how often each task ID arrived, and at which instance. */
    private static final class Calls {
        final Map<UUID, AtomicInteger> count = new ConcurrentHashMap<>();
        final int[] perInstance;
        final long workNanos;

        Calls(int instances, long workNanos) {
            perInstance = new int[instances];
            this.workNanos = workNanos;
        }

        TaskStartListener listener(int instance) {
            return r -> {
                LockSupport.parkNanos(workNanos); // simulated work, not a wait for a condition
                count.computeIfAbsent(r.taskId(), k -> new AtomicInteger()).incrementAndGet();
                synchronized (perInstance) {
                    perInstance[instance]++;
                }
            };
        }

        int busiest() {
            synchronized (perInstance) {
                int b = 0;
                for (int i = 1; i < perInstance.length; i++) {
                    if (perInstance[i] > perInstance[b]) {
                        b = i;
                    }
                }
                return b;
            }
        }

        int total() {
            synchronized (perInstance) {
                int t = 0;
                for (int n : perInstance) {
                    t += n;
                }
                return t;
            }
        }

        long lost(List<UUID> ids) {
            return ids.stream().filter(id -> !count.containsKey(id)).count();
        }

        long duplicates() {
            return count.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        }
    }

    /**
     * Sends {@code n} task IDs at QoS 1 from another thread, each after the PUBACK of the previous one and
     * at most about one per millisecond (a steady stream, so that sending goes on while a member closes).
     */
    private static CompletableFuture<Void> send(RawClient sender, String topic, List<UUID> ids, int n) {
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        return CompletableFuture.runAsync(() -> {
            for (UUID id : ids) {
                try {
                    sender.publish(topic, id.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                LockSupport.parkNanos(SEND_PACE_NANOS); // pacing of the load, not a wait for a condition
            }
        });
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(240)
    void sharedGroup_oneOfThreeClosedMidStream_noCommandLost(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        String root = "it/" + UUID.randomUUID();
        String startTopic = root + "/start_task";
        String group = "g" + UUID.randomUUID().toString().substring(0, 8);
        MqttSettings base = settings(broker, version, root)
                .taskStart(MqttSettings.TaskStart.DEFAULT.withSharedSubscriptionGroup(group))
                .build();
        int n = 3000;
        Calls calls = new Calls(3, GROUP_LISTENER_WORK_NANOS);
        List<ButlerMqttClient> clients = new ArrayList<>();
        List<ExecutorService> executors = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        try (RawClient sender = RawClient.connect(broker)) {
            for (int c = 0; c < 3; c++) {
                executors.add(Executors.newSingleThreadExecutor());
                clients.add(ButlerMqttClient.start(base.toBuilder().clientId("it-group-" + c + "-" + UUID.randomUUID())
                        .build(), calls.listener(c), executors.get(c)));
            }
            for (ButlerMqttClient c : clients) {
                Await.until(DEADLINE, () -> c.state() == ClientState.CONNECTED, "connected and subscribed");
            }
            CompletableFuture<Void> sending = send(sender, startTopic, ids, n);
            Await.until(DEADLINE, () -> calls.total() >= n / 10, () -> n / 10 + " commands handled, got " + calls.total());
            int busiest = calls.busiest(); // HiveMQ CE may give one member everything: close that one
            long closeStart = System.nanoTime();
            clients.get(busiest).close(); // mid-stream
            long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
            sending.get(120, TimeUnit.SECONDS);
            awaitProgressEnds(calls, ids);
            Set<UUID> heldByBroker = SharedGroupStall.collectHeldByBroker(broker, "$share/" + group + "/" + startTopic,
                    () -> missing(calls, ids));
            Set<UUID> lost = missing(calls, ids);
            lost.removeAll(heldByBroker);
            int[] per;
            synchronized (calls.perInstance) {
                per = calls.perInstance.clone();
            }
            LOG.info("shared group on {} {}: one of three closed mid-stream (close took {} ms): lost {} of {}, duplicates {}, "
                    + "per instance {} (closed: {}){}", broker.name(), version, closeMs, lost.size(), n, calls.duplicates(),
                    java.util.Arrays.toString(per), busiest, heldByBroker.isEmpty() ? ""
                            : ", " + heldByBroker.size() + " held by the stalled broker and given to a new member");
            assertEquals(Set.of(), lost, "commands no member received");
        } finally {
            for (ButlerMqttClient c : clients) {
                c.close();
            }
            executors.forEach(ExecutorService::shutdownNow);
        }
    }

    private static Set<UUID> missing(Calls calls, List<UUID> ids) {
        Set<UUID> m = new HashSet<>(ids);
        m.removeAll(calls.count.keySet());
        return m;
    }

    /** Waits until every command arrived, or no new one arrived for 10 s (a stalled broker), within the deadline. */
    private static void awaitProgressEnds(Calls calls, List<UUID> ids) {
        long[] last = {calls.total(), System.nanoTime()};
        Await.until(DEADLINE, () -> {
            if (calls.lost(ids) == 0) {
                return true;
            }
            int now = calls.total();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(10);
        }, "commands stop arriving");
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @MethodSource("brokersAndVersions")
    @Timeout(240)
    void persistentSession_closedMidStreamAndRestarted_everyCommandOnce(Brokers.Kind kind, MqttVersion version)
            throws Exception {
        TestBroker broker = kind.broker();
        String root = "it/" + UUID.randomUUID();
        String startTopic = root + "/start_task";
        MqttSettings s = settings(broker, version, root)
                .connection(MqttSettings.Connection.DEFAULT.withMqttVersion(version)
                        .withClientId("it-restart-" + UUID.randomUUID()).withPersistentSession(true))
                .build();
        int n = 2000;
        Calls calls = new Calls(2, LISTENER_WORK_NANOS);
        List<UUID> ids = new ArrayList<>();
        try (RawClient sender = RawClient.connect(broker)) {
            ExecutorService oneAtATime = Executors.newSingleThreadExecutor();
            ButlerMqttClient first = ButlerMqttClient.start(s, calls.listener(0), oneAtATime);
            Await.until(DEADLINE, () -> first.state() == ClientState.CONNECTED, "connected and subscribed");
            CompletableFuture<Void> sending = send(sender, startTopic, ids, n);
            Await.until(DEADLINE, () -> calls.total() >= n / 4, () -> n / 4 + " commands handled, got " + calls.total());
            first.close();
            oneAtATime.shutdownNow();
            int beforeRestart = calls.total();
            try (ButlerMqttClient second = ButlerMqttClient.start(s, calls.listener(1))) {
                sending.get(120, TimeUnit.SECONDS);
                Await.until(DEADLINE, () -> calls.lost(ids) == 0,
                        () -> calls.lost(ids) + " of " + n + " commands never reached a listener");
                LOG.info("persistent session on {} {}: closed after {} commands and restarted ({} after the restart): "
                        + "lost {} of {}, handled twice {}", broker.name(), version, beforeRestart,
                        second.stats().taskStartsDelivered(), calls.lost(ids), n, calls.duplicates());
                assertEquals(0, calls.lost(ids));
                assertEquals(0, calls.duplicates(), "commands handled before close() were acknowledged before it "
                        + "disconnected, so the broker does not deliver them again");
            }
        }
    }
}
