package io.butlermqtt.internal.tls;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.butlermqtt.MqttSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HiveMQ client's TLS configuration from {@link MqttSettings}: trust from a CA PEM file or the
 * JVM's trust store, a client certificate and key from PEM files (JDK only, no BouncyCastle), hostname
 * verification on unless switched off. All files are read and checked here, at start, so a bad file fails
 * {@code start} with a message naming the setting, the file and the reason, never the first publish.
 */
public final class TlsConfigFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TlsConfigFactory.class);

    private TlsConfigFactory() {
    }

    /**
     * Where the TLS material comes from, with the settings keys to name in messages.
     *
     * @param certSetting settings key of the client certificate file, e.g. {@code tls.clientCertFile}
     * @param keySetting settings key of the client key file
     * @param caFile CA PEM file; empty means the JVM's default trust store
     * @param clientCertFile client certificate (chain) PEM file, or empty for no client certificate
     * @param clientKeyFile client private key PEM file; present exactly when {@code clientCertFile} is
     * @param clientKeyPassword password of an encrypted PKCS#8 key
     * @param hostnameVerification whether the broker's certificate must name the host dialled
     */
    public record Source(
            String certSetting,
            String keySetting,
            Optional<Path> caFile,
            Optional<Path> clientCertFile,
            Optional<Path> clientKeyFile,
            Optional<String> clientKeyPassword,
            boolean hostnameVerification) {

        /**
         * Checks for nulls and that certificate and key come together.
         *
         * @throws NullPointerException naming the null component
         * @throws IllegalArgumentException when only one of certificate and key is present
         */
        public Source {
            Objects.requireNonNull(certSetting, "certSetting");
            Objects.requireNonNull(keySetting, "keySetting");
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(clientCertFile, "clientCertFile");
            Objects.requireNonNull(clientKeyFile, "clientKeyFile");
            Objects.requireNonNull(clientKeyPassword, "clientKeyPassword");
            if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
                throw new IllegalArgumentException(certSetting + " and " + keySetting
                        + " must be set together, but only " + (clientCertFile.isPresent() ? certSetting : keySetting)
                        + " is set");
            }
        }

        /** Shows the files, never the password. */
        @Override
        public String toString() {
            return "Source{caFile=" + caFile.map(Path::toString).orElse("JVM trust store")
                    + ", " + certSetting + "=" + clientCertFile.map(Path::toString).orElse("none")
                    + ", " + keySetting + "=" + clientKeyFile.map(Path::toString).orElse("none")
                    + ", clientKeyPassword=" + (clientKeyPassword.isPresent() ? "****" : "none")
                    + ", hostnameVerification=" + hostnameVerification + '}';
        }
    }

    /**
     * Where TLS material comes from for these settings: the {@code azureEventGrid} block when enabled
     * (its client certificate and key; CA, key password and hostname verification from {@code tls}),
     * else the {@code tls} block when enabled, else none.
     *
     * @param settings validated settings
     * @return the source, or empty when TLS is not used
     */
    public static Optional<Source> sourceOf(MqttSettings settings) {
        MqttSettings.Tls tls = settings.tls();
        MqttSettings.AzureEventGrid azure = settings.azureEventGrid();
        if (azure.enabled()) {
            if (tls.clientCertFile().isPresent() || tls.clientKeyFile().isPresent()) {
                LOG.warn("azureEventGrid is enabled: using azureEventGrid.clientCertFile/clientKeyFile; "
                        + "tls.clientCertFile/clientKeyFile are ignored");
            }
            return Optional.of(new Source("azureEventGrid.clientCertFile", "azureEventGrid.clientKeyFile",
                    tls.caFile(), azure.clientCertFile(), azure.clientKeyFile(), tls.clientKeyPassword(),
                    tls.hostnameVerification()));
        }
        if (tls.enabled()) {
            return Optional.of(new Source("tls.clientCertFile", "tls.clientKeyFile", tls.caFile(),
                    tls.clientCertFile(), tls.clientKeyFile(), tls.clientKeyPassword(), tls.hostnameVerification()));
        }
        return Optional.empty();
    }

    /**
     * The HiveMQ client's TLS configuration for these settings, or empty when neither {@code tls} nor
     * {@code azureEventGrid} is enabled.
     *
     * @param settings validated settings
     * @return the TLS configuration, or empty for plain TCP
     * @throws TlsSetupException when a file is missing, unreadable, not PEM, an unsupported or
     *     undecryptable key, or a key that does not belong to its certificate
     */
    public static Optional<MqttClientSslConfig> create(MqttSettings settings) {
        return sourceOf(settings).map(TlsConfigFactory::create);
    }

    /**
     * The HiveMQ client's TLS configuration for this source. Logs a WARN when hostname verification is
     * off, and when a certificate has expired or is not yet valid (the broker will likely refuse it).
     *
     * @param source the files and options
     * @return the TLS configuration
     * @throws TlsSetupException when a file cannot be used
     */
    public static MqttClientSslConfig create(Source source) {
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
        source.caFile().ifPresent(ca -> builder.trustManagerFactory(trustManagerFactory(ca)));
        if (source.clientCertFile().isPresent()) {
            builder.keyManagerFactory(keyManagerFactory(source));
        }
        if (!source.hostnameVerification()) {
            LOG.warn("TLS hostname verification is OFF: the broker's certificate is not checked against the host "
                    + "name, so anyone with a certificate from a trusted CA can impersonate the broker. "
                    + "Switch it on (tls.hostnameVerification: true) outside tests.");
            builder.hostnameVerifier((host, session) -> true);
        }
        // With no hostnameVerifier set, the HiveMQ client enables the JDK's HTTPS endpoint identification,
        // i.e. RFC 2818 hostname/IP checking against the certificate's subject alternative names.
        LOG.info("TLS configured: trust {}, client certificate {}, hostname verification {}",
                source.caFile().map(p -> "from " + p).orElse("from the JVM's default trust store"),
                source.clientCertFile().map(p -> "from " + p).orElse("none"),
                source.hostnameVerification() ? "on" : "OFF");
        return builder.build();
    }

    /**
     * A trust manager factory trusting exactly the certificates in a CA PEM file.
     *
     * @param caFile the CA PEM file (one or more certificates)
     * @return the factory
     * @throws TlsSetupException when the file cannot be used
     */
    public static TrustManagerFactory trustManagerFactory(Path caFile) {
        PemFile pem = PemFile.read("tls.caFile", caFile);
        List<X509Certificate> cas = PemCertificates.read(pem);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
                warnIfNotValidNow("tls.caFile", caFile, ca);
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw pem.error("cannot build a trust store from it: " + e.getMessage(), e);
        }
    }

    /**
     * A key manager factory holding the client certificate chain and its private key, after checking
     * that the key belongs to the (first) certificate.
     *
     * @param source the files
     * @return the factory
     * @throws TlsSetupException when a file cannot be used or the key does not match the certificate
     */
    public static KeyManagerFactory keyManagerFactory(Source source) {
        Path certFile = source.clientCertFile().orElseThrow(() -> new IllegalArgumentException("no client certificate"));
        Path keyFile = source.clientKeyFile().orElseThrow(() -> new IllegalArgumentException("no client key"));
        List<X509Certificate> chain = PemCertificates.read(PemFile.read(source.certSetting(), certFile));
        String passwordSetting = source.keySetting().startsWith("azureEventGrid.")
                ? "tls.clientKeyPassword" : source.keySetting().replace("clientKeyFile", "clientKeyPassword");
        PrivateKey key = PemPrivateKeys.read(PemFile.read(source.keySetting(), keyFile), source.clientKeyPassword(),
                passwordSetting);
        X509Certificate leaf = chain.get(0);
        String mismatch = KeyPairCheck.mismatch(key, leaf.getPublicKey());
        if (mismatch != null) {
            throw new TlsSetupException(source.keySetting(), keyFile, "the private key does not belong to the "
                    + "certificate in " + source.certSetting() + " (" + certFile + ", subject "
                    + leaf.getSubjectX500Principal().getName() + "): " + mismatch + ". Without a matching key the "
                    + "client would send no certificate and the broker would refuse the connection "
                    + "(certificate_required); expected the key the certificate was issued for", null);
        }
        warnIfNotValidNow(source.certSetting(), certFile, leaf);
        try {
            char[] storePassword = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, storePassword, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, storePassword);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(source.keySetting(), keyFile, "cannot build a key store from the key and "
                    + "the certificate in " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static void warnIfNotValidNow(String setting, Path file, X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            LOG.warn("{} ({}): certificate {} expired on {}; the broker will likely refuse it", setting, file,
                    cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            LOG.warn("{} ({}): certificate {} is not valid before {}; the broker will likely refuse it", setting, file,
                    cert.getSubjectX500Principal().getName(), cert.getNotBefore().toInstant());
        }
    }

    private static char[] randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }
}
