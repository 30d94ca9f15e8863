package io.butlermqtt.internal.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a private key from PEM with the JDK only: PKCS#8 ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}, optionally after a {@code BEGIN EC PARAMETERS} block). The JDK's
 * {@code KeyFactory} reads only PKCS#8, so PKCS#1 and SEC1 keys are wrapped into PKCS#8 here.
 */
final class PemPrivateKeys {

    static final String PKCS8 = "PRIVATE KEY";
    static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String EC_PARAMETERS = "EC PARAMETERS";

    private static final Set<String> KEY_TYPES = Set.of(PKCS8, ENCRYPTED_PKCS8, PKCS1_RSA, SEC1_EC);

    /** PKCS#8 algorithm OIDs the JDK can use for a TLS client key, and their KeyFactory names. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    /** Known but unusable key algorithms, for messages. */
    private static final Map<String, String> OTHER_ALGORITHMS = Map.of(
            "1.2.840.10040.4.1", "DSA",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.2.840.113549.1.3.1", "DH");

    private static final String SUPPORTED = "expected an RSA, EC or Ed25519/Ed448 key as PKCS#8 (BEGIN PRIVATE KEY), "
            + "encrypted PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY)";

    private PemPrivateKeys() {
    }

    /**
     * Reads the one private key in {@code pem}.
     *
     * @param pem the file
     * @param password password for an encrypted PKCS#8 key
     * @param passwordSetting settings key of the password, for messages
     * @return the key
     * @throws TlsSetupException naming the file and the reason
     */
    static PrivateKey read(PemFile pem, Optional<String> password, String passwordSetting) {
        List<PemFile.Block> keys = pem.blocks().stream().filter(b -> KEY_TYPES.contains(b.type()))
                .collect(Collectors.toList());
        if (keys.isEmpty()) {
            throw pem.error(noKeyReason(pem), null);
        }
        if (keys.size() > 1) {
            throw pem.error("holds " + keys.size() + " private keys (" + pem.describeContent()
                    + "); expected exactly one", null);
        }
        PemFile.Block block = keys.get(0);
        if (block.headers().containsKey("Proc-Type") || block.headers().containsKey("DEK-Info")) {
            throw pem.error("the " + block.type() + " is encrypted with OpenSSL's legacy PEM encryption (Proc-Type/"
                    + "DEK-Info headers), which the JDK cannot read; convert it to encrypted PKCS#8 with "
                    + "\"openssl pkcs8 -topk8 -in old.pem -out new.pem\" (add -nocrypt for no password)", null);
        }
        byte[] pkcs8;
        try {
            switch (block.type()) {
                case PKCS8:
                    pkcs8 = block.der();
                    break;
                case ENCRYPTED_PKCS8:
                    pkcs8 = decrypt(pem, block.der(), password, passwordSetting);
                    break;
                case PKCS1_RSA:
                    pkcs8 = wrapPkcs1(block.der());
                    break;
                case SEC1_EC:
                    pkcs8 = wrapSec1(pem, block.der());
                    break;
                default:
                    throw new IllegalStateException(block.type());
            }
        } catch (IllegalArgumentException e) {
            throw pem.error("the " + block.type() + " block at line " + block.line() + " is not valid DER ("
                    + e.getMessage() + "); " + SUPPORTED, e);
        }
        return toKey(pem, block, pkcs8);
    }

    private static String noKeyReason(PemFile pem) {
        String content = pem.describeContent();
        StringBuilder sb = new StringBuilder("no private key found; the file holds ").append(content).append("; ")
                .append(SUPPORTED);
        if (!pem.blocksOfType("CERTIFICATE").isEmpty()) {
            sb.append(" (is this the certificate file? check that clientCertFile and clientKeyFile are not swapped)");
        } else if (!pem.blocksOfType("OPENSSH PRIVATE KEY").isEmpty()) {
            sb.append(" (an OpenSSH key: convert it with \"ssh-keygen -p -m PKCS8 -f key\")");
        } else if (!pem.blocksOfType("DSA PRIVATE KEY").isEmpty()) {
            sb.append(" (DSA keys are not supported)");
        }
        return sb.toString();
    }

    private static PrivateKey toKey(PemFile pem, PemFile.Block block, byte[] pkcs8) {
        String oid;
        try {
            List<Der.Tlv> fields = Der.parse(pkcs8).children();
            oid = fields.get(1).children().get(0).oid();
        } catch (RuntimeException e) {
            throw pem.error("the " + block.type() + " block at line " + block.line()
                    + " is not a PKCS#8 PrivateKeyInfo; " + SUPPORTED, e);
        }
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            String name = OTHER_ALGORITHMS.getOrDefault(oid, "with OID " + oid);
            throw pem.error("unsupported key type " + name + "; " + SUPPORTED, null);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (NoSuchAlgorithmException e) {
            throw pem.error("unsupported key type " + algorithm + ": this JVM has no KeyFactory for it; " + SUPPORTED, e);
        } catch (InvalidKeySpecException e) {
            String detail = "EC".equals(algorithm) ? " (an EC curve this JVM does not support? use P-256, P-384 or P-521)" : "";
            throw pem.error("the " + algorithm + " key cannot be decoded" + detail + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decrypt(PemFile pem, byte[] der, Optional<String> password, String passwordSetting) {
        if (password.isEmpty()) {
            throw pem.error("the key is encrypted (BEGIN ENCRYPTED PRIVATE KEY) but " + passwordSetting
                    + " is not set", null);
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw pem.error("the ENCRYPTED PRIVATE KEY block is not valid EncryptedPrivateKeyInfo DER: " + e.getMessage(), e);
        }
        // PBES2 keys (OpenSSL 3's default, PBKDF2 + AES) report "PBES2" (or its OID) as the algorithm name;
        // the cipher the JDK knows, e.g. "PBEWithHmacSHA256AndAES_256", is the parameters' name.
        AlgorithmParameters params = info.getAlgParameters();
        String name = info.getAlgName();
        if (params != null && ("PBES2".equalsIgnoreCase(name) || "1.2.840.113549.1.5.13".equals(name))) {
            name = params.toString();
        }
        char[] chars = password.get().toCharArray();
        try {
            SecretKey secret = SecretKeyFactory.getInstance(name).generateSecret(new PBEKeySpec(chars));
            Cipher cipher = Cipher.getInstance(name);
            cipher.init(Cipher.DECRYPT_MODE, secret, params);
            byte[] pkcs8 = info.getKeySpec(cipher).getEncoded();
            Der.parse(pkcs8); // garbage from a wrong password that happened to unpad cleanly fails here
            return pkcs8;
        } catch (NoSuchAlgorithmException e) {
            throw pem.error("the key is encrypted with " + name + ", which this JVM cannot decrypt; re-encrypt it with "
                    + "\"openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in key.pem -out new.pem\"", e);
        } catch (InvalidKeySpecException | IllegalArgumentException e) {
            throw pem.error("cannot decrypt the key: wrong " + passwordSetting + "?", e);
        } catch (GeneralSecurityException e) {
            throw pem.error("cannot decrypt the key (" + name + "): " + e.getMessage() + "; wrong " + passwordSetting + "?", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo with algorithm rsaEncryption. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        Der.Tlv key = Der.parse(pkcs1);
        if (key.tag() != Der.SEQUENCE || key.children().size() < 9) {
            throw new IllegalArgumentException("not an RSAPrivateKey SEQUENCE of 9 INTEGERs");
        }
        return Der.tlv(Der.SEQUENCE, Der.INTEGER_0,
                Der.tlv(Der.SEQUENCE, Der.OID_RSA_ENCRYPTION, Der.DER_NULL),
                Der.tlv(Der.OCTET_STRING, pkcs1));
    }

    /** SEC1 ECPrivateKey -> PKCS#8 PrivateKeyInfo with algorithm id-ecPublicKey and the named curve's OID. */
    private static byte[] wrapSec1(PemFile pem, byte[] sec1) {
        Der.Tlv key = Der.parse(sec1);
        if (key.tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not an ECPrivateKey SEQUENCE");
        }
        byte[] curve = null;
        for (Der.Tlv field : key.children()) {
            if (field.tag() == Der.CONTEXT_0) {
                List<Der.Tlv> inner = field.children();
                if (inner.size() == 1 && inner.get(0).tag() == Der.OID) {
                    curve = inner.get(0).encoded();
                } else {
                    throw pem.error("the EC key uses explicit curve parameters; expected a named curve "
                            + "(e.g. \"openssl ec -param_enc named_curve\")", null);
                }
            }
        }
        if (curve == null) {
            List<PemFile.Block> params = pem.blocksOfType(EC_PARAMETERS);
            if (params.size() == 1 && Der.parse(params.get(0).der()).tag() == Der.OID) {
                curve = params.get(0).der();
            } else {
                throw pem.error("the EC PRIVATE KEY names no curve (no parameters field and no single EC PARAMETERS "
                        + "block with a named curve); expected a SEC1 key with its curve OID, or PKCS#8", null);
            }
        }
        return Der.tlv(Der.SEQUENCE, Der.INTEGER_0,
                Der.tlv(Der.SEQUENCE, Der.OID_EC_PUBLIC_KEY, curve),
                Der.tlv(Der.OCTET_STRING, sec1));
    }
}
