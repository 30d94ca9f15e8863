package io.butlermqtt.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.EmbeddedHiveMq;
import io.butlermqtt.testing.Mosquitto;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mutual TLS with configurations from {@link TlsConfigFactory} against real brokers (raw HiveMQ client). */
class TlsIT {

    private static final Logger LOG = LoggerFactory.getLogger(TlsIT.class);
    private static final TestCertificates CERTS = TestCertificates.shared();

    private static TlsConfigFactory.Source source(Path ca, Path cert, Path key, boolean verifyHost) {
        return new TlsConfigFactory.Source("tls.clientCertFile", "tls.clientKeyFile", Optional.ofNullable(ca),
                Optional.ofNullable(cert), Optional.ofNullable(key), Optional.empty(), verifyHost);
    }

    private static Mqtt5AsyncClient client(String host, int port, MqttClientSslConfig ssl) {
        return Mqtt5Client.builder().identifier("tls-" + UUID.randomUUID()).serverHost(host).serverPort(port)
                .sslConfig(ssl).buildAsync();
    }

    private static int tlsPort(TestBroker broker) {
        return broker.tlsPort().orElseThrow(() -> new AssertionError(broker.name() + " has no TLS listener"));
    }

    /** Connect must fail; returns all messages of the cause chain, for assertions and the notes. */
    private static String connectFailure(Mqtt5AsyncClient client) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.connect().get(15, TimeUnit.SECONDS));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            chain.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return chain.toString();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(90)
    void mutualTls_everyKeyFormat_connectsAndRoundTrips(Brokers.Kind kind) throws Exception {
        TestBroker broker = kind.broker();
        List<TlsConfigFactory.Source> sources = List.of(
                source(CERTS.caCertFile(), CERTS.clientRsaCertFile(), CERTS.clientRsaKeyPkcs1File(), true),
                source(CERTS.caCertFile(), CERTS.clientRsaChainFile(), CERTS.clientRsaKeyPkcs8File(), true),
                source(CERTS.caCertFile(), CERTS.clientEcCertFile(), CERTS.clientEcKeySec1File(), true),
                new TlsConfigFactory.Source("azureEventGrid.clientCertFile", "azureEventGrid.clientKeyFile",
                        Optional.of(CERTS.caCertFile()), Optional.of(CERTS.clientEcCertFile()),
                        Optional.of(CERTS.clientEcKeyEncryptedFile()), Optional.of(TestCertificates.KEY_PASSWORD), true));
        for (TlsConfigFactory.Source source : sources) {
            Mqtt5AsyncClient c = client("127.0.0.1", tlsPort(broker), TlsConfigFactory.create(source));
            String topic = "tls/" + UUID.randomUUID();
            List<String> received = new CopyOnWriteArrayList<>();
            try {
                c.connect().get(15, TimeUnit.SECONDS);
                c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                        .send().get(10, TimeUnit.SECONDS);
                c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("over TLS".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
                Await.until(Duration.ofSeconds(10), () -> !received.isEmpty(),
                        () -> "the message over TLS on " + broker.name() + " with " + source);
                assertEquals(List.of("over TLS"), new ArrayList<>(received));
            } finally {
                c.disconnect();
            }
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(60)
    void wrongCa_connectFails_pkixPathBuildingFailed(Brokers.Kind kind) {
        TestBroker broker = kind.broker();
        MqttClientSslConfig ssl = TlsConfigFactory.create(
                source(CERTS.wrongCaCertFile(), CERTS.clientRsaCertFile(), CERTS.clientRsaKeyPkcs8File(), true));

        String failure = connectFailure(client("127.0.0.1", tlsPort(broker), ssl));

        LOG.info("{} wrong CA: {}", broker.name(), failure);
        assertTrue(failure.contains("PKIX path building failed"), failure);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(60)
    void clientCertificateFromUntrustedCa_brokerRefuses(Brokers.Kind kind) {
        TestBroker broker = kind.broker();
        MqttClientSslConfig ssl = TlsConfigFactory.create(
                source(CERTS.caCertFile(), CERTS.clientWrongCaCertFile(), CERTS.clientWrongCaKeyFile(), true));

        String failure = connectFailure(client("127.0.0.1", tlsPort(broker), ssl));

        LOG.info("{} client certificate from an untrusted CA: {}", broker.name(), failure);
        assertTrue(failure.contains("SSLHandshakeException: Received fatal alert: "), failure);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(60)
    void noClientCertificate_brokerRefuses(Brokers.Kind kind) {
        TestBroker broker = kind.broker();
        MqttClientSslConfig ssl = TlsConfigFactory.create(source(CERTS.caCertFile(), null, null, true));

        String failure = connectFailure(client("127.0.0.1", tlsPort(broker), ssl));

        LOG.info("{} no client certificate: {}", broker.name(), failure);
        assertTrue(failure.contains("SSLHandshakeException: Received fatal alert: "), failure);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(60)
    void serverCertificateWithoutIp_verificationOn_failsNamingTheIp(Brokers.Kind kind) {
        withNoIpSanListener(kind, port -> {
            MqttClientSslConfig ssl = TlsConfigFactory.create(
                    source(CERTS.caCertFile(), CERTS.clientRsaCertFile(), CERTS.clientRsaKeyPkcs8File(), true));

            String failure = connectFailure(client("127.0.0.1", port, ssl));

            LOG.info("{} hostname mismatch: {}", kind, failure);
            assertTrue(failure.contains("No subject alternative names matching IP address 127.0.0.1"), failure);
        });
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(60)
    void serverCertificateWithoutIp_verificationOff_connects(Brokers.Kind kind) {
        withNoIpSanListener(kind, port -> {
            MqttClientSslConfig ssl = TlsConfigFactory.create(
                    source(CERTS.caCertFile(), CERTS.clientRsaCertFile(), CERTS.clientRsaKeyPkcs8File(), false));
            Mqtt5AsyncClient c = client("127.0.0.1", port, ssl);
            try {
                c.connect().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("connect with hostname verification off failed on " + kind, e);
            } finally {
                c.disconnect();
            }
        });
    }

    private interface PortTest {
        void run(int port) throws Exception;
    }

    /** Runs {@code test} against a TLS listener whose server certificate names only broker.invalid. */
    private static void withNoIpSanListener(Brokers.Kind kind, PortTest test) {
        try {
            if (kind == Brokers.Kind.HIVEMQ_CE) {
                test.run(EmbeddedHiveMq.shared().tlsNoIpSanPort());
            } else if (kind == Brokers.Kind.MOSQUITTO) {
                try (Mosquitto m = Mosquitto.create(new Mosquitto.Options().serverCertWithoutIp(true))) {
                    IntSupplier port = () -> m.tlsPort().orElseThrow();
                    test.run(port.getAsInt());
                }
            } else {
                throw new AssertionError("no listener without IP SAN for " + kind);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
