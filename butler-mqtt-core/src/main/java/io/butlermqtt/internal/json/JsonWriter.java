package io.butlermqtt.internal.json;

import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
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
    /** Escape for each ASCII char: 0 = raw, 'u' = \\u00xx, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    /** 1 for each Latin-1 char written as itself in one byte (printable ASCII but {@code "} and <code>&#92;</code>). */
    private static final byte[] PLAIN = new byte[256];
    /** Room kept for one char in the general string loop: its longest form is 6 bytes. */
    private static final int TAIL_RESERVE = 6;

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = 1;
        }
        PLAIN['"'] = 0;
        PLAIN['\\'] = 0;
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
        writeString(name, needComma);
        buf[pos++] = ':'; // writeString leaves room for it
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
        if (s == null) {
            beforeValue();
            raw(NULL);
        } else {
            writeString(s, needComma);
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
        } else if (v instanceof JsonObject) {
            JsonObject o = (JsonObject) v;
            beginObject();
            for (int i = 0, n = o.size(); i < n; i++) {
                name(o.keyAt(i));
                value(o.valueAt(i));
            }
            return endObject();
        } else if (v instanceof JsonArray) {
            JsonArray a = (JsonArray) v;
            beginArray();
            for (int i = 0, n = a.size(); i < n; i++) {
                value(a.get(i));
            }
            return endArray();
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
        byte[] b = buf;
        int p = pos;
        for (byte x : bytes) { // short literals: cheaper than an arraycopy call
            b[p++] = x;
        }
        pos = p;
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
        byte[] b = buf;
        int p = pos;
        if (v < 0) {
            b[p++] = '-';
            v = -v; // |v| <= 2^53 here, no overflow
        }
        if (v < 10) {
            b[p++] = (byte) ('0' + v);
            pos = p;
            return;
        }
        int end = p + digits(v);
        int q = end;
        while (v > Integer.MAX_VALUE) {
            long d = v / 10;
            b[--q] = (byte) ('0' + (int) (v - d * 10));
            v = d;
        }
        int iv = (int) v; // int division by a constant compiles to a multiplication
        while (iv >= 10) {
            int d = iv / 10;
            b[--q] = (byte) ('0' + (iv - d * 10));
            iv = d;
        }
        b[--q] = (byte) ('0' + iv);
        pos = end;
    }

    /** Number of decimal digits of {@code v} &gt; 0. */
    private static int digits(long v) {
        int n = 1;
        long limit = 10;
        while (n < 19 && v >= limit) {
            n++;
            limit *= 10;
        }
        return n;
    }

    /**
     * Writes a quoted, escaped string. Characters that need no escape and are ASCII are copied
     * in one tight loop (one table lookup per char); the first other character switches to the
     * general loop for the rest of the string. Leaves room for one more byte (a colon after a
     * member name).
     *
     * @param comma whether to write a comma first
     */
    private void writeString(String s, boolean comma) {
        int len = s.length();
        // enough for the common case (printable ASCII only): comma, quotes, and a colon after a name
        ensure(len + 4);
        byte[] b = buf;
        int p = pos;
        if (comma) {
            b[p++] = ',';
        }
        b[p++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || PLAIN[c] == 0) {
                pos = p + i;
                writeStringTail(s, i);
                return;
            }
            b[p + i] = (byte) c;
        }
        p += len;
        b[p++] = '"';
        pos = p;
    }

    /** Writes {@code s} from index {@code i} (a char that is not plain ASCII) and the closing quote. */
    private void writeStringTail(String s, int i) {
        int len = s.length();
        byte[] b = buf;
        int p = pos;
        while (i < len) {
            // room for a run of plain chars (one byte each), then one char of up to 6 bytes
            int room = b.length - p - TAIL_RESERVE;
            if (room < 16) {
                pos = p;
                ensure(Math.min(len - i, 4096) + TAIL_RESERVE + 16);
                b = buf;
                room = b.length - p - TAIL_RESERVE;
            }
            int limit = len - i <= room ? len : i + room;
            char c = 0;
            while (i < limit) {
                c = s.charAt(i);
                if (c > 0xFF || PLAIN[c] == 0) {
                    break;
                }
                b[p++] = (byte) c;
                i++;
            }
            if (i == limit) {
                continue; // done, or out of room
            }
            i++;
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
                char low = i < len ? s.charAt(i) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    i++;
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
        ensure(2); // the closing quote, and room for a colon after a member name
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
