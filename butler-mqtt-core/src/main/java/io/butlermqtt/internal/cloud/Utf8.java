package io.butlermqtt.internal.cloud;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a payload the way Node.js's {@code Buffer.toString()} does (and so Butler, which parses
 * {@code message.toString()}): UTF-8 as the WHATWG Encoding Standard decodes it, each maximal invalid
 * subsequence becoming one U+FFFD, a byte order mark kept as U+FEFF. The JDK's decoder agrees on valid
 * input and differs on some invalid input (it turns the encoded surrogate {@code ED A0 80} into one
 * U+FFFD where Node.js writes three), so invalid input is decoded here.
 *
 * <p>Internal: may change in any release.
 */
public final class Utf8 {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /**
     * A decoded payload.
     *
     * @param text the text
     * @param valid whether the bytes were valid UTF-8 (no replacement was needed)
     */
    public record Decoded(String text, boolean valid) {
    }

    /**
     * Decodes the remaining bytes of a buffer without changing its position.
     *
     * @param payload the bytes
     * @return the text, and whether the bytes were valid UTF-8
     */
    public static Decoded decode(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return decode(bytes);
    }

    /**
     * Decodes bytes.
     *
     * @param bytes the bytes
     * @return the text, and whether the bytes were valid UTF-8
     */
    public static Decoded decode(byte[] bytes) {
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf(REPLACEMENT) < 0) {
            return new Decoded(fast, true); // the JDK replaces every invalid sequence, so none was there
        }
        return whatwg(bytes);
    }

    /** The WHATWG "UTF-8 decode" algorithm with replacement. */
    static Decoded whatwg(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        boolean valid = true;
        int needed = 0;
        int seen = 0;
        int cp = 0;
        int lower = 0x80;
        int upper = 0xBF;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b <= 0x7F) {
                    sb.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    cp = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) {
                        lower = 0xA0;
                    } else if (b == 0xED) {
                        upper = 0x9F;
                    }
                    needed = 2;
                    cp = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) {
                        lower = 0x90;
                    } else if (b == 0xF4) {
                        upper = 0x8F;
                    }
                    needed = 3;
                    cp = b & 0x07;
                } else {
                    sb.append(REPLACEMENT);
                    valid = false;
                }
                continue;
            }
            if (b < lower || b > upper) {
                needed = 0;
                seen = 0;
                cp = 0;
                lower = 0x80;
                upper = 0xBF;
                sb.append(REPLACEMENT);
                valid = false;
                i--; // the byte starts over
                continue;
            }
            lower = 0x80;
            upper = 0xBF;
            cp = (cp << 6) | (b & 0x3F);
            if (++seen == needed) {
                sb.appendCodePoint(cp);
                needed = 0;
                seen = 0;
                cp = 0;
            }
        }
        if (needed != 0) {
            sb.append(REPLACEMENT);
            valid = false;
        }
        return new Decoded(sb.toString(), valid);
    }
}
