package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.CloseAndExit;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After {@code close()}, the JVM must end by itself, on every path: broker unreachable from the start
 * (never connected), connected, clean or persistent session, MQTT 3.1.1 and 5. Each case runs
 * {@link CloseAndExit} in a child JVM (the test classpath) that must exit within a deadline; a client
 * thread that is not a daemon, or that nothing stops, keeps it alive and fails the test.
 */
class JvmExitIT {

    private static final long EXIT_DEADLINE_S = 60;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String broker : List.of("unreachable", "hivemq-ce", "mosquitto")) {
            for (MqttVersion v : MqttVersion.values()) {
                for (boolean persistent : new boolean[] {false, true}) {
                    out.add(Arguments.of(broker, Brokers.named(v),
                            Named.of(persistent ? "persistent session" : "clean session", persistent)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{0}, {1}, {2}]")
    @MethodSource("cases")
    @Timeout(120)
    void close_jvmExitsByItself(String broker, MqttVersion version, boolean persistent) throws Exception {
        String host = "127.0.0.1";
        int port;
        boolean reachable = !broker.equals("unreachable");
        if (reachable) {
            TestBroker b = (broker.equals("mosquitto") ? Brokers.Kind.MOSQUITTO : Brokers.Kind.HIVEMQ_CE).broker();
            host = b.host();
            port = b.port();
        } else {
            port = TestDirs.freeLoopbackPort(); // nothing listens there
        }
        Path out = Files.createTempFile(TestDirs.newDirectory("jvm-exit"), "child-", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), CloseAndExit.class.getName(), host, Integer.toString(port),
                version == MqttVersion.MQTT_5 ? "5" : "3", Boolean.toString(persistent), Boolean.toString(reachable));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
        boolean exited = child.waitFor(EXIT_DEADLINE_S, TimeUnit.SECONDS);
        String log = Files.readString(out, StandardCharsets.UTF_8);
        if (!exited) {
            String threads = threadDump(child);
            child.destroyForcibly();
            fail("the child JVM did not exit within " + EXIT_DEADLINE_S + " s after close(); its threads:\n" + threads
                    + "\noutput:\n" + tail(log));
        }
        assertEquals(0, child.exitValue(), () -> "exit code; output:\n" + tail(log));
        assertTrue(log.contains("STATE " + (reachable ? "CONNECTED" : "CONNECTING")), () -> tail(log));
        assertTrue(log.contains("CLOSED CLOSED"), () -> tail(log));
    }

    /** The test classpath as Failsafe passes it (its booter jar may only reference it). */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String threadDump(Process child) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(child.pid())).redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(20, TimeUnit.SECONDS);
            StringBuilder names = new StringBuilder();
            for (String line : dump.split("\n")) {
                if (line.startsWith("\"")) {
                    names.append("  ").append(line, 0, Math.min(line.length(), 140)).append('\n');
                }
            }
            return names.toString();
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
