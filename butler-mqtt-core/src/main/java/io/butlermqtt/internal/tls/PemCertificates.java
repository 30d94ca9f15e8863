package io.butlermqtt.internal.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the X.509 certificates ({@code BEGIN CERTIFICATE} blocks) of a PEM file. */
final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * All certificates of the file, in file order.
     *
     * @param pem the file
     * @return at least one certificate
     * @throws TlsSetupException when there is none or one cannot be parsed
     */
    static List<X509Certificate> read(PemFile pem) {
        List<PemFile.Block> blocks = pem.blocksOfType("CERTIFICATE");
        if (blocks.isEmpty()) {
            String hint = pem.blocks().stream().anyMatch(b -> b.type().endsWith("PRIVATE KEY"))
                    ? " (is this the key file? check that clientCertFile and clientKeyFile are not swapped)" : "";
            throw pem.error("no certificate found; the file holds " + pem.describeContent()
                    + "; expected one or more \"-----BEGIN CERTIFICATE-----\" blocks" + hint, null);
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JVM has no X.509 CertificateFactory", e);
        }
        List<X509Certificate> out = new ArrayList<>(blocks.size());
        for (PemFile.Block block : blocks) {
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | RuntimeException e) {
                throw pem.error("the CERTIFICATE block at line " + block.line() + " is not a valid X.509 certificate: "
                        + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }
}
