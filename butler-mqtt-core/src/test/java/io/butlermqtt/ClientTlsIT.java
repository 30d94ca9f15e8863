package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestCertificates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's use of TLS settings over a real mutual-TLS listener: the connection works end to end, and
 * Azure Event Grid mode uses its client ID. (The TLS file errors themselves are tested with the TLS code.)
 */
class ClientTlsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("io.butlermqtt.testing.Brokers#local")
    @Timeout(120)
    void mutualTls_connectsPublishesAndStartsTasks(Brokers.Kind kind) throws Exception {
        TestBroker broker = kind.broker();
        assumeTrue(broker.tlsPort().isPresent(), broker.name() + " has no TLS listener");
        TestCertificates certs = TestCertificates.shared();
        String root = "it/" + UUID.randomUUID();
        MqttSettings s = ButlerMqttClientIT.settings(broker, MqttVersion.MQTT_5)
                .brokerPort(broker.tlsPort().getAsInt())
                .topics(t -> t.subscriptionRootTopic(root + "/#").taskStartTopic(root + "/start_task"))
                .tls(MqttSettings.Tls.DEFAULT_ENABLED.withCaFile(certs.caCertFile())
                        .withClientCertificate(certs.clientEcCertFile(), certs.clientEcKeySec1File()))
                .build();
        UUID task = UUID.randomUUID();
        java.util.List<UUID> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RawClient plain = RawClient.connect(broker).subscribe(root + "/out");
                ButlerMqttClient client = ButlerMqttClient.start(s, r -> started.add(r.taskId()))) {
            assertSame(PublishResult.Outcome.PUBLISHED,
                    client.publisher().publish(root + "/out", "over TLS").get(30, TimeUnit.SECONDS).outcome());
            Await.until(DEADLINE, () -> plain.receivedOn(root + "/out").size() == 1, "message over TLS");
            Await.until(DEADLINE, () -> {
                try {
                    plain.publish(root + "/start_task", task.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return started.contains(task);
            }, "task start over TLS");
        }
    }

    @Test
    @Timeout(120)
    void azureEventGrid_clientIdIsClientIdAndUserName() throws Exception {
        TestBroker broker = Brokers.Kind.HIVEMQ_CE.broker();
        assumeTrue(broker.tlsPort().isPresent(), broker.name() + " has no TLS listener");
        TestCertificates certs = TestCertificates.shared();
        String id = "azure-" + UUID.randomUUID();
        MqttSettings s = ButlerMqttClientIT.settings(broker, MqttVersion.MQTT_3_1_1)
                .connection(MqttSettings.Connection.DEFAULT)
                .brokerPort(broker.tlsPort().getAsInt())
                .azureEventGrid(MqttSettings.AzureEventGrid.of(id, certs.clientRsaCertFile(), certs.clientRsaKeyPkcs1File()))
                .tls(MqttSettings.Tls.DISABLED.withCaFile(certs.caCertFile()))
                .build();
        try (RawClient status = RawClient.connect(broker).subscribe(MqttSettings.BUTLER_STATUS_TOPIC);
                ButlerMqttClient client = ButlerMqttClient.start(s)) {
            assertEquals(id, client.clientId());
            String expected = "Connected to MQTT broker " + broker.host() + ":" + broker.tlsPort().getAsInt()
                    + " with client ID " + id;
            Await.until(DEADLINE, () -> status.receivedOn(MqttSettings.BUTLER_STATUS_TOPIC).stream()
                    .anyMatch(r -> r.text().equals(expected)), expected);
        }
    }

    @Test
    @Timeout(30)
    void start_mismatchedKey_failsAtStartNamingTheFile() {
        TestCertificates certs = TestCertificates.shared();
        MqttSettings s = MqttSettings.builder()
                .tls(MqttSettings.Tls.DEFAULT_ENABLED.withCaFile(certs.caCertFile())
                        .withClientCertificate(certs.clientRsaCertFile(), certs.mismatchedRsaKeyFile()))
                .build();
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> ButlerMqttClient.start(s));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("tls.clientKeyFile", e.problems().get(0).property());
        assertTrue(e.problems().get(0).message().startsWith("file " + certs.mismatchedRsaKeyFile()
                + ": the private key does not belong to the certificate"), e.getMessage());
    }
}
