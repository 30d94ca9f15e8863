package io.butlermqtt.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ Community Edition broker, one per test JVM, started lazily on a free loopback port.
 *
 * <p>Facts that shape this class (measured on the dev machine): a first start takes ~2.4–4 s in a fresh
 * JVM, a stop ~4.3 s; an instance cannot be started again after {@code stop()}, so {@link #start()} after
 * {@link #stop()} builds a new instance on the same data folder and port (persistent sessions and their
 * queued messages survive). The broker needs ≥ 128 MB heap and logs through logback
 * ({@code logback-test.xml}).
 *
 * <p>The generated {@code config.xml} raises the per-client queue for offline clients from HiveMQ's
 * default 1,000 to {@value #MAX_QUEUED_MESSAGES}, so a test that counts lost messages counts ours, not
 * the broker's. It also disables anonymous usage statistics, and adds a TLS listener with client
 * authentication REQUIRED (server certificate and trusted CA from {@link TestCertificates#shared()}), plus
 * one whose server certificate lacks the IP address ({@link #tlsNoIpSanPort()}), and a TLS listener without
 * client authentication ({@link #tlsServerOnlyPort()}, as a broker that takes a user name and password).
 */
public final class EmbeddedHiveMq implements TestBroker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHiveMq.class);

    /** Per-client queue limit for offline clients in the generated config. */
    public static final long MAX_QUEUED_MESSAGES = 1_000_000L;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String STORE_PASSWORD = "changeit";

    private static final Object SHARED_LOCK = new Object();
    private static EmbeddedHiveMq shared;

    private final Path root;
    private final Path conf;
    private final Path data;
    private final Path extensions;
    private final int port;
    private final int tlsPort;
    private final int tlsNoIpPort;
    private final int tlsServerOnlyPort;

    private EmbeddedHiveMQ current;
    private volatile long lastStartMillis = -1;
    private volatile long lastStopMillis = -1;

    private EmbeddedHiveMq(boolean withTls) {
        this.root = TestDirs.newDirectory("hivemq");
        this.conf = root.resolve("conf");
        this.data = root.resolve("data");
        this.extensions = root.resolve("extensions");
        this.port = TestDirs.freeLoopbackPort();
        int tls = -1;
        int tlsNoIp = -1;
        int tlsServerOnly = -1;
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            String tlsListener = "";
            if (withTls) {
                tls = TestDirs.freeLoopbackPort();
                tlsNoIp = TestDirs.freeLoopbackPort();
                tlsServerOnly = TestDirs.freeLoopbackPort();
                TestCertificates certs = TestCertificates.shared();
                Path keystore = conf.resolve("server-keystore.p12");
                Path noIpKeystore = conf.resolve("server-no-ip-keystore.p12");
                Path truststore = conf.resolve("client-ca-truststore.p12");
                certs.writeServerKeyStore(keystore, STORE_PASSWORD);
                certs.writeServerNoIpKeyStore(noIpKeystore, STORE_PASSWORD);
                certs.writeCaTrustStore(truststore, STORE_PASSWORD);
                tlsListener = tlsListenerXml("tls-mutual", tls, keystore, truststore)
                        + tlsListenerXml("tls-mutual-no-ip-san", tlsNoIp, noIpKeystore, truststore)
                        + tlsListenerXml("tls-server-only", tlsServerOnly, keystore, truststore)
                                .replace(">REQUIRED<", ">NONE<");
            }
            Files.writeString(conf.resolve("config.xml"), configXml(port, tlsListener), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare HiveMQ CE folders in " + root, e);
        }
        this.tlsPort = tls;
        this.tlsNoIpPort = tlsNoIp;
        this.tlsServerOnlyPort = tlsServerOnly;
    }

    /**
     * The JVM-wide instance, started on first use (thread-safe). If a test stopped it, it is started
     * again here.
     *
     * @return the running shared broker
     */
    public static EmbeddedHiveMq shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                shared = new EmbeddedHiveMq(true);
            }
            shared.start();
            return shared;
        }
    }

    @Override
    public String name() {
        return "hivemq-ce";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public OptionalInt tlsPort() {
        return tlsPort > 0 ? OptionalInt.of(tlsPort) : OptionalInt.empty();
    }

    /**
     * Port of a second mutual-TLS listener whose server certificate names only {@code broker.invalid}
     * (no IP), so a client dialling 127.0.0.1 with hostname verification on must fail.
     *
     * @return the port
     */
    public int tlsNoIpSanPort() {
        return tlsNoIpPort;
    }

    /**
     * Port of a TLS listener that does not ask for a client certificate (server certificate from
     * {@link TestCertificates#shared()}, naming 127.0.0.1): TLS as Butler's {@code mqtts://} uses it.
     *
     * @return the port
     */
    public int tlsServerOnlyPort() {
        return tlsServerOnlyPort;
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    /**
     * Folder holding the generated {@code config.xml}, the data folder and the keystores.
     *
     * @return the root folder of this broker
     */
    public Path root() {
        return root;
    }

    /**
     * How long the last {@link #start()} took, in milliseconds, or -1 before the first start.
     *
     * @return start duration in ms
     */
    public long lastStartMillis() {
        return lastStartMillis;
    }

    /**
     * How long the last {@link #stop()} took, in milliseconds, or -1 before the first stop.
     *
     * @return stop duration in ms
     */
    public long lastStopMillis() {
        return lastStopMillis;
    }

    @Override
    public synchronized boolean isRunning() {
        return current != null;
    }

    @Override
    public synchronized void start() {
        if (current != null) {
            return;
        }
        long begin = System.nanoTime();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap() // keep logback-test.xml; HiveMQ would load its own config
                .build();
        try {
            hivemq.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq);
            throw new IllegalStateException("interrupted while starting HiveMQ CE on port " + port, e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            throw new IllegalStateException("HiveMQ CE did not start on 127.0.0.1:" + port + " within "
                    + START_TIMEOUT.toSeconds() + " s (config: " + conf.resolve("config.xml") + ")", e);
        }
        current = hivemq;
        lastStartMillis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info("HiveMQ CE started on 127.0.0.1:{}{} in {} ms (folder {})", port,
                tlsPort > 0 ? " (TLS " + tlsPort + ")" : "", lastStartMillis, root);
    }

    @Override
    public synchronized void stop() {
        if (current == null) {
            return;
        }
        long begin = System.nanoTime();
        EmbeddedHiveMQ hivemq = current;
        current = null;
        try {
            hivemq.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping HiveMQ CE on port " + port, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ CE on port " + port + " did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s", e);
        } finally {
            closeQuietly(hivemq);
        }
        lastStopMillis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info("HiveMQ CE on 127.0.0.1:{} stopped in {} ms", port, lastStopMillis);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("closing HiveMQ CE failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return name();
    }

    private static String configXml(int port, String tlsListener) {
        return "<?xml version=\"1.0\"?>\n"
                + "<hivemq>\n"
                + "  <listeners>\n"
                + "    <tcp-listener>\n"
                + "      <port>" + port + "</port>\n"
                + "      <bind-address>127.0.0.1</bind-address>\n"
                + "    </tcp-listener>\n"
                + tlsListener
                + "  </listeners>\n"
                + "  <mqtt>\n"
                + "    <queued-messages>\n"
                + "      <max-queue-size>" + MAX_QUEUED_MESSAGES + "</max-queue-size>\n"
                + "      <strategy>discard</strategy>\n"
                + "    </queued-messages>\n"
                + "  </mqtt>\n"
                + "  <anonymous-usage-statistics>\n"
                + "    <enabled>false</enabled>\n"
                + "  </anonymous-usage-statistics>\n"
                + "</hivemq>\n";
    }

    private static String tlsListenerXml(String name, int tls, Path keystore, Path truststore) {
        return "    <tls-tcp-listener>\n"
                + "      <port>" + tls + "</port>\n"
                + "      <bind-address>127.0.0.1</bind-address>\n"
                + "      <name>" + name + "</name>\n"
                + "      <tls>\n"
                + "        <keystore>\n"
                + "          <path>" + keystore.toAbsolutePath() + "</path>\n"
                + "          <password>" + STORE_PASSWORD + "</password>\n"
                + "          <private-key-password>" + STORE_PASSWORD + "</private-key-password>\n"
                + "        </keystore>\n"
                + "        <truststore>\n"
                + "          <path>" + truststore.toAbsolutePath() + "</path>\n"
                + "          <password>" + STORE_PASSWORD + "</password>\n"
                + "        </truststore>\n"
                + "        <client-authentication-mode>REQUIRED</client-authentication-mode>\n"
                + "      </tls>\n"
                + "    </tls-tcp-listener>\n";
    }
}
