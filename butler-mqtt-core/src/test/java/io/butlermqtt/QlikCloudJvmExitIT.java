package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.testing.EmbeddedHiveMq;
import io.butlermqtt.testing.QlikCloudCloseAndExit;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM ends after {@link QlikCloudEventClient#close()} on every path: the client runs in a forked JVM
 * ({@link QlikCloudCloseAndExit}) that returns from {@code main} without {@code System.exit}.
 */
class QlikCloudJvmExitIT {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("never connected", "3", false, "never"),
                Arguments.of("connected, MQTT 3.1.1", "3", false, "connected"),
                Arguments.of("connected, MQTT 5", "5", false, "connected"),
                Arguments.of("persistent session, MQTT 3.1.1", "3", true, "connected"),
                Arguments.of("persistent session, MQTT 5", "5", true, "connected"),
                Arguments.of("listener still running", "3", false, "listener-running"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("cases")
    @Timeout(180)
    void close_thenTheJvmExits(String name, String version, boolean persistent, String mode) throws Exception {
        EmbeddedHiveMq broker = EmbeddedHiveMq.shared();
        int tlsPort = mode.equals("never") ? TestDirs.freeLoopbackPort() : broker.tlsServerOnlyPort();
        Path out = TestDirs.newDirectory("jvm-exit").resolve("out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                QlikCloudCloseAndExit.class.getName(), "127.0.0.1", Integer.toString(tlsPort),
                Integer.toString(broker.port()), TestCertificates.shared().caCertFile().toString(), version,
                Boolean.toString(persistent), mode))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "the JVM did not exit within 120 s after close(); output:\n" + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("CLOSED CLOSED"), output);
        if (!mode.equals("never")) {
            assertTrue(output.contains("STATE CONNECTED"), output);
        }
        if (mode.equals("listener-running")) {
            assertTrue(output.contains("LISTENER true"), output);
        }
    }
}
