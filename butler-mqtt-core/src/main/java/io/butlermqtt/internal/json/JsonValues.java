package io.butlermqtt.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a JSON-like value and makes a deep immutable copy of it.
 *
 * <p>Accepted: {@code null}, String, Boolean, Number, {@code Map} whose keys are Strings, and
 * {@code List}, nested up to {@link #MAX_DEPTH} levels. Anything else, a cycle, or deeper
 * nesting is rejected with an {@link IllegalArgumentException} that names the path inside the
 * value ({@code taskMetadata.operational.lastExecutionResult.details[2]}).
 *
 * <p>The copy keeps each map's iteration order, except that keys which are JavaScript array
 * indices ({@code "0"}, {@code "17"}, ...) come first in ascending numeric order, as they do in a
 * JavaScript object, so the JSON is what {@code JSON.stringify} would write for the same data.
 * Numbers that are immutable JDK types are kept; {@code AtomicInteger}/{@code AtomicLong} are
 * snapshotted to Integer/Long, any other Number to its {@code doubleValue()}.
 *
 * <p>Internal: may change in any release.
 */
public final class JsonValues {

    /** Deepest nesting accepted: a scalar at the top is depth 0, the members of a map depth 1. */
    public static final int MAX_DEPTH = 64;

    private JsonValues() {
    }

    /**
     * Returns the empty immutable JSON object, the default for metadata that was not set.
     *
     * @return an empty map that {@link #immutableCopy(Object, String)} returns as it is
     */
    public static Map<String, Object> emptyObject() {
        return JsonObject.EMPTY;
    }

    /**
     * Validates and deep-copies a JSON-like value.
     *
     * <p>A map or list this method made before (for example the metadata of another event) is
     * already immutable and valid, and is returned (or kept inside a new copy) as it is, not
     * copied again.
     *
     * @param value the value
     * @param path  name of the value, used as the start of paths in error messages
     * @return an immutable deep copy (maps and lists unmodifiable, order kept as described)
     * @throws IllegalArgumentException naming the path of a value of an unsupported type, a map key
     *                                  that is not a String, a cycle, or nesting deeper than
     *                                  {@link #MAX_DEPTH}
     */
    public static Object immutableCopy(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        return new Copier(path).copy(value, 0);
    }

    /**
     * One copy operation. The path is kept as one segment per depth (a String key or an Integer
     * index) and turned into text only for an error message; the containers being copied are
     * kept per depth to detect a cycle.
     */
    private static final class Copier {
        private final String root;
        private Object[] segments = new Object[8];
        private Object[] ancestors = new Object[8];
        /** Height of the last container {@link #copy} returned; 0 after a scalar. */
        private int lastHeight;

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

        private Object copy(Object v, int depth) {
            lastHeight = 0;
            if (v == null || v instanceof String || v instanceof Boolean) {
                return v;
            }
            if (v instanceof Number) {
                return copyNumber((Number) v);
            }
            if (v instanceof JsonObject && depth + ((JsonObject) v).height <= MAX_DEPTH) {
                lastHeight = ((JsonObject) v).height; // immutable, checked, no cycle possible
                return v;
            }
            if (v instanceof JsonArray && depth + ((JsonArray) v).height <= MAX_DEPTH) {
                lastHeight = ((JsonArray) v).height;
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
            Object[] out = new Object[list.size()];
            int n = 0;
            int childHeight = 0;
            for (Object o : list) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.max(4, n * 2)); // the list grew while being copied
                }
                segment(depth, n);
                out[n++] = copy(o, depth + 1);
                childHeight = Math.max(childHeight, lastHeight);
            }
            if (n < out.length) {
                out = Arrays.copyOf(out, n);
            }
            lastHeight = childHeight + 1;
            return new JsonArray(out, childHeight + 1);
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
            return new JsonObject(keys, values, childHeight + 1);
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
