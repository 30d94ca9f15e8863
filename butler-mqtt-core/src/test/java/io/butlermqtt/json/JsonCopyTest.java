package io.butlermqtt.json;

import io.butlermqtt.internal.json.JsonWriter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The immutable copy: Map/List behaviour, immutability, reuse of earlier copies, odd source maps. */
class JsonCopyTest {

    private static Map<String, Object> sample(int keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keys; i++) {
            m.put("key" + i, i % 3 == 0 ? "v" + i : i % 3 == 1 ? (Object) i : new ArrayList<>(List.of(i, "x")));
        }
        m.put("nested", new LinkedHashMap<>(Map.of("a", true)));
        m.put("nothing", null);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Object v) {
        return (Map<String, Object>) Json.copyOf(v, "m");
    }

    @Test
    void copy_behavesAsTheSourceMap_smallAndLarge() {
        for (int keys : new int[] {0, 1, 6, 7, 30}) {
            Map<String, Object> source = sample(keys);
            Map<String, Object> c = copy(source);
            assertEquals(source, c, keys + " keys");
            assertEquals(c, source);
            assertEquals(source.hashCode(), c.hashCode());
            assertEquals(source.toString(), c.toString());
            assertEquals(new ArrayList<>(source.keySet()), new ArrayList<>(c.keySet()));
            assertEquals(source.size(), c.size());
            for (String k : source.keySet()) {
                assertEquals(source.get(k), c.get(k), k);
                assertTrue(c.containsKey(k), k);
            }
            assertNull(c.get("missing"));
            assertNull(c.get(42));
            assertFalse(c.containsKey("missing"));
            assertTrue(c.containsKey("nothing"));
            assertEquals("dflt", c.getOrDefault("missing", "dflt"));
            assertNull(c.getOrDefault("nothing", "dflt"));
            assertTrue(c.containsValue(null));
        }
    }

    @Test
    void copy_isImmutableThroughEveryView() {
        Map<String, Object> c = copy(sample(10));
        assertThrows(UnsupportedOperationException.class, () -> c.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> c.remove("key0"));
        assertThrows(UnsupportedOperationException.class, c::clear);
        assertThrows(UnsupportedOperationException.class, () -> c.keySet().remove("key0"));
        assertThrows(UnsupportedOperationException.class, () -> c.values().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.entrySet().iterator().next().setValue(1));
        Iterator<String> it = c.keySet().iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) c.get("key2");
        assertThrows(UnsupportedOperationException.class, () -> list.set(0, 1));
        assertThrows(UnsupportedOperationException.class, () -> list.add(1));
        assertThrows(UnsupportedOperationException.class, () -> list.subList(0, 1).clear());
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
        assertEquals(11, c.size() - 1);
    }

    @Test
    void earlierCopy_reusedNotCopiedAgain() {
        Map<String, Object> first = copy(sample(5));
        assertSame(first, Json.copyOf(first, "m"));
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put("inner", first);
        wrapper.put("list", List.of(first));
        Map<String, Object> second = copy(wrapper);
        assertSame(first, second.get("inner"));
        assertSame(first, ((List<?>) second.get("list")).get(0));
        assertSame(JsonObject.empty(), Json.copyOf(JsonObject.empty(), "m"));
    }

    @Test
    void earlierCopy_nestedBeyondTheDepthLimit_rejectedNamingThePath() {
        Object deep = "leaf";
        for (int i = 0; i < 60; i++) {
            deep = List.of(deep);
        }
        Object sixty = Json.copyOf(deep, "m"); // 60 levels: fine
        Object four = sixty;
        for (int i = 0; i < 4; i++) {
            four = List.of(four);
        }
        Json.copyOf(four, "m"); // 64 levels: fine
        Object five = List.of(four);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.copyOf(five, "m"));
        assertEquals("m" + "[0]".repeat(64) + ": nested more than 64 levels deep", e.getMessage());
    }

    @Test
    void identityHashMap_equalKeys_mergedAsInAJavaScriptObject() {
        Map<String, Object> m = new IdentityHashMap<>();
        String a1 = new String("a");
        String a2 = new String("a");
        m.put(a1, 1);
        m.put(a2, 2);
        Map<String, Object> c = copy(m);
        assertEquals(1, c.size());
        String json = JsonWriter.stringify(c);
        assertTrue(json.equals("{\"a\":1}") || json.equals("{\"a\":2}"), json);
    }

    @Test
    void sortedAndImmutableSources_keepTheirOrder_indexKeysFirst() {
        Map<String, Object> tree = new TreeMap<>(Map.of("b", 1, "a", 2, "10", 3, "9", 4));
        assertEquals("{\"9\":4,\"10\":3,\"a\":2,\"b\":1}", JsonWriter.stringify(copy(tree)));
        Map<String, Object> of = copy(Map.of("only", List.of(1, 2)));
        assertEquals("{\"only\":[1,2]}", JsonWriter.stringify(of));
        assertEquals(Arrays.asList(1, 2), of.get("only"));
    }

    @Test
    void mapThatGrowsWhileCopied_allEntriesKept() {
        // a map whose size() under-reports: the copy must not drop or overrun
        Map<String, Object> lying = new LinkedHashMap<>(Map.of("a", 1, "b", 2, "c", 3)) {
            private static final long serialVersionUID = 1L;

            @Override
            public int size() {
                return 1;
            }
        };
        Map<String, Object> c = copy(lying);
        assertEquals(3, c.size());
        assertEquals(3, c.get("c"));
    }

    /** Issue 12 item 8: shared references that expand without limit are refused at once. */
    @Test
    void sharedReferences_expandingPastTheLimit_refusedNamingThePath() {
        Object prev = List.of("leaf");
        for (int i = 0; i < 40; i++) {
            prev = List.of(prev, prev); // 2^40 leaves as JSON writes it
        }
        Object doubling = prev;
        long started = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.copyOf(doubling, "taskMetadata"));
        assertTrue(e.getMessage().startsWith("taskMetadata[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("holds more than 2000000 values as JSON writes it"), e.getMessage());
        // refused without expanding: well under the 9.8 s that 24 levels took before (not a timing
        // assertion on the machine's speed, only that no exponential work was done)
        assertTrue(System.nanoTime() - started < 60_000_000_000L);
    }

    @Test
    void sharedCopies_expandingPastTheLimit_refused() {
        Object copy = Json.copyOf(List.of("x"), "m");
        for (int step = 1; step <= 25; step++) {
            Object prev = copy;
            try {
                copy = Json.copyOf(List.of(prev, prev), "m"); // reuses the earlier copy twice
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("more than 2000000 values"), expected.getMessage());
                assertTrue(step >= 19, "refused at step " + step + ", before reaching the limit");
                return;
            }
        }
        throw new AssertionError("a doubling chain of copies was never refused");
    }

    @Test
    void sharedString_charactersCountedEachTime() {
        String mib = "x".repeat(1 << 20);
        List<String> sixtyFour = java.util.Collections.nCopies(64, mib);
        assertEquals(64, ((List<?>) Json.copyOf(sixtyFour, "m")).size()); // 64 Mi characters: the limit
        List<String> more = java.util.Collections.nCopies(65, mib);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.copyOf(more, "m"));
        assertTrue(e.getMessage().startsWith("m[64]: the value holds more than 67108864 characters"), e.getMessage());
    }

    @Test
    void elementLimit_exactlyAtTheLimit_accepted() {
        List<Integer> atLimit = java.util.Collections.nCopies((int) Json.MAX_ELEMENTS, 0);
        assertEquals(Json.MAX_ELEMENTS, ((List<?>) Json.copyOf(atLimit, "m")).size());
        List<Integer> over = java.util.Collections.nCopies((int) Json.MAX_ELEMENTS + 1, 0);
        assertThrows(IllegalArgumentException.class, () -> Json.copyOf(over, "m"));
    }
}
