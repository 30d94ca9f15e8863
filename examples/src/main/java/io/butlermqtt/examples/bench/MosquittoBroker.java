package io.butlermqtt.examples.bench;

import io.butlermqtt.examples.EmbeddedBroker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto broker run as a child process on a free loopback port, when the {@code mosquitto}
 * binary is installed. Its configuration sets {@code set_tcp_nodelay true}: without it mosquitto
 * leaves Nagle's algorithm on, and small messages wait up to ~40 ms for the next ACK.
 */
final class MosquittoBroker implements AutoCloseable {

    private final Process process;
    private final Path folder;
    private final int port;

    private MosquittoBroker(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** @return the mosquitto binary, if one is on the PATH */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"mosquitto"}) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin"}) {
            Path p = Path.of(dir, "mosquitto");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** @return e.g. {@code mosquitto version 2.0.11}, or "unknown" */
    static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String first = r.readLine();
                p.waitFor(5, TimeUnit.SECONDS);
                return first == null ? "unknown" : first.trim();
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static MosquittoBroker start(Path binary) {
        try {
            Path folder = Files.createTempDirectory("butler-mqtt-mosquitto-");
            int port = EmbeddedBroker.freePort();
            Path conf = folder.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "set_tcp_nodelay true",
                    "persistence false",
                    "max_queued_messages 1000000",
                    "max_inflight_messages 20",
                    "log_dest none",
                    ""), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("mosquitto.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited at start with code " + process.exitValue()
                            + ": " + Files.readString(folder.resolve("mosquitto.log")));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new MosquittoBroker(process, folder, port);
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto did not listen on port " + port + " within 10 s");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start mosquitto", e);
        }
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
