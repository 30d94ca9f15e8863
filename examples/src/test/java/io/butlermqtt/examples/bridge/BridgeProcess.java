package io.butlermqtt.examples.bridge;

import io.butlermqtt.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar butler-mqtt-bridge.jar ...} as a child process, started in a folder of its own (not the
 * repository), its output (stdout and stderr) in a file.
 */
final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private BridgeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** The bridge's jar, built at {@code package} (Failsafe passes its path). */
    static Path jar() {
        String p = System.getProperty("bridge.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "butler-mqtt-bridge.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the bridge's jar " + jar.toAbsolutePath() + " is missing: run"
                    + " mvn -B verify (it is built at package, before the integration tests)");
        }
        return jar.toAbsolutePath();
    }

    static BridgeProcess start(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Path output = workDir.resolve("bridge-output-" + System.nanoTime() + ".log");
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new BridgeProcess(p, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> lines() {
        return output().lines().toList();
    }

    /** Waits until a line contains the text. */
    void awaitLine(String text, Duration deadline) {
        Await.until(deadline, () -> output().contains(text) || !process.isAlive() && output().contains(text),
                () -> "the bridge to print \"" + text + "\"; it printed:\n" + output());
    }

    /** Sends SIGTERM (what systemctl stop sends). */
    void sigterm() {
        process.destroy();
    }

    /** Waits for the exit and returns the code. */
    int exitCode(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the bridge did not exit within " + deadline + "; it printed:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
