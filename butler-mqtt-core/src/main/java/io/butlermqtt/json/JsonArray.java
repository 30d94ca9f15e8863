package io.butlermqtt.json;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable JSON array. Made only by {@link Json#copyOf(Object, String)} and
 * {@link Json#parse(String, int)}, which check every element, so an instance is always a valid JSON
 * value (within {@link Json}'s limits) and is reused without another copy wherever one is accepted.
 *
 * <p>A plain {@link java.util.List} to its users ({@code equals}, {@code hashCode} and
 * {@code toString} as {@link AbstractList} defines them; every mutator throws
 * {@link UnsupportedOperationException}). The elements are {@code null}, {@link String},
 * {@link Boolean}, {@link Number}, {@link JsonObject} and {@code JsonArray}.
 *
 * <p>Thread-safe: immutable.
 */
public final class JsonArray extends AbstractList<Object> implements RandomAccess {

    static {
        JsonForms.install();
    }

    final Object[] items;
    /** Levels of nesting: 1 for an array without containers inside, 1 + the deepest child's otherwise. */
    final int height;
    /** Values inside, counted as JSON writes them (a value reached twice counts twice). */
    final long elements;
    /** Characters of the keys and strings inside, counted as {@link #elements} are. */
    final long chars;
    /** The writer's slot for this array's encoded form (see {@code JsonForms}); not part of its value. */
    Object encodedForm;

    /** Takes ownership of the array; the caller has checked the elements and made them immutable. */
    JsonArray(Object[] items, int height, long elements, long chars) {
        this.items = items;
        this.height = height;
        this.elements = elements;
        this.chars = chars;
    }

    @Override
    public Object get(int index) {
        Objects.checkIndex(index, items.length);
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
