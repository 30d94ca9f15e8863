package io.butlermqtt.internal.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.butlermqtt.internal.json.JsonWriterTest.referenceQuote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The writer's fast paths, each against the char-by-char reference of ECMAScript's QuoteJSONString
 * ({@link JsonWriterTest#referenceQuote(String)}) and at its boundaries: the bulk path for strings
 * of {@value JsonWriter#BULK_MIN} chars or more (intrinsic copies, the eight-byte scan, the exact
 * loop around a hit and after a char above U+00FF), the member-name table, the kept encoded form
 * of immutable containers, and {@link JsonWriter#utf8(String)}.
 */
class JsonWriterFastPathsTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** One char (or pair) of each kind the paths treat differently. */
    private static final String[] SPECIALS = {"\"", "\\", "\n", "\u0000", "\u0001", "\u001f", "\u007f", "\u0080",
        "\u00e9", "\u00ff", "\u0100", "\u07ff", "\u0800", "\u2013", "\u2028", "\u2029", "\ufeff", "\uffff",
        "\ud83d\ude00", "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "?"};

    private static String show(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 300 ? sb.substring(0, 300) + "... (" + s.length() + " chars)" : sb.toString();
    }

    /** The string as a value after a prefix string (so that it starts at any offset), and as a member name. */
    private static void assertAsReference(JsonWriter w, String prefix, String s, String where) {
        byte[] expected = ("[" + referenceQuote(prefix) + "," + referenceQuote(s) + "]").getBytes(StandardCharsets.UTF_8);
        byte[] actual = w.reset().beginArray().value(prefix).value(s).endArray().toByteArray();
        if (!Arrays.equals(expected, actual)) {
            fail(where + " " + show(s) + ": expected " + show(new String(expected, StandardCharsets.UTF_8))
                    + " but was " + show(new String(actual, StandardCharsets.UTF_8)));
        }
        byte[] expectedName = ("{" + referenceQuote(prefix) + ":0," + referenceQuote(s) + ":1}").getBytes(StandardCharsets.UTF_8);
        byte[] actualName = w.reset().beginObject().name(prefix).value(0).name(s).value(1).endObject().toByteArray();
        if (!Arrays.equals(expectedName, actualName)) {
            fail(where + " as a name " + show(s) + ": was " + show(new String(actualName, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void bulkPath_specialAtEveryPositionAroundTheEightByteWords_everyOffset_fromATinyBuffer() {
        int min = JsonWriter.BULK_MIN;
        for (int len : new int[] {min - 1, min, min + 1, min + 7, min + 8, min + 9, min + 15, min + 16, min + 17}) {
            for (String special : SPECIALS) {
                for (int at = 0; at <= len; at++) {
                    String s = "a".repeat(at) + special + "b".repeat(len - at);
                    for (int prefix : new int[] {0, 1, 3, 7, 8, 13}) {
                        // a fresh 16-byte writer: every string also crosses a buffer growth
                        assertAsReference(new JsonWriter(16), "p".repeat(prefix), s,
                                "len " + len + ", " + show(special) + " at " + at + ", prefix " + prefix);
                    }
                }
            }
        }
    }

    /**
     * Strings of up to 66 chars, which take the word copy (8 to 32 bytes, two or four words
     * that may overlap), the byte loop (below 8) or the scan (33 and more) when the JDK's own bytes
     * can be read, and the char loop when they cannot: every length, every kind of special at every
     * position, at several offsets, as a value and as a member name (written twice, so the second
     * time comes from the name table).
     */
    @Test
    void shortStrings_everyLength_specialAtEveryPosition_everyPath() {
        for (int len = 0; len <= 66; len++) {
            String plain = "q".repeat(len);
            for (int prefix : new int[] {0, 1, 7, 8}) {
                assertAsReference(new JsonWriter(16), "p".repeat(prefix), plain, "plain, len " + len + ", prefix " + prefix);
            }
            for (String special : SPECIALS) {
                for (int at = 0; at <= len; at++) {
                    String s = "a".repeat(at) + special + "b".repeat(len - at);
                    JsonWriter w = new JsonWriter(16);
                    for (int prefix : new int[] {0, 3, 8}) {
                        assertAsReference(w, "p".repeat(prefix), s,
                                "len " + len + ", " + show(special) + " at " + at + ", prefix " + prefix);
                    }
                }
            }
        }
    }

    /** Every byte value 0x00-0xFF at every position of strings of 7 to 65 chars (the word copy takes 8 to 32). */
    @Test
    void wordCopyLengths_everyLatin1CharAtEveryPosition() {
        JsonWriter w = new JsonWriter(16);
        for (int len = 7; len <= 65; len++) {
            for (int at = 0; at < len; at++) {
                for (char c = 0; c <= 0xff; c++) {
                    String s = "w".repeat(at) + c + "v".repeat(len - at - 1);
                    byte[] expected = ("[" + referenceQuote(s) + "]").getBytes(StandardCharsets.UTF_8);
                    byte[] actual = w.reset().beginArray().value(s).endArray().toByteArray();
                    if (!Arrays.equals(expected, actual)) {
                        fail("len " + len + ", char " + (int) c + " at " + at + ": was "
                                + show(new String(actual, StandardCharsets.UTF_8)));
                    }
                }
            }
        }
    }

    /** The name table's forms are at least four words: names of every length around that, new and known. */
    @Test
    void memberNames_everyLengthAroundTheFourWordForm_newAndFromTheTable() {
        JsonWriter w = new JsonWriter(16);
        for (int round = 0; round < 2; round++) {
            for (int len = 0; len <= 45; len++) {
                String name = "k".repeat(len);
                for (String special : new String[] {"", "\"", "\u00e9", "\u2028"}) {
                    String n = special + name;
                    String expected = "{\"a\":0," + referenceQuote(n) + ":1,\"z\":2}";
                    String actual = new String(w.reset().beginObject().name("a").value(0).name(n).value(1)
                            .name("z").value(2).endObject().toByteArray(), StandardCharsets.UTF_8);
                    assertEquals(expected, actual, "round " + round + ", name " + show(n));
                }
            }
        }
    }

    @Test
    void bulkPath_twoSpecials_everyPairOfPositionsInAWord_andAcrossWords() {
        int len = JsonWriter.BULK_MIN + 20;
        String[] some = {"\"", "\n", "\u00e9", "\u2028", "\ud83d\ude00", "\ud800", "\u0001"};
        JsonWriter w = new JsonWriter(16);
        for (String first : some) {
            for (String second : some) {
                for (int at = 0; at < 24; at++) {
                    for (int at2 = at; at2 < at + 18; at2++) {
                        String s = "x".repeat(at) + first + "y".repeat(at2 - at) + second + "z".repeat(len - at2);
                        assertAsReference(w, "", s, show(first) + " at " + at + ", " + show(second) + " at " + at2);
                    }
                }
            }
        }
    }

    @Test
    void bulkPath_everyByteValueAfterAPlainRun_latin1AndControlCharsExact() {
        JsonWriter w = new JsonWriter(16);
        for (char c = 0; c <= 0x1ff; c++) {
            for (int at : new int[] {0, 5, 8, 15, 16, 63}) {
                String s = "r".repeat(at) + c + "s".repeat(JsonWriter.BULK_MIN);
                assertAsReference(w, "", s, "char " + (int) c + " at " + at);
            }
        }
    }

    @Test
    void bulkPath_chunkBoundaries_pairsAndLoneSurrogatesAcrossThem() {
        int chunk = JsonWriter.CHUNK;
        JsonWriter w = new JsonWriter(16);
        for (int len : new int[] {chunk - 1, chunk, chunk + 1, 2 * chunk + 3}) {
            for (String special : SPECIALS) {
                for (int at : new int[] {0, chunk - 2, chunk - 1, chunk, chunk + 1, len - 1}) {
                    if (at > len) {
                        continue;
                    }
                    String s = "c".repeat(at) + special + "d".repeat(len - at);
                    assertAsReference(w, "", s, "len " + len + ", " + show(special) + " at " + at);
                }
            }
        }
    }

    @Test
    void wideChars_exactLoopUntilEnoughOneByteChars_thenBackToTheBulkPath() {
        int resume = JsonWriter.RESUME;
        JsonWriter w = new JsonWriter(16);
        for (String wide : new String[] {"\u0100", "\u2013", "\u4e2d", "\ud83d\ude00", "\ud800", "\udfff"}) {
            for (int gap = resume - 2; gap <= resume + 2; gap++) {
                for (String after : new String[] {"\"", "\u00e9", "\n", wide, "k"}) {
                    // wide char, a run of one-byte chars around RESUME long, then another special, then a long tail
                    String s = "head-" + wide + "g".repeat(gap) + after + "t".repeat(JsonWriter.BULK_MIN + 9)
                            + wide + "g".repeat(gap) + "\\" + "u".repeat(JsonWriter.BULK_MIN);
                    assertAsReference(w, "", s, show(wide) + ", gap " + gap + ", then " + show(after));
                }
            }
        }
    }

    @Test
    void generatedLongMixedTexts_matchReference_andJacksonReadsThemBack() throws Exception {
        // long strings in the shapes real texts have: mostly ASCII with rare specials, Latin-1
        // languages, CJK with ASCII between, emoji, and broken surrogates
        Random r = new Random(314159L);
        String[][] pools = {
            {"a", "b", "Z", " ", "0", ";", "/", "-", "\"", "\\", "\n", "\r\n", "\t"},
            {"a", "e", " ", "\u00e4", "\u00f6", "\u00e5", "\u00e9", "\u00df", "\u00d6", "."},
            {"\u4e2d", "\u6587", "\u5b57", " ", "a", "1", ",", "\u3001", "\u3002"},
            {"x", " ", "\ud83d\ude00", "\ud83d\udcca", "\u2028", "\u2029", "\u2013"},
            {"y", "\ud800", "\udc00", "\udbff\udfff", "\udc00\ud800", "?", "z"},
        };
        JsonWriter w = new JsonWriter(64);
        for (int n = 0; n < 4_000; n++) {
            String[] pool = pools[n % pools.length];
            int len = JsonWriter.BULK_MIN + r.nextInt(n % 50 == 0 ? 20_000 : 600);
            StringBuilder sb = new StringBuilder(len + 4);
            while (sb.length() < len) {
                // mostly plain runs, so that the scan has words to skip and hits to find
                if (r.nextInt(4) != 0) {
                    sb.append("plain text ".substring(0, 1 + r.nextInt(10)));
                }
                sb.append(pool[r.nextInt(pool.length)]);
            }
            String s = sb.toString();
            assertAsReference(w, "q".repeat(n % 11), s, "text #" + n);
            String back = JACKSON.readTree(w.reset().beginArray().value(s).endArray().toByteArray()).get(0).textValue();
            if (!s.equals(back)) {
                fail("text #" + n + " came back from Jackson as " + show(back));
            }
        }
    }

    @Test
    void stringsFarLargerThanTheBuffer_allPathsAtOnce() {
        JsonWriter w = new JsonWriter(16);
        String chunkOfEverything = String.join("", SPECIALS) + "plain".repeat(30);
        assertAsReference(w, "", chunkOfEverything.repeat(5_000), "everything x5000");
        assertAsReference(w, "", "\u00e9".repeat(100_000), "100,000 Latin-1 two-byte chars");
        assertAsReference(w, "", "\"".repeat(100_000), "100,000 quotes");
        assertAsReference(w, "", ("\u4e2d".repeat(20) + "a".repeat(20)).repeat(3_000), "CJK and ASCII alternating");
        assertAsReference(w, "", "a".repeat(1_000_000) + "\ud800", "a million plain chars, then a lone surrogate");
    }

    @Test
    void scan_findsTheFirstByteThatNeedsWork_likeAByteByByteLoop() {
        Random r = new Random(2718L);
        byte[] b = new byte[40];
        for (int n = 0; n < 200_000; n++) {
            for (int i = 0; i < b.length; i++) {
                // mostly plain bytes, sometimes one of the boundary values of each test
                b[i] = r.nextInt(6) != 0 ? (byte) (0x23 + r.nextInt(0x38)) : (byte) new int[] {
                    0x00, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0x81, 0xa0, 0xc0, 0xdf,
                    0xe0, 0xff, 0x02, 0x3f}[r.nextInt(20)];
            }
            int from = r.nextInt(b.length);
            int end = from + r.nextInt(b.length - from + 1);
            int expected = end;
            for (int i = from; i < end; i++) {
                int c = b[i] & 0xFF;
                if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                    expected = i;
                    break;
                }
            }
            int actual = JsonWriter.scan(b, from, end);
            if (actual != expected) {
                fail("scan of " + Arrays.toString(Arrays.copyOfRange(b, from, end)) + " gave " + (actual - from)
                        + ", expected " + (expected - from));
            }
        }
    }

    @Test
    void utf8_fastPathEqualsTheCharByCharEncoding_andNodesReplacementForLoneSurrogates() {
        Random r = new Random(1618L);
        for (int n = 0; n < 20_000; n++) {
            String s = JsonWriterTest.randomString(r);
            byte[] expected = JsonWriter.utf8Exact(s);
            byte[] actual = JsonWriter.utf8(s);
            if (!Arrays.equals(expected, actual)) {
                fail("utf8 of " + show(s) + ": " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
            }
        }
        assertArrayEquals(new byte[] {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, '?'}, JsonWriter.utf8("a\ud800?"));
        assertArrayEquals(new byte[] {'?', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, JsonWriter.utf8("?\udc00"));
        assertArrayEquals("why? because".getBytes(StandardCharsets.UTF_8), JsonWriter.utf8("why? because"));
        assertArrayEquals("\u00e9\u4e2d\ud83d\ude00".getBytes(StandardCharsets.UTF_8), JsonWriter.utf8("\u00e9\u4e2d\ud83d\ude00"));
        for (int len = 0; len < 24; len++) {
            for (int at = 0; at < len; at++) {
                String s = "k".repeat(at) + "?" + "k".repeat(len - at - 1);
                assertTrue(JsonWriter.hasQuestionMark(s.getBytes(StandardCharsets.US_ASCII)), s);
                assertFalse(JsonWriter.hasQuestionMark(s.replace('?', '>').getBytes(StandardCharsets.US_ASCII)), s);
            }
        }
    }

    @Test
    void memberNames_manyMoreThanTheTable_collisions_longNames_equalButNotSameInstances() {
        JsonWriter w = new JsonWriter(16);
        Random r = new Random(42L);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            names.add(i % 7 == 0 ? JsonWriterTest.randomString(r) : "k" + i);
        }
        names.add("x".repeat(JsonWriter.NAME_CACHE_MAX_CHARS));
        names.add("x".repeat(JsonWriter.NAME_CACHE_MAX_CHARS + 1));
        names.add("");
        names.add("a\"b\\c\n\u00e9\u2028\ud83d\ude00\ud800");
        // names with the same hash code land in the same slot ("Aa" and "BB" collide)
        names.add("AaAa");
        names.add("BBBB");
        names.add("AaBB");
        names.add("BBAa");
        for (int round = 0; round < 3; round++) {
            for (String name : names) {
                String copy = new String(name.toCharArray()); // equal, another instance
                String expected = "{" + referenceQuote(name) + ":1," + referenceQuote(copy) + ":2}";
                byte[] actual = w.reset().beginObject().name(name).value(1).name(copy).value(2).endObject().toByteArray();
                if (!Arrays.equals(expected.getBytes(StandardCharsets.UTF_8), actual)) {
                    fail("round " + round + ", name " + show(name) + ": " + show(new String(actual, StandardCharsets.UTF_8)));
                }
            }
        }
        // the four colliding names in turn, as a QRS record would repeat them
        for (int i = 0; i < 50; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("AaAa", 1);
            m.put("BBBB", 2);
            m.put("AaBB", 3);
            m.put("BBAa", 4);
            assertEquals("{\"AaAa\":1,\"BBBB\":2,\"AaBB\":3,\"BBAa\":4}",
                    new String(w.reset().value(m).toByteArray(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void rawName_everyLengthOfTheWordCopy() {
        for (int len = 0; len <= 45; len++) {
            String name = "n".repeat(len);
            byte[] encoded = JsonWriter.encodeName(name);
            for (int before = 0; before < 3; before++) {
                JsonWriter w = new JsonWriter(16).beginObject();
                StringBuilder expected = new StringBuilder("{");
                for (int i = 0; i < before; i++) {
                    w.rawName(JsonWriter.encodeName("b" + i)).value(i);
                    expected.append("\"b").append(i).append("\":").append(i).append(',');
                }
                w.rawName(encoded).value(true).endObject();
                expected.append(referenceQuote(name)).append(":true}");
                assertEquals(expected.toString(), new String(w.toByteArray(), StandardCharsets.UTF_8), "length " + len);
            }
        }
    }

    @Test
    void numbersOfEveryType_throughTheGeneralValue_withCommas() {
        List<Object> values = Arrays.asList(1, -2L, (short) 3, (byte) -4, 5.5, 6.25f, 7.0, -0.0,
                new java.math.BigDecimal("0.1"), java.math.BigInteger.TEN.pow(30),
                new java.util.concurrent.atomic.AtomicLong(9), 1L << 60, Double.NaN, null, true, false);
        assertEquals("[1,-2,3,-4,5.5,6.25,7,0,0.1,1e+30,9,1152921504606847000,null,null,true,false]",
                JsonWriter.stringify(values));
    }

    private static JsonObject record(int seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
        m.put("seq", seq);
        m.put("name", "Reload \"Sales\" \u2013 EMEA #" + seq);
        m.put("tags", List.of(Map.of("name", "Nightly"), "x"));
        return (JsonObject) Json.copyOf(m, "metadata");
    }

    @Test
    void keptForm_firstWriteOnlyMarks_secondKeeps_laterWritesCopyTheSameBytes() {
        JsonObject rec = record(1);
        EncodedForms.Access slots = EncodedForms.access();
        assertNull(slots.get(rec));
        String expected = JsonWriter.stringify(rec);
        JsonWriter w = new JsonWriter(16);
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // inside an array after another value: the comma goes before the kept bytes
            outputs.add(new String(w.reset().beginArray().value("before").valueKeepingForm(rec).value(i).endArray()
                    .toByteArray(), StandardCharsets.UTF_8));
            if (i == 0) {
                assertNotNull(slots.get(rec), "marked after the first write");
                assertFalse(slots.get(rec).getClass().getSimpleName().equals("KeptForm"), "nothing kept after one write");
            }
        }
        assertEquals("KeptForm", slots.get(rec).getClass().getSimpleName(), "kept after the second write");
        for (int i = 0; i < 4; i++) {
            assertEquals("[\"before\"," + expected + "," + i + "]", outputs.get(i), "write " + (i + 1));
        }
        // as an object member value, and on another writer
        assertEquals("{\"m\":" + expected + "}",
                new String(new JsonWriter(16).beginObject().name("m").valueKeepingForm(rec).endObject().toByteArray(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void keptForm_arraysEmptyObjectsAndScalarsPassThrough_largeFormsNotKept() {
        JsonArray array = (JsonArray) Json.copyOf(List.of(1, "two", List.of()), "a");
        JsonObject empty = JsonObject.empty();
        JsonWriter w = new JsonWriter(16);
        for (int i = 0; i < 3; i++) {
            assertEquals("[[1,\"two\",[]],{},\"s\",null,7]", new String(w.reset().beginArray().valueKeepingForm(array)
                    .valueKeepingForm(empty).valueKeepingForm("s").valueKeepingForm(null).valueKeepingForm(7)
                    .endArray().toByteArray(), StandardCharsets.UTF_8));
        }
        JsonObject large = (JsonObject) Json.copyOf(Map.of("big", "b".repeat(JsonWriter.MAX_KEPT_FORM)), "large");
        for (int i = 0; i < 3; i++) {
            w.reset().valueKeepingForm(large);
        }
        assertFalse(EncodedForms.access().get(large).getClass().getSimpleName().equals("KeptForm"),
                "a form larger than MAX_KEPT_FORM is not kept");
        assertEquals(JsonWriter.MAX_KEPT_FORM + 10, w.size());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void keptForm_manyThreadsWritingTheSameRecords_allSeeTheSameBytes() throws Exception {
        List<JsonObject> records = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(record(i));
            expected.add(JsonWriter.stringify(record(i))); // an equal record, written without keeping a form
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<String> task = () -> {
                    JsonWriter w = new JsonWriter(64);
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < records.size(); i++) {
                            String out = new String(w.reset().valueKeepingForm(records.get(i)).toByteArray(),
                                    StandardCharsets.UTF_8);
                            if (!out.equals(expected.get(i))) {
                                return "record " + i + " round " + round + ": " + out;
                            }
                        }
                    }
                    return null;
                };
                results.add(pool.submit(task));
            }
            for (Future<String> f : results) {
                assertNull(f.get(50, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        // the kept form is not part of the value: equal to a fresh copy, same hash code
        for (JsonObject rec : records) {
            Object fresh = Json.copyOf(new LinkedHashMap<>(rec), "m");
            assertEquals(fresh, rec);
            assertEquals(fresh.hashCode(), rec.hashCode());
        }
    }
}
