package io.butlermqtt.examples.bench;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.EventServerSettings;
import io.butlermqtt.EventServerStats;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.ReloadTaskEnricher;
import io.butlermqtt.SenseEventListener;
import io.butlermqtt.SenseEventServer;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.examples.EmbeddedBroker;
import io.butlermqtt.examples.PlainMqttClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How many log appender datagrams the event server turns into events, what it drops, and how long a datagram
 * takes to reach the handler.
 *
 * <p>One sender thread sends realistic scheduler datagrams (a failed reload, ~330 bytes, fresh task name and
 * execution ID each) over loopback UDP, at full speed (a burst of N) and at a few paced rates, to a
 * {@link SenseEventServer} whose handler is either
 * <ul>
 *   <li>"in-process": a listener that takes the send time out of the event (no work);</li>
 *   <li>"QRS 20 ms": the same, behind an enricher that completes 20 ms later on another thread, as a QRS
 *       look-up would (the real Butler makes three QRS requests per alert);</li>
 *   <li>"MQTT": the server publishes through {@link ButlerMqttClient} to the embedded HiveMQ CE, and a plain
 *       subscriber takes the send time out of the short message (datagram to subscriber).</li>
 * </ul>
 * Each with Butler's queue ({@code maxSize} 200, {@code maxConcurrent} 10) and, for the bursts, a large one
 * (100,000), to separate the server's speed from its drops. Reported: sent, received by the server
 * (the rest the kernel dropped because the socket buffer overflowed), processed per second (first datagram
 * sent to last one processed), drops by reason, p50 / p99 latency from send to handler.
 *
 * <p>Run from the repository root: {@code mvn -B -q -DskipTests -Pbench verify
 * -Dbench.main=io.butlermqtt.examples.bench.EventServerBenchmark [-Dbench.args=--quick]}. The last line is
 * {@code RESULT ...} with the main figures.
 */
public final class EventServerBenchmark {

    private static final int SMALL_QUEUE = 200;
    private static final int LARGE_QUEUE = 100_000;

    private final boolean quick;
    private final int burst;
    private final int seconds;
    private long seq;

    private EventServerBenchmark(boolean quick) {
        this.quick = quick;
        this.burst = quick ? 30_000 : 100_000;
        this.seconds = quick ? 2 : 5;
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --quick} for a shorter run
     * @throws Exception when the broker or a socket fails
     */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick") || List.of(args).contains("quick");
        new EventServerBenchmark(quick).run();
        System.exit(0);
    }

    /** What one scenario measured. */
    record Result(String name, long sent, EventServerStats stats, double seconds, long p50, long p99, long delivered) {
        double perSecond() {
            return delivered / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%-46s sent %,8d  received %,8d  handled %,8d  %,8.0f/s  queueFull %,7d"
                    + "  publishFailed %,6d  kernel-dropped %,7d  p50 %9s  p99 %9s", name, sent, stats.received(),
                    delivered, perSecond(), stats.queueFull(), stats.publishFailed(), sent - stats.received(), us(p50),
                    us(p99));
        }
    }

    private void run() throws Exception {
        System.out.printf("Event server benchmark (%s): Java %s, %d CPUs%n", quick ? "quick" : "full",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        // warm-up: the JIT compiles the receive loop, the parser and the event builders
        inProcess("warm-up", burst, 0, LARGE_QUEUE, false);
        results.add(inProcess("in-process, burst, Butler's queue (200/10)", burst, 0, SMALL_QUEUE, false));
        results.add(inProcess("in-process, burst, queue 100,000", burst, 0, LARGE_QUEUE, false));
        for (int rate : new int[] {1_000, 10_000, 20_000, 50_000}) {
            results.add(inProcess("in-process, " + fmt(rate) + "/s", rate * seconds, rate, SMALL_QUEUE, false));
        }
        results.add(inProcess("in-process, 20,000/s, queue 2,000", 20_000 * seconds, 20_000, 2_000, false));
        results.add(inProcess("QRS 20 ms, burst of 2,000, Butler's queue", 2_000, 0, SMALL_QUEUE, true));
        results.add(inProcess("QRS 20 ms, 400/s", 400 * seconds, 400, SMALL_QUEUE, true));
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            mqtt(broker, "warm-up", burst / 5, 0, LARGE_QUEUE);
            results.add(mqtt(broker, "MQTT QoS 0, burst, Butler's queue (200/10)", burst / 2, 0, SMALL_QUEUE));
            results.add(mqtt(broker, "MQTT QoS 0, burst, queue 100,000", burst / 2, 0, LARGE_QUEUE));
            for (int rate : new int[] {1_000, 5_000, 20_000}) {
                results.add(mqtt(broker, "MQTT QoS 0, " + fmt(rate) + "/s", rate * seconds, rate, SMALL_QUEUE));
            }
        }
        System.out.println();
        results.forEach(r -> System.out.println(r.line()));
        Result burstLarge = results.get(1);
        Result paced = results.get(3);
        Result mqttPaced = results.get(results.size() - 3);
        System.out.printf(Locale.ROOT, "RESULT burst_per_s=%.0f burst_butler_queue_handled=%d/%d paced_10k_p99_us=%d"
                + " paced_20k_handled=%d/%d mqtt_1k_p99_us=%d qrs20ms_burst_per_s=%.0f%n", burstLarge.perSecond(),
                results.get(0).delivered(), results.get(0).sent(), paced.p99() / 1000, results.get(4).delivered(),
                results.get(4).sent(), mqttPaced.p99() / 1000, results.get(7).perSecond());
    }

    // --- scenarios ------------------------------------------------------------------------------------------

    private Result inProcess(String name, int n, int rate, int queueSize, boolean slowQrs) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger handled = new AtomicInteger();
        AtomicLong lastNanos = new AtomicLong();
        SenseEventListener listener = r -> {
            SenseEvent e = r.event();
            if (e instanceof ReloadTaskFailed) {
                long now = System.nanoTime();
                long sent = sentNanos(((ReloadTaskFailed) e).taskName());
                int i = handled.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = now - sent;
                }
                lastNanos.accumulateAndGet(now, Math::max);
            }
        };
        ScheduledExecutorService qrs = Executors.newSingleThreadScheduledExecutor();
        ReloadTaskEnricher enricher = slowQrs
                ? notice -> {
                    CompletableFuture<Optional<SenseEvent>> f = new CompletableFuture<>();
                    qrs.schedule(() -> f.complete(Optional.of(notice.toEvent())), 20, TimeUnit.MILLISECONDS);
                    return f;
                }
                : ReloadTaskEnricher.withoutQrs();
        try (SenseEventServer server = SenseEventServer.start(settings(queueSize), enricher, listener)) {
            long start = send(server.taskEventAddress().orElseThrow(), n, rate);
            EventServerStats stats = settle(server);
            double secs = (Math.max(lastNanos.get(), start) - start) / 1e9;
            int count = Math.min(handled.get(), n);
            Result r = new Result(name, n, stats, secs, Stats.percentile(latencies, count, 50),
                    Stats.percentile(latencies.clone(), count, 99), handled.get());
            if (!name.equals("warm-up")) {
                System.out.println(r.line());
            }
            return r;
        } finally {
            qrs.shutdownNow();
        }
    }

    private Result mqtt(EmbeddedBroker broker, String name, int n, int rate, int queueSize) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger handled = new AtomicInteger();
        AtomicLong lastNanos = new AtomicLong();
        MqttSettings mqtt = MqttSettings.builder().brokerHost(broker.host()).brokerPort(broker.port())
                .delivery(MqttSettings.Delivery.BUTLER).taskFailureSendFull(true).build();
        try (PlainMqttClient subscriber = PlainMqttClient.connect("bench-sub", broker.host(), broker.port());
                ButlerMqttClient client = ButlerMqttClient.start(mqtt)) {
            subscriber.subscribe("qliksense/task_failure", m -> {
                long sent = sentNanos(new String(m.payload(), StandardCharsets.UTF_8));
                int i = handled.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = m.receivedNanos() - sent;
                }
                lastNanos.accumulateAndGet(m.receivedNanos(), Math::max);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.state() != ClientState.CONNECTED && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            try (SenseEventServer server = SenseEventServer.start(settings(queueSize), ReloadTaskEnricher.withoutQrs(),
                    client.publisher())) {
                long start = send(server.taskEventAddress().orElseThrow(), n, rate);
                EventServerStats stats = settle(server);
                long processed = stats.processed();
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (handled.get() < processed && System.nanoTime() < waitUntil) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                double secs = (Math.max(lastNanos.get(), start) - start) / 1e9;
                int count = Math.min(handled.get(), n);
                Result r = new Result(name, n, stats, secs, Stats.percentile(latencies, count, 50),
                        Stats.percentile(latencies.clone(), count, 99), handled.get());
                if (!name.equals("warm-up")) {
                    System.out.println(r.line());
                }
                return r;
            }
        }
    }

    private static EventServerSettings settings(int queueSize) {
        return EventServerSettings.builder().serverHost("127.0.0.1").portTaskFailure(0)
                .messageQueue(new EventServerSettings.MessageQueue(10, queueSize, 80))
                .closeTimeout(Duration.ofSeconds(30)).build();
    }

    /** Waits until the server has read everything the socket will give and processed it. */
    private static EventServerStats settle(SenseEventServer server) {
        long last = -1;
        long since = System.nanoTime();
        while (true) {
            EventServerStats s = server.stats();
            if (s.received() != last) {
                last = s.received();
                since = System.nanoTime();
            } else if (s.pending() == 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(300)) {
                return s;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    // --- sending --------------------------------------------------------------------------------------------

    /** Sends n datagrams, at full speed (rate 0) or paced; returns the time the first was sent. */
    private long send(InetSocketAddress to, int n, int rate) {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.connect(to);
            long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (interval > 0) {
                    long due = start + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        // park, do not spin: a spinning sender would take a core from the server on a small
                        // machine; overshooting sends the datagrams that are due back to back
                        LockSupport.parkNanos(wait);
                    }
                }
                ch.write(ByteBuffer.wrap(datagram(System.nanoTime())));
            }
            return start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failed reload as the scheduler sends it; the task name carries the send time. */
    private byte[] datagram(long sentNanos) {
        long n = seq++;
        return ("/scheduler-reload-failed/;sense-central;bench " + sentNanos + ";Sales dashboard " + (n % 97)
                + ";LAB\\svc_reload;" + UUID.randomUUID() + ";7d0f4c2a-9b1e-4e6a-8c3d-2f5b6a7c8d9e;"
                + "2024-06-02 06:00:17,123;ERROR;" + UUID.randomUUID() + ";Max retries reached. Error: the connector"
                + " could not reach the data source (" + n + ")").getBytes(StandardCharsets.UTF_8);
    }

    private static long sentNanos(String taskName) {
        int space = taskName.indexOf(' ');
        return Long.parseLong(taskName.substring(space + 1));
    }

    private static String us(long nanos) {
        return nanos < 0 ? "-" : Stats.us(nanos);
    }

    private static String fmt(int v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
