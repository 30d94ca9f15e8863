package io.butlermqtt.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Validates and deep-copies a JSON-like value.
     *
     * @param value the value
     * @param path  name of the value, used as the start of paths in error messages
     * @return an immutable deep copy (maps and lists unmodifiable, order kept as described)
     * @throws IllegalArgumentException naming the path of a value of an unsupported type, a map key
     *                                  that is not a String, a cycle, or nesting deeper than
     *                                  {@link #MAX_DEPTH}
     */
    public static Object immutableCopy(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        return new Copier(path).copy(value, 0);
    }

    /** One copy operation; keeps the path as a stack of segments, built into text only for errors. */
    private static final class Copier {
        private final String root;
        private final List<Object> ancestors = new ArrayList<>();
        private final List<Object> segments = new ArrayList<>();

        Copier(String root) {
            this.root = root;
        }

        private String path() {
            StringBuilder sb = new StringBuilder(root);
            for (Object seg : segments) {
                if (seg instanceof Integer) {
                    sb.append('[').append(seg).append(']');
                } else {
                    appendKey(sb, (String) seg);
                }
            }
            return sb.toString();
        }

        private Object copy(Object v, int depth) {
            if (v == null || v instanceof String || v instanceof Boolean) {
                return v;
            }
            if (v instanceof Number) {
                return copyNumber((Number) v);
            }
            if (!(v instanceof Map) && !(v instanceof List)) {
                throw new IllegalArgumentException(path() + ": unsupported type " + v.getClass().getName()
                        + "; expected a Map with String keys, a List, a String, a Number, a Boolean or null");
            }
            for (Object a : ancestors) {
                if (a == v) {
                    throw new IllegalArgumentException(path() + ": cycle: this " + (v instanceof Map ? "map" : "list")
                            + " contains itself");
                }
            }
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException(path() + ": nested more than " + MAX_DEPTH + " levels deep");
            }
            ancestors.add(v);
            try {
                if (v instanceof Map) {
                    return copyMap((Map<?, ?>) v, depth);
                }
                List<?> list = (List<?>) v;
                List<Object> out = new ArrayList<>(list.size());
                int i = 0;
                for (Object o : list) {
                    segments.add(i);
                    out.add(copy(o, depth + 1));
                    segments.remove(segments.size() - 1);
                    i++;
                }
                return Collections.unmodifiableList(out);
            } finally {
                ancestors.remove(ancestors.size() - 1);
            }
        }

        private Object copyMap(Map<?, ?> map, int depth) {
            List<String> indexKeys = null;
            LinkedHashMap<String, Object> out = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException(path() + ": map keys must be Strings, but found "
                            + (key == null ? "a null key" : "a key of type " + key.getClass().getName()));
                }
                String k = (String) key;
                if (isArrayIndex(k)) {
                    if (indexKeys == null) {
                        indexKeys = new ArrayList<>();
                    }
                    indexKeys.add(k);
                }
                segments.add(k);
                out.put(k, copy(e.getValue(), depth + 1));
                segments.remove(segments.size() - 1);
            }
            if (indexKeys != null) {
                // JavaScript objects list integer-index keys first, ascending.
                indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
                LinkedHashMap<String, Object> ordered = new LinkedHashMap<>(out.size() * 2);
                for (String k : indexKeys) {
                    ordered.put(k, out.get(k));
                }
                for (Map.Entry<String, Object> e : out.entrySet()) {
                    ordered.putIfAbsent(e.getKey(), e.getValue());
                }
                out = ordered;
            }
            return Collections.unmodifiableMap(out);
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
