package io.butlermqtt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Immutable JSON values: deep copies of JSON-like Java values, and parsing of JSON text, both with
 * JavaScript's semantics so that the value is written back exactly as {@code JSON.stringify} writes
 * {@code JSON.parse} of the same text.
 *
 * <p><b>Values.</b> {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@link JsonObject}
 * (a {@code Map<String, Object>}) and {@link JsonArray} (a {@code List<Object>}). {@link #copyOf}
 * accepts any {@code Map} with String keys and any {@code List} as well and returns the immutable
 * types; a {@code JsonObject} or {@code JsonArray} is returned (or kept inside a new copy) as it is.
 *
 * <p><b>Limits.</b> A value is nested at most {@value #MAX_DEPTH} levels deep, holds at most
 * {@value #MAX_ELEMENTS} values and {@value #MAX_CHARS} characters of keys and strings. Sizes are
 * counted as JSON writes the value: a map or list that occurs twice (a shared reference, which Java
 * allows and JSON does not have) counts twice, so a small graph of shared references that would
 * expand into gigabytes of JSON is refused instead of written.
 *
 * <p><b>Order.</b> Each object keeps its insertion order, except that keys which are JavaScript
 * array indices ({@code "0"}, {@code "17"}, ...) come first in ascending numeric order, as they do in a
 * JavaScript object.
 *
 * <p>Thread-safe: the methods keep no state.
 */
public final class Json {

    /** Deepest nesting accepted: a scalar at the top is depth 0, the members of an object or array depth 1. */
    public static final int MAX_DEPTH = 64;

    /** Most values (scalars and containers, the top one not counted) in one value, as JSON writes it. */
    public static final long MAX_ELEMENTS = 2_000_000;

    /** Most characters (UTF-16 units) of keys and strings in one value, as JSON writes it. */
    public static final long MAX_CHARS = 64L * 1024 * 1024;

    /** Most digits of one number in parsed text. */
    private static final int MAX_NUMBER_LENGTH = 10_000;

    /** Integers beyond +-2^53 are not exact as a double, and JavaScript holds every number as one. */
    private static final long MAX_SAFE_INTEGER = (1L << 53);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE) // checked here, against the caller's limit
                    .maxStringLength(Integer.MAX_VALUE) // bounded by MAX_CHARS
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private Json() {
    }

    /**
     * Validates a JSON-like value and makes a deep immutable copy of it.
     *
     * <p>Numbers that are immutable JDK types (Integer, Long, Double, Float, Short, Byte, BigInteger,
     * BigDecimal) are kept; {@code AtomicInteger}/{@code AtomicLong} are snapshotted to Integer/Long,
     * any other Number to its {@code doubleValue()}.
     *
     * @param value the value
     * @param name name of the value, the start of the paths in error messages ({@code taskMetadata} gives
     *     {@code taskMetadata.operational.lastExecutionResult.details[2]})
     * @return the immutable copy: {@code null}, a String, Boolean, Number, JsonObject or JsonArray
     * @throws IllegalArgumentException naming the path of a value of an unsupported type, a map key that
     *     is not a String, a cycle, nesting deeper than {@value #MAX_DEPTH}, or more than
     *     {@value #MAX_ELEMENTS} values or {@value #MAX_CHARS} characters
     * @throws NullPointerException if {@code name} is null
     */
    public static Object copyOf(Object value, String name) {
        Objects.requireNonNull(name, "name");
        if (value == null || value instanceof Boolean
                || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        if (value instanceof String) {
            if (((String) value).length() > MAX_CHARS) {
                throw new IllegalArgumentException(name + ": a string of " + ((String) value).length()
                        + " characters is longer than " + MAX_CHARS);
            }
            return value;
        }
        return new Copier(name).copy(value, 0);
    }

    /**
     * Parses JSON text as JavaScript's {@code JSON.parse} does: strict JSON (no comments, trailing
     * commas, single quotes, {@code NaN}), any value at the top, surrounding whitespace allowed; when a
     * key occurs twice in an object the last value wins, at the position of the first. Integers within
     * +-2<sup>53</sup> become Integer or Long; every other number becomes the Double JavaScript would
     * hold ({@code 1e400} is infinite and is written as {@code null}, as JavaScript writes it).
     *
     * @param text the JSON text
     * @param maxDepth deepest nesting accepted, 1 to {@value #MAX_DEPTH} (a scalar at the top is depth 0,
     *     the members of an object or array depth 1)
     * @return the value: {@code null}, a String, Boolean, Number, JsonObject or JsonArray
     * @throws InvalidJsonException when the text is not JSON (saying where and why), is nested deeper
     *     than {@code maxDepth}, or holds more than {@value #MAX_ELEMENTS} values or {@value #MAX_CHARS}
     *     characters
     * @throws IllegalArgumentException if {@code maxDepth} is out of range
     * @throws NullPointerException if {@code text} is null
     */
    public static Object parse(String text, int maxDepth) {
        Objects.requireNonNull(text, "text");
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be 1.." + MAX_DEPTH + ", but was " + maxDepth);
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidJsonException("invalid JSON: no value (the text is empty or only whitespace)");
            }
            Parser parser = new Parser(p, maxDepth);
            Object value = parser.value(first, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new InvalidJsonException("invalid JSON at " + where(p.currentTokenLocation())
                        + ": unexpected " + describe(extra) + " after the value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("invalid JSON at " + where(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String where(JsonLocation l) {
        if (l == null) {
            return "an unknown position";
        }
        return "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "'{'";
            case START_ARRAY:
                return "'['";
            case VALUE_STRING:
                return "a string";
            default:
                return t.isNumeric() ? "a number" : "'" + t.asString() + "'";
        }
    }

    /** One parse: a recursive descent over the parser's tokens, building the immutable values directly. */
    private static final class Parser {
        private final JsonParser p;
        private final int maxDepth;
        /** Values and characters so far, in the whole document. */
        private long elements;
        private long chars;
        /** Height of the last container {@link #value} returned; 0 after a scalar. */
        private int lastHeight;

        Parser(JsonParser p, int maxDepth) {
            this.p = p;
            this.maxDepth = maxDepth;
        }

        private void count(long moreChars) {
            elements++;
            chars += moreChars;
            if (elements > MAX_ELEMENTS) {
                throw new InvalidJsonException("invalid JSON at " + where(p.currentTokenLocation())
                        + ": more than " + MAX_ELEMENTS + " values");
            }
            if (chars > MAX_CHARS) {
                throw new InvalidJsonException("invalid JSON at " + where(p.currentTokenLocation())
                        + ": more than " + MAX_CHARS + " characters of keys and strings");
            }
        }

        Object value(JsonToken t, int depth) throws IOException {
            lastHeight = 0;
            switch (t) {
                case START_OBJECT:
                    return object(depth);
                case START_ARRAY:
                    return array(depth);
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return integer();
                case VALUE_NUMBER_FLOAT:
                    return p.getDoubleValue();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                default:
                    throw new InvalidJsonException("invalid JSON at " + where(p.currentTokenLocation())
                            + ": unexpected " + describe(t));
            }
        }

        private Number integer() throws IOException {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            if (type == JsonParser.NumberType.LONG) {
                long v = p.getLongValue();
                if (v >= -MAX_SAFE_INTEGER && v <= MAX_SAFE_INTEGER) {
                    return v;
                }
            }
            return p.getDoubleValue();
        }

        /** The next token; the end of the text inside a container is an error. */
        private JsonToken next() throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidJsonException("invalid JSON at " + where(p.currentLocation())
                        + ": the text ends inside an object or array");
            }
            return t;
        }

        private void checkDepth(int depth) {
            if (depth >= maxDepth) {
                throw new InvalidJsonException("invalid JSON at " + where(p.currentTokenLocation())
                        + ": nested more than " + maxDepth + " levels deep");
            }
        }

        private JsonObject object(int depth) throws IOException {
            checkDepth(depth);
            LinkedHashMap<String, Object> members = new LinkedHashMap<>();
            int childHeight = 0;
            boolean indexKeys = false;
            for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
                String key = p.currentName();
                JsonToken v = next();
                count(key.length() + (v == JsonToken.VALUE_STRING ? p.getTextLength() : 0));
                Object value = value(v, depth + 1);
                childHeight = Math.max(childHeight, lastHeight);
                indexKeys |= isArrayIndex(key);
                members.put(key, value); // a repeated key: last value, first position, as JSON.parse
            }
            int n = members.size();
            String[] keys = new String[n];
            Object[] values = new Object[n];
            int i = 0;
            for (Map.Entry<String, Object> e : members.entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue();
            }
            if (indexKeys) {
                indexKeysFirst(keys, values);
            }
            lastHeight = childHeight + 1;
            // counted from the values kept: a repeated key's earlier value is not written
            return new JsonObject(keys, values, childHeight + 1, elementsOf(values), charsOf(keys, values));
        }

        private JsonArray array(int depth) throws IOException {
            checkDepth(depth);
            ArrayList<Object> items = new ArrayList<>();
            int childHeight = 0;
            for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
                count(t == JsonToken.VALUE_STRING ? p.getTextLength() : 0);
                items.add(value(t, depth + 1));
                childHeight = Math.max(childHeight, lastHeight);
            }
            lastHeight = childHeight + 1;
            Object[] array = items.toArray();
            return new JsonArray(array, childHeight + 1, elementsOf(array), charsOf(null, array));
        }
    }

    /** The values inside a container with these members, as JSON writes them. */
    private static long elementsOf(Object[] values) {
        long n = values.length;
        for (Object v : values) {
            n += elementsOfValue(v);
        }
        return n;
    }

    /** The characters of these keys (may be null, for an array) and the strings inside these values. */
    private static long charsOf(String[] keys, Object[] values) {
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            n += (keys == null ? 0 : keys[i].length()) + charsOfValue(values[i]);
        }
        return n;
    }

    private static long elementsOfValue(Object v) {
        if (v instanceof JsonObject) {
            return ((JsonObject) v).elements;
        }
        return v instanceof JsonArray ? ((JsonArray) v).elements : 0;
    }

    private static long charsOfValue(Object v) {
        if (v instanceof String) {
            return ((String) v).length();
        }
        if (v instanceof JsonObject) {
            return ((JsonObject) v).chars;
        }
        return v instanceof JsonArray ? ((JsonArray) v).chars : 0;
    }

    /**
     * One copy operation. The path is kept as one segment per depth (a String key or an Integer
     * index) and turned into text only for an error message; the containers being copied are
     * kept per depth to detect a cycle. Sizes are added up as the copy goes, so that an expansion
     * beyond the limits is refused at the first value past them.
     */
    private static final class Copier {
        private final String root;
        private Object[] segments = new Object[8];
        private Object[] ancestors = new Object[8];
        /** Height of the last container {@link #copy} returned; 0 after a scalar. */
        private int lastHeight;
        /** Values and characters in the whole copy so far, as JSON writes it. */
        private long elements;
        private long chars;

        Copier(String root) {
            this.root = root;
        }

        /** The path of the value at {@code depth}: root plus segments 0 .. depth-1. */
        private String path(int depth) {
            StringBuilder sb = new StringBuilder(root);
            for (int i = 0; i < depth; i++) {
                Object seg = segments[i];
                if (seg instanceof Integer) {
                    sb.append('[').append(seg).append(']');
                } else {
                    appendKey(sb, (String) seg);
                }
            }
            return sb.toString();
        }

        private void segment(int depth, Object seg) {
            if (depth == segments.length) {
                segments = Arrays.copyOf(segments, depth * 2);
            }
            segments[depth] = seg;
        }

        /** Adds a value's size to the totals; refuses, naming the value's path, when they pass a limit. */
        private void count(int depth, long moreElements, long moreChars) {
            elements += moreElements;
            chars += moreChars;
            if (elements > MAX_ELEMENTS) {
                throw new IllegalArgumentException(path(depth) + ": the value holds more than " + MAX_ELEMENTS
                        + " values as JSON writes it (a map or list that occurs more than once counts each time)");
            }
            if (chars > MAX_CHARS) {
                throw new IllegalArgumentException(path(depth) + ": the value holds more than " + MAX_CHARS
                        + " characters of keys and strings as JSON writes it (a map or list that occurs more than"
                        + " once counts each time)");
            }
        }

        private Object copy(Object v, int depth) {
            lastHeight = 0;
            if (v == null || v instanceof Boolean) {
                return v;
            }
            if (v instanceof String) {
                count(depth, 0, ((String) v).length());
                return v;
            }
            if (v instanceof Number) {
                return copyNumber((Number) v);
            }
            if (v instanceof JsonObject && depth + ((JsonObject) v).height <= MAX_DEPTH) {
                JsonObject o = (JsonObject) v; // immutable, checked, no cycle possible
                count(depth, o.elements, o.chars);
                lastHeight = o.height;
                return v;
            }
            if (v instanceof JsonArray && depth + ((JsonArray) v).height <= MAX_DEPTH) {
                JsonArray a = (JsonArray) v;
                count(depth, a.elements, a.chars);
                lastHeight = a.height;
                return v;
            }
            boolean isMap = v instanceof Map;
            if (!isMap && !(v instanceof List)) {
                throw new IllegalArgumentException(path(depth) + ": unsupported type " + v.getClass().getName()
                        + "; expected a Map with String keys, a List, a String, a Number, a Boolean or null");
            }
            for (int i = 0; i < depth; i++) {
                if (ancestors[i] == v) {
                    throw new IllegalArgumentException(path(depth) + ": cycle: this " + (isMap ? "map" : "list")
                            + " contains itself");
                }
            }
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException(path(depth) + ": nested more than " + MAX_DEPTH + " levels deep");
            }
            if (depth == ancestors.length) {
                ancestors = Arrays.copyOf(ancestors, depth * 2);
            }
            ancestors[depth] = v;
            try {
                return isMap ? copyMap((Map<?, ?>) v, depth) : copyList((List<?>) v, depth);
            } finally {
                ancestors[depth] = null;
            }
        }

        private JsonArray copyList(List<?> list, int depth) {
            // one call for a snapshot of the items (no iterator of whichever list class), then each
            // item is replaced by its copy in that same array
            Object[] out = list.toArray();
            if (out.getClass() != Object[].class) {
                out = Arrays.copyOf(out, out.length, Object[].class); // a toArray that kept its own type
            }
            int n = out.length;
            int childHeight = 0;
            long startElements = elements;
            long startChars = chars;
            for (int i = 0; i < n; i++) {
                segment(depth, i);
                count(depth + 1, 1, 0);
                out[i] = copy(out[i], depth + 1);
                childHeight = Math.max(childHeight, lastHeight);
            }
            lastHeight = childHeight + 1;
            return new JsonArray(out, childHeight + 1, elements - startElements, chars - startChars);
        }

        private JsonObject copyMap(Map<?, ?> map, int depth) {
            if (!keysAreDistinct(map)) {
                // e.g. an IdentityHashMap with two equal keys: merge them as a JavaScript object would
                map = new LinkedHashMap<>(map);
            }
            int size = map.size();
            String[] keys = new String[size];
            Object[] values = new Object[size];
            int n = 0;
            int childHeight = 0;
            boolean indexKeys = false;
            long startElements = elements;
            long startChars = chars;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException(path(depth) + ": map keys must be Strings, but found "
                            + (key == null ? "a null key" : "a key of type " + key.getClass().getName()));
                }
                String k = (String) key;
                if (n == keys.length) { // the map grew while being copied
                    keys = Arrays.copyOf(keys, Math.max(4, n * 2));
                    values = Arrays.copyOf(values, keys.length);
                }
                indexKeys |= isArrayIndex(k);
                segment(depth, k);
                count(depth + 1, 1, k.length());
                keys[n] = k;
                values[n++] = copy(e.getValue(), depth + 1);
                childHeight = Math.max(childHeight, lastHeight);
            }
            if (n < keys.length) {
                keys = Arrays.copyOf(keys, n);
                values = Arrays.copyOf(values, n);
            }
            if (indexKeys) {
                indexKeysFirst(keys, values);
            }
            lastHeight = childHeight + 1;
            return new JsonObject(keys, values, childHeight + 1, elements - startElements, chars - startChars);
        }
    }

    /**
     * Whether the map's keys are known to be distinct by {@code equals} (true for the JDK's
     * ordinary maps and for a {@link JsonObject}); an unknown map type is merged through a
     * {@link LinkedHashMap} first.
     */
    private static boolean keysAreDistinct(Map<?, ?> map) {
        return map instanceof HashMap || (map instanceof TreeMap && ((TreeMap<?, ?>) map).comparator() == null)
                || map instanceof JsonObject
                || map instanceof ConcurrentHashMap || map instanceof ConcurrentSkipListMap
                || map instanceof Hashtable || map.isEmpty()
                || map.getClass().getName().startsWith("java.util.ImmutableCollections$"); // Map.of
    }

    /**
     * JavaScript objects list integer-index keys first, ascending, then the others in insertion
     * order: reorders both arrays that way (stable for the other keys).
     */
    private static void indexKeysFirst(String[] keys, Object[] values) {
        int n = keys.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            boolean ia = isArrayIndex(keys[a]);
            boolean ib = isArrayIndex(keys[b]);
            if (ia && ib) {
                return Long.compare(Long.parseLong(keys[a]), Long.parseLong(keys[b]));
            }
            if (ia != ib) {
                return ia ? -1 : 1;
            }
            return Integer.compare(a, b);
        });
        String[] k2 = keys.clone();
        Object[] v2 = values.clone();
        for (int i = 0; i < n; i++) {
            keys[i] = k2[order[i]];
            values[i] = v2[order[i]];
        }
    }

    private static Number copyNumber(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Float
                || n instanceof Short || n instanceof Byte || n.getClass() == BigInteger.class
                || n.getClass() == BigDecimal.class) {
            return n;
        }
        if (n instanceof AtomicInteger) {
            return n.intValue();
        }
        if (n instanceof AtomicLong) {
            return n.longValue();
        }
        return n.doubleValue();
    }

    /** Whether a key is a canonical JavaScript array index: 0 .. 2^32-2 without leading zeros. */
    static boolean isArrayIndex(String k) {
        int len = k.length();
        if (len == 0 || len > 10) {
            return false;
        }
        char first = k.charAt(0);
        if (first < '0' || first > '9' || (first == '0' && len > 1)) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            char c = k.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(k) <= 4_294_967_294L;
    }

    private static void appendKey(StringBuilder sb, String key) {
        boolean simple = !key.isEmpty();
        for (int i = 0; i < key.length() && simple; i++) {
            char c = key.charAt(i);
            simple = Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-';
        }
        if (simple) {
            sb.append('.').append(key);
        } else {
            sb.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        }
    }
}
