package io.butlermqtt.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object: String keys and JSON values in a fixed order. Made only by
 * {@link Json#copyOf(Object, String)} and {@link Json#parse(String, int)}, which check every value,
 * so an instance is always a valid JSON value (within {@link Json}'s limits) and is reused without
 * another copy wherever one is accepted.
 *
 * <p>A plain {@link Map} to its users ({@code equals}, {@code hashCode} and {@code toString} as
 * {@link AbstractMap} defines them; every mutator throws {@link UnsupportedOperationException}).
 * The values are {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@code JsonObject}
 * and {@link JsonArray}. The order is the order in which JavaScript's {@code JSON.stringify} writes
 * the same object: keys that are array indices ({@code "0"}, {@code "17"}) first, ascending, then the
 * others in insertion order. {@link #keyAt(int)} and {@link #valueAt(int)} read by position.
 *
 * <p>Thread-safe: immutable.
 */
public final class JsonObject extends AbstractMap<String, Object> {

    static {
        JsonForms.install();
    }

    /** The empty object. */
    static final JsonObject EMPTY = new JsonObject(new String[0], new Object[0], 1, 0, 0);

    /** Above this many keys, {@link #get(Object)} builds a hash index on first use. */
    private static final int LINEAR_LOOKUP_MAX = 8;

    final String[] keys;
    final Object[] values;
    /** Levels of nesting: 1 for an object without containers inside, 1 + the deepest child's otherwise. */
    final int height;
    /** Values inside, counted as JSON writes them (a value reached twice counts twice). */
    final long elements;
    /** Characters of the keys and strings inside, counted as {@link #elements} are. */
    final long chars;
    /** Key to index, built on the first lookup in a large object (racy single-check: immutable once built). */
    private Index index;
    private Set<Map.Entry<String, Object>> entrySet;
    /** The writer's slot for this object's encoded form (see {@code JsonForms}); not part of its value. */
    Object encodedForm;

    /** Takes ownership of the arrays; the caller has checked the values and made them immutable. */
    JsonObject(String[] keys, Object[] values, int height, long elements, long chars) {
        this.keys = keys;
        this.values = values;
        this.height = height;
        this.elements = elements;
        this.chars = chars;
    }

    /**
     * The empty JSON object.
     *
     * @return the empty object (always the same instance)
     */
    public static JsonObject empty() {
        return EMPTY;
    }

    /**
     * The key at a position of the iteration order.
     *
     * @param index the position, 0 to {@code size() - 1}
     * @return the key
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String keyAt(int index) {
        return keys[Objects.checkIndex(index, keys.length)];
    }

    /**
     * The value at a position of the iteration order.
     *
     * @param index the position, 0 to {@code size() - 1}
     * @return the value: {@code null}, a String, Boolean, Number, JsonObject or JsonArray
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public Object valueAt(int index) {
        return values[Objects.checkIndex(index, values.length)];
    }

    private static final class Index {
        final HashMap<String, Integer> map;

        Index(String[] keys) {
            map = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                map.put(keys[i], i);
            }
        }
    }

    private int indexOf(Object key) {
        String[] ks = keys;
        if (ks.length <= LINEAR_LOOKUP_MAX) {
            for (int i = 0; i < ks.length; i++) {
                if (ks[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        Index ix = index;
        if (ix == null) {
            ix = new Index(ks);
            index = ix;
        }
        Integer i = ix.map.get(key);
        return i == null ? -1 : i;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (Object v : values) {
            if (Objects.equals(v, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        int i = indexOf(key);
        return i < 0 ? defaultValue : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        Objects.requireNonNull(action, "action");
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        Set<Map.Entry<String, Object>> es = entrySet;
        if (es == null) {
            es = new EntrySet();
            entrySet = es;
        }
        return es;
    }

    private final class EntrySet extends AbstractSet<Map.Entry<String, Object>> {
        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < keys.length;
                }

                @Override
                public Map.Entry<String, Object> next() {
                    if (next >= keys.length) {
                        throw new NoSuchElementException();
                    }
                    int i = next++;
                    return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                }
            };
        }
    }
}
