package io.butlermqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch folders and free ports for test brokers.
 *
 * <p>Folders go under {@code target/test-brokers} when the working directory is a Maven module (so
 * {@code mvn clean} removes them), else under the system temp folder.
 */
public final class TestDirs {

    private TestDirs() {
    }

    /**
     * Creates a new, empty folder.
     *
     * @param prefix name prefix, e.g. {@code hivemq}
     * @return the folder
     */
    public static Path newDirectory(String prefix) {
        try {
            Path target = Path.of(System.getProperty("user.dir"), "target");
            if (Files.isDirectory(target)) {
                Path base = Files.createDirectories(target.resolve("test-brokers"));
                return Files.createTempDirectory(base, prefix + "-");
            }
            return Files.createTempDirectory("butler-mqtt-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for " + prefix, e);
        }
    }

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago (found by binding port 0).
     *
     * @return the port
     */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
