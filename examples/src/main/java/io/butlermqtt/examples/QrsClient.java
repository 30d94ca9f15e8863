package io.butlermqtt.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Starts a Qlik Sense task through the Qlik Repository Service (QRS), as Butler does: {@code POST
 * /qrs/task/{id}/start} on port 4242, authenticated by the client certificate that Sense exports
 * (QMC, Certificates: {@code client.pfx}, or {@code client.pem} + {@code client_key.pem}, with
 * {@code root.pem} as the CA), with the {@code X-Qlik-Xrfkey} header and {@code xrfkey} query
 * parameter (QRS's CSRF check) and the {@code X-Qlik-User} header naming the user the call runs as.
 *
 * <p>Only the JDK: {@link HttpClient} and a {@link KeyStore}. This lives in the examples, not in the
 * library: how a task is started is the application's business.
 */
public final class QrsClient {

    /**
     * Where and how to reach the QRS.
     *
     * @param baseUrl e.g. {@code https://sense-central-01.corp.example.com:4242}
     * @param clientCert a PKCS#12 file ({@code .pfx}/{@code .p12}) or a PEM certificate; empty
     *     sends no client certificate (a real QRS then refuses the call)
     * @param clientKey the PEM private key when {@code clientCert} is PEM (PKCS#8 or PKCS#1 RSA)
     * @param keyPassword the PKCS#12 password (Sense exports with an optional one); may be empty
     * @param caCert the PEM CA ({@code root.pem}) that signed the QRS certificate; when empty the
     *     JVM's trust store is used
     * @param userDirectory directory of the user the call runs as, e.g. {@code INTERNAL}
     * @param userId the user, e.g. {@code sa_repository}
     */
    public record Config(URI baseUrl, Optional<Path> clientCert, Optional<Path> clientKey, char[] keyPassword,
            Optional<Path> caCert, String userDirectory, String userId) {

        /** Never shows the password. */
        @Override
        public String toString() {
            return "QrsClient.Config[baseUrl=" + baseUrl + ", clientCert=" + clientCert.map(Path::toString).orElse("-")
                    + ", clientKey="
                    + clientKey.map(Path::toString).orElse("-") + ", caCert=" + caCert.map(Path::toString).orElse("JVM")
                    + ", user=" + userDirectory + "\\" + userId + "]";
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String XRF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Config config;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    /**
     * Reads the certificate files and builds the HTTP client.
     *
     * @param config where and how
     * @throws IllegalArgumentException naming the file and the reason when a certificate or key
     *     cannot be read
     */
    public QrsClient(Config config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext(config))
                .connectTimeout(TIMEOUT)
                .build();
    }

    /**
     * Starts a task and waits for the QRS's answer (10 s at most).
     *
     * @param taskId the task
     * @throws QrsException with a message that says what went wrong and what to check
     */
    public void startTask(UUID taskId) {
        String xrfkey = xrfkey();
        URI uri = URI.create(stripSlash(config.baseUrl().toString()) + "/qrs/task/" + taskId + "/start?xrfkey=" + xrfkey);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("X-Qlik-Xrfkey", xrfkey)
                .header("X-Qlik-User", "UserDirectory=" + config.userDirectory() + "; UserId=" + config.userId())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new QrsException("could not start task " + taskId + ": no connection to the Qlik Repository Service at "
                    + config.baseUrl() + " within " + TIMEOUT.toSeconds() + " s (is the host right, is port 4242 open?)", e);
        } catch (HttpTimeoutException e) {
            throw new QrsException("could not start task " + taskId + ": the Qlik Repository Service at "
                    + config.baseUrl() + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new QrsException("could not start task " + taskId + ": cannot reach the Qlik Repository Service at "
                    + config.baseUrl() + " (" + describe(e) + "; is the URL right and the QRS running?)", e);
        } catch (SSLHandshakeException e) {
            throw new QrsException("could not start task " + taskId + ": TLS handshake with " + config.baseUrl()
                    + " failed (" + describe(e) + "); check the CA file (Sense's root.pem) and the client certificate", e);
        } catch (IOException e) {
            throw new QrsException("could not start task " + taskId + ": request to " + config.baseUrl()
                    + " failed (" + describe(e) + ")" + (config.clientCert().isEmpty()
                            ? "; no client certificate was given, and the QRS requires Sense's (client.pfx, or client.pem + client_key.pem)"
                            : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QrsException("interrupted while starting task " + taskId, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new QrsException("could not start task " + taskId + ": the Qlik Repository Service answered HTTP "
                    + status + (status == 404 ? " (no task with that ID)" : status == 403
                            ? " (forbidden: check X-Qlik-User and the certificate)" : "")
                    + (body.isEmpty() ? "" : ": " + abbreviate(body, 200)), null);
        }
    }

    /** A QRS call that failed; the message says why and what to check. */
    public static final class QrsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QrsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String xrfkey() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(XRF_CHARS.charAt(random.nextInt(XRF_CHARS.length())));
        }
        return sb.toString();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName() + (e instanceof ConnectException ? " (connection refused)" : "");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    // ---- certificates: PKCS#12, or PEM certificate + PEM key (PKCS#8 or PKCS#1 RSA) ----

    private static SSLContext sslContext(Config c) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (c.clientCert().isPresent()) {
                kmf.init(keyStore(c, c.clientCert().get()), c.keyPassword());
            } else {
                kmf.init(emptyKeyStore(), new char[0]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (c.caCert().isPresent()) {
                KeyStore trust = emptyKeyStore();
                List<Certificate> cas = readCertificates(c.caCert().get());
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the QRS certificates " + c + ": " + describe(e), e);
        }
    }

    private static KeyStore keyStore(Config c, Path cert) throws GeneralSecurityException {
        String name = cert.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pfx") || name.endsWith(".p12")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(cert)) {
                ks.load(in, c.keyPassword());
            } catch (IOException e) {
                throw new IllegalArgumentException("clientCert " + cert + ": cannot read PKCS#12 file ("
                        + describe(e) + "; wrong password?)", e);
            }
            return ks;
        }
        Path keyFile = c.clientKey().orElseThrow(() -> new IllegalArgumentException(
                "clientKey: required with a PEM certificate (" + cert + "), e.g. Sense's client_key.pem"));
        List<Certificate> chain = readCertificates(cert);
        PrivateKey key = readPrivateKey(keyFile);
        KeyStore ks = emptyKeyStore();
        ks.setKeyEntry("client", key, c.keyPassword(), chain.toArray(new Certificate[0]));
        return ks;
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an empty key store", e);
        }
        return ks;
    }

    private static List<Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": no certificate found (expected PEM \"BEGIN CERTIFICATE\")");
            }
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + describe(e) + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a certificate (" + describe(e) + ")", e);
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private static PrivateKey readPrivateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + describe(e) + ")", e);
        }
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": no PEM private key found");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        byte[] pkcs8 = switch (m.group(1)) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> wrapPkcs1Rsa(der);
            default -> throw new IllegalArgumentException(file + ": \"" + m.group(1)
                    + "\" is not supported here; expected \"PRIVATE KEY\" (PKCS#8) or \"RSA PRIVATE KEY\" (PKCS#1)");
        };
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException tryNext) {
                // next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": not an RSA or EC private key");
    }

    /** PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as OCTET STRING). */
    private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }
}
