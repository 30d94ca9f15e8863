package io.butlermqtt.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class TlsConfigFactoryTest {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @TempDir
    Path tmp;

    private static TlsConfigFactory.Source tls(Path cert, Path key, Optional<String> password) {
        return new TlsConfigFactory.Source("tls.clientCertFile", "tls.clientKeyFile", Optional.empty(),
                Optional.of(cert), Optional.of(key), password, true);
    }

    private static TlsConfigFactory.Source tls(Path cert, Path key) {
        return tls(cert, key, Optional.empty());
    }

    private static TlsSetupException failure(TlsConfigFactory.Source source) {
        return assertThrows(TlsSetupException.class, () -> TlsConfigFactory.keyManagerFactory(source));
    }

    /** The key the key manager holds, as PKCS#8 bytes, and its certificate chain. */
    private static X509KeyManager keyManager(KeyManagerFactory kmf) {
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509KeyManager) {
                return (X509KeyManager) km;
            }
        }
        throw new AssertionError("no X509KeyManager");
    }

    private static byte[] pkcs8Of(Path pkcs8Pem) throws IOException {
        String text = Files.readString(pkcs8Pem);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static java.math.BigInteger secretOf(PrivateKey key) {
        return key instanceof java.security.interfaces.RSAPrivateKey
                ? ((java.security.interfaces.RSAPrivateKey) key).getPrivateExponent()
                : ((java.security.interfaces.ECPrivateKey) key).getS();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-pkcs8, RSA",
        "rsa-pkcs1, RSA",
        "rsa-encrypted, RSA",
        "ec-pkcs8, EC",
        "ec-sec1, EC",
        "ec-sec1-with-params, EC",
        "ec-encrypted, EC"})
    void keyManagerFactory_everyKeyFormat_holdsTheKeyAndChain(String format, String algorithm) throws Exception {
        boolean rsa = "RSA".equals(algorithm);
        Path cert = rsa ? CERTS.clientRsaCertFile() : CERTS.clientEcCertFile();
        Path reference = rsa ? CERTS.clientRsaKeyPkcs8File() : CERTS.clientEcKeyPkcs8File();
        Path key;
        switch (format) {
            case "rsa-pkcs8": key = CERTS.clientRsaKeyPkcs8File(); break;
            case "rsa-pkcs1": key = CERTS.clientRsaKeyPkcs1File(); break;
            case "rsa-encrypted": key = CERTS.clientRsaKeyEncryptedFile(); break;
            case "ec-pkcs8": key = CERTS.clientEcKeyPkcs8File(); break;
            case "ec-sec1": key = CERTS.clientEcKeySec1File(); break;
            case "ec-sec1-with-params": key = CERTS.clientEcKeySec1WithParamsFile(); break;
            case "ec-encrypted": key = CERTS.clientEcKeyEncryptedFile(); break;
            default: throw new AssertionError(format);
        }
        Optional<String> password = format.endsWith("encrypted") ? Optional.of(TestCertificates.KEY_PASSWORD)
                : Optional.empty();

        X509KeyManager km = keyManager(TlsConfigFactory.keyManagerFactory(tls(cert, key, password)));

        PrivateKey loaded = km.getPrivateKey("client");
        assertEquals(algorithm, loaded.getAlgorithm());
        PrivateKey expected = java.security.KeyFactory.getInstance(algorithm)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8Of(reference)));
        assertEquals(secretOf(expected), secretOf(loaded));
        X509Certificate[] chain = km.getCertificateChain("client");
        assertEquals(1, chain.length);
        assertTrue(chain[0].getSubjectX500Principal().getName().contains("butler-mqtt-client-"));
    }

    @Test
    void keyManagerFactory_chainFile_keepsWholeChainInOrder() {
        X509KeyManager km = keyManager(TlsConfigFactory.keyManagerFactory(
                tls(CERTS.clientRsaChainFile(), CERTS.clientRsaKeyPkcs1File())));

        X509Certificate[] chain = km.getCertificateChain("client");
        assertEquals(2, chain.length);
        assertEquals("CN=butler-mqtt-client-rsa", chain[0].getSubjectX500Principal().getName());
        assertTrue(chain[1].getSubjectX500Principal().getName().startsWith("CN=Butler MQTT Test CA"));
    }

    @Test
    void keyManagerFactory_missingKeyFile_namesSettingAndFile() {
        Path missing = tmp.resolve("nope.pem");
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), missing));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + missing + "): file not found"), e.getMessage());
        assertEquals("tls.clientKeyFile", e.setting());
        assertEquals(missing, e.file());
    }

    @Test
    void keyManagerFactory_missingCertFile_namesCertSetting() {
        Path missing = tmp.resolve("cert.pem");
        TlsSetupException e = failure(tls(missing, CERTS.clientRsaKeyPkcs8File()));
        assertTrue(e.getMessage().startsWith("tls.clientCertFile (" + missing + "): file not found"), e.getMessage());
    }

    @Test
    void keyManagerFactory_keyIsDirectory_says() {
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), tmp));
        assertEquals("tls.clientKeyFile (" + tmp + "): is a directory; expected a PEM file", e.getMessage());
    }

    @Test
    void keyManagerFactory_unreadableKey_saysPermissionDenied() throws IOException {
        Path key = Files.copy(CERTS.clientRsaKeyPkcs8File(), tmp.resolve("key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(key), "running as root: every file is readable, cannot test permissions");

        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), key));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + key + "): cannot be read: permission denied"),
                e.getMessage());
    }

    @Test
    void keyManagerFactory_noPemBlock_says() throws IOException {
        Path key = Files.writeString(tmp.resolve("key.pem"), "this is not PEM\n");
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), key));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + key + "): no private key found; the file holds no "
                + "PEM block (no \"-----BEGIN ...-----\" line); expected an RSA, EC or Ed25519/Ed448 key"), e.getMessage());
    }

    @Test
    void keyManagerFactory_certAndKeySwapped_hintsAtSwap() {
        TlsSetupException e = failure(tls(CERTS.clientRsaKeyPkcs8File(), CERTS.clientRsaCertFile()));
        assertEquals("tls.clientCertFile (" + CERTS.clientRsaKeyPkcs8File() + "): no certificate found; the file holds "
                + "PRIVATE KEY; expected one or more \"-----BEGIN CERTIFICATE-----\" blocks (is this the key file? "
                + "check that clientCertFile and clientKeyFile are not swapped)", e.getMessage());
    }

    @Test
    void keyManagerFactory_keyFileHoldsCertificate_hintsAtSwap() {
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), CERTS.clientRsaChainFile()));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + CERTS.clientRsaChainFile()
                + "): no private key found; the file holds CERTIFICATE x2; "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(is this the certificate file? check that clientCertFile and clientKeyFile "
                + "are not swapped)"), e.getMessage());
    }

    @Test
    void keyManagerFactory_truncatedPem_says() throws IOException {
        String text = Files.readString(CERTS.clientRsaKeyPkcs8File());
        Path key = Files.writeString(tmp.resolve("key.pem"), text.substring(0, text.indexOf("-----END")));
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), key));
        assertEquals("tls.clientKeyFile (" + key + "): the PRIVATE KEY block starting at line 1 has no "
                + "\"-----END PRIVATE KEY-----\" line; the file looks truncated", e.getMessage());
    }

    @Test
    void keyManagerFactory_dsaKey_unsupportedKeyType() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("DSA");
        gen.initialize(2048);
        KeyPair dsa = gen.generateKeyPair();
        Path key = Files.writeString(tmp.resolve("dsa.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(dsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), key));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + key + "): unsupported key type DSA; expected an RSA, "
                + "EC or Ed25519/Ed448 key"), e.getMessage());
    }

    @Test
    void keyManagerFactory_legacyEncryptedPem_explainsConversion() throws IOException {
        String pkcs1 = Files.readString(CERTS.clientRsaKeyPkcs1File());
        Path key = Files.writeString(tmp.resolve("legacy.pem"), pkcs1.replace("-----BEGIN RSA PRIVATE KEY-----\n",
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n"));
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), key));
        assertTrue(e.getMessage().contains("legacy PEM encryption (Proc-Type/DEK-Info headers), which the JDK cannot "
                + "read; convert it to encrypted PKCS#8 with \"openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void keyManagerFactory_sec1WithoutCurveAfterEcParameters_takesCurveFromParameters() throws Exception {
        Path key = Files.writeString(tmp.resolve("key.pem"), TestCertificates.EC_PARAMETERS_P256
                + Files.readString(CERTS.clientEcKeySec1NoCurveFile()));

        X509KeyManager km = keyManager(TlsConfigFactory.keyManagerFactory(tls(CERTS.clientEcCertFile(), key)));

        PrivateKey expected = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8Of(CERTS.clientEcKeyPkcs8File())));
        assertEquals(secretOf(expected), secretOf(km.getPrivateKey("client")));
    }

    @Test
    void keyManagerFactory_sec1WithoutCurve_saysCurveUnknown() {
        TlsSetupException e = failure(tls(CERTS.clientEcCertFile(), CERTS.clientEcKeySec1NoCurveFile()));
        assertEquals("tls.clientKeyFile (" + CERTS.clientEcKeySec1NoCurveFile() + "): the EC PRIVATE KEY names no curve "
                + "(no parameters field and no single EC PARAMETERS block with a named curve); expected a SEC1 key with "
                + "its curve OID, or PKCS#8", e.getMessage());
    }

    @Test
    void keyManagerFactory_rsaKeyOfAnotherCertificate_keyDoesNotMatch() {
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), CERTS.mismatchedRsaKeyFile()));
        assertEquals("tls.clientKeyFile (" + CERTS.mismatchedRsaKeyFile() + "): the private key does not belong to the "
                + "certificate in tls.clientCertFile (" + CERTS.clientRsaCertFile() + ", subject "
                + "CN=butler-mqtt-client-rsa): the RSA modulus differs. Without a matching key the client would send "
                + "no certificate and the server would refuse the connection (certificate_required); expected the key "
                + "the certificate was issued for", e.getMessage());
    }

    @Test
    void keyManagerFactory_ecKeyOfAnotherCertificate_keyDoesNotMatch() {
        TlsSetupException e = failure(tls(CERTS.clientEcCertFile(), CERTS.mismatchedEcKeyFile()));
        assertTrue(e.getMessage().contains("the private key does not belong to the certificate in tls.clientCertFile")
                && e.getMessage().contains("a test signature made with the key does not verify with the certificate"),
                e.getMessage());
    }

    @Test
    void keyManagerFactory_rsaKeyForEcCertificate_saysAlgorithms() {
        TlsSetupException e = failure(tls(CERTS.clientEcCertFile(), CERTS.clientRsaKeyPkcs8File()));
        assertTrue(e.getMessage().contains("the key is RSA but the certificate's public key is EC"), e.getMessage());
    }

    @Test
    void keyManagerFactory_encryptedKeyWithoutPassword_namesPasswordSetting() {
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), CERTS.clientRsaKeyEncryptedFile()));
        assertEquals("tls.clientKeyFile (" + CERTS.clientRsaKeyEncryptedFile() + "): the key is encrypted (BEGIN "
                + "ENCRYPTED PRIVATE KEY) but tls.clientKeyPassword is not set", e.getMessage());
    }

    @Test
    void keyManagerFactory_wrongPassword_saysWrongPassword_andNeverEchoesIt() {
        TlsSetupException e = failure(tls(CERTS.clientRsaCertFile(), CERTS.clientRsaKeyEncryptedFile(),
                Optional.of("not-the-password")));
        assertTrue(e.getMessage().startsWith("tls.clientKeyFile (" + CERTS.clientRsaKeyEncryptedFile()
                + "): cannot decrypt the key"), e.getMessage());
        assertTrue(e.getMessage().endsWith("wrong tls.clientKeyPassword?"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @Test
    void keyManagerFactory_expiredCertificate_warnsButWorks() {
        Logger logger = (Logger) LoggerFactory.getLogger(TlsConfigFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            KeyManagerFactory kmf = TlsConfigFactory.keyManagerFactory(
                    tls(CERTS.clientExpiredCertFile(), CERTS.clientExpiredKeyFile()));
            assertNotNull(keyManager(kmf).getPrivateKey("client"));
        } finally {
            logger.detachAppender(appender);
        }
        List<String> warnings = appender.list.stream().filter(ev -> ev.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("tls.clientCertFile (" + CERTS.clientExpiredCertFile()
                + "): certificate CN=butler-mqtt-client-expired expired on "), warnings.get(0));
    }

    @Test
    void trustManagerFactory_caFile_trustsExactlyThatCa() {
        TrustManagerFactory tmf = TlsConfigFactory.trustManagerFactory(CERTS.caCertFile());
        X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
        assertEquals(1, tm.getAcceptedIssuers().length);
        assertTrue(tm.getAcceptedIssuers()[0].getSubjectX500Principal().getName().startsWith("CN=Butler MQTT Test CA"));
    }

    @Test
    void trustManagerFactory_missingCaFile_namesTlsCaFile() {
        Path missing = tmp.resolve("ca.pem");
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> TlsConfigFactory.trustManagerFactory(missing));
        assertTrue(e.getMessage().startsWith("tls.caFile (" + missing + "): file not found"), e.getMessage());
    }

    @Test
    void trustManagerFactory_caFileWithoutCertificate_says() throws IOException {
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "", StandardCharsets.US_ASCII);
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> TlsConfigFactory.trustManagerFactory(ca));
        assertEquals("tls.caFile (" + ca + "): no certificate found; the file holds no PEM block (no \"-----BEGIN "
                + "...-----\" line); expected one or more \"-----BEGIN CERTIFICATE-----\" blocks", e.getMessage());
    }

    @Test
    void create_tlsDisabled_isEmpty() {
        assertTrue(TlsConfigFactory.create(MqttSettings.builder().build()).isEmpty());
    }

    @Test
    void create_tlsWithCaAndClientCert_hostnameVerificationOnByDefault() {
        MqttSettings settings = MqttSettings.builder()
                .tls(MqttSettings.Tls.DEFAULT_ENABLED.withCaFile(CERTS.caCertFile())
                        .withClientCertificate(CERTS.clientEcCertFile(), CERTS.clientEcKeySec1File()))
                .build();

        MqttClientSslConfig ssl = TlsConfigFactory.create(settings).orElseThrow();

        assertTrue(ssl.getTrustManagerFactory().isPresent());
        assertTrue(ssl.getKeyManagerFactory().isPresent());
        // no verifier: the HiveMQ client then switches on the JDK's HTTPS endpoint identification
        assertTrue(ssl.getHostnameVerifier().isEmpty());
    }

    @Test
    void create_tlsWithoutCa_usesJvmTrustStore() {
        MqttSettings settings = MqttSettings.builder().tls(MqttSettings.Tls.DEFAULT_ENABLED).build();

        MqttClientSslConfig ssl = TlsConfigFactory.create(settings).orElseThrow();

        assertTrue(ssl.getTrustManagerFactory().isEmpty());
        assertTrue(ssl.getKeyManagerFactory().isEmpty());
    }

    @Test
    void create_hostnameVerificationOff_acceptsAnyHostAndWarns() {
        Logger logger = (Logger) LoggerFactory.getLogger(TlsConfigFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        MqttClientSslConfig ssl;
        try {
            ssl = TlsConfigFactory.create(MqttSettings.builder()
                    .tls(MqttSettings.Tls.DEFAULT_ENABLED.withHostnameVerification(false)).build()).orElseThrow();
        } finally {
            logger.detachAppender(appender);
        }
        assertTrue(ssl.getHostnameVerifier().orElseThrow().verify("anything.invalid", null));
        assertEquals(1, appender.list.stream().filter(ev -> ev.getLevel() == Level.WARN
                && ev.getFormattedMessage().startsWith("TLS hostname verification is OFF")).count());
    }

    @Test
    void create_azureEventGrid_namesAzureSettingsInErrors() {
        Path missing = tmp.resolve("azure-key.pem");
        MqttSettings settings = MqttSettings.builder()
                .azureEventGrid(MqttSettings.AzureEventGrid.of("butler-1", CERTS.clientRsaCertFile(), missing))
                .build();

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> TlsConfigFactory.create(settings));
        assertEquals("azureEventGrid.clientKeyFile", e.problems().get(0).property());
        assertTrue(e.problems().get(0).message().startsWith("file " + missing + ": file not found"), e.getMessage());
    }

    @Test
    void create_azureEventGrid_usesItsCertificateAndJvmTrust() {
        MqttSettings settings = MqttSettings.builder()
                .azureEventGrid(MqttSettings.AzureEventGrid.of("butler-1", CERTS.clientRsaCertFile(),
                        CERTS.clientRsaKeyPkcs1File()))
                .build();

        MqttClientSslConfig ssl = TlsConfigFactory.create(settings).orElseThrow();

        assertTrue(ssl.getKeyManagerFactory().isPresent());
        assertTrue(ssl.getTrustManagerFactory().isEmpty());
        assertTrue(ssl.getHostnameVerifier().isEmpty());
    }

    @Test
    void source_certWithoutKey_throwsNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TlsConfigFactory.Source(
                "tls.clientCertFile", "tls.clientKeyFile", Optional.empty(), Optional.of(tmp), Optional.empty(),
                Optional.empty(), true));
        assertEquals("tls.clientCertFile and tls.clientKeyFile must be set together, but only tls.clientCertFile is set",
                e.getMessage());
    }

    @Test
    void source_toString_hidesPassword() {
        String text = tls(CERTS.clientRsaCertFile(), CERTS.clientRsaKeyEncryptedFile(), Optional.of("s3cret")).toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("clientKeyPassword=****"), text);
    }

    @Test
    void der_decodeOid_matchesKnownOids() {
        assertEquals("1.2.840.113549.1.1.1", Der.parse(Der.OID_RSA_ENCRYPTION).oid());
        assertEquals("1.2.840.10045.2.1", Der.parse(Der.OID_EC_PUBLIC_KEY).oid());
        assertEquals("1.2.840.10045.3.1.7", Der.parse(new byte[] {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE,
                0x3D, 0x03, 0x01, 0x07}).oid());
    }
}
