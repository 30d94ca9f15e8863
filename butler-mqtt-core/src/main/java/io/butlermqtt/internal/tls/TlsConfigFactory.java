package io.butlermqtt.internal.tls;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.butlermqtt.InvalidSettingsException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TLS material from PEM files (JDK only, no BouncyCastle): trust from a CA PEM file or the JVM's
 * trust store, a client certificate and key, and builds the HiveMQ client's TLS configuration from
 * {@link MqttSettings}. Every file is read and checked at once, so that a start with a missing CA file
 * and a missing client certificate reports both, each naming its setting, the file and the reason.
 *
 * <p>Certificates that are not valid now are logged as a WARN when they would be used: each certificate of
 * the client's own chain, and the CA file's certificate when the file holds exactly one. A CA bundle (such
 * as the system's {@code ca-certificates.crt}) routinely holds expired roots that are never used, so only a
 * bundle in which no certificate is valid is warned about.
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
     * @param caSetting settings key of the CA file, e.g. {@code tls.caFile}
     * @param passwordSetting settings key of the client key's password, e.g. {@code tls.clientKeyPassword}
     * @param caFile CA PEM file; empty means the JVM's default trust store
     * @param clientCertFile client certificate (chain) PEM file, or empty for no client certificate
     * @param clientKeyFile client private key PEM file; present exactly when {@code clientCertFile} is
     * @param clientKeyPassword password of an encrypted PKCS#8 key
     * @param hostnameVerification whether the server's certificate must name the host dialled
     */
    public record Source(
            String certSetting,
            String keySetting,
            String caSetting,
            String passwordSetting,
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
            Objects.requireNonNull(caSetting, "caSetting");
            Objects.requireNonNull(passwordSetting, "passwordSetting");
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

        /**
         * A source of the MQTT settings: the CA setting is {@code tls.caFile}, the password setting
         * {@code tls.clientKeyPassword}.
         *
         * @param certSetting settings key of the client certificate file
         * @param keySetting settings key of the client key file
         * @param caFile CA PEM file; empty means the JVM's default trust store
         * @param clientCertFile client certificate (chain) PEM file, or empty
         * @param clientKeyFile client private key PEM file, or empty
         * @param clientKeyPassword password of an encrypted PKCS#8 key
         * @param hostnameVerification whether the server's certificate must name the host dialled
         */
        public Source(String certSetting, String keySetting, Optional<Path> caFile, Optional<Path> clientCertFile,
                Optional<Path> clientKeyFile, Optional<String> clientKeyPassword, boolean hostnameVerification) {
            this(certSetting, keySetting, "tls.caFile", "tls.clientKeyPassword", caFile, clientCertFile,
                    clientKeyFile, clientKeyPassword, hostnameVerification);
        }

        /** Shows the files, never the password. */
        @Override
        public String toString() {
            return "Source{" + caSetting + "=" + caFile.map(Path::toString).orElse("JVM trust store")
                    + ", " + certSetting + "=" + clientCertFile.map(Path::toString).orElse("none")
                    + ", " + keySetting + "=" + clientKeyFile.map(Path::toString).orElse("none")
                    + ", " + passwordSetting + "=" + (clientKeyPassword.isPresent() ? "****" : "none")
                    + ", hostnameVerification=" + hostnameVerification + '}';
        }
    }

    /**
     * The TLS material read from a source's files.
     *
     * @param trust trust in the CA file's certificates; empty for the JVM's default trust store
     * @param keys the client certificate chain and key; empty when the source has none
     */
    public record Material(Optional<TrustManagerFactory> trust, Optional<KeyManagerFactory> keys) {
    }

    /**
     * Where TLS material comes from for these settings: the {@code azureEventGrid} block when enabled
     * (its client certificate and key; CA, key password and hostname verification from {@code tls}),
     * else the {@code tls} block when enabled, else none. Logs nothing.
     *
     * @param settings validated settings
     * @return the source, or empty when TLS is not used
     */
    public static Optional<Source> sourceOf(MqttSettings settings) {
        MqttSettings.Tls tls = settings.tls();
        MqttSettings.AzureEventGrid azure = settings.azureEventGrid();
        if (azure.enabled()) {
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
     * Reads and checks every file the MQTT client would read at start (nothing when MQTT is disabled or
     * TLS is not used), without logging: every problem at once.
     *
     * @param settings validated settings
     * @return the problems, each naming the setting, the file and the reason; empty when every file is usable
     */
    public static List<InvalidSettingsException.Problem> check(MqttSettings settings) {
        if (!settings.enabled()) {
            return List.of();
        }
        return sourceOf(settings).map(TlsConfigFactory::check).orElse(List.of());
    }

    /**
     * Reads and checks every file of a source, without logging.
     *
     * @param source the files
     * @return the problems, each naming the setting, the file and the reason; empty when every file is usable
     */
    public static List<InvalidSettingsException.Problem> check(Source source) {
        return problems(read(source, false).problems);
    }

    /**
     * The HiveMQ client's TLS configuration for these settings, or empty when neither {@code tls} nor
     * {@code azureEventGrid} is enabled.
     *
     * @param settings validated settings
     * @return the TLS configuration, or empty for plain TCP
     * @throws InvalidSettingsException listing every file that is missing, unreadable, not PEM, an
     *     unsupported or undecryptable key, or a key that does not belong to its certificate
     */
    public static Optional<MqttClientSslConfig> create(MqttSettings settings) {
        MqttSettings.Tls tls = settings.tls();
        if (settings.azureEventGrid().enabled()
                && (tls.clientCertFile().isPresent() || tls.clientKeyFile().isPresent())) {
            LOG.warn("azureEventGrid is enabled: using azureEventGrid.clientCertFile/clientKeyFile; "
                    + "tls.clientCertFile/clientKeyFile are ignored");
        }
        return sourceOf(settings).map(TlsConfigFactory::create);
    }

    /**
     * The HiveMQ client's TLS configuration for this source. Logs a WARN when hostname verification is
     * off, and when a certificate that would be used has expired or is not yet valid.
     *
     * @param source the files and options
     * @return the TLS configuration
     * @throws InvalidSettingsException listing every file that cannot be used
     */
    public static MqttClientSslConfig create(Source source) {
        Material material = load(source, "MQTT");
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
        material.trust().ifPresent(builder::trustManagerFactory);
        material.keys().ifPresent(builder::keyManagerFactory);
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
     * Reads every file of a source and builds the trust and key managers, logging a WARN for each
     * certificate that would be used and is not valid now.
     *
     * @param source the files
     * @param component what the files are for, for the exception's first line ({@code MQTT}, {@code QRS})
     * @return the material
     * @throws InvalidSettingsException listing every file that cannot be used (all of them, not the first)
     */
    public static Material load(Source source, String component) {
        Read read = read(source, true);
        if (!read.problems.isEmpty()) {
            throw new InvalidSettingsException(component, problems(read.problems), read.problems.get(0));
        }
        return new Material(read.trust, read.keys);
    }

    /**
     * A trust manager factory trusting exactly the certificates in a CA PEM file (setting
     * {@code tls.caFile}).
     *
     * @param caFile the CA PEM file (one or more certificates)
     * @return the factory
     * @throws TlsSetupException when the file cannot be used
     */
    public static TrustManagerFactory trustManagerFactory(Path caFile) {
        return trustManagerFactory("tls.caFile", caFile, true);
    }

    /**
     * A key manager factory holding the client certificate chain and its private key, after checking
     * that the key belongs to the (first) certificate.
     *
     * @param source the files
     * @return the factory
     * @throws TlsSetupException when a file cannot be used or the key does not match the certificate; the
     *     first problem found
     */
    public static KeyManagerFactory keyManagerFactory(Source source) {
        List<TlsSetupException> problems = new ArrayList<>();
        Optional<KeyManagerFactory> kmf = keyManagerFactory(source, true, problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return kmf.orElseThrow(() -> new IllegalArgumentException("no client certificate"));
    }

    /**
     * The problems as settings problems: the setting, then {@code file <path>: <reason>}.
     *
     * @param problems the file problems
     * @return one problem per file problem, in the same order
     */
    public static List<InvalidSettingsException.Problem> problems(List<TlsSetupException> problems) {
        List<InvalidSettingsException.Problem> out = new ArrayList<>(problems.size());
        for (TlsSetupException e : problems) {
            out.add(new InvalidSettingsException.Problem(e.setting(), "file " + e.file() + ": " + e.reason()));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------

    /** What reading a source gave: the material that could be built, and every problem. */
    private static final class Read {
        Optional<TrustManagerFactory> trust = Optional.empty();
        Optional<KeyManagerFactory> keys = Optional.empty();
        final List<TlsSetupException> problems = new ArrayList<>();
    }

    private static Read read(Source source, boolean log) {
        Read read = new Read();
        if (source.caFile().isPresent()) {
            try {
                read.trust = Optional.of(trustManagerFactory(source.caSetting(), source.caFile().get(), log));
            } catch (TlsSetupException e) {
                read.problems.add(e);
            }
        }
        if (source.clientCertFile().isPresent()) {
            read.keys = keyManagerFactory(source, log, read.problems);
        }
        return read;
    }

    private static TrustManagerFactory trustManagerFactory(String setting, Path caFile, boolean log) {
        PemFile pem = PemFile.read(setting, caFile);
        List<X509Certificate> cas = PemCertificates.read(pem);
        if (log) {
            warnAboutCas(setting, caFile, cas);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
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
     * Reads the certificate and the key independently (so that both are reported when both are bad), then
     * checks that they belong together.
     */
    private static Optional<KeyManagerFactory> keyManagerFactory(Source source, boolean log,
            List<TlsSetupException> problems) {
        Path certFile = source.clientCertFile().orElseThrow(() -> new IllegalArgumentException("no client certificate"));
        Path keyFile = source.clientKeyFile().orElseThrow(() -> new IllegalArgumentException("no client key"));
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        try {
            chain = PemCertificates.read(PemFile.read(source.certSetting(), certFile));
        } catch (TlsSetupException e) {
            problems.add(e);
        }
        try {
            key = PemPrivateKeys.read(PemFile.read(source.keySetting(), keyFile), source.clientKeyPassword(),
                    source.passwordSetting());
        } catch (TlsSetupException e) {
            problems.add(e);
        }
        if (chain == null || key == null) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        String mismatch = KeyPairCheck.mismatch(key, leaf.getPublicKey());
        if (mismatch != null) {
            problems.add(new TlsSetupException(source.keySetting(), keyFile, "the private key does not belong to the "
                    + "certificate in " + source.certSetting() + " (" + certFile + ", subject "
                    + leaf.getSubjectX500Principal().getName() + "): " + mismatch + ". Without a matching key the "
                    + "client would send no certificate and the server would refuse the connection "
                    + "(certificate_required); expected the key the certificate was issued for", null));
            return Optional.empty();
        }
        if (log) {
            for (X509Certificate cert : chain) {
                String problem = validityProblem(cert);
                if (problem != null) {
                    LOG.warn("{} ({}): certificate {} {}; the server will likely refuse it", source.certSetting(),
                            certFile, cert.getSubjectX500Principal().getName(), problem);
                }
            }
        }
        try {
            char[] storePassword = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, storePassword, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, storePassword);
            return Optional.of(kmf);
        } catch (GeneralSecurityException | IOException e) {
            problems.add(new TlsSetupException(source.keySetting(), keyFile, "cannot build a key store from the key "
                    + "and the certificate in " + certFile + ": " + e.getMessage(), e));
            return Optional.empty();
        }
    }

    /**
     * A single CA certificate that is not valid now is worth a WARN: the server's certificate will not
     * verify against it. In a bundle, expired roots are normal and never used: warn only when none is valid.
     */
    private static void warnAboutCas(String setting, Path file, List<X509Certificate> cas) {
        if (cas.size() == 1) {
            String problem = validityProblem(cas.get(0));
            if (problem != null) {
                LOG.warn("{} ({}): CA certificate {} {}; a server certificate it signed will not be trusted",
                        setting, file, cas.get(0).getSubjectX500Principal().getName(), problem);
            }
            return;
        }
        long invalid = cas.stream().filter(c -> validityProblem(c) != null).count();
        if (invalid == cas.size()) {
            LOG.warn("{} ({}): none of its {} CA certificates is valid now (expired or not yet valid); no server "
                    + "certificate will be trusted", setting, file, cas.size());
        } else if (invalid > 0) {
            LOG.debug("{} ({}): {} of its {} CA certificates are not valid now (normal in a CA bundle; they are "
                    + "never used)", setting, file, invalid, cas.size());
        }
    }

    private static String validityProblem(X509Certificate cert) {
        try {
            cert.checkValidity();
            return null;
        } catch (CertificateExpiredException e) {
            return "expired on " + cert.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "is not valid before " + cert.getNotBefore().toInstant();
        }
    }

    private static char[] randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }
}
