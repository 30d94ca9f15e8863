package io.butlermqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * HiveMQ CE in a Docker container (Testcontainers), for machines with a Docker engine. One container per
 * JVM, started on first use and removed by Testcontainers when the JVM exits. Stop/start is not supported
 * (a restarted container gets a new mapped port): use {@link EmbeddedHiveMq} or {@link Mosquitto} for
 * "broker away" tests.
 */
public final class ContainerHiveMq implements TestBroker {

    /** The image, same release as the embedded broker. */
    public static final DockerImageName IMAGE = DockerImageName.parse("hivemq/hivemq-ce:2025.5");

    /** Reason given when tests skip because there is no Docker engine. */
    public static final String UNAVAILABLE_REASON =
            "no Docker engine available to Testcontainers (DockerClientFactory.isDockerAvailable() is false)";

    private static final Object SHARED_LOCK = new Object();
    private static ContainerHiveMq shared;

    private final HiveMQContainer container;

    private ContainerHiveMq(HiveMQContainer container) {
        this.container = container;
    }

    /**
     * Whether Testcontainers finds a Docker engine.
     *
     * @return true when Docker is available
     */
    public static boolean isAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The JVM-wide container, started on first use.
     *
     * @return the running container broker
     * @throws org.opentest4j.TestAbortedException when there is no Docker engine
     */
    @SuppressWarnings("resource") // closed by Testcontainers' Ryuk when the JVM exits
    public static ContainerHiveMq shared() {
        Assumptions.assumeTrue(isAvailable(), UNAVAILABLE_REASON);
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                Path config = TestDirs.newDirectory("hivemq-container").resolve("config.xml");
                try {
                    Files.writeString(config, "<?xml version=\"1.0\"?>\n<hivemq>\n"
                            + "  <listeners><tcp-listener><port>1883</port><bind-address>0.0.0.0</bind-address>"
                            + "</tcp-listener></listeners>\n"
                            + "  <mqtt><queued-messages><max-queue-size>" + EmbeddedHiveMq.MAX_QUEUED_MESSAGES
                            + "</max-queue-size></queued-messages></mqtt>\n"
                            + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                            + "</hivemq>\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                HiveMQContainer container = new HiveMQContainer(IMAGE)
                        .withHiveMQConfig(MountableFile.forHostPath(config));
                container.start();
                shared = new ContainerHiveMq(container);
            }
            return shared;
        }
    }

    @Override
    public String name() {
        return "hivemq-ce-docker";
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMqttPort();
    }

    @Override
    public boolean supportsRestart() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException(name() + " cannot be stopped and started again; check supportsRestart()");
    }

    @Override
    public void start() {
        // always running once created
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public String toString() {
        return name();
    }
}
