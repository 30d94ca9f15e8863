package io.butlermqtt.examples.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QlikCloudEventClient;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.QlikCloudStats;
import io.butlermqtt.event.QlikCloudAppReloadFinished;
import io.butlermqtt.examples.EmbeddedBroker;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast Qlik Cloud app-reload events get from the broker to a {@code QlikCloudEventListener}:
 * <ol>
 *   <li>parsing: {@code Json.parse} + {@code QlikCloudAppReloadFinished.fromJson} of a realistic event
 *       (~1.2 KB, fresh values per event), on one thread, no broker;</li>
 *   <li>throughput through the client on an embedded HiveMQ CE: a gateway publishes N events at QoS 1
 *       (half of them failed reloads of the tenant, a quarter successful reloads, a quarter another tenant)
 *       as fast as the broker takes them; the time from the first publish to the last listener call;</li>
 *   <li>latency at 500 events/s: publish (stamp in the event) to listener call, p50/p99.</li>
 * </ol>
 * Run: {@code mvn -B -q -DskipTests -Pquickstart verify -Dquickstart.main=io.butlermqtt.examples.bench.QlikCloudBenchmark}
 * (add {@code -Dquickstart.args=--quick} for a short run). The last line is machine-readable.
 */
public final class QlikCloudBenchmark {

    private static final String TENANT = "T3nant-ABC_123";

    /** Keeps the parsed values alive, so the JIT cannot drop the parsing. */
    static volatile long sink;

    private QlikCloudBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --quick} for fewer events
     * @throws Exception when the broker or the client fail
     */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int parseEvents = quick ? 50_000 : 200_000;
        int rounds = quick ? 3 : 5;
        int e2eEvents = quick ? 5_000 : 20_000;
        int latencyEvents = quick ? 1_000 : 5_000;
        System.out.println("Qlik Cloud event benchmark (" + (quick ? "quick" : "full") + "), Java "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");

        // 1. parsing
        String[] texts = new String[4096];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = event(i, i % 4 == 3 ? "ok" : "error", TENANT, 0);
        }
        System.out.println("1. Json.parse + QlikCloudAppReloadFinished.fromJson, " + texts[0].length() + " chars per event");
        double[] parseRates = new double[rounds];
        long sum = 0;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            long t0 = System.nanoTime();
            for (int i = 0; i < parseEvents; i++) {
                QlikCloudAppReloadFinished e = QlikCloudAppReloadFinished.fromJson(
                        (JsonObject) Json.parse(texts[i & (texts.length - 1)], 32));
                sum += e.data().duration().get().toMillis();
            }
            double rate = parseEvents / ((System.nanoTime() - t0) / 1e9);
            if (r >= 0) {
                parseRates[r] = rate;
            }
        }
        double parseRate = Stats.median(parseRates);
        System.out.println("   events/s per round " + Stats.list(parseRates) + "; median " + Stats.fmt(parseRate)
                + " (" + Stats.fmt2(1e6 / parseRate) + " us/event)");
        sink = sum;

        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            // 2. throughput through the client
            System.out.println("2. Through QlikCloudEventClient on embedded HiveMQ CE 127.0.0.1:" + broker.port()
                    + " (plain TCP, MQTT 3.1.1, QoS 1)");
            double[] e2eRates = new double[rounds];
            double[] bareRates = new double[rounds];
            for (int r = -1; r < rounds; r++) { // rounds alternate: the library client, then a bare subscriber
                double rate = throughput(broker, e2eEvents);
                double bare = bareThroughput(broker, e2eEvents);
                if (r >= 0) {
                    e2eRates[r] = rate;
                    bareRates[r] = bare;
                }
            }
            double e2eRate = Stats.median(e2eRates);
            double bareRate = Stats.median(bareRates);
            System.out.println("   messages/s received per round " + Stats.list(e2eRates) + "; median "
                    + Stats.fmt(e2eRate) + " (" + (2 * e2eEvents) + " messages per round, half of them delivered to "
                    + "the listener, the rest filtered)");
            System.out.println("   bare HiveMQ client subscribed at QoS 1 (automatic acknowledgement, no parsing), "
                    + "messages/s per round " + Stats.list(bareRates) + "; median " + Stats.fmt(bareRate)
                    + "; ratio " + Stats.fmt2(e2eRate / bareRate));

            // 3. latency
            long[] lat = latency(broker, latencyEvents, 500);
            long p50 = Stats.percentile(lat, lat.length, 50);
            long p99 = Stats.percentile(lat, lat.length, 99);
            System.out.println("3. Latency publish -> listener at 500 events/s (" + lat.length + " events): p50 "
                    + Stats.us(p50) + ", p99 " + Stats.us(p99));
            System.out.println("RESULT cloud_parse_per_s=" + Math.round(parseRate) + " cloud_messages_per_s="
                    + Math.round(e2eRate) + " bare_messages_per_s=" + Math.round(bareRate) + " cloud_latency_p50_us=" + p50 / 1000 + " cloud_latency_p99_us=" + p99 / 1000);
        }
    }

    /** A failed (or successful) reload event, written from Qlik's field list, with fresh values. */
    static String event(int i, String status, String tenant, long stampNanos) {
        return "{\"cloudEventsVersion\":\"0.1\",\"source\":\"com.qlik/engine\",\"contentType\":\"application/json\","
                + "\"eventId\":\"" + (stampNanos != 0 ? "lat-" + stampNanos : UUID.nameUUIDFromBytes(Integer.toString(i)
                        .getBytes(StandardCharsets.UTF_8))) + "\",\"eventTime\":\"2025-03-04T06:15:"
                + String.format("%02d", i % 60) + "Z\",\"eventTypeVersion\":\"1.0.0\","
                + "\"eventType\":\"com.qlik.v1.app.reload.finished\",\"extensions\":{\"ownerId\":\"owner-" + (i % 97)
                + "\",\"spaceId\":\"64f1a2b3c4d5e6f7a8b9c0d1\",\"tenantId\":\"" + tenant + "\",\"userId\":\"user-"
                + (i % 13) + "\",\"topLevelResourceId\":\"" + new UUID(i, i * 31L) + "\"},\"data\":{\"name\":\"Sales "
                + "dashboard " + i + "\",\"size\":{\"memory\":" + (73_400_320L + i) + "},\"usage\":\"ANALYTICS\","
                + "\"errors\":[{\"errorCode\":\"ScriptError\",\"message\":\"Field 'Amount" + i + "' not found\"}],"
                + "\"status\":\"" + status + "\",\"endTime\":\"2025-03-04T06:15:41Z\",\"duration\":" + (5230 + i)
                + ",\"reloadId\":\"" + new UUID(i * 7L, i) + "\",\"rowLimit\":-1,\"warnings\":[],\"statements\":[],"
                + "\"isSkipStore\":false,\"isSessionApp\":false,\"isPartialReload\":" + (i % 5 == 0)
                + ",\"peakMemoryBytes\":" + (268_435_456L + i) + ",\"isDirectQueryMode\":false,"
                + "\"endedWithMemoryConstraint\":false}}";
    }

    private static QlikCloudSettings settings(EmbeddedBroker broker, String root) {
        return QlikCloudSettings.builder().enabled(true).brokerHost(broker.host()).brokerPort(broker.port())
                .tls(MqttSettings.Tls.DISABLED).subscriptionRootTopic(root + "/#").appReloadTopic(root + "/app/reload")
                .tenantId(TENANT).build();
    }

    private static Mqtt3AsyncClient gateway(EmbeddedBroker broker) throws Exception {
        Mqtt3AsyncClient gw = MqttClient.builder().useMqttVersion3().identifier("bench-gw-" + UUID.randomUUID())
                .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
        gw.connect().get(30, TimeUnit.SECONDS);
        return gw;
    }

    private static void awaitConnected(QlikCloudEventClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.state() != ClientState.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the client did not connect");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Publishes {@code n} delivered events among {@code 2n} messages; returns delivered events/s. */
    private static double throughput(EmbeddedBroker broker, int n) throws Exception {
        String root = "bench-" + UUID.randomUUID();
        List<byte[]> payloads = payloads(n);
        AtomicInteger delivered = new AtomicInteger();
        AtomicLong lastNanos = new AtomicLong();
        Mqtt3AsyncClient gw = gateway(broker);
        try (QlikCloudEventClient client = QlikCloudEventClient.start(settings(broker, root), ctx -> {
            delivered.incrementAndGet();
            lastNanos.set(System.nanoTime());
        })) {
            awaitConnected(client);
            String topic = root + "/app/reload/" + TENANT;
            long t0 = System.nanoTime();
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (byte[] p : payloads) {
                window.add(gw.publishWith().topic(topic).payload(p).qos(MqttQos.AT_LEAST_ONCE).send());
                if (window.size() == 1000) {
                    CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (delivered.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + delivered.get() + " of " + n + " delivered: " + client.stats());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            QlikCloudStats s = client.stats();
            if (s.delivered() != n || s.wrongTenant() != n / 2 || s.ignored() != n / 2) {
                throw new IllegalStateException("unexpected counts: " + s);
            }
            return 2 * n / ((lastNanos.get() - t0) / 1e9);
        } finally {
            gw.disconnect().get(30, TimeUnit.SECONDS);
        }
    }

    /** 2n messages: half failed reloads of the tenant, a quarter successful ones, a quarter another tenant's. */
    private static List<byte[]> payloads(int n) {
        List<byte[]> payloads = new ArrayList<>(2 * n);
        for (int i = 0; i < 2 * n; i++) {
            String status = i % 4 == 1 ? "ok" : "error";
            String tenant = i % 4 == 3 ? "another-tenant" : TENANT;
            payloads.add(event(i, status, tenant, 0).getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    /** The same messages to a bare HiveMQ client subscribed at QoS 1; returns messages/s. */
    private static double bareThroughput(EmbeddedBroker broker, int n) throws Exception {
        String root = "bench-" + UUID.randomUUID();
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastNanos = new AtomicLong();
        Mqtt3AsyncClient sub = MqttClient.builder().useMqttVersion3().identifier("bench-sub-" + UUID.randomUUID())
                .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
        sub.connect().get(30, TimeUnit.SECONDS);
        sub.subscribeWith().topicFilter(root + "/#").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            received.incrementAndGet();
            lastNanos.set(System.nanoTime());
        }).send().get(30, TimeUnit.SECONDS);
        Mqtt3AsyncClient gw = gateway(broker);
        List<byte[]> payloads = payloads(n);
        try {
            String topic = root + "/app/reload/" + TENANT;
            long t0 = System.nanoTime();
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (byte[] p : payloads) {
                window.add(gw.publishWith().topic(topic).payload(p).qos(MqttQos.AT_LEAST_ONCE).send());
                if (window.size() == 1000) {
                    CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received.get() < 2 * n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + received.get() + " of " + 2 * n + " received");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return 2 * n / ((lastNanos.get() - t0) / 1e9);
        } finally {
            gw.disconnect().get(30, TimeUnit.SECONDS);
            sub.disconnect().get(30, TimeUnit.SECONDS);
        }
    }

    /** Paced publishes with a send stamp; returns the publish-to-listener delays in ns. */
    private static long[] latency(EmbeddedBroker broker, int n, int perSecond) throws Exception {
        String root = "bench-" + UUID.randomUUID();
        long[] delays = new long[n];
        AtomicInteger got = new AtomicInteger();
        Mqtt3AsyncClient gw = gateway(broker);
        try (QlikCloudEventClient client = QlikCloudEventClient.start(settings(broker, root), ctx -> {
            long now = System.nanoTime();
            long sent = Long.parseLong(ctx.event().eventId().orElseThrow().substring("lat-".length()));
            int i = got.getAndIncrement();
            if (i < delays.length) {
                delays[i] = now - sent;
            }
        })) {
            awaitConnected(client);
            String topic = root + "/app/reload/" + TENANT;
            for (int i = 0; i < 200; i++) { // warm-up, not measured
                gw.publishWith().topic(topic).payload(event(i, "ok", TENANT, 1).getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).send();
            }
            long interval = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                next += interval;
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(Math.max(1, (next - System.nanoTime()) / 2));
                }
                long stamp = System.nanoTime();
                gw.publishWith().topic(topic).payload(event(i, "error", TENANT, stamp).getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).send();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + got.get() + " of " + n + " arrived");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } finally {
            gw.disconnect().get(30, TimeUnit.SECONDS);
        }
        return delays;
    }
}
