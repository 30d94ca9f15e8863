package io.butlermqtt.internal.json;

import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
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
 * <p>How strings are written (the bytes are the same on every path; JsonWriterTest and
 * JsonWriterFastPathsTest prove it against a reference QuoteJSONString and Jackson, with and without
 * the first path): when the JVM lets {@link StringCoder} read a String's own Latin-1 bytes, those are
 * scanned eight at a time and copied (8 to 32 bytes in two or four words, no loop), and only the
 * bytes that need work take the exact path. Otherwise, from the chars: a string shorter than {@value #BULK_MIN} chars
 * goes through one tight loop, one table lookup per char. A longer one is copied in chunks with
 * the JDK's vectorised intrinsics ({@link String#getChars} and the ISO-8859-1 encoder, which stops
 * at the first char above U+00FF, so a char that does not fit in one byte is never mistaken for
 * one that does), then scanned eight bytes at a time (SWAR on a {@code long}) for the few bytes
 * that need work ({@code "}, <code>&#92;</code>, below U+0020, above U+007F); the runs between
 * them are copied with {@link System#arraycopy}, and only those bytes take the exact path. A char
 * above U+00FF (only a UTF-16 string holds one, and so only such a string can hold a lone
 * surrogate) switches to the exact char-by-char loop until {@value #RESUME} chars in a row fit in
 * one byte again. Nothing is allocated per string.
 *
 * <p>Member names repeat in every record (the keys of the Qlik Repository Service's task and app
 * records), so the writer keeps the encoded form ({@code "name":}) of recently written names of up
 * to {@value #NAME_CACHE_MAX_CHARS} chars in a small table and copies it. An immutable
 * {@link JsonObject} or {@link JsonArray} written with {@link #valueKeepingForm(Object)} keeps its
 * own bytes after its second write (see there).
 *
 * <p>Not thread-safe; one instance per thread (or per use).
 *
 * <p>Internal: may change in any release.
 */
public final class JsonWriter {

    /** Strings at least this long take the bulk path (intrinsic copies, SWAR scan). */
    static final int BULK_MIN = 48;
    /** After a char above U+00FF, this many one-byte chars in a row send a long string back to the bulk path. */
    static final int RESUME = 16;
    /** Chars copied and scanned per bulk step (the scratch buffers' size). */
    static final int CHUNK = 2048;
    /** Longest member name whose encoded form is kept. */
    static final int NAME_CACHE_MAX_CHARS = 64;
    /** Slots of the member-name table (a power of two; a name may sit in its slot or the next). */
    private static final int NAME_CACHE_SLOTS = 512;
    /** Every kept name form is padded to at least this many bytes (four words). */
    private static final int NAME_FORM_MIN = 32;
    /** Largest encoded form a JSON container keeps (see {@link #valueKeepingForm(Object)}). */
    static final int MAX_KEPT_FORM = 64 * 1024;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** Escape for each ASCII char: 0 = raw, 'u' = \\u00xx, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    /** 1 for each Latin-1 char written as itself in one byte (printable ASCII but {@code "} and <code>&#92;</code>). */
    private static final byte[] PLAIN = new byte[256];
    /** Room kept for one char in the general string loop: its longest form is 6 bytes. */
    private static final int TAIL_RESERVE = 6;

    /** Marks a container written once with {@link #valueKeepingForm(Object)}. */
    private static final Object WRITTEN_ONCE = new Object();

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

    /** The encoded form a container keeps; a final field, so that it is safely published to other threads. */
    private static final class KeptForm {
        final byte[] bytes;

        KeptForm(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private byte[] buf;
    private int pos;
    private boolean needComma;

    // the bulk path's scratch, made on first use
    private char[] chunkChars;
    private byte[] spill;
    private CharBuffer chunkView;
    private ByteBuffer bufView;
    private CharsetEncoder latin1;

    // member names: key and encoded form per slot, made on first use (not by a one-off writer)
    private boolean nameTable = true;
    private String[] nameKeys;
    /** Each name's {@code "name":}, padded to a multiple of 8 bytes, and to at least {@value #NAME_FORM_MIN}, for the word copy. */
    private byte[][] nameForms;
    private int[] nameLengths;

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
        w.nameTable = false; // written once: the table would cost more than it saves
        w.value(value);
        return new String(w.buf, 0, w.pos, StandardCharsets.UTF_8);
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
        ensure(2);
        if (needComma) {
            buf[pos++] = ',';
        }
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
        ensure(2);
        if (needComma) {
            buf[pos++] = ',';
        }
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
     * Writes an object member name and the colon. A name of at most {@value #NAME_CACHE_MAX_CHARS}
     * chars is looked up in (and, when missing, added to) the writer's table of encoded names.
     *
     * @param name the member name, not null
     */
    public JsonWriter name(String name) {
        if (name.length() > NAME_CACHE_MAX_CHARS || !nameTable) {
            writeName(name);
            return this;
        }
        String[] keys = nameKeys;
        if (keys == null) {
            keys = nameKeys = new String[NAME_CACHE_SLOTS];
            nameForms = new byte[NAME_CACHE_SLOTS][];
            nameLengths = new int[NAME_CACHE_SLOTS];
        }
        int h = name.hashCode();
        int slot = (h ^ (h >>> 9)) & (NAME_CACHE_SLOTS - 1);
        String k = keys[slot];
        if (k != name && !name.equals(k)) {
            int next = (slot + 1) & (NAME_CACHE_SLOTS - 1);
            k = keys[next];
            if (k != name && !name.equals(k)) {
                addName(name, keys[slot] == null ? slot : next);
                return this;
            }
            slot = next;
        }
        // the padded form, eight bytes at a time; the padding lands after the name and is overwritten
        byte[] form = nameForms[slot];
        ensure(form.length + 1);
        byte[] b = buf;
        int p = pos;
        if (needComma) {
            b[p++] = ',';
        }
        if (form.length == NAME_FORM_MIN) {
            // most names: four words, no loop (a loop's varying exit costs more than the copy)
            LONG_LE.set(b, p, (long) LONG_LE.get(form, 0));
            LONG_LE.set(b, p + 8, (long) LONG_LE.get(form, 8));
            LONG_LE.set(b, p + 16, (long) LONG_LE.get(form, 16));
            LONG_LE.set(b, p + 24, (long) LONG_LE.get(form, 24));
        } else {
            for (int i = 0; i < form.length; i += 8) {
                LONG_LE.set(b, p + i, (long) LONG_LE.get(form, i));
            }
        }
        pos = p + nameLengths[slot];
        needComma = false;
        return this;
    }

    /** Writes a name that is not in the table and keeps its encoded form in {@code slot}. */
    private void addName(String name, int slot) {
        if (needComma) {
            ensure(1);
            buf[pos++] = ',';
            needComma = false;
        }
        int start = pos;
        writeName(name);
        int n = pos - start;
        // padded (what follows the name is never used): at least NAME_FORM_MIN bytes, a multiple of 8
        nameForms[slot] = Arrays.copyOfRange(buf, start, start + Math.max(NAME_FORM_MIN, (n + 7) & ~7));
        nameLengths[slot] = n;
        nameKeys[slot] = name;
    }

    private void writeName(String name) {
        writeString(name, needComma);
        buf[pos++] = ':'; // writeString leaves room for it
        needComma = false;
    }

    /**
     * Writes a pre-encoded member name: the bytes of {@code "name":} exactly as
     * {@link #encodeName(String)} returns them.
     *
     * @param encodedName bytes from {@link #encodeName(String)}
     */
    public JsonWriter rawName(byte[] encodedName) {
        int n = encodedName.length;
        ensure(n + 1);
        byte[] b = buf;
        int p = pos;
        if (needComma) {
            b[p++] = ',';
        }
        copySmall(encodedName, n, b, p);
        pos = p + n;
        needComma = false;
        return this;
    }

    /**
     * Copies {@code src[0..n)} to {@code dst[p..p+n)}: 8 to 32 bytes in two or four words that may
     * overlap, without a loop (cheaper than an arraycopy call, or a loop, for a member name).
     */
    private static void copySmall(byte[] src, int n, byte[] dst, int p) {
        if (n > 32) {
            System.arraycopy(src, 0, dst, p, n);
        } else if (n >= 16) {
            LONG_LE.set(dst, p, (long) LONG_LE.get(src, 0));
            LONG_LE.set(dst, p + 8, (long) LONG_LE.get(src, 8));
            LONG_LE.set(dst, p + n - 16, (long) LONG_LE.get(src, n - 16));
            LONG_LE.set(dst, p + n - 8, (long) LONG_LE.get(src, n - 8));
        } else if (n >= 8) {
            LONG_LE.set(dst, p, (long) LONG_LE.get(src, 0));
            LONG_LE.set(dst, p + n - 8, (long) LONG_LE.get(src, n - 8));
        } else {
            for (int i = 0; i < n; i++) {
                dst[p + i] = src[i];
            }
        }
    }

    /**
     * Pre-encodes a member name (quotes, escapes and colon) for {@link #rawName(byte[])}.
     *
     * @param name the member name
     * @return the bytes of {@code "name":}
     */
    public static byte[] encodeName(String name) {
        JsonWriter w = new JsonWriter(name.length() * 6 + 3);
        w.writeName(name);
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
        if (v >= -(1L << 53) && v <= (1L << 53)) {
            ensure(22);
            if (needComma) {
                buf[pos++] = ',';
            }
            writeLongDigits(v);
        } else {
            beforeValue();
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
            ensure(21);
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
        if (n == null) {
            return nullValue();
        }
        Class<?> c = n.getClass();
        if (c == Integer.class || c == Long.class || c == Short.class || c == Byte.class) {
            return value(n.longValue());
        }
        if (c == Double.class || c == Float.class) {
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
        // kept small, so that it inlines into the container loops; the immutable values' own
        // classes first: exact class tests are the cheapest
        if (v instanceof String) {
            writeString((String) v, needComma);
            needComma = true;
            return this;
        }
        if (v == null) {
            return nullValue();
        }
        Class<?> c = v.getClass();
        if (c == JsonObject.class) {
            return object((JsonObject) v);
        }
        if (c == JsonArray.class) {
            return array((JsonArray) v);
        }
        return otherValue(v);
    }

    private JsonWriter object(JsonObject o) {
        beginObject();
        for (int i = 0, n = o.size(); i < n; i++) {
            name(o.keyAt(i));
            value(o.valueAt(i));
        }
        return endObject();
    }

    private JsonWriter array(JsonArray a) {
        beginArray();
        for (int i = 0, n = a.size(); i < n; i++) {
            value(a.get(i));
        }
        return endArray();
    }

    /** {@link #value(Object)} for anything but a String, null, JsonObject or JsonArray. */
    private JsonWriter otherValue(Object v) {
        Class<?> c = v.getClass();
        if (c == Integer.class || c == Long.class) {
            return value(((Number) v).longValue());
        } else if (c == Boolean.class) {
            return value(((Boolean) v).booleanValue());
        } else if (c == Double.class) {
            return value(((Double) v).doubleValue());
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
        }
        throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
                + " as JSON; expected a Map with String keys, a List, a String, a Number, a Boolean or null");
    }

    /**
     * Writes a value as {@link #value(Object)} does; an immutable {@link JsonObject} or
     * {@link JsonArray} (a metadata record) keeps its encoded bytes after its <em>second</em> write
     * (of at most {@value #MAX_KEPT_FORM} bytes) and is copied from them from then on: publishing
     * the same event again (a retry, a second broker), or the same record in several events, encodes
     * it once. The first write only marks it, so a value written once costs nothing more.
     *
     * @param v the value
     * @throws IllegalArgumentException as {@link #value(Object)}
     */
    public JsonWriter valueKeepingForm(Object v) {
        if (v == null || (v.getClass() != JsonObject.class && v.getClass() != JsonArray.class)) {
            return value(v);
        }
        EncodedForms.Access slots = EncodedForms.access();
        Object kept = slots.get(v);
        if (kept instanceof KeptForm) {
            byte[] bytes = ((KeptForm) kept).bytes;
            beforeValue();
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
            needComma = true;
            return this;
        }
        beforeValue();
        needComma = false;
        int start = pos;
        value(v);
        if (kept == null) {
            slots.set(v, WRITTEN_ONCE);
        } else if (pos - start <= MAX_KEPT_FORM) {
            slots.set(v, new KeptForm(Arrays.copyOfRange(buf, start, pos)));
        }
        return this;
    }

    /**
     * Encodes text as UTF-8 the way Node.js does ({@code Buffer.from(text)}): a lone surrogate
     * becomes U+FFFD (bytes EF BF BD), where Java's own encoder would write {@code ?}.
     *
     * @param text the text, not null
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String text) {
        // the JDK's encoder is an intrinsic and exact except for lone surrogates, each of which it
        // writes as '?': without a '?' in its output there was none
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // a string held as Latin-1 has no surrogate, so a '?' in its bytes is its own
        return !StringCoder.isLatin1(text) && hasQuestionMark(bytes) ? utf8Exact(text) : bytes;
    }

    /** Whether {@code b} holds a {@code '?'} byte; eight bytes per step. */
    static boolean hasQuestionMark(byte[] b) {
        int i = 0;
        int n = b.length;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONG_LE.get(b, i) ^ ('?' * ONES);
            if (((x - ONES) & ~x & HIGH_BITS) != 0) {
                return true;
            }
        }
        for (; i < n; i++) {
            if (b[i] == '?') {
                return true;
            }
        }
        return false;
    }

    /** {@link #utf8(String)} char by char. */
    static byte[] utf8Exact(String text) {
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
        // callers wrote the comma already (beforeValue)
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

    /** Writes the digits of {@code |v| <= 2^53}; the caller made room for 21 bytes. */
    private void writeLongDigits(long v) {
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
     * Writes a quoted, escaped string (see the class comment for the paths). Leaves room for one
     * more byte (a colon after a member name).
     *
     * @param comma whether to write a comma first
     */
    private void writeString(String s, boolean comma) {
        byte[] latin1 = StringCoder.latin1Bytes(s);
        if (latin1 == null) {
            writeChars(s, comma);
            return;
        }
        int len = latin1.length;
        int p = openString(len, comma);
        byte[] b = buf;
        int hit;
        if (len >= 8 && len <= 32 && copyPlainWords(latin1, len, b, p)) {
            hit = len;
        } else {
            hit = scan(latin1, 0, len);
            System.arraycopy(latin1, 0, b, p, hit);
        }
        if (hit == len) {
            b[p + len] = '"';
            pos = p + len + 1;
            return;
        }
        pos = p + hit;
        writeLatin1(latin1, hit, len);
        closeString();
    }

    /**
     * Makes room for a string of {@code len} one-byte chars (the common case: printable ASCII only),
     * a comma, the quotes and a colon after a member name; writes the comma when asked and the
     * opening quote.
     *
     * @return where the string's first byte goes ({@link #pos} is not moved)
     */
    private int openString(int len, boolean comma) {
        ensure(len + 4);
        byte[] b = buf;
        int p = pos;
        if (comma) {
            b[p++] = ',';
        }
        b[p++] = '"';
        return p;
    }

    /** Writes the closing quote after a string that took an escaping path, with room for a colon after a member name. */
    private void closeString() {
        ensure(2);
        buf[pos++] = '"';
    }

    /** {@link #writeString} from the chars, when the String's own bytes are not available. */
    private void writeChars(String s, boolean comma) {
        int len = s.length();
        int p = openString(len, comma);
        byte[] b = buf;
        if (len < BULK_MIN) {
            int i = 0;
            for (; i < len; i++) {
                char c = s.charAt(i);
                if (c > 0xFF || PLAIN[c] == 0) {
                    break;
                }
                b[p + i] = (byte) c;
            }
            if (i == len) {
                p += len;
                b[p++] = '"';
                pos = p;
                return;
            }
            pos = p + i;
            writeExact(s, i, len);
        } else {
            pos = p;
            int i = 0;
            while (i < len) {
                i = writeBulk(s, i, len);
                if (i < len) {
                    i = writeExact(s, i, len);
                }
            }
        }
        closeString();
    }

    /**
     * Writes chars {@code i..} of {@code s} through the bulk path until the end or the first char
     * above U+00FF.
     *
     * @return the index of that char, or {@code len}
     */
    private int writeBulk(String s, int i, int len) {
        if (chunkChars == null) {
            chunkChars = new char[CHUNK];
            spill = new byte[CHUNK];
            chunkView = CharBuffer.wrap(chunkChars);
            latin1 = StandardCharsets.ISO_8859_1.newEncoder();
        }
        while (i < len) {
            int n = Math.min(CHUNK, len - i);
            s.getChars(i, i + n, chunkChars, 0);
            ensure(n);
            if (bufView == null || bufView.array() != buf) {
                bufView = ByteBuffer.wrap(buf);
            }
            CharBuffer in = chunkView;
            in.clear();
            in.limit(n);
            ByteBuffer out = bufView;
            out.clear();
            out.position(pos);
            out.limit(pos + n);
            // one byte per char up to the first char above U+00FF (or a surrogate) where it stops
            latin1.encode(in, out, false);
            int m = in.position();
            int start = pos;
            int end = start + m;
            int hit = scan(buf, start, end);
            if (hit == end) {
                pos = end;
            } else {
                int rest = end - hit;
                System.arraycopy(buf, hit, spill, 0, rest);
                pos = hit;
                writeLatin1(spill, 0, rest);
            }
            i += m;
            if (m < n) {
                return i;
            }
        }
        return i;
    }

    /** Writes Latin-1 bytes {@code src[i..end)} (one per char) escaped, copying the runs between specials. */
    private void writeLatin1(byte[] src, int i, int end) {
        while (i < end) {
            int hit = scan(src, i, end);
            int run = hit - i;
            ensure(run + TAIL_RESERVE);
            byte[] b = buf;
            System.arraycopy(src, i, b, pos, run);
            int p = pos + run;
            if (hit < end) {
                int c = src[hit] & 0xFF;
                if (c < 0x80) {
                    p = escape(b, p, c);
                } else {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pos = p;
            i = hit + 1;
        }
    }

    /**
     * Index of the first byte in {@code b[i..end)} that needs work ({@code "}, <code>&#92;</code>,
     * below 0x20, or 0x80 and above), or {@code end}. Eight bytes per step: for each of the four
     * tests a subtraction sets a byte's high bit when the byte matches, and a borrow can only carry
     * into the bytes above a match, so the lowest flagged byte is always the first match.
     */
    static int scan(byte[] b, int i, int end) {
        if (end - i < 8) {
            for (; i < end; i++) {
                if (PLAIN[b[i] & 0xFF] == 0) {
                    return i;
                }
            }
            return end;
        }
        for (; i + 8 <= end; i += 8) {
            long m = needsWork((long) LONG_LE.get(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        if (i == end) {
            return end;
        }
        // the last bytes: the word that ends at end, less the bytes checked already (each of them
        // plain, so none is flagged nor borrows from the byte above it)
        long m = needsWork((long) LONG_LE.get(b, end - 8)) >>> ((i + 8 - end) << 3);
        return m == 0 ? end : i + (Long.numberOfTrailingZeros(m) >>> 3);
    }

    /**
     * Copies {@code src[0..len)}, 8 to 32 bytes, to {@code dst[p..)} when none of them needs work,
     * in two or four words that may overlap and without a loop (for short strings a loop's varying
     * exit costs more than the work); returns false, having written nothing, when one does. (Eight
     * words for up to 64 bytes measured slower than the scan and an arraycopy.)
     */
    private static boolean copyPlainWords(byte[] src, int len, byte[] dst, int p) {
        long w0 = (long) LONG_LE.get(src, 0);
        long z0 = (long) LONG_LE.get(src, len - 8);
        if (len <= 16) {
            if (((flags(w0) | flags(z0)) & HIGH_BITS) != 0) {
                return false;
            }
            LONG_LE.set(dst, p, w0);
            LONG_LE.set(dst, p + len - 8, z0);
            return true;
        }
        long w1 = (long) LONG_LE.get(src, 8);
        long z1 = (long) LONG_LE.get(src, len - 16);
        if (((flags(w0) | flags(w1) | flags(z1) | flags(z0)) & HIGH_BITS) != 0) {
            return false;
        }
        LONG_LE.set(dst, p, w0);
        LONG_LE.set(dst, p + 8, w1);
        LONG_LE.set(dst, p + len - 16, z1);
        LONG_LE.set(dst, p + len - 8, z0);
        return true;
    }

    /** {@link #needsWork} before the mask: OR several of these, then mask once. */
    private static long flags(long w) {
        return (w - 0x20 * ONES) | ((w ^ ('"' * ONES)) - ONES) | ((w ^ ('\\' * ONES)) - ONES) | w;
    }

    /** The high bit of each byte of {@code w} that needs work, and possibly of bytes above the first one. */
    private static long needsWork(long w) {
        return flags(w) & HIGH_BITS;
    }

    /** Writes the escape of ASCII char {@code c} (which needs one) at {@code p}; returns the new position. */
    private static int escape(byte[] b, int p, int c) {
        byte esc = ESCAPE[c];
        b[p++] = '\\';
        if (esc == 'u') {
            b[p++] = 'u';
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xF];
        } else {
            b[p++] = esc;
        }
        return p;
    }

    /**
     * Writes {@code s} from index {@code i} char by char, exactly. A string long enough for the bulk
     * path goes back to it (the return value) once {@value #RESUME} chars in a row fit in one byte.
     *
     * @return where it stopped: {@code len}, or the index at which the bulk path takes over
     */
    private int writeExact(String s, int i, int len) {
        byte[] b = buf;
        int p = pos;
        int oneByteRun = 0;
        while (i < len) {
            boolean bulkAfter = len - i >= BULK_MIN;
            if (bulkAfter && oneByteRun >= RESUME) {
                break;
            }
            // room for a run of plain chars (one byte each), then one char of up to 6 bytes
            int room = b.length - p - TAIL_RESERVE;
            if (room < 16) {
                pos = p;
                ensure(Math.min(len - i, 4096) + TAIL_RESERVE + 16);
                b = buf;
                room = b.length - p - TAIL_RESERVE;
            }
            int limit = len - i <= room ? len : i + room;
            if (bulkAfter && limit - i > RESUME) {
                limit = i + RESUME; // look back at the run after at most RESUME chars
            }
            char c = 0;
            int runStart = i;
            while (i < limit) {
                c = s.charAt(i);
                if (c > 0xFF || PLAIN[c] == 0) {
                    break;
                }
                b[p++] = (byte) c;
                i++;
            }
            oneByteRun += i - runStart;
            if (i == limit) {
                continue; // done, out of room, or time to look at the run
            }
            i++;
            if (c < 0x80) {
                oneByteRun++;
                p = escape(b, p, c);
            } else if (c <= 0xFF) {
                oneByteRun++;
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (c < 0x800) {
                oneByteRun = 0;
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                oneByteRun = 0;
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                oneByteRun = 0;
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
        return i;
    }

    private void ensure(int extra) {
        int need = pos + extra;
        if (need > buf.length) {
            grow(need);
        }
    }

    /** Out of line, so that {@link #ensure} stays small wherever it is inlined. */
    private void grow(int need) {
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
