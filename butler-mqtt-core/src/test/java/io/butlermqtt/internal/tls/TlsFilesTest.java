package io.butlermqtt.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QrsClient;
import io.butlermqtt.QrsSettings;
import io.butlermqtt.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, items 3 and 4: every TLS file problem at once (not one per run), and WARNs only for
 * certificates that would be used (a CA bundle's expired roots are not).
 */
class TlsFilesTest {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @TempDir
    Path tmp;

    private static List<String> warnings(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(TlsConfigFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    private MqttSettings mqttWith(Path ca, Path cert, Path key) {
        return MqttSettings.builder().brokerPort(8883)
                .tls(MqttSettings.Tls.DEFAULT_ENABLED.withCaFile(ca).withClientCertificate(cert, key)).build();
    }

    @Test
    void mqttStart_missingCaAndMissingClientCertificate_bothReportedAtOnce() {
        Path ca = tmp.resolve("ca.pem");
        Path cert = tmp.resolve("client.pem");
        MqttSettings settings = mqttWith(ca, cert, CERTS.clientRsaKeyPkcs8File());

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> ButlerMqttClient.start(settings));

        assertEquals(List.of("tls.caFile", "tls.clientCertFile"),
                e.problems().stream().map(InvalidSettingsException.Problem::property).toList(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid MQTT settings (2 problems):\n  - tls.caFile: file " + ca
                + ": file not found"), e.getMessage());
        assertTrue(e.problems().get(1).message().startsWith("file " + cert + ": file not found"), e.getMessage());
        InvalidSettingsException atCheck = assertThrows(InvalidSettingsException.class, settings::checkFiles);
        assertEquals(e.problems(), atCheck.problems());
    }

    @Test
    void check_badCertificateAndBadKey_bothReported_notTheMismatch() throws IOException {
        Path cert = Files.writeString(tmp.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        Path key = Files.writeString(tmp.resolve("client_key.pem"), "not a key\n");
        List<InvalidSettingsException.Problem> p = TlsConfigFactory.check(mqttWith(null, cert, key));
        assertEquals(List.of("tls.clientCertFile", "tls.clientKeyFile"),
                p.stream().map(InvalidSettingsException.Problem::property).toList(), p.toString());
        assertTrue(p.get(0).message().contains("looks truncated"), p.toString());
        assertTrue(p.get(1).message().contains("no private key found"), p.toString());
    }

    @Test
    void check_mqttDisabled_readsNothing() {
        MqttSettings settings = mqttWith(tmp.resolve("ca.pem"), tmp.resolve("c.pem"), tmp.resolve("k.pem"))
                .toBuilder().enabled(false).build();
        assertEquals(List.of(), TlsConfigFactory.check(settings));
        settings.checkFiles();
    }

    @Test
    void qrsCreate_missingCaAndMissingClientCertificate_bothReportedAtOnce_caOnlyWhenUsed() {
        QrsSettings settings = QrsSettings.builder().host("qrs.example.com").clientCertFile(tmp.resolve("client.pem"))
                .clientKeyFile(CERTS.clientRsaKeyPkcs1File()).caFile(tmp.resolve("root.pem")).build();

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> QrsClient.create(settings));

        assertEquals(List.of("cert.clientCertCA", "cert.clientCert"),
                e.problems().stream().map(InvalidSettingsException.Problem::property).toList(), e.getMessage());
        assertEquals(e.problems(), assertThrows(InvalidSettingsException.class, settings::checkFiles).problems());
        // with rejectUnauthorized off the CA file is never read, so it is not checked either
        InvalidSettingsException lax = assertThrows(InvalidSettingsException.class,
                () -> settings.toBuilder().rejectUnauthorized(false).build().checkFiles());
        assertEquals(List.of("cert.clientCert"),
                lax.problems().stream().map(InvalidSettingsException.Problem::property).toList());
    }

    @Test
    void caBundleWithExpiredRoots_noWarning() {
        Path bundle = CERTS.writeCaBundleWithExpiredRoots(tmp.resolve("ca-certificates.crt"), 5);
        List<String> warnings = warnings(() -> TlsConfigFactory.create(new TlsConfigFactory.Source("tls.clientCertFile",
                "tls.clientKeyFile", java.util.Optional.of(bundle), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), true)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void caBundleWhoseEveryRootExpired_oneWarning() {
        Path bundle = CERTS.writeCaBundleWithExpiredRoots(tmp.resolve("old.crt"), 3);
        Path onlyExpired = tmp.resolve("only-expired.crt");
        try {
            String text = Files.readString(bundle);
            Files.writeString(onlyExpired, text.substring(text.indexOf("-----END CERTIFICATE-----") + 26));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> warnings = warnings(() -> TlsConfigFactory.trustManagerFactory(onlyExpired));
        assertEquals(List.of("tls.caFile (" + onlyExpired + "): none of its 3 CA certificates is valid now (expired or"
                + " not yet valid); no server certificate will be trusted"), warnings);
    }

    @Test
    void singleExpiredCa_oneWarning() {
        Path ca = CERTS.writeExpiredCa(tmp.resolve("root.pem"));
        List<String> warnings = warnings(() -> TlsConfigFactory.trustManagerFactory(ca));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("tls.caFile (" + ca + "): CA certificate CN=Expired Root 1,O=butler-mqtt"
                + " tests expired on "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("; a server certificate it signed will not be trusted"), warnings.get(0));
    }

    @Test
    void checkFiles_logsNothing_evenForAnExpiredCertificate() {
        MqttSettings settings = mqttWith(CERTS.writeExpiredCa(tmp.resolve("root.pem")), CERTS.clientExpiredCertFile(),
                CERTS.clientExpiredKeyFile());
        assertEquals(List.of(), warnings(settings::checkFiles));
    }
}
