package io.butlermqtt.examples;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An embedded HiveMQ Community Edition broker on a free loopback port, for the example programs:
 * nothing to install, nothing to configure.
 *
 * <p>It writes its own {@code config.xml} into a temporary folder (with empty {@code data} and
 * {@code extensions} folders beside it, which HiveMQ needs to exist before it starts), keeps
 * everything in memory, and deletes the folder on {@link #close()}. Facts worth knowing: it
 * starts in ~2.5-4 s in a fresh JVM, stops in ~4 s, and cannot be started again once stopped.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final long START_TIMEOUT_S = 60;
    private static final long STOP_TIMEOUT_S = 30;

    private final Path folder;
    private final int port;
    private final EmbeddedHiveMQ hivemq;
    private boolean stopped;

    private EmbeddedBroker(Path folder, int port, EmbeddedHiveMQ hivemq) {
        this.folder = folder;
        this.port = port;
        this.hivemq = hivemq;
    }

    /**
     * Starts a broker on a free port of 127.0.0.1 and waits until it accepts connections.
     *
     * @return the running broker
     * @throws IllegalStateException if it does not start within a minute
     */
    public static EmbeddedBroker start() {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("butler-mqtt-hivemq-");
            Path conf = Files.createDirectories(folder.resolve("conf"));
            Path data = Files.createDirectories(folder.resolve("data"));
            Path extensions = Files.createDirectories(folder.resolve("extensions"));
            int port = freePort();
            Files.writeString(conf.resolve("config.xml"), configXml(port), StandardCharsets.UTF_8);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(START_TIMEOUT_S, TimeUnit.SECONDS);
            return new EmbeddedBroker(folder, port, hivemq);
        } catch (IOException e) {
            deleteQuietly(folder);
            throw new UncheckedIOException("could not prepare the embedded broker's folders", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(folder);
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            deleteQuietly(folder);
            throw new IllegalStateException("the embedded HiveMQ broker did not start within "
                    + START_TIMEOUT_S + " s: " + e, e);
        }
    }

    /** @return always {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the TCP port the broker listens on */
    public int port() {
        return port;
    }

    /**
     * Stops the broker (waiting up to 30 s) and deletes its folder. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            hivemq.stop().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("embedded broker did not stop cleanly: " + e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static String configXml(int port) {
        // in-memory persistence: nothing to clean up, and no disk in the benchmark's way;
        // a large offline queue so that the broker never drops what a benchmark queues for a subscriber
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>1000000</max-queue-size>
                    </queued-messages>
                  </mqtt>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }

    /**
     * Finds a TCP port that is free on the loopback interface right now.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
