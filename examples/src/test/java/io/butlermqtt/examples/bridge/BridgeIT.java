package io.butlermqtt.examples.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.examples.PlainMqttClient;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.EmbeddedHiveMq;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.QlikCloudSamples;
import io.butlermqtt.testing.ButlerFixtures;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import io.butlermqtt.testing.UdpSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The bridge as a user runs it: {@code java -jar butler-mqtt-bridge.jar --config butler.yaml}, started as a
 * process from a folder of its own, against the embedded HiveMQ CE broker and the fake QRS (core's test
 * helpers), datagrams sent over loopback UDP, and stopped with SIGTERM.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BridgeIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestCertificates CERTS = TestCertificates.shared();
    /** The task of Butler's recorded run, and a task QRS does not know (the recorded run's two start requests). */
    private static final String KNOWN_TASK = "e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e";

    private final Path dir = TestDirs.newDirectory("bridge");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final UdpSender sender = new UdpSender();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        sender.close();
    }

    private <T extends AutoCloseable> T keep(T t) {
        open.add(t);
        return t;
    }

    /** A message as the subscriber saw it. */
    record Seen(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private CopyOnWriteArrayList<Seen> subscribe(PlainMqttClient client, String filter) {
        CopyOnWriteArrayList<Seen> seen = new CopyOnWriteArrayList<>();
        client.subscribe(filter, m -> seen.add(new Seen(m.topic(), m.payload())));
        return seen;
    }

    private static int freeUdpPort() {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(Map<String, Object> config) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = dir.resolve("butler-" + System.nanoTime() + ".yaml");
        try {
            Files.writeString(file, new Yaml(o).dump(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    /** Points a Butler config at the embedded broker, a UDP port on loopback, and (when given) the fake QRS. */
    private static void wire(Map<String, Object> butler, EmbeddedHiveMq broker, int udpPort, FakeQrs qrs) {
        Map<String, Object> mqtt = section(butler, "mqttConfig");
        mqtt.put("enable", true);
        mqtt.put("brokerHost", broker.host());
        mqtt.put("brokerPort", broker.port());
        Map<String, Object> udp = section(butler, "udpServerConfig");
        udp.put("enable", true);
        udp.put("serverHost", "127.0.0.1");
        udp.put("portTaskFailure", udpPort);
        if (qrs != null) {
            Map<String, Object> cert = section(butler, "cert");
            cert.put("clientCert", CERTS.clientRsaCertFile().toString());
            cert.put("clientCertKey", CERTS.clientRsaKeyPkcs1File().toString());
            cert.put("clientCertCA", CERTS.caCertFile().toString());
            Map<String, Object> q = section(butler, "configQRS");
            q.put("authentication", "certificates");
            q.put("host", qrs.host());
            q.put("useSSL", true);
            q.put("port", qrs.port());
            q.put("headers", Map.of("static", List.of(Map.of("name", "X-Qlik-User",
                    "value", "UserDirectory=Internal;UserId=sa_repository"))));
            q.put("rejectUnauthorized", true);
        }
    }

    /** A Butler config written for these tests (not Butler's template): only the sections the bridge reads. */
    private static Map<String, Object> ownConfig() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> butler = section(root, "Butler");
        Map<String, Object> mqtt = section(butler, "mqttConfig");
        mqtt.put("taskFailureSendFull", true);
        mqtt.put("taskAbortedSendFull", true);
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> butlerTemplate() throws IOException {
        Path template = ButlerFixtures.butlerPeer("datagrams-example.txt").getParent().getParent()
                .resolve("butler-config").resolve("butler-16.0.4-production_template.yaml");
        LoaderOptions lo = new LoaderOptions();
        return new Yaml(lo).load(Files.readString(template, StandardCharsets.UTF_8));
    }

    private static List<String> datagrams() throws IOException {
        return Files.readAllLines(ButlerFixtures.butlerPeer("datagrams-example.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static List<Seen> butlerOutput() throws IOException {
        List<Seen> out = new ArrayList<>();
        for (String line : Files.readAllLines(ButlerFixtures.butlerPeer("butler-16.0.4-mqtt-output.tsv"),
                StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t", 2);
                out.add(new Seen(parts[0], HexFormat.of().parseHex(parts[1].strip())));
            }
        }
        return out;
    }

    // --- Butler's recorded run --------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void butlersTemplate_recordedDatagrams_publishButlersBytes_andTheStartTaskLinesReachQrs() throws Exception {
        List<String> datagrams = datagrams();
        List<Seen> butler = butlerOutput();
        EmbeddedHiveMq broker = EmbeddedHiveMq.shared();
        FakeQrs qrs = keep(FakeQrs.start(CERTS).loadFixtures(ButlerFixtures.butlerPeer("qrs-fixtures.json")));
        int udpPort = freeUdpPort();
        // Butler's own template, every key of it, with the values a site would change
        Map<String, Object> config = butlerTemplate();
        wire((Map<String, Object>) config.get("Butler"), broker, udpPort, qrs);
        Path file = write(config);

        PlainMqttClient watcher = keep(PlainMqttClient.connect("bridge-it-watcher", broker.host(), broker.port()));
        CopyOnWriteArrayList<Seen> seen = subscribe(watcher, "qliksense/#");
        BridgeProcess bridge = keep(BridgeProcess.start(dir, "--config", file.toString()));
        bridge.awaitLine("running with", START);
        Await.until(WAIT, () -> seen.size() >= 2, () -> "the status and start messages: " + seen + "\n" + bridge.output());

        // one datagram after the other, as in Butler's recorded run
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", udpPort);
        int expected = 2;
        for (String d : datagrams) {
            sender.send(to, d);
            expected += 2;
            int n = expected;
            Await.until(WAIT, () -> seen.size() >= n, () -> n + " messages: " + seen + "\n" + bridge.output());
        }
        // the recorded run's last two lines: task IDs sent to taskStartTopic
        for (Seen s : butler.subList(butler.size() - 2, butler.size())) {
            watcher.publish(s.topic(), s.payload(), 1).get(10, TimeUnit.SECONDS);
        }
        Await.until(WAIT, () -> qrs.requests().stream().filter(r -> r.method().equals("POST")).count() == 2,
                () -> "two task starts at QRS: " + qrs.requests());
        bridge.awaitLine("Started Sense task " + KNOWN_TASK, WAIT);
        String unknown = butler.get(butler.size() - 1).text();
        bridge.awaitLine("Sense task " + unknown + ": not started: QRS answered 404", WAIT);

        assertEquals(butler.size(), seen.size(), () -> "every message Butler published, and no other: " + seen);
        for (int k = 0; k < butler.size(); k++) {
            int i = k;
            Seen b = butler.get(i);
            Seen o = seen.get(i);
            assertEquals(b.topic(), o.topic(), "message " + i);
            if (i == 0) {
                // the status line: Butler's text, with our broker's address and our client ID
                String ours = o.text();
                String prefix = "Connected to MQTT broker " + broker.host() + ":" + broker.port() + " with client ID ";
                assertTrue(ours.startsWith(prefix), ours);
                assertTrue(b.text().startsWith("Connected to MQTT broker ") && b.text().contains(" with client ID "),
                        b.text());
            } else {
                assertArrayEquals(b.payload(), o.payload(), () -> "message " + i + " on " + b.topic() + ":\n butler "
                        + b.text() + "\n ours   " + o.text());
            }
        }
        assertEquals(List.of(), qrs.violations());
        assertEquals(List.of("/qrs/task/" + KNOWN_TASK + "/start", "/qrs/task/" + unknown + "/start"),
                qrs.requests().stream().filter(r -> r.method().equals("POST")).map(FakeQrs.Request::path).toList());

        bridge.sigterm();
        assertEquals(143, bridge.exitCode(WAIT), bridge::output);
        assertTrue(bridge.output().contains("datagrams received 2 (processed 2, ignored 0, dropped 0)")
                && bridge.output().contains("nothing left undelivered"), bridge::output);
    }

    // --- SIGTERM ----------------------------------------------------------------------------------------------

    @Test
    void sigterm_whileDatagramsAreInFlight_finishesTheQueue_flushesTheOutbox_andSaysWhatWasLeft() throws Exception {
        EmbeddedHiveMq broker = EmbeddedHiveMq.shared();
        UUID task = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        FakeQrs qrs = keep(FakeQrs.start(CERTS)
                .addTask("{\"id\":\"" + task + "\",\"name\":\"Nightly\",\"taskType\":0,\"tags\":[],\"customProperties\":[]}")
                .addApp("{\"id\":\"" + app + "\",\"name\":\"Sales\",\"tags\":[],\"customProperties\":[]}"));
        // a slow QRS (60 ms an answer) and no cache: every datagram makes its three requests
        qrs.behave(r -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60));
            return null;
        });
        int udpPort = freeUdpPort();
        Map<String, Object> config = ownConfig();
        @SuppressWarnings("unchecked")
        Map<String, Object> butler = (Map<String, Object>) config.get("Butler");
        wire(butler, broker, udpPort, qrs);
        section(section(butler, "butlerMqtt"), "qrs").put("cacheTtl", "0s");
        Path file = write(config);

        PlainMqttClient watcher = keep(PlainMqttClient.connect("bridge-it-sigterm", broker.host(), broker.port()));
        CopyOnWriteArrayList<Seen> seen = subscribe(watcher, "qliksense/task_failure");
        BridgeProcess bridge = keep(BridgeProcess.start(dir, "--config", file.toString()));
        bridge.awaitLine("running with", START);

        int n = 40;
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", udpPort);
        for (int i = 0; i < n; i++) {
            sender.send(to, "/scheduler-reload-failed/;sense-1;Reload " + i + ";Sales;LAB\\anna;" + task + ";" + app
                    + ";2024-06-02 06:00:17,123;ERROR;" + UUID.randomUUID() + ";Max retries reached");
        }
        // 40 datagrams need 120 answers of 60 ms, 10 at a time: about 0.7 s of work, stopped in the middle
        Await.until(WAIT, () -> qrs.requests().size() >= 10, () -> "QRS asked: " + qrs.requests().size());
        bridge.sigterm();
        assertEquals(143, bridge.exitCode(WAIT), bridge::output);
        String out = bridge.output();
        assertTrue(out.contains("Stopping: no longer receiving datagrams"), out);
        assertTrue(out.contains("datagrams received " + n + " (processed " + n + ", ignored 0, dropped 0)"), out);
        assertTrue(out.contains("nothing left undelivered"), out);
        // nothing lost that was accepted: every datagram's message reached the broker before the bridge exited
        Await.until(WAIT, () -> seen.size() == n, () -> n + " messages, got " + seen.size());
        assertTrue(seen.stream().map(Seen::text).distinct().count() == n, "one message per datagram");
    }

    // --- Qlik Cloud -------------------------------------------------------------------------------------------

    @Test
    void qlikCloud_enabled_eachFailedAppReloadIsLoggedOnOneInfoLine() throws Exception {
        EmbeddedHiveMq broker = EmbeddedHiveMq.shared();
        Map<String, Object> config = ownConfig();
        @SuppressWarnings("unchecked")
        Map<String, Object> butler = (Map<String, Object>) config.get("Butler");
        wire(butler, broker, freeUdpPort(), null);
        Map<String, Object> forward = section(section(section(section(butler, "mqttConfig"), "qlikSenseCloud"),
                "event"), "mqttForward");
        forward.put("enable", true);
        forward.put("broker", new LinkedHashMap<>(Map.of("host", broker.host(), "port", broker.port(),
                "username", "gateway", "password", "gw-secret")));
        forward.put("topic", new LinkedHashMap<>(Map.of("subscriptionRoot", "qscloud/#",
                "appReload", "qscloud/app/reload")));
        Map<String, Object> cloud = section(butler, "qlikSenseCloud");
        cloud.put("enable", true);
        section(section(section(cloud, "event"), "mqtt"), "tenant").put("id", QlikCloudSamples.TENANT);
        section(section(section(butler, "butlerMqtt"), "qlikCloud"), "tls").put("enable", false);
        Path file = write(config);

        BridgeProcess bridge = keep(BridgeProcess.start(dir, "--config", file.toString()));
        bridge.awaitLine("running with", START);
        assertTrue(bridge.output().contains("Qlik Cloud: events from mqtt://" + broker.host() + ":" + broker.port()
                + " on qscloud/app/reload for tenant " + QlikCloudSamples.TENANT), bridge::output);
        PlainMqttClient gateway = keep(PlainMqttClient.connect("bridge-it-gateway", broker.host(), broker.port()));
        CopyOnWriteArrayList<Seen> status = subscribe(gateway, "butler/qscloud/event/mqttforward/status");
        Await.until(WAIT, () -> !status.isEmpty() || bridge.output().contains("Connected to MQTT broker \"mqtt://"),
                () -> "the cloud client connected: " + bridge.output());
        gateway.publish("qscloud/app/reload/" + QlikCloudSamples.TENANT, QlikCloudSamples.bytes(QlikCloudSamples.FAILED),
                1).get(10, TimeUnit.SECONDS);
        bridge.awaitLine("Qlik Cloud: reload of app", WAIT);
        String line = bridge.lines().stream().filter(l -> l.contains("Qlik Cloud: reload of app")).findFirst()
                .orElseThrow();
        assertTrue(line.contains(" INFO ") && line.contains("error") && line.contains("tenant "
                + QlikCloudSamples.TENANT), line);
        assertTrue(!bridge.output().contains("gw-secret"), "the gateway's password is never logged");
        bridge.sigterm();
        assertEquals(143, bridge.exitCode(WAIT), bridge::output);
        assertTrue(bridge.output().contains("Qlik Cloud events received 1, logged 1"), bridge::output);
    }

    // --- exit codes ------------------------------------------------------------------------------------------

    @Test
    void badConfig_exits2_listingEveryProblem() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                Butler:
                  mqttConfig:
                    enable: true
                    brokerPort: 18830x
                    taskFailureTopc: qliksense/task_failure
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    messageQueue:
                      maxConcurrent: 0
                """);
        try (BridgeProcess bridge = BridgeProcess.start(dir, "--config", file.toString())) {
            assertEquals(2, bridge.exitCode(START), bridge::output);
            assertEquals(List.of(
                    "Invalid configuration in " + file + " (3 problems):",
                    "  - Butler.mqttConfig.brokerPort (line 4, col 17): expected an integer 1..65535, found \"18830x\"",
                    "  - Butler.mqttConfig.taskFailureTopc (line 5, col 5): unknown key; did you mean \"taskFailureTopic\"?",
                    "  - Butler.udpServerConfig.messageQueue.maxConcurrent (line 10, col 22): must be 1..1000, but was 0"),
                    bridge.lines());
        }
    }

    @Test
    void portInUse_exits1_withAOneLineReason() throws Exception {
        EmbeddedHiveMq broker = EmbeddedHiveMq.shared();
        try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Map<String, Object> config = ownConfig();
            @SuppressWarnings("unchecked")
            Map<String, Object> butler = (Map<String, Object>) config.get("Butler");
            wire(butler, broker, port, null);
            try (BridgeProcess bridge = BridgeProcess.start(dir, "--config", write(config).toString())) {
                assertEquals(1, bridge.exitCode(START), bridge::output);
                List<String> lines = bridge.lines();
                assertEquals("butler-mqtt-bridge: cannot start: Cannot start the event server:"
                        + " udpServerConfig.portTaskFailure (127.0.0.1:" + port + "): the port is already in use (is"
                        + " Butler, or another instance, still running?)", lines.get(lines.size() - 1), bridge::output);
            }
        }
    }

    /** The JSON writer copies Latin-1 strings' own bytes only when java.lang is opened to it (see docs/performance.md). */
    @Test
    void jarManifest_opensJavaLang_mainClassAndVersion() throws IOException {
        try (JarFile jar = new JarFile(BridgeProcess.jar().toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertEquals("java.base/java.lang", attributes.getValue("Add-Opens"));
            assertEquals("io.butlermqtt.examples.bridge.Bridge", attributes.getValue("Main-Class"));
            assertTrue(attributes.getValue("Implementation-Version").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                    attributes.getValue("Implementation-Version"));
        }
    }

    @Test
    void help_and_version_exit0() {
        try (BridgeProcess help = BridgeProcess.start(dir, "--help")) {
            assertEquals(0, help.exitCode(START), help::output);
            assertTrue(help.output().startsWith("Usage: java -jar butler-mqtt-bridge.jar --config <butler.yaml>"),
                    help::output);
        }
        try (BridgeProcess version = BridgeProcess.start(dir, "--version")) {
            assertEquals(0, version.exitCode(START), version::output);
            assertTrue(version.output().matches("butler-mqtt-bridge \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"),
                    version::output);
        }
        try (BridgeProcess none = BridgeProcess.start(dir, "--frobnicate")) {
            assertEquals(2, none.exitCode(START), none::output);
            assertTrue(none.output().startsWith("butler-mqtt-bridge: unknown argument \"--frobnicate\""),
                    none::output);
        }
    }
}
