package io.butlermqtt.examples.bench;

import io.butlermqtt.examples.EmbeddedBroker;
import io.butlermqtt.examples.PlainMqttClient;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bridge end to end, as it runs in production: {@code java -Xmx<heap> -jar target/butler-mqtt-bridge.jar
 * --config butler.yaml} as a child process, a UDP sender sending realistic scheduler datagrams (failed
 * reloads of 10 tasks, every one distinct: own execution ID, send time in the task name), the fake QRS of
 * core's test helpers on loopback serving the 10 tasks' and apps' records (cached by the bridge after the
 * warm-up, QRS client defaults: 10 s TTL), a broker (mosquitto when installed, else the embedded HiveMQ CE in
 * this JVM), and a plain subscriber on {@code qliksense/task_failure_full} that takes the send time out of
 * each full payload. The bridge runs with butler-mqtt's defaults (QoS 1) and Butler's template queue
 * ({@code maxSize} 200, {@code maxConcurrent} 10); its QRS cache TTL is 1 h ({@code --cache-ttl}), so the cache
 * stays warm while measuring.
 *
 * <p>Measured (issue 13's bridge targets):
 * <ul>
 *   <li>latency at 200/s: datagram sent → subscriber has the full payload, p50 / p99 (warm cache);</li>
 *   <li>a burst of 2,000 distinct failures sent back to back: how many were published;</li>
 *   <li>sustained rates (10 s each, rising): the highest rate with every datagram published (nothing dropped
 *       by the bridge or the kernel);</li>
 *   <li>resident memory (VmRSS) of the bridge process idle after start-up and warm-up, and the peak under
 *       the sustained load.</li>
 * </ul>
 * Run from the repository root: {@code mvn -B -q -DskipTests -Pbench verify
 * -Dbench.main=io.butlermqtt.examples.bench.BridgeBenchmark [-Dbench.args="--quick"]}; options {@code --heap 64m}
 * (default; the bridge also gets {@code -XX:+UseSerialGC}), {@code --jvm <option>} (repeatable), {@code --broker
 * hivemq|mosquitto}, {@code --rates 5000,10000,20000|none}, {@code --queue-full-wait 1s}, {@code --cache-ttl 1h}. The last line is
 * {@code RESULT bridge_dps=... bridge_p99_us=... ...}.
 */
public final class BridgeBenchmark {

    private static final int TASKS = 10;
    /** Extra JVM options for the bridge ({@code --jvm "..."}), e.g. a JFR recording. */
    private static final List<String> JVM_ARGS = new ArrayList<>(List.of("-XX:+UseSerialGC"));
    /** Extra keys for {@code Butler.butlerMqtt.eventServer}. */
    private static final List<String> EXTRA_CONFIG = new ArrayList<>();
    /** {@code Butler.butlerMqtt.qrs.cacheTtl}: long enough that the cache stays warm while measuring. */
    private static final String[] CACHE_TTL = {"1h"};
    /** {@code Butler.butlerMqtt.delivery.qos}: butler-mqtt's default 1, or Butler's 0. */
    private static final String[] QOS = {"1"};
    private static final String FULL_TOPIC = "qliksense/task_failure_full";

    /** What the benchmark measured. */
    public record Figures(long sustainedPerSecond, long p50Nanos, long p99Nanos, int burstPublished, int burstSent,
            long rssIdleKb, long rssLoadKb, String heap, String broker) {
        /**
         * The RESULT fields.
         *
         * @return {@code bridge_dps=.. bridge_p99_us=.. bridge_burst=../.. bridge_rss_idle_mb=.. bridge_rss_load_mb=..}
         */
        public String resultFields() {
            return String.format(Locale.ROOT, "bridge_dps=%d bridge_p99_us=%d bridge_burst=%d/%d bridge_rss_idle_mb=%d"
                    + " bridge_rss_load_mb=%d", sustainedPerSecond, p99Nanos / 1000, burstPublished, burstSent,
                    rssIdleKb / 1024, rssLoadKb / 1024);
        }
    }

    private final boolean quick;
    private final String heap;
    private final String brokerChoice;
    private final int[] rates;
    private final List<UUID> tasks = new ArrayList<>();
    private final List<UUID> apps = new ArrayList<>();
    private long seq;
    private long bridgePid = -1;
    private long brokerPid = -1;

    private BridgeBenchmark(boolean quick, String heap, String broker, int[] rates) {
        this.quick = quick;
        this.heap = heap;
        this.brokerChoice = broker;
        this.rates = rates;
        for (int i = 0; i < TASKS; i++) {
            tasks.add(UUID.randomUUID());
            apps.add(UUID.randomUUID());
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --quick}, {@code --heap 128m}, {@code --broker hivemq|mosquitto}, {@code --rates a,b,c}
     * @throws Exception when a part cannot be started
     */
    public static void main(String[] args) throws Exception {
        Figures f = measure(args);
        System.out.println("RESULT " + f.resultFields());
        System.exit(0);
    }

    /**
     * Measures with these options (also called by {@link PublishBenchmark}'s bridge section).
     *
     * @param args as {@link #main(String[])}
     * @return the figures
     * @throws Exception when a part cannot be started
     */
    public static Figures measure(String[] args) throws Exception {
        boolean quick = false;
        String heap = "64m";
        String broker = MosquittoBroker.binary().isPresent() ? "mosquitto" : "hivemq";
        int[] rates = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i].startsWith("--") ? args[i].substring(2) : args[i];
            switch (a) {
                case "quick" -> quick = true;
                case "heap" -> heap = args[++i];
                case "broker" -> broker = args[++i];
                case "jvm" -> JVM_ARGS.addAll(List.of(args[++i].trim().split("\\s+")));
                case "rates" -> {
                    String r = args[++i];
                    rates = r.equals("none") ? new int[0]
                            : java.util.Arrays.stream(r.split(",")).mapToInt(Integer::parseInt).toArray();
                }
                case "queue-full-wait" -> EXTRA_CONFIG.add("      queueFullWait: " + args[++i]);
                case "cache-ttl" -> CACHE_TTL[0] = args[++i];
                case "qos" -> QOS[0] = args[++i];
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --quick,"
                        + " --heap 128m, --broker hivemq|mosquitto, --rates 5000,10000,20000|none, --jvm \"...\","
                        + " --queue-full-wait 1s, --cache-ttl 1h, --qos 1|0");
            }
        }
        if (rates == null) {
            rates = quick ? new int[] {10_000, 20_000} : new int[] {5_000, 10_000, 15_000, 20_000, 25_000, 30_000};
        }
        return new BridgeBenchmark(quick, heap, broker, rates).run();
    }

    private Figures run() throws Exception {
        System.out.printf(Locale.ROOT, "Bridge benchmark (%s): Java %s, %d CPUs, load average %.1f; bridge: java -Xmx%s %s"
                + " -jar target/butler-mqtt-bridge.jar, QoS %s%n", quick ? "quick" : "full", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), heap,
                String.join(" ", JVM_ARGS), QOS[0]);
        Path dir = Files.createTempDirectory("butler-mqtt-bridge-bench-");
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        try (FakeQrs qrs = FakeQrs.start(certs); AutoCloseable broker = startBroker()) {
            for (int i = 0; i < TASKS; i++) {
                qrs.addTask(taskRecord(tasks.get(i), apps.get(i), i)).addApp(appRecord(apps.get(i), i));
            }
            String host = "127.0.0.1";
            int port = broker instanceof EmbeddedBroker ? ((EmbeddedBroker) broker).port()
                    : ((MosquittoBroker) broker).port();
            int udpPort = EmbeddedBroker.freePort();
            Path config = dir.resolve("butler.yaml");
            Files.writeString(config, config(host, port, udpPort, qrs, certs), StandardCharsets.UTF_8);
            System.out.println("broker: " + brokerChoice + " on port " + port + "; fake QRS on port " + qrs.port()
                    + "; UDP port " + udpPort);

            AtomicInteger got = new AtomicInteger();
            AtomicLong lastNanos = new AtomicLong();
            long[][] latencies = {new long[0]};
            AtomicInteger latencyCount = new AtomicInteger();
            try (PlainMqttClient sub = PlainMqttClient.connect("bridge-bench-sub", host, port)) {
                sub.subscribe(FULL_TOPIC, m -> {
                    long sent = sentNanos(m.payload());
                    got.incrementAndGet();
                    lastNanos.set(m.receivedNanos());
                    long[] l = latencies[0];
                    int i = latencyCount.getAndIncrement();
                    if (i < l.length) {
                        l[i] = m.receivedNanos() - sent;
                    }
                });
                Process bridge = startBridge(config, dir);
                bridgePid = bridge.pid();
                brokerPid = broker instanceof MosquittoBroker ? ((MosquittoBroker) broker).pid() : -1;
                try {
                    InetSocketAddress to = new InetSocketAddress("127.0.0.1", udpPort);
                    // warm-up: the JIT, the connections, the QRS cache
                    phase("warm-up 2,000 at 500/s", to, 2_000, 500, got, latencies, latencyCount, null);
                    phase("warm-up (JIT) 30,000 at 5,000/s", to, 30_000, 5_000, got, latencies, latencyCount, null);
                    idle(2_000);
                    long rssIdle = rssKb(bridge.pid());
                    System.out.printf(Locale.ROOT, "resident memory idle after warm-up: %,d KB%n", rssIdle);

                    int latencyN = quick ? 1_000 : 2_000;
                    long[] lat = phase("latency, 200/s", to, latencyN, 200, got, latencies, latencyCount, null);
                    long p50 = Stats.percentile(lat.clone(), lat.length, 50);
                    long p99 = Stats.percentile(lat.clone(), lat.length, 99);
                    System.out.printf(Locale.ROOT, "  latency datagram -> subscriber has the full payload: p50 %s"
                            + "  p99 %s  max %s%n", Stats.us(p50), Stats.us(p99),
                            Stats.us(Stats.percentile(lat.clone(), lat.length, 100)));

                    int before = got.get();
                    phase("burst of 2,000 back to back", to, 2_000, 0, got, latencies, latencyCount, null);
                    int burstPublished = got.get() - before;

                    long best = 0;
                    long[] peak = {0};
                    int seconds = quick ? 5 : 10;
                    for (int rate : rates) {
                        int n = rate * seconds;
                        int b = got.get();
                        phase(String.format(Locale.ROOT, "sustained %,d/s for %d s", rate, seconds), to, n, rate, got,
                                latencies, latencyCount, () -> peak[0] = Math.max(peak[0], rssKb(bridge.pid())));
                        int published = got.get() - b;
                        if (published == n) {
                            best = Math.max(best, rate);
                        }
                    }
                    System.out.printf(Locale.ROOT, "resident memory peak under sustained load: %,d KB%n", peak[0]);
                    threadCpu(bridge.pid());
                    bridge.destroy();
                    bridge.waitFor(60, TimeUnit.SECONDS);
                    String out = Files.readString(dir.resolve("bridge.log"), StandardCharsets.UTF_8);
                    out.lines().filter(l -> l.contains("Event server stopped") || l.contains("Stopped after")
                            || l.contains("WARN") || l.contains("ERROR")).limit(20)
                            .forEach(l -> System.out.println("  [bridge] " + l));
                    Figures f = new Figures(best, p50, p99, burstPublished, 2_000, rssIdle, peak[0], heap, brokerChoice);
                    System.out.printf(Locale.ROOT, "%nbridge (%s, -Xmx%s): sustained %,d datagrams/s with nothing"
                            + " dropped; p99 %s at 200/s; burst %d of 2,000 published; RSS idle %d MB, under load %d MB%n",
                            brokerChoice, heap, best, Stats.us(p99), burstPublished, rssIdle / 1024, peak[0] / 1024);
                    return f;
                } finally {
                    if (bridge.isAlive()) {
                        bridge.destroyForcibly();
                    }
                }
            }
        }
    }

    /**
     * Sends n datagrams (rate 0: back to back), then waits until the subscriber is quiet; prints and returns the
     * latencies of this phase.
     */
    private long[] phase(String name, InetSocketAddress to, int n, int rate, AtomicInteger got, long[][] latencies,
            AtomicInteger latencyCount, Runnable sample) {
        long[] l = new long[n];
        latencies[0] = l;
        latencyCount.set(0);
        int before = got.get();
        long cpuBridge = cpuMs(bridgePid);
        long cpuBroker = cpuMs(brokerPid);
        long cpuSelf = cpuMs(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        send(to, n, rate, sample);
        long sendNanos = System.nanoTime() - t0;
        long quietSince = System.nanoTime();
        int last = got.get();
        while (got.get() - before < n) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (sample != null) {
                sample.run();
            }
            int now = got.get();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
                break;
            }
        }
        int published = got.get() - before;
        double secs = (System.nanoTime() - t0) / 1e9;
        long bridgeCpu = cpuMs(bridgePid) - cpuBridge;
        System.out.printf(Locale.ROOT, "%-36s sent %,7d in %6.2f s, published %,7d (%s), %,.0f/s end to end;"
                + " CPU ms: bridge %,d (%.0f µs/datagram), broker %s, bench JVM %,d%n", name, n,
                sendNanos / 1e9, published, published == n ? "all" : (n - published) + " missing", published / secs,
                bridgeCpu, bridgeCpu * 1000.0 / n, brokerPid < 0 ? "in the bench JVM" : String.format(Locale.ROOT, "%,d",
                        cpuMs(brokerPid) - cpuBroker), cpuMs(ProcessHandle.current().pid()) - cpuSelf);
        int count = Math.min(latencyCount.get(), n);
        long[] out = new long[count];
        System.arraycopy(l, 0, out, 0, count);
        return out;
    }

    private void send(InetSocketAddress to, int n, int rate, Runnable sample) {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.connect(to);
            long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
            long start = System.nanoTime();
            long nextSample = start;
            for (int i = 0; i < n; i++) {
                if (interval > 0) {
                    long due = start + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (sample != null && System.nanoTime() - nextSample > 0) {
                        sample.run();
                        nextSample = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                    }
                }
                ch.write(ByteBuffer.wrap(datagram(System.nanoTime())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failed reload as the scheduler sends it; the task name carries the send time. */
    private byte[] datagram(long sentNanos) {
        long n = seq++;
        int t = (int) (n % TASKS);
        return ("/scheduler-reload-failed/;sense-central;bench " + sentNanos + ";Sales dashboard " + t
                + ";LAB\\svc_reload;" + tasks.get(t) + ";" + apps.get(t) + ";2024-06-02 06:00:17,123;ERROR;"
                + UUID.randomUUID() + ";Max retries reached. Error: the connector could not reach the data source ("
                + n + ")").getBytes(StandardCharsets.UTF_8);
    }

    /** The send time from {@code "taskName":"bench <nanos>"} in a full payload. */
    private static long sentNanos(byte[] payload) {
        String s = new String(payload, 0, Math.min(payload.length, 400), StandardCharsets.UTF_8);
        int i = s.indexOf("\"taskName\":\"bench ") + 18;
        int j = s.indexOf('"', i);
        return Long.parseLong(s.substring(i, j));
    }

    private AutoCloseable startBroker() {
        if (brokerChoice.equals("mosquitto")) {
            Optional<Path> bin = MosquittoBroker.binary();
            if (bin.isPresent()) {
                System.out.println("broker: " + MosquittoBroker.version(bin.get()) + " (child process)");
                return MosquittoBroker.start(bin.get());
            }
            System.out.println("mosquitto not installed: using the embedded HiveMQ CE");
        }
        return EmbeddedBroker.start();
    }

    private Process startBridge(Path config, Path dir) throws IOException {
        Path jar = Path.of("target", "butler-mqtt-bridge.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: it is built at package (mvn -B -q -DskipTests package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(JVM_ARGS);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("bridge.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(dir.resolve("bridge.log"), StandardCharsets.UTF_8);
            if (out.contains("running with") && out.contains("Connected to MQTT broker")) {
                System.out.println("bridge started: pid " + p.pid());
                return p;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + p.exitValue() + ":\n" + out);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        p.destroyForcibly();
        throw new IllegalStateException("the bridge did not start within 60 s");
    }

    private static void idle(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** CPU time (user + system) of a process in ms (Linux: /proc/pid/stat, 100 ticks per second), or -1. */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Prints the CPU time (user / system) of the process's busiest threads, grouped by name. */
    static void threadCpu(long pid) {
        java.util.Map<String, long[]> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "N");
                String stat = Files.readString(t.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long[] v = byName.computeIfAbsent(name, k -> new long[2]);
                v[0] += Long.parseLong(f[11]) * 10;
                v[1] += Long.parseLong(f[12]) * 10;
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        System.out.println("bridge CPU by thread (user / system ms, whole run):");
        byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1],
                a.getValue()[0] + a.getValue()[1])).limit(12).forEach(e -> System.out.printf(Locale.ROOT,
                "  %-28s %,7d / %,7d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    /** VmRSS of a process in KB (Linux), or -1. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String config(String host, int port, int udpPort, FakeQrs qrs, TestCertificates certs) {
        return String.join("\n",
                "Butler:",
                "  mqttConfig:",
                "    enable: true",
                "    brokerHost: " + host,
                "    brokerPort: " + port,
                "    taskFailureSendFull: true",
                "    taskAbortedSendFull: true",
                "  udpServerConfig:",
                "    enable: true",
                "    serverHost: 127.0.0.1",
                "    portTaskFailure: " + udpPort,
                "    maxMessageSize: 65507",
                "    messageQueue:",
                "      maxConcurrent: 10",
                "      maxSize: 200",
                "      backpressureThreshold: 80",
                "  cert:",
                "    clientCert: " + certs.clientRsaCertFile(),
                "    clientCertKey: " + certs.clientRsaKeyPkcs1File(),
                "    clientCertCA: " + certs.caCertFile(),
                "  configQRS:",
                "    authentication: certificates",
                "    host: " + qrs.host(),
                "    useSSL: true",
                "    port: " + qrs.port(),
                "    headers:",
                "      static:",
                "        - name: X-Qlik-User",
                "          value: UserDirectory=Internal;UserId=sa_repository",
                "    rejectUnauthorized: true",
                "  butlerMqtt:",
                "    delivery:",
                "      qos: " + QOS[0],
                "    qrs:",
                "      cacheTtl: " + CACHE_TTL[0],
                "    eventServer:",
                "      dropLogInterval: 60s",
                String.join("\n", EXTRA_CONFIG),
                "");
    }

    /** A task record shaped like QRS's (about 1.6 KB). */
    private static String taskRecord(UUID id, UUID app, int i) {
        return "{\"id\":\"" + id + "\",\"createdDate\":\"2024-01-15T08:00:00.000Z\",\"modifiedDate\":\"2024-06-01T10:00:00.000Z\","
                + "\"modifiedByUserName\":\"INTERNAL\\\\sa_repository\",\"customProperties\":[{\"id\":\"" + UUID.randomUUID()
                + "\",\"value\":\"Yes\",\"definition\":{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Butler_FailedAlertEnableEmail\","
                + "\"valueType\":\"Text\",\"choiceValues\":[\"Yes\",\"No\"],\"privileges\":null},\"schemaPath\":\"CustomPropertyValue\"}],"
                + "\"app\":{\"id\":\"" + app + "\",\"name\":\"Sales dashboard " + i + "\",\"appId\":\"\",\"publishTime\":"
                + "\"1753-01-01T00:00:00.000Z\",\"published\":false,\"stream\":null,\"savedInProductVersion\":\"12.1477.0\","
                + "\"migrationHash\":\"" + UUID.randomUUID() + "\",\"availabilityStatus\":0,\"privileges\":null},"
                + "\"isManuallyTriggered\":false,\"operational\":{\"id\":\"" + UUID.randomUUID() + "\",\"lastExecutionResult\":"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"executingNodeName\":\"sense-central\",\"status\":8,\"startTime\":"
                + "\"2024-06-02T06:00:01.000Z\",\"stopTime\":\"2024-06-02T06:00:17.000Z\",\"duration\":16000,\"fileReferenceID\":"
                + "\"00000000-0000-0000-0000-000000000000\",\"scriptLogAvailable\":false,\"details\":[],\"scriptLogLocation\":\"\","
                + "\"scriptLogSize\":-1,\"privileges\":null},\"nextExecution\":\"1753-01-01T00:00:00.000Z\",\"privileges\":null},"
                + "\"name\":\"Reload of Sales dashboard " + i + "\",\"taskType\":0,\"enabled\":true,\"taskSessionTimeout\":1440,"
                + "\"maxRetries\":0,\"tags\":[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Finance\",\"privileges\":null},"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Nightly\",\"privileges\":null}],\"privileges\":null,"
                + "\"schemaPath\":\"ReloadTask\"}";
    }

    private static String appRecord(UUID id, int i) {
        return "{\"id\":\"" + id + "\",\"name\":\"Sales dashboard " + i + "\",\"tags\":[{\"id\":\"" + UUID.randomUUID()
                + "\",\"name\":\"Tier 1\"}],\"customProperties\":[{\"value\":\"Sales\",\"definition\":{\"name\":"
                + "\"BusinessUnit\"}}],\"fileSize\":1234567,\"lastReloadTime\":\"2024-06-02T06:00:17.000Z\","
                + "\"published\":true,\"stream\":{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Everyone\"},"
                + "\"schemaPath\":\"App\"}";
    }
}
