package io.butlermqtt.internal.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The few bits of ASN.1 DER needed to read key containers and wrap PKCS#1 / SEC1 keys into PKCS#8. */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xA0;

    /** OID 1.2.840.113549.1.1.1 rsaEncryption, encoded. */
    static final byte[] OID_RSA_ENCRYPTION = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** OID 1.2.840.10045.2.1 id-ecPublicKey, encoded. */
    static final byte[] OID_EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    /** DER NULL. */
    static final byte[] DER_NULL = {0x05, 0x00};
    /** INTEGER 0 (PKCS#8 version). */
    static final byte[] INTEGER_0 = {0x02, 0x01, 0x00};

    private Der() {
    }

    /** One tag-length-value element inside {@code buf}. */
    record Tlv(int tag, byte[] buf, int start, int valueStart, int end) {

        byte[] value() {
            return Arrays.copyOfRange(buf, valueStart, end);
        }

        byte[] encoded() {
            return Arrays.copyOfRange(buf, start, end);
        }

        List<Tlv> children() {
            List<Tlv> out = new ArrayList<>();
            int pos = valueStart;
            while (pos < end) {
                Tlv child = read(buf, pos, end);
                out.add(child);
                pos = child.end();
            }
            return out;
        }

        String oid() {
            if (tag != OID) {
                throw new IllegalArgumentException("expected an OID, found tag 0x" + Integer.toHexString(tag));
            }
            return decodeOid(buf, valueStart, end);
        }
    }

    /** Reads the whole buffer as one element. */
    static Tlv parse(byte[] der) {
        Tlv tlv = read(der, 0, der.length);
        if (tlv.end() != der.length) {
            throw new IllegalArgumentException("trailing bytes after the DER element");
        }
        return tlv;
    }

    static Tlv read(byte[] buf, int offset, int limit) {
        if (offset + 2 > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = buf[offset] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new IllegalArgumentException("multi-byte DER tags are not supported");
        }
        int pos = offset + 1;
        int first = buf[pos++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 4) {
                throw new IllegalArgumentException("unsupported DER length encoding");
            }
            if (pos + n > limit) {
                throw new IllegalArgumentException("truncated DER");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (buf[pos++] & 0xFF);
            }
        }
        if (length > limit - pos) {
            throw new IllegalArgumentException("DER length " + length + " exceeds the data");
        }
        return new Tlv(tag, buf, offset, pos, pos + (int) length);
    }

    static String decodeOid(byte[] buf, int from, int to) {
        if (from >= to) {
            throw new IllegalArgumentException("empty OID");
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = from; i < to; i++) {
            value = (value << 7) | (buf[i] & 0x7F);
            if ((buf[i] & 0x80) == 0) {
                if (first) {
                    long a = Math.min(value / 40, 2);
                    sb.append(a).append('.').append(value - 40 * a);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
            }
        }
        return sb.toString();
    }

    /** Encodes a TLV with the given tag around the concatenated contents. */
    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len <= 0xFF) {
            out.write(0x81);
            out.write(len);
        } else if (len <= 0xFFFF) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
