package io.butlermqtt.internal.qrs;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of the QRS client. The JDK's {@code HttpClient} always asks for HTTPS endpoint
 * identification (hostname verification) and can switch it off only for the whole JVM (system property
 * {@code jdk.internal.httpclient.disableHostnameVerification}). To switch it off for this client alone, the
 * trust manager is wrapped: the JDK's trust manager checks the host name only in its
 * {@code checkServerTrusted(chain, authType, engine)} variant, so the wrapper answers that call with the
 * check that has no engine: the chain is still validated against the CA, the name is not compared.
 * {@code rejectUnauthorized: false} (Node's meaning) trusts every certificate.
 */
final class QrsTrust {

    private QrsTrust() {
    }

    /**
     * Builds the TLS context.
     *
     * @param keys the client certificate and key
     * @param trust trust in the CA file, or empty for the JVM's default trust store
     * @param rejectUnauthorized false to trust every server certificate
     * @param hostnameVerification false to skip the name check (the chain is still validated)
     * @return the context
     * @throws GeneralSecurityException when the JVM cannot make a TLS context
     */
    static SSLContext sslContext(Optional<KeyManagerFactory> keys, Optional<TrustManagerFactory> trust,
            boolean rejectUnauthorized, boolean hostnameVerification) throws GeneralSecurityException {
        KeyManager[] km = keys.map(KeyManagerFactory::getKeyManagers).orElse(null);
        X509ExtendedTrustManager tm;
        if (!rejectUnauthorized) {
            tm = new TrustEverything();
        } else {
            TrustManagerFactory tmf = trust.isPresent() ? trust.get() : jvmDefault();
            X509ExtendedTrustManager base = extended(tmf.getTrustManagers());
            tm = hostnameVerification ? base : new WithoutHostnameCheck(base);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }

    private static TrustManagerFactory jvmDefault() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return tmf;
    }

    private static X509ExtendedTrustManager extended(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) m;
            }
        }
        throw new GeneralSecurityException("the JVM's trust manager factory gave no X509ExtendedTrustManager");
    }

    /** Validates the chain as the JDK does, without comparing the host name. */
    static final class WithoutHostnameCheck extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        WithoutHostnameCheck(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** Node's {@code rejectUnauthorized: false}: every server certificate is accepted. */
    static final class TrustEverything extends X509ExtendedTrustManager {
        private static final X509Certificate[] NONE = new X509Certificate[0];

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts everything: configQRS.rejectUnauthorized is false (warned about at start)
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // as above
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // as above
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client never checks client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client never checks client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client never checks client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NONE;
        }
    }
}
