package io.butlermqtt.internal.json;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable JSON array held in one array. Made only by
 * {@link JsonValues#immutableCopy(Object, String)}, which checks every element, so an instance is
 * always valid metadata and can be reused without another copy.
 *
 * <p>A plain {@link java.util.List} to its users ({@code equals}, {@code hashCode} and
 * {@code toString} as {@link AbstractList} defines them; every mutator throws
 * {@link UnsupportedOperationException}); {@link JsonWriter} reads the array directly.
 *
 * <p>Internal: may change in any release.
 */
public final class JsonArray extends AbstractList<Object> implements RandomAccess {

    final Object[] items;
    /** Levels of nesting: 1 for an array without containers inside, 1 + the deepest child's otherwise. */
    final int height;

    /** Takes ownership of the array; the caller has checked the elements and made them immutable. */
    JsonArray(Object[] items, int height) {
        this.items = items;
        this.height = height;
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
