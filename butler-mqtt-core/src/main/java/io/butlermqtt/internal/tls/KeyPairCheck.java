package io.butlermqtt.internal.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Checks that a private key belongs to a certificate's public key. A mismatched pair makes the TLS client
 * silently send no certificate, and the broker then answers {@code certificate_required}: far better to
 * say so at start.
 */
final class KeyPairCheck {

    private static final byte[] PROBE = "butler-mqtt key/certificate check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}.
     *
     * @param key the private key
     * @param publicKey the certificate's public key
     * @return null when they match, else the reason they do not
     */
    static String mismatch(PrivateKey key, PublicKey publicKey) {
        String keyFamily = family(key.getAlgorithm());
        String certFamily = family(publicKey.getAlgorithm());
        if (!keyFamily.equals(certFamily)) {
            return "the key is " + keyFamily + " but the certificate's public key is " + certFamily;
        }
        if (key instanceof RSAKey && publicKey instanceof RSAPublicKey) {
            if (!((RSAKey) key).getModulus().equals(((RSAPublicKey) publicKey).getModulus())) {
                return "the RSA modulus differs";
            }
            if (key instanceof RSAPrivateCrtKey
                    && !((RSAPrivateCrtKey) key).getPublicExponent().equals(((RSAPublicKey) publicKey).getPublicExponent())) {
                return "the RSA public exponent differs";
            }
            return null;
        }
        if (key instanceof ECKey && publicKey instanceof ECKey
                && ((ECKey) key).getParams().getCurve().getField().getFieldSize()
                        != ((ECKey) publicKey).getParams().getCurve().getField().getFieldSize()) {
            return "the key and the certificate use different EC curves";
        }
        return verifies(key, publicKey) ? null : "a test signature made with the key does not verify with the certificate";
    }

    private static boolean verifies(PrivateKey key, PublicKey publicKey) {
        try {
            String family = family(key.getAlgorithm());
            String algorithm;
            if ("EC".equals(family)) {
                algorithm = "SHA256withECDSA";
            } else if ("EdDSA".equals(family)) {
                algorithm = "EdDSA";
            } else {
                algorithm = "RSASSA-PSS";
            }
            Signature signer = Signature.getInstance(algorithm);
            Signature verifier = Signature.getInstance(algorithm);
            if ("RSASSA-PSS".equals(algorithm)) {
                PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                signer.setParameter(pss);
                verifier.setParameter(pss);
            }
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String family(String algorithm) {
        switch (algorithm) {
            case "RSA":
            case "RSASSA-PSS":
                return "RSA";
            case "EC":
            case "ECDSA":
                return "EC";
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                return "EdDSA";
            default:
                return algorithm;
        }
    }
}
