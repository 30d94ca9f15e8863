package io.butlermqtt.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys generated for tests (BouncyCastle, test scope only), written as PEM files in
 * every key format the library reads.
 *
 * <ul>
 *   <li>a CA ({@link #caCertFile()}) and an unrelated "wrong" CA ({@link #wrongCaCertFile()});</li>
 *   <li>a server certificate for {@code 127.0.0.1} and {@code localhost}, and one whose SAN holds only
 *       {@code broker.invalid} (for hostname-verification tests);</li>
 *   <li>client certificates with RSA and EC keys, the keys as PKCS#8, encrypted PKCS#8, PKCS#1 and SEC1
 *       (with and without a leading {@code EC PARAMETERS} block, as {@code openssl ecparam -genkey} writes);</li>
 *   <li>a client certificate issued by the wrong CA, an expired one, a chain file, and a key that matches
 *       no certificate.</li>
 * </ul>
 *
 * <p>{@link #shared()} generates one set per JVM; {@link #generate(Path)} a new set in a folder.
 */
public final class TestCertificates {

    /** PEM block naming the curve P-256 (prime256v1), as {@code openssl ecparam -name prime256v1} writes it. */
    public static final String EC_PARAMETERS_P256 =
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";

    /** Password of the encrypted PKCS#8 key files. */
    public static final String KEY_PASSWORD = "test-key-password";

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final Object SHARED_LOCK = new Object();
    private static TestCertificates shared;

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final KeyPair serverKeys;
    private final X509Certificate serverCert;
    private final KeyPair serverNoIpKeys;
    private final X509Certificate serverNoIpCert;

    private TestCertificates(Path dir) throws GeneralSecurityException, IOException {
        this.dir = Files.createDirectories(dir);
        Instant now = Instant.now();
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(Duration.ofDays(2));

        caKeys = rsa();
        caCert = ca("CN=Butler MQTT Test CA,O=butler-mqtt tests", caKeys, notBefore, notAfter);
        writePem("ca.pem", caCert);

        KeyPair wrongCaKeys = rsa();
        X509Certificate wrongCa = ca("CN=Unrelated Test CA,O=butler-mqtt tests", wrongCaKeys, notBefore, notAfter);
        writePem("wrong-ca.pem", wrongCa);

        serverKeys = rsa();
        serverCert = leaf("CN=localhost", serverKeys, caCert, caKeys, notBefore, notAfter, true,
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
        writePem("server.pem", serverCert);
        writeKeyPkcs8("server-key.pem", serverKeys.getPrivate());

        serverNoIpKeys = rsa();
        serverNoIpCert = leaf("CN=broker.invalid", serverNoIpKeys, caCert, caKeys, notBefore, notAfter, true,
                new GeneralName(GeneralName.dNSName, "broker.invalid"));
        writePem("server-no-ip.pem", serverNoIpCert);
        writeKeyPkcs8("server-no-ip-key.pem", serverNoIpKeys.getPrivate());

        KeyPair clientRsa = rsa();
        X509Certificate clientRsaCert = leaf("CN=butler-mqtt-client-rsa", clientRsa, caCert, caKeys,
                notBefore, notAfter, false);
        writePem("client-rsa.pem", clientRsaCert);
        writePem("client-rsa-chain.pem", clientRsaCert, caCert);
        writeKeyPkcs8("client-rsa-key.pkcs8.pem", clientRsa.getPrivate());
        writeKeyTraditional("client-rsa-key.pkcs1.pem", clientRsa.getPrivate());
        writeKeyEncrypted("client-rsa-key.encrypted.pem", clientRsa.getPrivate());

        KeyPair clientEc = ec();
        X509Certificate clientEcCert = leaf("CN=butler-mqtt-client-ec", clientEc, caCert, caKeys,
                notBefore, notAfter, false);
        writePem("client-ec.pem", clientEcCert);
        writeKeyPkcs8("client-ec-key.pkcs8.pem", clientEc.getPrivate());
        writeEcSec1("client-ec-key.sec1.pem", clientEc);
        // as "openssl ecparam -name prime256v1 -genkey" writes it: an EC PARAMETERS block, then the key
        Files.writeString(dir.resolve("client-ec-key.sec1-with-params.pem"), EC_PARAMETERS_P256
                + Files.readString(dir.resolve("client-ec-key.sec1.pem")));
        // BouncyCastle's converter writes the JDK key's inner SEC1 structure, which has no curve OID
        writeKeyTraditional("client-ec-key.sec1-no-curve.pem", clientEc.getPrivate());
        writeKeyEncrypted("client-ec-key.encrypted.pem", clientEc.getPrivate());

        KeyPair wrongCaClient = rsa();
        X509Certificate wrongCaClientCert = leaf("CN=butler-mqtt-client-wrong-ca", wrongCaClient, wrongCa,
                wrongCaKeys, notBefore, notAfter, false);
        writePem("client-wrong-ca.pem", wrongCaClientCert);
        writeKeyPkcs8("client-wrong-ca-key.pem", wrongCaClient.getPrivate());

        KeyPair expired = rsa();
        X509Certificate expiredCert = leaf("CN=butler-mqtt-client-expired", expired, caCert, caKeys,
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), false);
        writePem("client-expired.pem", expiredCert);
        writeKeyPkcs8("client-expired-key.pem", expired.getPrivate());

        writeKeyPkcs8("mismatched-rsa-key.pem", rsa().getPrivate());
        writeKeyPkcs8("mismatched-ec-key.pem", ec().getPrivate());
    }

    /**
     * The JVM-wide set, generated on first use.
     *
     * @return the shared certificates
     */
    public static TestCertificates shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                shared = generate(TestDirs.newDirectory("certs"));
            }
            return shared;
        }
    }

    /**
     * Generates a new set into {@code dir}.
     *
     * @param dir target folder (created if needed)
     * @return the certificates
     */
    public static TestCertificates generate(Path dir) {
        try {
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    /** @return the folder holding all files */
    public Path dir() {
        return dir;
    }

    /** @return PEM of the test CA certificate */
    public Path caCertFile() {
        return dir.resolve("ca.pem");
    }

    /** @return PEM of an unrelated CA that signed neither the server nor the usual client certificates */
    public Path wrongCaCertFile() {
        return dir.resolve("wrong-ca.pem");
    }

    /** @return PEM of the server certificate (SAN: IP 127.0.0.1, DNS localhost) */
    public Path serverCertFile() {
        return dir.resolve("server.pem");
    }

    /** @return PKCS#8 PEM of the server key */
    public Path serverKeyFile() {
        return dir.resolve("server-key.pem");
    }

    /** @return PEM of a server certificate whose only SAN is DNS {@code broker.invalid} */
    public Path serverNoIpCertFile() {
        return dir.resolve("server-no-ip.pem");
    }

    /** @return PKCS#8 PEM of the key of {@link #serverNoIpCertFile()} */
    public Path serverNoIpKeyFile() {
        return dir.resolve("server-no-ip-key.pem");
    }

    /** @return PEM of the RSA client certificate (issued by the CA) */
    public Path clientRsaCertFile() {
        return dir.resolve("client-rsa.pem");
    }

    /** @return PEM with the RSA client certificate followed by the CA certificate */
    public Path clientRsaChainFile() {
        return dir.resolve("client-rsa-chain.pem");
    }

    /** @return the RSA client key as {@code BEGIN PRIVATE KEY} (PKCS#8) */
    public Path clientRsaKeyPkcs8File() {
        return dir.resolve("client-rsa-key.pkcs8.pem");
    }

    /** @return the RSA client key as {@code BEGIN RSA PRIVATE KEY} (PKCS#1) */
    public Path clientRsaKeyPkcs1File() {
        return dir.resolve("client-rsa-key.pkcs1.pem");
    }

    /** @return the RSA client key as {@code BEGIN ENCRYPTED PRIVATE KEY} (PBES2, AES-256-CBC, password {@link #KEY_PASSWORD}) */
    public Path clientRsaKeyEncryptedFile() {
        return dir.resolve("client-rsa-key.encrypted.pem");
    }

    /** @return PEM of the EC (P-256) client certificate */
    public Path clientEcCertFile() {
        return dir.resolve("client-ec.pem");
    }

    /** @return the EC client key as {@code BEGIN PRIVATE KEY} (PKCS#8) */
    public Path clientEcKeyPkcs8File() {
        return dir.resolve("client-ec-key.pkcs8.pem");
    }

    /** @return the EC client key as {@code BEGIN EC PRIVATE KEY} (SEC1, with the curve OID) */
    public Path clientEcKeySec1File() {
        return dir.resolve("client-ec-key.sec1.pem");
    }

    /** @return like {@link #clientEcKeySec1File()} after a {@code BEGIN EC PARAMETERS} block, as OpenSSL writes it */
    public Path clientEcKeySec1WithParamsFile() {
        return dir.resolve("client-ec-key.sec1-with-params.pem");
    }

    /** @return SEC1 without the optional curve OID and without an EC PARAMETERS block (curve unknown) */
    public Path clientEcKeySec1NoCurveFile() {
        return dir.resolve("client-ec-key.sec1-no-curve.pem");
    }

    /** @return the EC client key as encrypted PKCS#8 (password {@link #KEY_PASSWORD}) */
    public Path clientEcKeyEncryptedFile() {
        return dir.resolve("client-ec-key.encrypted.pem");
    }

    /** @return PEM of a client certificate issued by the wrong CA */
    public Path clientWrongCaCertFile() {
        return dir.resolve("client-wrong-ca.pem");
    }

    /** @return PKCS#8 key of {@link #clientWrongCaCertFile()} */
    public Path clientWrongCaKeyFile() {
        return dir.resolve("client-wrong-ca-key.pem");
    }

    /** @return PEM of a client certificate that expired yesterday */
    public Path clientExpiredCertFile() {
        return dir.resolve("client-expired.pem");
    }

    /** @return PKCS#8 key of {@link #clientExpiredCertFile()} */
    public Path clientExpiredKeyFile() {
        return dir.resolve("client-expired-key.pem");
    }

    /** @return an RSA PKCS#8 key that matches no certificate */
    public Path mismatchedRsaKeyFile() {
        return dir.resolve("mismatched-rsa-key.pem");
    }

    /** @return an EC PKCS#8 key that matches no certificate */
    public Path mismatchedEcKeyFile() {
        return dir.resolve("mismatched-ec-key.pem");
    }

    /**
     * Writes a CA file holding only a CA certificate that expired yesterday (its own, newly generated key).
     *
     * @param file target file
     * @return {@code file}
     */
    public Path writeExpiredCa(Path file) {
        return writeCaBundle(file, false, 1);
    }

    /**
     * Writes a CA bundle like the system's {@code ca-certificates.crt}: the test CA, then roots that expired
     * (each with its own, newly generated EC key).
     *
     * @param file target file
     * @param expiredRoots how many expired roots follow the test CA
     * @return {@code file}
     */
    public Path writeCaBundleWithExpiredRoots(Path file, int expiredRoots) {
        return writeCaBundle(file, true, expiredRoots);
    }

    private Path writeCaBundle(Path file, boolean withTestCa, int expiredRoots) {
        try {
            Instant now = Instant.now();
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                if (withTestCa) {
                    pem.writeObject(caCert);
                }
                for (int i = 0; i < expiredRoots; i++) {
                    KeyPair keys = ec();
                    pem.writeObject(ca("CN=Expired Root " + (i + 1) + ",O=butler-mqtt tests", keys,
                            now.minus(Duration.ofDays(3650)), now.minus(Duration.ofDays(1 + i))));
                }
            }
            Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /**
     * Writes a PKCS#12 key store holding the server key and certificate chain (for HiveMQ CE).
     *
     * @param file target file
     * @param password store and key password
     */
    public void writeServerKeyStore(Path file, String password) {
        writeKeyStore(file, password, serverKeys, serverCert);
    }

    /**
     * Like {@link #writeServerKeyStore(Path, String)} with the certificate of {@link #serverNoIpCertFile()}.
     *
     * @param file target file
     * @param password store and key password
     */
    public void writeServerNoIpKeyStore(Path file, String password) {
        writeKeyStore(file, password, serverNoIpKeys, serverNoIpCert);
    }

    private void writeKeyStore(Path file, String password, KeyPair keys, X509Certificate cert) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keys.getPrivate(), password.toCharArray(), new Certificate[] {cert, caCert});
            store(ks, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /**
     * Writes a PKCS#12 trust store holding the CA certificate (for HiveMQ CE client authentication).
     *
     * @param file target file
     * @param password store password
     */
    public void writeCaTrustStore(Path file, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", caCert);
            store(ks, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static void store(KeyStore ks, Path file, String password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509Certificate ca(String dn, KeyPair keys, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, IOException {
        X500Principal subject = new X500Principal(dn);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys.getPrivate());
    }

    private static X509Certificate leaf(String dn, KeyPair keys, X509Certificate issuer, KeyPair issuerKeys,
            Instant notBefore, Instant notAfter, boolean server, GeneralName... sans)
            throws GeneralSecurityException, IOException {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Principal(dn), keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature
                | ("RSA".equals(keys.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement);
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        if (sans.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return sign(builder, issuerKeys.getPrivate());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            String alg = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(alg).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private void writePem(String name, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
        Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.US_ASCII);
    }

    private void writeKeyPkcs8(String name, PrivateKey key) throws IOException {
        writePem(name, new JcaPKCS8Generator(key, null));
    }

    /** PKCS#1 for RSA, SEC1 (with the named-curve OID) for EC: BouncyCastle's "traditional" OpenSSL form. */
    private void writeKeyTraditional(String name, PrivateKey key) throws IOException {
        writePem(name, key);
    }

    /** SEC1 as OpenSSL writes it: version, private value, [0] named-curve OID, [1] public key. */
    private void writeEcSec1(String name, KeyPair keys) throws IOException {
        java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        org.bouncycastle.asn1.ASN1Primitive curve = spki.getAlgorithm().getParameters().toASN1Primitive();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                priv.getParams().getOrder().bitLength(), priv.getS(), spki.getPublicKeyData(), curve);
        writePem(name, new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded("DER")));
    }

    private void writeKeyEncrypted(String name, PrivateKey key) throws IOException {
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(2048)
                    .setRandom(new SecureRandom())
                    .setProvider(BC)
                    .setPassword(KEY_PASSWORD.toCharArray())
                    .build();
            writePem(name, new JcaPKCS8Generator(key, encryptor));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot encrypt " + name, e);
        }
    }
}
