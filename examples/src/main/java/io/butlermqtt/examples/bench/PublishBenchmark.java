package io.butlermqtt.examples.bench;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientStats;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.OutboxFullException;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.examples.EmbeddedBroker;
import io.butlermqtt.examples.PlainMqttClient;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How close butler-mqtt comes to the client it sits on, and how fast it delivers.
 *
 * <p>Against each local broker (the embedded HiveMQ CE, and mosquitto when installed, started
 * with {@code set_tcp_nodelay true}), in one process:
 * <ol>
 *   <li>throughput (with the CPU time per event of each thread group, {@link CpuAccount}): N realistic failed reloads (task name + ~2.6 KB JSON with nested task
 *       metadata, fresh values per event) through {@code ButlerMqttClient} ("library": events
 *       built beforehand, the loop times {@code publish(event)}; "library+build": the event is also
 *       built in the loop; "library, republished": the same events every round), and the very same
 *       messages, serialised beforehand, through a bare HiveMQ async client ("raw"); two more bare
 *       clients encode in the loop, as yardsticks that any run can be read against: "raw+getBytes"
 *       turns the ready JSON text into bytes ({@code String.getBytes}, the least any encoder does)
 *       and "raw+Jackson" serialises the event's values with Jackson (byte for byte the library's
 *       payload, checked at start: what an application would do without butler-mqtt); rounds
 *       rotate among the six; QoS 0 and 1, MQTT 3.1.1 and 5; the median of the rounds is
 *       reported, and the ratios library/raw and library/raw+Jackson;</li>
 *   <li>publish→subscriber latency of the full message at 500 events/s, QoS 1;</li>
 *   <li>start-task latency: a task ID published by a plain client → {@code onTaskStart} called,
 *       500 per second;</li>
 * </ol>
 * then, without a broker, what {@code messagesFor} and building the event cost on fresh events
 * (wall time per event, median of batches; JMH's {@code MessagesForBenchmark} is the careful
 * figure), also as a multiple of {@code String.getBytes} of the same payloads, the heap that 100,000 events cost while the broker is down, and that a full outbox
 * refuses at once.
 *
 * <p>Run from the repository root: {@code mvn -B -q -DskipTests -Pbench verify -Dbench.args=--quick}
 * (about a minute) or without {@code bench.args} for the full run. The last line is
 * {@code RESULT ratio_q0=.. ratio_q1=.. encode_ns=.. build_encode_ns=.. latency_p99_us=.. taskstart_p99_us=..
 * bridge_dps=.. bridge_p99_us=..} (a {@link ResultLine} the sections add their figures to; the last two
 * from {@link BridgeBenchmark}, section {@code bridge}) for one broker: mosquitto when installed, else
 * the embedded HiveMQ CE (ratios: the worst over MQTT 3.1.1 and 5); the line before it names the
 * broker, and the lines before that give the worst figures on each broker.
 */
public final class PublishBenchmark {

    static final String SHORT_TOPIC = "qliksense/task_failure";
    static final String FULL_TOPIC = "qliksense/task_failure_full";

    private static final SenseEventPublisher DRY_RUN = SenseEventPublisher.dryRun(MqttSettings.builder().build());
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Options opt;
    private long seq = 1;
    /** Worst figures per broker, for the RESULT line. */
    private static final class Worst {
        double ratioQ0 = Double.MAX_VALUE;
        double ratioQ1 = Double.MAX_VALUE;
        /** library / bare client with Jackson in the loop. */
        double toJacksonQ0 = Double.MAX_VALUE;
        double toJacksonQ1 = Double.MAX_VALUE;
        /** bare client with String.getBytes in the loop / bare client with bytes made beforehand. */
        double getBytesQ0 = Double.MAX_VALUE;
        double getBytesQ1 = Double.MAX_VALUE;
        long latencyP99 = -1;
        long taskStartP99 = -1;
    }

    private final java.util.Map<String, Worst> worst = new java.util.LinkedHashMap<>();

    private PublishBenchmark(Options opt) {
        this.opt = opt;
    }

    /** Command-line options. */
    record Options(boolean quick, int events, int rounds, int warmUpRounds, int latencySeconds, int rate, int heapEvents,
            List<String> brokers, List<String> sections) {
        boolean runs(String section) {
            return sections.contains(section);
        }

        static Options parse(String[] args) {
            boolean quick = false;
            Integer events = null;
            Integer rounds = null;
            List<String> brokers = List.of("hivemq", "mosquitto");
            List<String> sections = List.of("throughput", "latency", "taskstart", "offline", "bridge");
            for (int i = 0; i < args.length; i++) {
                String a = args[i].startsWith("--") ? args[i].substring(2) : args[i];
                switch (a) {
                    case "quick" -> quick = true;
                    case "events" -> events = Integer.parseInt(args[++i]);
                    case "rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "broker" -> brokers = List.of(args[++i].split(","));
                    case "only" -> sections = List.of(args[++i].split(","));
                    case "" -> { }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; expected --quick, --events N, --rounds N, --broker hivemq,mosquitto,"
                            + " --only throughput,latency,taskstart,offline,bridge");
                }
            }
            return new Options(quick, events != null ? events : quick ? 6_000 : 15_000,
                    rounds != null ? rounds : quick ? 3 : 5, quick ? 1 : 2, quick ? 2 : 10, 500, 100_000, brokers, sections);
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
        System.out.printf(Locale.ROOT, "event: ReloadTaskFailed -> short %d B + full %d B (nested task metadata, fresh values per event)%n",
                sample[0].length, sample[1].length);
        if (opt.runs("throughput")) {
            boolean same = jacksonWritesTheSameBytes();
            System.out.println("Jackson (side raw+Jackson) writes the library's bytes: " + same);
            if (!same) {
                throw new IllegalStateException("Jackson's bytes differ from the library's: the raw+Jackson side would not compare like with like");
            }
        }

        for (String broker : opt.brokers()) {
            if (broker.equals("hivemq")) {
                System.out.println();
                System.out.println("== broker: embedded HiveMQ CE 2025.5 (in this JVM, in-memory persistence)");
                long t0 = System.nanoTime();
                try (EmbeddedBroker b = EmbeddedBroker.start()) {
                    System.out.printf(Locale.ROOT, "   started in %.1f s on port %d%n", (System.nanoTime() - t0) / 1e9, b.port());
                    runAgainst("hivemq-ce", b.host(), b.port(), -1);
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
                    runAgainst("mosquitto", b.host(), b.port(), b.pid());
                }
            } else {
                throw new IllegalArgumentException("unknown broker " + broker + "; expected hivemq or mosquitto");
            }
        }

        ResultLine result = new ResultLine("ratio_q0", "ratio_q1", "encode_ns", "build_encode_ns", "latency_p99_us",
                "taskstart_p99_us", "bridge_dps", "bridge_p99_us");
        if (opt.runs("offline")) {
            System.out.println();
            System.out.println("== without a broker");
            long[] encode = encodeNanos();
            result.set("encode_ns", encode[0]).set("build_encode_ns", encode[1]);
            outboxHeap();
            outboxBound();
        }

        // the bridge end to end (BridgeBenchmark: the bridge's jar as a process, a UDP sender, the fake QRS)
        if (opt.runs("bridge")) {
            System.out.println();
            System.out.println("== the bridge (BridgeBenchmark)");
            BridgeBenchmark.Figures f = BridgeBenchmark.measure(opt.quick() ? new String[] {"--quick"} : new String[0]);
            System.out.println("bridge: " + f.resultFields());
            result.set("bridge_dps", f.sustainedPerSecond()).set("bridge_p99_us", f.p99Nanos() / 1000);
        }

        System.out.printf(Locale.ROOT, "%ntotal time %.0f s%n", (System.nanoTime() - started) / 1e9);
        // the RESULT line reports one broker: mosquitto when it ran (a separate process, like a real
        // broker; the reference figures are on mosquitto), else the embedded HiveMQ CE;
        // ratios are the worst over MQTT 3.1.1 and 5, latencies the worst p99
        String primary = worst.containsKey("mosquitto") ? "mosquitto" : worst.keySet().stream().findFirst().orElse("none");
        Worst w = worst.getOrDefault(primary, new Worst());
        for (var e : worst.entrySet()) {
            System.out.println("worst on " + e.getKey() + ": ratio_q0=" + ratio(e.getValue().ratioQ0) + " ratio_q1="
                    + ratio(e.getValue().ratioQ1) + " latency_p99_us=" + us(e.getValue().latencyP99)
                    + " taskstart_p99_us=" + us(e.getValue().taskStartP99)
                    + " (library/raw+Jackson q0=" + ratio(e.getValue().toJacksonQ0) + " q1=" + ratio(e.getValue().toJacksonQ1)
                    + "; raw+getBytes/raw q0=" + ratio(e.getValue().getBytesQ0) + " q1=" + ratio(e.getValue().getBytesQ1) + ")");
        }
        System.out.println("the RESULT line below is for broker " + primary);
        result.set("ratio_q0", ratio(w.ratioQ0)).set("ratio_q1", ratio(w.ratioQ1))
                .set("latency_p99_us", us(w.latencyP99)).set("taskstart_p99_us", us(w.taskStartP99));
        System.out.println(result);
    }

    private void printHeader() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.println("butler-mqtt PublishBenchmark " + (opt.quick() ? "(--quick)" : "(full)"));
        System.out.printf(Locale.ROOT, "machine: %s %s, %d cores; JVM %s %s, heap max %d MB%n",
                os.getName(), os.getArch(), os.getAvailableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "HiveMQ MQTT client 1.4.2; %d events per round, %d rounds (+%d warm-up) alternating raw/library;"
                + " throughput is measured at the publisher (all futures complete), no subscriber attached%n",
                opt.events(), opt.rounds(), opt.warmUpRounds());
    }

    /**
     * Short and full payload of event {@code seq}, serialised beforehand for the raw side: the very
     * bytes the library sends (from its pure mapping), so both sides put the same messages on the wire.
     */
    static byte[][] serialise(long seq) {
        List<MqttMessage> m = DRY_RUN.messagesFor(SampleReloadFailure.next(seq).toEvent());
        return new byte[][] {m.get(0).payload(), m.get(1).payload()};
    }

    private RawSide raw(String host, int port, boolean v5, int qos) {
        return new RawSide("raw", RawPublisher.connect(host, port, v5), SHORT_TOPIC, FULL_TOPIC, qos,
                RawSide.preSerialised(PublishBenchmark::serialise));
    }

    /**
     * The bare client turning ready JSON text (the library's payloads, decoded beforehand) into bytes
     * with {@code String.getBytes(UTF_8)} in the loop: the least an application that has its JSON as
     * text can do per event.
     */
    private RawSide rawGetBytes(String host, int port, boolean v5, int qos) {
        return new RawSide("raw+getBytes", RawPublisher.connect(host, port, v5), SHORT_TOPIC, FULL_TOPIC, qos,
                new RawSide.Encoding<String[]>() {
                    @Override
                    public String[] prepare(long seq) {
                        byte[][] m = serialise(seq);
                        return new String[] {new String(m[0], StandardCharsets.UTF_8), new String(m[1], StandardCharsets.UTF_8)};
                    }

                    @Override
                    public byte[][] encode(String[] texts) {
                        return new byte[][] {texts[0].getBytes(StandardCharsets.UTF_8), texts[1].getBytes(StandardCharsets.UTF_8)};
                    }
                });
    }

    /**
     * The bare client serialising each event with Jackson in the loop (the values in Butler's key
     * order, made beforehand as the library side's events are): what an application would do without
     * butler-mqtt. The bytes are the library's ({@link #jacksonWritesTheSameBytes()}).
     */
    private RawSide rawJackson(String host, int port, boolean v5, int qos) {
        return new RawSide("raw+Jackson", RawPublisher.connect(host, port, v5), SHORT_TOPIC, FULL_TOPIC, qos,
                new RawSide.Encoding<SampleReloadFailure>() {
                    @Override
                    public SampleReloadFailure prepare(long seq) {
                        return SampleReloadFailure.next(seq);
                    }

                    @Override
                    public byte[][] encode(SampleReloadFailure v) {
                        return jackson(v);
                    }
                });
    }

    private static byte[][] jackson(SampleReloadFailure v) {
        try {
            return new byte[][] {v.taskName().getBytes(StandardCharsets.UTF_8), JACKSON.writeValueAsBytes(v.butlerFullPayload())};
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Jackson could not write the event: " + e.getMessage(), e);
        }
    }

    /** Whether Jackson writes exactly the library's bytes for a sample event (printed with the header). */
    static boolean jacksonWritesTheSameBytes() {
        SampleReloadFailure v = SampleReloadFailure.next(0);
        List<MqttMessage> m = DRY_RUN.messagesFor(v.toEvent());
        byte[][] j = jackson(v);
        return java.util.Arrays.equals(m.get(0).payload(), j[0]) && java.util.Arrays.equals(m.get(1).payload(), j[1]);
    }

    private void runAgainst(String broker, String host, int port, long brokerPid) throws Exception {
        Worst w = worst.computeIfAbsent(broker, b -> new Worst());
        if (opt.runs("throughput")) {
            // warm the broker (the embedded one compiles its own code in this JVM) and both paths up
            long t0 = System.nanoTime();
            try (Side raw = raw(host, port, false, 0); Side lib = LibrarySide.connect(host, port, false, 0, true)) {
                for (int i = 0; i < 3; i++) {
                    throughputRounds(List.of(raw, lib), 0, 1, null);
                }
            }
            System.out.printf(Locale.ROOT, "   %-9s warm-up %.1f s%n", broker, (System.nanoTime() - t0) / 1e9);
        }
        for (boolean v5 : opt.runs("throughput") ? new boolean[] {false, true} : new boolean[0]) {
            for (int qos : new int[] {0, 1}) {
                try (Side raw = raw(host, port, v5, qos);
                     Side lib = LibrarySide.connect(host, port, v5, qos, false);
                     Side libBuild = LibrarySide.connect(host, port, v5, qos, true);
                     Side libAgain = LibrarySide.connectRepublishing(host, port, v5, qos);
                     Side rawBytes = rawGetBytes(host, port, v5, qos);
                     Side rawJackson = rawJackson(host, port, v5, qos)) {
                    List<Side> sides = List.of(raw, lib, libBuild, libAgain, rawBytes, rawJackson);
                    CpuAccount[] cpu = new CpuAccount[sides.size()];
                    for (int k = 0; k < cpu.length; k++) {
                        cpu[k] = new CpuAccount(brokerPid);
                    }
                    double[][] perSide = throughputRounds(sides, opt.warmUpRounds(), opt.rounds(), cpu);
                    double rawMedian = Stats.median(perSide[0]);
                    double libMedian = Stats.median(perSide[1]);
                    double buildMedian = Stats.median(perSide[2]);
                    double againMedian = Stats.median(perSide[3]);
                    double bytesMedian = Stats.median(perSide[4]);
                    double jacksonMedian = Stats.median(perSide[5]);
                    double ratio = libMedian / rawMedian;
                    double toJackson = libMedian / jacksonMedian;
                    if (qos == 0) {
                        w.ratioQ0 = Math.min(w.ratioQ0, ratio);
                        w.toJacksonQ0 = Math.min(w.toJacksonQ0, toJackson);
                        w.getBytesQ0 = Math.min(w.getBytesQ0, bytesMedian / rawMedian);
                    } else {
                        w.ratioQ1 = Math.min(w.ratioQ1, ratio);
                        w.toJacksonQ1 = Math.min(w.toJacksonQ1, toJackson);
                        w.getBytesQ1 = Math.min(w.getBytesQ1, bytesMedian / rawMedian);
                    }
                    System.out.printf(Locale.ROOT, "   %-9s MQTT %-5s QoS %d  raw %7s ev/s  library %7s ev/s (ratio %s)  library+build %7s ev/s (ratio %s)%n",
                            broker, v5 ? "5" : "3.1.1", qos, Stats.fmt(rawMedian), Stats.fmt(libMedian), Stats.fmt2(ratio),
                            Stats.fmt(buildMedian), Stats.fmt2(buildMedian / rawMedian));
                    System.out.printf(Locale.ROOT, "             library, republished (metadata's kept bytes copied) %7s ev/s (ratio %s)%n",
                            Stats.fmt(againMedian), Stats.fmt2(againMedian / rawMedian));
                    System.out.printf(Locale.ROOT, "             raw+getBytes (ready JSON text to bytes in the loop) %7s ev/s (ratio %s)%n",
                            Stats.fmt(bytesMedian), Stats.fmt2(bytesMedian / rawMedian));
                    System.out.printf(Locale.ROOT, "             raw+Jackson (Jackson serialises in the loop) %7s ev/s (ratio %s); library / raw+Jackson %s%n",
                            Stats.fmt(jacksonMedian), Stats.fmt2(jacksonMedian / rawMedian), Stats.fmt2(toJackson));
                    System.out.printf(Locale.ROOT, "             rounds: raw %s  library %s  library+build %s  republished %s  raw+getBytes %s  raw+Jackson %s%n",
                            Stats.list(perSide[0]), Stats.list(perSide[1]), Stats.list(perSide[2]), Stats.list(perSide[3]),
                            Stats.list(perSide[4]), Stats.list(perSide[5]));
                    System.out.printf(Locale.ROOT, "             CPU per event: raw %s%n                            library %s%n"
                            + "                            republished %s%n                            raw+getBytes %s%n"
                            + "                            raw+Jackson %s%n",
                            cpu[0].perEvent(), cpu[1].perEvent(), cpu[3].perEvent(), cpu[4].perEvent(), cpu[5].perEvent());
                }
            }
        }
        if (opt.runs("latency")) {
            try (Side raw = raw(host, port, false, 1); Side lib = LibrarySide.connect(host, port, false, 1, true)) {
                latency(broker, host, port, raw);
                long p99 = latency(broker, host, port, lib);
                w.latencyP99 = Math.max(w.latencyP99, p99);
            }
        }
        if (opt.runs("taskstart")) {
            w.taskStartP99 = Math.max(w.taskStartP99, taskStartLatency(broker, host, port));
        }
    }

    /**
     * Prepares the same N distinct events for every side (raw: their bytes; library: the events or
     * their values), then runs warm-up rounds and {@code rounds} measured rounds, publishing those N
     * events each round, the sides taking turns in every position.
     */
    private double[][] throughputRounds(List<Side> sides, int warmUpRounds, int rounds, CpuAccount[] cpu) {
        int n = opt.events();
        long first = seq;
        seq += n;
        for (Side side : sides) {
            side.prepare(first, n);
        }
        double[][] result = new double[sides.size()][rounds];
        for (int round = -warmUpRounds; round < rounds; round++) {
            for (int k = 0; k < sides.size(); k++) {
                int idx = Math.floorMod(k + round, sides.size()); // each side takes each position in turn
                Side side = sides.get(idx);
                side.rewind();
                System.gc();
                long[] cpuBefore = cpu != null && round >= 0 ? cpu[idx].snapshot() : null;
                long t0 = System.nanoTime();
                for (long s = first; s < first + n; s++) {
                    side.publish(s);
                }
                side.awaitAll(120);
                long elapsed = System.nanoTime() - t0;
                if (round >= 0) {
                    result[idx][round] = n / (elapsed / 1e9);
                    if (cpuBefore != null) {
                        cpu[idx].add(cpuBefore, cpu[idx].snapshot(), n);
                    }
                }
            }
        }
        for (Side side : sides) {
            side.prepare(0, 0);
        }
        return result;
    }

    /** Publish→subscriber latency of the full message at a fixed event rate, QoS 1, MQTT 3.1.1. */
    private long latency(String broker, String host, int port, Side side) throws Exception {
        int warm = opt.rate(); // the first second warms the path up and is not counted
        int n = opt.rate() * opt.latencySeconds();
        int total = warm + n;
        try (PlainMqttClient sub = PlainMqttClient.connect("latency-sub", host, port)) {
            long[] sentAt = new long[total];
            long[] latencies = new long[total];
            AtomicInteger received = new AtomicInteger();
            AtomicInteger recorded = new AtomicInteger();
            long first = seq;
            seq += total;
            ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
            sub.subscribe(FULL_TOPIC, m -> {
                long s = seqOfFull(m.payload());
                int i = (int) (s - first);
                if (i >= 0 && i < total && seen.putIfAbsent(s, Boolean.TRUE) == null) {
                    if (i >= warm) {
                        latencies[recorded.getAndIncrement()] = m.receivedNanos() - sentAt[i];
                    }
                    received.incrementAndGet();
                }
            });
            side.prepare(first, total);
            fullGc(); // the prepared events move to the old generation: young collections stay short
            pace(total, i -> {
                sentAt[i] = System.nanoTime();
                side.publish(first + i);
            });
            side.awaitAll(30);
            awaitCount(received, total, 10);
            int got = recorded.get();
            long p50 = Stats.percentile(latencies, got, 50);
            long p99 = Stats.percentile(latencies, got, 99);
            System.out.printf(Locale.ROOT, "   %-9s latency   %-7s %d ev/s, QoS 1, publish -> subscriber: p50 %s  p99 %s  max %s  (%d/%d received after 1 s warm-up)%n",
                    broker, side.name(), opt.rate(), Stats.us(p50), Stats.us(p99), Stats.us(Stats.percentile(latencies, got, 100)), got, n);
            if (received.get() < total) {
                throw new IllegalStateException("latency: only " + received.get() + " of " + total + " messages arrived");
            }
            return p99;
        }
    }

    /** A task ID published by a plain client → onTaskStart called, at {@code rate} per second. */
    private long taskStartLatency(String broker, String host, int port) throws Exception {
        int warm = opt.rate(); // the first second warms the path up and is not counted
        int measured = opt.rate() * Math.max(2, opt.latencySeconds() / 2);
        int n = warm + measured;
        UUID[] ids = new UUID[n];
        byte[][] payloads = new byte[n][];
        ConcurrentHashMap<UUID, Integer> index = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            ids[i] = UUID.randomUUID();
            payloads[i] = ids[i].toString().getBytes(StandardCharsets.US_ASCII);
            index.put(ids[i], i);
        }
        long[] sentAt = new long[n];
        long[] latencies = new long[n];
        AtomicInteger called = new AtomicInteger();
        AtomicInteger recorded = new AtomicInteger();
        MqttSettings settings = LibrarySide.settings(host, port, false, 1, 10_000, Duration.ofSeconds(5));
        try (ButlerMqttClient client = LibrarySide.connect(settings, request -> {
                long now = System.nanoTime();
                Integer i = index.get(request.taskId());
                if (i != null && i >= 0) {
                    if (i >= warm) {
                        latencies[recorded.getAndIncrement()] = now - sentAt[i];
                    }
                    called.incrementAndGet();
                }
            });
             PlainMqttClient sender = PlainMqttClient.connect("task-sender", host, port)) {
            // one command first, to be sure the subscription is in place before timing
            UUID probe = UUID.randomUUID();
            index.put(probe, -1);
            long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.stats().taskStartsDelivered() < 1 && System.nanoTime() < probeDeadline) {
                sender.publish(settings.taskStartTopic(), probe.toString().getBytes(StandardCharsets.US_ASCII), 1)
                        .get(5, TimeUnit.SECONDS);
                LockSupport.parkNanos(50_000_000);
            }
            long base = client.stats().taskStartsDelivered();
            fullGc();
            List<CompletableFuture<?>> acks = new ArrayList<>(n);
            pace(n, i -> {
                sentAt[i] = System.nanoTime();
                acks.add(sender.publish(settings.taskStartTopic(), payloads[i], 1));
            });
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            awaitCount(called, n, 15);
            int got = recorded.get();
            long p50 = Stats.percentile(latencies, got, 50);
            long p99 = Stats.percentile(latencies, got, 99);
            System.out.printf(Locale.ROOT, "   %-9s taskstart library %d/s, QoS 1, plain publish -> onTaskStart: p50 %s  p99 %s  max %s  (%d/%d after 1 s warm-up; delivered %d)%n",
                    broker, opt.rate(), Stats.us(p50), Stats.us(p99), Stats.us(Stats.percentile(latencies, got, 100)), got, measured,
                    client.stats().taskStartsDelivered() - base);
            if (called.get() < n) {
                throw new IllegalStateException("task start: only " + called.get() + " of " + n + " listener calls");
            }
            return p99;
        }
    }

    /**
     * What the library costs per event before the outbox, on fresh events (made just before, never
     * published before, as an application hands them over): {@code messagesFor} alone, and building
     * the event plus {@code messagesFor}; and, as the same-machine yardstick, {@code String.getBytes(UTF_8)}
     * of the same two payloads given as text (made just before too). Batches of 64 alternate among
     * the three; wall time per event, the median over the batches after warm-up (JMH's
     * {@code MessagesForBenchmark} is the careful figure). Absolute figures differ by 2x and more
     * between the machines this runs on, so the line also gives {@code messagesFor} as a multiple
     * of the yardstick.
     *
     * @return {encode ns, build + encode ns}
     */
    private long[] encodeNanos() {
        int batch = 64;
        int batches = opt.quick() ? 300 : 1_000;
        int warmUp = batches / 3;
        SampleReloadFailure[] values = new SampleReloadFailure[batch];
        ReloadTaskFailed[] events = new ReloadTaskFailed[batch];
        String[] texts = new String[2 * batch];
        double[][] perEvent = new double[3][batches];
        long sink = 0;
        long seq = 0;
        for (int b = -warmUp; b < batches; b++) {
            for (int kind = 0; kind < 3; kind++) {
                for (int i = 0; i < batch; i++) {
                    values[i] = SampleReloadFailure.next(seq++);
                    events[i] = kind == 0 ? values[i].toEvent() : null;
                    if (kind == 2) {
                        List<MqttMessage> m = DRY_RUN.messagesFor(values[i].toEvent());
                        texts[2 * i] = new String(m.get(0).payload(), StandardCharsets.UTF_8);
                        texts[2 * i + 1] = new String(m.get(1).payload(), StandardCharsets.UTF_8);
                    }
                }
                long t0 = System.nanoTime();
                if (kind == 2) {
                    for (String text : texts) {
                        sink += text.getBytes(StandardCharsets.UTF_8).length;
                    }
                } else {
                    for (int i = 0; i < batch; i++) {
                        sink += DRY_RUN.messagesFor(kind == 0 ? events[i] : values[i].toEvent()).size();
                    }
                }
                long ns = System.nanoTime() - t0;
                if (b >= 0) {
                    perEvent[kind][b] = ns / (double) batch;
                }
            }
        }
        long encode = Math.round(Stats.median(perEvent[0]));
        long buildEncode = Math.round(Stats.median(perEvent[1]));
        long yardstick = Math.round(Stats.median(perEvent[2]));
        System.out.printf(Locale.ROOT, "   fresh events, wall time per event (median of %d batches of %d): messagesFor %d ns,"
                + " build + messagesFor %d ns (sink %d)%n", batches, batch, encode, buildEncode, sink);
        System.out.printf(Locale.ROOT, "   yardstick: String.getBytes(UTF_8) of the same two payloads %d ns;"
                + " messagesFor = %.1fx, build + messagesFor = %.1fx the yardstick%n",
                yardstick, encode / (double) yardstick, buildEncode / (double) yardstick);
        return new long[] {encode, buildEncode};
    }

    /** Heap held by 100,000 events published while the broker is down, against their payload bytes. */
    private void outboxHeap() {
        int n = opt.heapEvents();
        int warmUp = 100;
        MqttSettings settings = LibrarySide.settings("127.0.0.1", EmbeddedBroker.freePort(), false, 1,
                2 * (n + warmUp), Duration.ofMillis(100));
        var memory = ManagementFactory.getMemoryMXBean();
        long payloadBytes = 0;
        ButlerMqttClient client = ButlerMqttClient.start(settings);
        try {
            SenseEventPublisher publisher = client.publisher();
            // warm the path so that class loading and JIT code are not counted
            for (int i = 0; i < warmUp; i++) {
                publisher.publish(SampleReloadFailure.next(i).toEvent());
            }
            fullGc();
            long before = memory.getHeapMemoryUsage().getUsed();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ReloadTaskFailed event = SampleReloadFailure.next(i).toEvent();
                for (MqttMessage m : DRY_RUN.messagesFor(event)) {
                    payloadBytes += m.payloadSize();
                }
                publisher.publish(event);
            }
            long publishNs = System.nanoTime() - t0;
            fullGc();
            long after = memory.getHeapMemoryUsage().getUsed();
            ClientStats stats = client.stats();
            double ratio = (after - before) / (double) payloadBytes;
            System.out.printf(Locale.ROOT, "   broker down: %,d events (%,d messages, %,d payload bytes) queued: heap +%,d bytes = %.2f x payload;"
                            + " outboxSize=%d rejected=%d; %.1f µs per publish call%n",
                    n, 2 * n, payloadBytes, after - before, ratio, stats.outboxSize(), stats.outboxRejected(),
                    publishNs / 1000.0 / n);
        } finally {
            client.close();
        }
    }

    /** With the default outbox (10,000 messages) and the broker down, publishes beyond it fail at once. */
    private void outboxBound() throws InterruptedException {
        int n = opt.quick() ? 30_000 : opt.heapEvents();
        MqttSettings settings = LibrarySide.settings("127.0.0.1", EmbeddedBroker.freePort(), false, 1,
                MqttSettings.DEFAULT_OUTBOX_CAPACITY, Duration.ofMillis(100));
        ButlerMqttClient client = ButlerMqttClient.start(settings);
        try {
            SenseEventPublisher publisher = client.publisher();
            int failedAtOnce = 0;
            int pending = 0;
            int otherFailure = 0;
            long[] callNs = new long[n];
            for (int i = 0; i < n; i++) {
                ReloadTaskFailed event = SampleReloadFailure.next(i).toEvent();
                long t0 = System.nanoTime();
                CompletableFuture<?> f = publisher.publish(event);
                callNs[i] = System.nanoTime() - t0;
                if (!f.isDone()) {
                    pending++;
                } else {
                    try {
                        f.get();
                        otherFailure++;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof OutboxFullException) {
                            failedAtOnce++;
                        } else {
                            otherFailure++;
                        }
                    }
                }
            }
            ClientStats stats = client.stats();
            System.out.printf(Locale.ROOT, "   broker down, default outbox %,d messages: %,d events published -> %,d waiting, %,d failed at once"
                            + " with OutboxFullException, %d other; outboxSize=%d; publish call p50 %s p99 %s max %s%n",
                    MqttSettings.DEFAULT_OUTBOX_CAPACITY, n, pending, failedAtOnce, otherFailure, stats.outboxSize(),
                    Stats.us(Stats.percentile(callNs, n, 50)), Stats.us(Stats.percentile(callNs, n, 99)),
                    Stats.us(Stats.percentile(callNs, n, 100)));
        } finally {
            client.close();
        }
    }

    private static String us(long nanos) {
        return nanos < 0 ? ResultLine.NOT_MEASURED : Long.toString(nanos / 1000);
    }

    private static String ratio(double r) {
        return r == Double.MAX_VALUE ? ResultLine.NOT_MEASURED : String.format(Locale.ROOT, "%.2f", r);
    }

    private static void fullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private interface IntAction {
        void run(int i) throws Exception;
    }

    /** Calls {@code action(i)} for i in 0..n-1 at {@code opt.rate()} per second, on schedule. */
    private void pace(int n, IntAction action) throws Exception {
        long periodNs = 1_000_000_000L / opt.rate();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = t0 + i * periodNs;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            action.run(i);
        }
    }

    private static void awaitCount(AtomicInteger counter, int n, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (counter.get() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
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
