package io.butlermqtt.internal.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small, fast JSON writer that produces exactly the bytes of JavaScript's
 * {@code JSON.stringify} (no whitespace), UTF-8 encoded, into a growable byte array that can be
 * reused between documents.
 *
 * <p>Strings: only {@code "}, <code>&#92;</code> and the control characters below U+0020 are escaped
 * (<code>&#92;b &#92;f &#92;n &#92;r &#92;t</code>, the others as lowercase <code>&#92;u00xx</code>); {@code /}, U+007F, U+2028,
 * U+2029 and all other non-ASCII characters are written raw as UTF-8; a lone surrogate is
 * written as a lowercase <code>&#92;udxxx</code> escape (ES2019 well-formed {@code JSON.stringify}).
 * Numbers: see {@link JsNumbers}. Maps are written in their iteration order.
 *
 * <p>Not thread-safe; one instance per thread (or per use).
 *
 * <p>Internal: may change in any release.
 */
public final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** Characters handled per capacity check when writing a string. */
    private static final int CHUNK = 512;
    /** Escape for each ASCII char: 0 = raw, 'u' = \\u00xx, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    private byte[] buf;
    private final char[] chars = new char[CHUNK];
    private int pos;
    private boolean needComma;

    /** Creates a writer with a 1 KiB initial buffer. */
    public JsonWriter() {
        this(1024);
    }

    /**
     * Creates a writer.
     *
     * @param initialCapacity initial buffer size in bytes, at least 16
     */
    public JsonWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Serializes a JSON-like value (Map with String keys, List, String, Number, Boolean, null)
     * the way {@code JSON.stringify} would, as a Java string.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String stringify(Object value) {
        JsonWriter w = new JsonWriter(256);
        w.value(value);
        return new String(w.buf, 0, w.pos, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Empties the writer so it can write another document; keeps the buffer. */
    public JsonWriter reset() {
        pos = 0;
        needComma = false;
        return this;
    }

    /** Number of bytes written so far. */
    public int size() {
        return pos;
    }

    /** Current buffer capacity in bytes. */
    public int capacity() {
        return buf.length;
    }

    /** A copy of the bytes written so far, exactly sized. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Starts an object. */
    public JsonWriter beginObject() {
        beforeValue();
        ensure(1);
        buf[pos++] = '{';
        needComma = false;
        return this;
    }

    /** Ends an object. */
    public JsonWriter endObject() {
        ensure(1);
        buf[pos++] = '}';
        needComma = true;
        return this;
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        beforeValue();
        ensure(1);
        buf[pos++] = '[';
        needComma = false;
        return this;
    }

    /** Ends an array. */
    public JsonWriter endArray() {
        ensure(1);
        buf[pos++] = ']';
        needComma = true;
        return this;
    }

    /**
     * Writes an object member name and the colon.
     *
     * @param name the member name, not null
     */
    public JsonWriter name(String name) {
        if (needComma) {
            ensure(1);
            buf[pos++] = ',';
        }
        writeString(name);
        ensure(1);
        buf[pos++] = ':';
        needComma = false;
        return this;
    }

    /**
     * Writes a pre-encoded member name: the bytes of {@code "name":} exactly as
     * {@link #encodeName(String)} returns them.
     *
     * @param encodedName bytes from {@link #encodeName(String)}
     */
    public JsonWriter rawName(byte[] encodedName) {
        ensure(encodedName.length + 1);
        if (needComma) {
            buf[pos++] = ',';
        }
        System.arraycopy(encodedName, 0, buf, pos, encodedName.length);
        pos += encodedName.length;
        needComma = false;
        return this;
    }

    /**
     * Pre-encodes a member name (quotes, escapes and colon) for {@link #rawName(byte[])}.
     *
     * @param name the member name
     * @return the bytes of {@code "name":}
     */
    public static byte[] encodeName(String name) {
        JsonWriter w = new JsonWriter(name.length() * 6 + 3);
        w.name(name);
        return w.toByteArray();
    }

    /** Writes {@code null}. */
    public JsonWriter nullValue() {
        beforeValue();
        raw(NULL);
        needComma = true;
        return this;
    }

    /**
     * Writes a string value, or {@code null} when {@code s} is null.
     *
     * @param s the string
     */
    public JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            raw(NULL);
        } else {
            writeString(s);
        }
        needComma = true;
        return this;
    }

    /**
     * Writes a boolean value.
     *
     * @param b the value
     */
    public JsonWriter value(boolean b) {
        beforeValue();
        raw(b ? TRUE : FALSE);
        needComma = true;
        return this;
    }

    /**
     * Writes a long as JavaScript prints {@code Number(v)}.
     *
     * @param v the value
     */
    public JsonWriter value(long v) {
        beforeValue();
        if (v >= -(1L << 53) && v <= (1L << 53)) {
            writeLongDigits(v);
        } else {
            StringBuilder sb = new StringBuilder(24);
            JsNumbers.appendLong(sb, v);
            writeAscii(sb);
        }
        needComma = true;
        return this;
    }

    /**
     * Writes a double as JavaScript prints it ({@code null} for NaN and the infinities).
     *
     * @param d the value
     */
    public JsonWriter value(double d) {
        beforeValue();
        if (d == Math.rint(d) && Math.abs(d) <= (double) (1L << 53)) {
            writeLongDigits((long) d); // also -0.0 -> 0
        } else {
            StringBuilder sb = new StringBuilder(24);
            JsNumbers.appendDouble(sb, d);
            writeAscii(sb);
        }
        needComma = true;
        return this;
    }

    /**
     * Writes a number as JavaScript prints it after conversion to a double; see {@link JsNumbers}.
     *
     * @param n the number, or null
     */
    public JsonWriter value(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return value(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            return value(n.doubleValue());
        }
        beforeValue();
        StringBuilder sb = new StringBuilder(24);
        JsNumbers.append(sb, n);
        writeAscii(sb);
        needComma = true;
        return this;
    }

    /**
     * Writes any JSON-like value: {@code null}, String, Number, Boolean, a Map with String keys
     * (in iteration order) or a List, nested.
     *
     * @param v the value
     * @throws IllegalArgumentException for any other type, or a Map key that is not a String
     */
    public JsonWriter value(Object v) {
        if (v == null) {
            return nullValue();
        } else if (v instanceof String) {
            return value((String) v);
        } else if (v instanceof Map) {
            beginObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object key = e.getKey();
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, but found "
                            + (key == null ? "null" : key.getClass().getName()));
                }
                name((String) key);
                value(e.getValue());
            }
            return endObject();
        } else if (v instanceof List) {
            beginArray();
            for (Object o : (List<?>) v) {
                value(o);
            }
            return endArray();
        } else if (v instanceof Number) {
            return value((Number) v);
        } else if (v instanceof Boolean) {
            return value(((Boolean) v).booleanValue());
        }
        throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
                + " as JSON; expected a Map with String keys, a List, a String, a Number, a Boolean or null");
    }

    /**
     * Encodes text as UTF-8 the way Node.js does ({@code Buffer.from(text)}): a lone surrogate
     * becomes U+FFFD (bytes EF BF BD), where Java's own encoder would write {@code ?}.
     *
     * @param text the text, not null
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String text) {
        int len = text.length();
        int size = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3; // BMP char, or lone surrogate -> U+FFFD
            }
        }
        byte[] out = new byte[size];
        int p = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    out[p++] = (byte) (0xF0 | (cp >> 18));
                    out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    out[p++] = (byte) 0xEF;
                    out[p++] = (byte) 0xBF;
                    out[p++] = (byte) 0xBD;
                }
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    private void beforeValue() {
        if (needComma) {
            ensure(1);
            buf[pos++] = ',';
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void writeAscii(CharSequence s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void writeLongDigits(long v) {
        ensure(21);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v; // |v| <= 2^53 here, no overflow
        }
        if (v < 10) {
            buf[pos++] = (byte) ('0' + v);
            return;
        }
        int digits = 0;
        for (long t = v; t != 0; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    private void writeString(String s) {
        int len = s.length();
        ensure(2);
        buf[pos++] = '"';
        char[] cb = chars;
        int i = 0;
        while (i < len) {
            int n = Math.min(len - i, CHUNK);
            s.getChars(i, i + n, cb, 0); // bulk copy: no per-char coder or bounds checks below
            ensure(n * 6 + 1);
            byte[] b = buf;
            int p = pos;
            int k = 0;
            while (k < n) {
                // fast path: a run of ASCII characters that need no escape
                char c = cb[k];
                while (c < 0x80 && ESCAPE[c] == 0) {
                    b[p++] = (byte) c;
                    if (++k == n) {
                        break;
                    }
                    c = cb[k];
                }
                if (k == n) {
                    break;
                }
                k++;
                if (c < 0x80) {
                    byte esc = ESCAPE[c];
                    if (esc == 'u') {
                        b[p++] = '\\';
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xF];
                    } else {
                        b[p++] = '\\';
                        b[p++] = esc;
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (!Character.isSurrogate(c)) {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    char low = 0;
                    if (Character.isHighSurrogate(c)) {
                        if (k < n) {
                            low = cb[k];
                        } else if (i + n < len) {
                            low = s.charAt(i + n); // pair split across chunks
                        }
                    }
                    if (Character.isLowSurrogate(low)) {
                        if (k < n) {
                            k++;
                        } else {
                            i++; // the next chunk starts after the low surrogate
                        }
                        int cp = Character.toCodePoint(c, low);
                        b[p++] = (byte) (0xF0 | (cp >> 18));
                        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        // lone surrogate: \\udxxx, lowercase hex (well-formed JSON.stringify)
                        b[p++] = '\\';
                        b[p++] = 'u';
                        b[p++] = HEX[c >> 12];
                        b[p++] = HEX[(c >> 8) & 0xF];
                        b[p++] = HEX[(c >> 4) & 0xF];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            }
            pos = p;
            i += n;
        }
        ensure(1);
        buf[pos++] = '"';
    }

    private void ensure(int extra) {
        int need = pos + extra;
        if (need > buf.length) {
            if (need < 0) {
                throw new OutOfMemoryError("JSON document larger than 2 GiB");
            }
            int newCap = Math.max(need, buf.length << 1);
            if (newCap < 0) {
                newCap = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, newCap);
        }
    }
}
