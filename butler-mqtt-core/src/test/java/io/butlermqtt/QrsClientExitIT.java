package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM ends by itself once {@code main} returns, whether the QRS client was closed or not, and whether
 * its requests were answered or still under way (retries waiting): every thread it starts is a daemon
 * thread. Each case runs {@link QrsExitProbe} in a child JVM that must end within 60 s.
 */
class QrsClientExitIT {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @ParameterizedTest(name = "[{0}, {1}, QRS {2}]")
    @CsvSource({
        "close, answered, up",
        "no-close, answered, up",
        "close, pending, down",
        "no-close, pending, down",
        "close, pending, stalled"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void childJvm_endsByItself(String close, String wait, String qrs) throws Exception {
        try (FakeQrs fake = FakeQrs.start(CERTS).addTask(QrsClientIT.taskRecord(
                java.util.UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d"), "0"))) {
            if (qrs.equals("stalled")) {
                fake.behave(r -> FakeQrs.Reply.stalled());
            }
            int port = qrs.equals("down") ? TestDirs.freeLoopbackPort() : fake.port();
            Path out = TestDirs.newDirectory("exit-probe").resolve("out.txt");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), QrsExitProbe.class.getName(), "127.0.0.1",
                    Integer.toString(port), CERTS.clientRsaCertFile().toString(), CERTS.clientRsaKeyPkcs1File().toString(),
                    CERTS.caCertFile().toString(), close, wait));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, "the child JVM did not end within 60 s after main returned:\n" + output);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("main returns"), output);
            if (wait.equals("answered")) {
                assertTrue(output.contains("lookup UNKNOWN_APP") && output.contains("start STARTED"), output);
            }
            if (close.equals("close")) {
                assertTrue(output.contains("closed; lookup "), output);
            }
        }
    }
}
