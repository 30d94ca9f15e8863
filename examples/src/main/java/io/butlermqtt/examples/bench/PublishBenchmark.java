package io.butlermqtt.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.examples.EmbeddedBroker;
import io.butlermqtt.examples.PlainMqttClient;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes realistic reload-failed events through butler-mqtt and, alternating round by round in
 * the same process, the same messages pre-serialised through a bare HiveMQ async client; then
 * measures delivery latency at a fixed rate. Raw half only: the library half is added when the
 * client lands.
 */
public final class PublishBenchmark {

    static final String SHORT_TOPIC = "qliksense/task_failure";
    static final String FULL_TOPIC = "qliksense/task_failure_full";

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private final Options opt;
    private long seq = 1;

    private PublishBenchmark(Options opt) {
        this.opt = opt;
    }

    /** Command-line options. */
    record Options(boolean quick, int events, int rounds, int latencySeconds, int rate, List<String> brokers) {
        static Options parse(String[] args) {
            boolean quick = false;
            Integer events = null;
            Integer rounds = null;
            List<String> brokers = new ArrayList<>(List.of("hivemq", "mosquitto"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i].startsWith("--") ? args[i].substring(2) : args[i];
                switch (a) {
                    case "quick" -> quick = true;
                    case "events" -> events = Integer.parseInt(args[++i]);
                    case "rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "broker" -> brokers = List.of(args[++i].split(","));
                    case "" -> { }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; expected --quick, --events N, --rounds N, --broker hivemq,mosquitto");
                }
            }
            return new Options(quick, events != null ? events : quick ? 10_000 : 25_000,
                    rounds != null ? rounds : quick ? 3 : 5, quick ? 4 : 10, 500, brokers);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --quick} for a ~1 minute run; {@code --events N}, {@code --rounds N},
     *     {@code --broker hivemq,mosquitto}
     * @throws Exception when a measurement cannot be completed
     */
    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        new PublishBenchmark(opt).run();
        System.exit(0);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        printHeader();
        byte[][] sample = serialise(0);
        System.out.printf(Locale.ROOT, "event: short %d B + full %d B (ReloadTaskFailed, nested task metadata, fresh values per event)%n",
                sample[0].length, sample[1].length);

        List<double[]> ratios = new ArrayList<>();
        for (String broker : opt.brokers()) {
            if (broker.equals("hivemq")) {
                System.out.println();
                System.out.println("== broker: embedded HiveMQ CE 2025.5 (in this JVM, in-memory persistence)");
                long t0 = System.nanoTime();
                try (EmbeddedBroker b = EmbeddedBroker.start()) {
                    System.out.printf(Locale.ROOT, "   started in %.1f s on port %d%n", (System.nanoTime() - t0) / 1e9, b.port());
                    runAgainst("hivemq-ce", b.host(), b.port(), ratios);
                }
            } else if (broker.equals("mosquitto")) {
                Optional<Path> bin = MosquittoBroker.binary();
                System.out.println();
                if (bin.isEmpty()) {
                    System.out.println("== broker: mosquitto not installed, skipped (apt-get install mosquitto)");
                    continue;
                }
                System.out.println("== broker: " + MosquittoBroker.version(bin.get())
                        + " (child process, set_tcp_nodelay true, persistence false)");
                try (MosquittoBroker b = MosquittoBroker.start(bin.get())) {
                    runAgainst("mosquitto", b.host(), b.port(), ratios);
                }
            } else {
                throw new IllegalArgumentException("unknown broker " + broker + "; expected hivemq or mosquitto");
            }
        }
        System.out.printf(Locale.ROOT, "%ntotal time %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void printHeader() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.println("butler-mqtt PublishBenchmark " + (opt.quick() ? "(--quick)" : "(full)"));
        System.out.printf(Locale.ROOT, "machine: %s %s, %d cores; JVM %s %s, heap max %d MB%n",
                os.getName(), os.getArch(), os.getAvailableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "HiveMQ MQTT client %s; %d events per round, %d rounds (+1 warm-up) alternating raw/library%n",
                Optional.ofNullable(com.hivemq.client.mqtt.MqttClient.class.getPackage().getImplementationVersion()).orElse("1.4.2"),
                opt.events(), opt.rounds());
    }

    /** Short and full payload of event {@code seq}, serialised the way the raw side sends them. */
    static byte[][] serialise(long seq) {
        SampleReloadFailure f = SampleReloadFailure.next(seq);
        try {
            return new byte[][] {f.taskName().getBytes(StandardCharsets.UTF_8),
                JACKSON.writeValueAsBytes(f.butlerFullPayload())};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void runAgainst(String broker, String host, int port, List<double[]> ratios) throws Exception {
        for (boolean v5 : new boolean[] {false, true}) {
            for (int qos : new int[] {0, 1}) {
                try (Side raw = new RawSide(RawPublisher.connect(host, port, v5), SHORT_TOPIC, FULL_TOPIC, qos,
                        PublishBenchmark::serialise)) {
                    List<Side> sides = List.of(raw);
                    double[][] perSide = throughputRounds(sides);
                    double rawMedian = Stats.median(perSide[0]);
                    System.out.printf(Locale.ROOT, "   %-9s MQTT %-5s QoS %d  raw %9s ev/s %s%n",
                            broker, v5 ? "5" : "3.1.1", qos, Stats.fmt(rawMedian), Stats.list(perSide[0]));
                }
            }
        }
        latency(broker, host, port);
    }

    /** Runs a warm-up round and then {@code rounds} measured rounds, alternating which side goes first. */
    private double[][] throughputRounds(List<Side> sides) {
        double[][] result = new double[sides.size()][opt.rounds()];
        for (int round = -1; round < opt.rounds(); round++) {
            for (int k = 0; k < sides.size(); k++) {
                int idx = (round & 1) == 0 ? k : sides.size() - 1 - k;
                Side side = sides.get(idx);
                int n = round < 0 ? Math.min(opt.events(), 5_000) : opt.events();
                long first = seq;
                seq += n;
                side.prepare(first, n);
                System.gc();
                long t0 = System.nanoTime();
                for (long s = first; s < first + n; s++) {
                    side.publish(s);
                }
                side.awaitAll(120);
                long elapsed = System.nanoTime() - t0;
                if (round >= 0) {
                    result[idx][round] = n / (elapsed / 1e9);
                }
                side.prepare(0, 0);
            }
        }
        return result;
    }

    /** Publish→subscriber latency of the full message at a fixed event rate, QoS 1, MQTT 3.1.1. */
    private void latency(String broker, String host, int port) throws Exception {
        int n = opt.rate() * opt.latencySeconds();
        try (PlainMqttClient sub = PlainMqttClient.connect("latency-sub", host, port);
             Side raw = new RawSide(RawPublisher.connect(host, port, false), SHORT_TOPIC, FULL_TOPIC, 1,
                     PublishBenchmark::serialise)) {
            for (Side side : List.of(raw)) {
                long[] sentAt = new long[n];
                long[] latencies = new long[n];
                AtomicInteger received = new AtomicInteger();
                long first = seq;
                seq += n;
                ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
                sub.subscribe(FULL_TOPIC, m -> {
                    long s = seqOfFull(m.payload());
                    int i = (int) (s - first);
                    if (i >= 0 && i < n && seen.putIfAbsent(s, Boolean.TRUE) == null) {
                        latencies[received.getAndIncrement()] = m.receivedNanos() - sentAt[i];
                    }
                });
                side.prepare(first, n);
                long periodNs = 1_000_000_000L / opt.rate();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = t0 + i * periodNs;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    sentAt[i] = System.nanoTime();
                    side.publish(first + i);
                }
                side.awaitAll(30);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (received.get() < n && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                int got = received.get();
                long p50 = Stats.percentile(latencies, got, 50);
                long p99 = Stats.percentile(latencies, got, 99);
                System.out.printf(Locale.ROOT, "   %-9s latency %-7s %d ev/s, QoS 1: p50 %s  p99 %s  (%d/%d received)%n",
                        broker, side.name(), opt.rate(), Stats.us(p50), Stats.us(p99), got, n);
            }
        }
    }

    /** Finds {@code #<seq>} after {@code "taskName":"} in a full payload. */
    static long seqOfFull(byte[] json) {
        byte[] key = "\"taskName\":\"".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < json.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (json[i + j] != key[j]) {
                    continue outer;
                }
            }
            int k = i + key.length;
            while (k < json.length && json[k] != '#') {
                k++;
            }
            long v = 0;
            for (k++; k < json.length && json[k] >= '0' && json[k] <= '9'; k++) {
                v = v * 10 + (json[k] - '0');
            }
            return v;
        }
        return -1;
    }
}
