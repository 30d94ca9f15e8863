package io.butlermqtt.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The writer against two independent oracles: a deliberately plain reference implementation of
 * ECMAScript's QuoteJSONString (char by char, written from the spec), and Jackson's parser.
 */
class JsonWriterTest {

    /** Generated strings per oracle run. */
    static final int GENERATED_STRINGS = 20_000;

    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Interesting UTF-16 units and pairs: every control char, quotes, backslash, slash, non-ASCII. */
    private static final String[] ALPHABET;

    static {
        List<String> a = new ArrayList<>();
        for (char c = 0; c < 0x20; c++) {
            a.add(String.valueOf(c));
        }
        for (String s : new String[] {"\"", "\\", "/", "'", ";", " ", "a", "Z", "0", "\u007f", "\u0080", "\u00e9",
            "\u00d6", "\u00ff", "\u0100", "\u07ff", "\u0800", "\u2013", "\u2028", "\u2029", "\u4e2d", "\ufeff",
            "\ufffd", "\uffff", "\ud83d\udcca", "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff",
            "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800"}) {
            a.add(s);
        }
        ALPHABET = a.toArray(new String[0]);
    }

    /** ECMAScript QuoteJSONString, one UTF-16 unit at a time, straight from the spec text. */
    static String referenceQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b': sb.append("\\b"); break;
                case '\t': sb.append("\\t"); break;
                case '\n': sb.append("\\n"); break;
                case '\f': sb.append("\\f"); break;
                case '\r': sb.append("\\r"); break;
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    static String randomString(Random r) {
        int len = r.nextInt(10) == 0 ? 400 + r.nextInt(1400) : r.nextInt(40); // long ones cross the 512-char chunks
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static byte[] write(Object v) {
        return new JsonWriter(16).value(v).toByteArray();
    }

    @Test
    void generatedStrings_byteIdenticalToReferenceQuoteJsonString() {
        Random r = new Random(20250115L);
        JsonWriter w = new JsonWriter(64);
        for (int n = 0; n < GENERATED_STRINGS; n++) {
            String s = randomString(r);
            byte[] expected = referenceQuote(s).getBytes(StandardCharsets.UTF_8); // escaped: no lone surrogates left
            byte[] actual = w.reset().value(s).toByteArray();
            if (!java.util.Arrays.equals(expected, actual)) {
                fail("string #" + n + " " + escapeForMessage(s) + ": expected " + new String(expected, StandardCharsets.UTF_8)
                        + " but was " + new String(actual, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void generatedStrings_jacksonParsesBackTheSameUtf16Units() throws Exception {
        Random r = new Random(4711L);
        JsonWriter w = new JsonWriter(64);
        for (int n = 0; n < GENERATED_STRINGS; n++) {
            String s = randomString(r);
            byte[] json = w.reset().beginArray().value(s).endArray().toByteArray();
            JsonNode node = JACKSON.readTree(json); // from bytes: also proves the UTF-8 is well-formed for Jackson
            assertEquals(1, node.size());
            String back = node.get(0).textValue();
            if (!s.equals(back)) {
                fail("string #" + n + " " + escapeForMessage(s) + " came back as " + escapeForMessage(back));
            }
        }
    }

    /** One char (or pair) of each kind the writer's plain-ASCII loop hands over to its general loop. */
    private static final String[] SPECIALS = {"\"", "\\", "\n", "\u0001", "\u001f", "\u00e9", "\u00ff", "\u0100",
        "\u2013", "\ud83d\ude00", "\ud800", "\udc00", "\ud800x", "x\udfff"};

    private static void assertWritesAsReference(JsonWriter w, String prefix, String s, String where) {
        w.reset().beginArray().value(prefix).value(s).endArray();
        String expected = "[" + referenceQuote(prefix) + "," + referenceQuote(s) + "]";
        byte[] actual = w.toByteArray();
        if (!java.util.Arrays.equals(expected.getBytes(StandardCharsets.UTF_8), actual)) {
            fail(where + ": expected " + escapeForMessage(expected) + " but was "
                    + escapeForMessage(new String(actual, StandardCharsets.UTF_8)));
        }
        w.reset().beginObject().name(s).value(1).endObject();
        String expectedName = "{" + referenceQuote(s) + ":1}";
        assertArrayEquals(expectedName.getBytes(StandardCharsets.UTF_8), w.toByteArray(), where + " as a name");
    }

    @Test
    void specialCharAtEveryPosition_aroundBufferGrowth_matchesReference() {
        // the writer starts with 16 bytes; the prefix moves the string across the growth points
        for (int len : new int[] {0, 1, 2, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65}) {
            for (String special : SPECIALS) {
                for (int at = 0; at <= len; at++) {
                    String s = "a".repeat(at) + special + "b".repeat(len - at);
                    for (int prefix = 0; prefix < 20; prefix += 3) {
                        assertWritesAsReference(new JsonWriter(16), "p".repeat(prefix), s,
                                "len " + len + ", " + escapeForMessage(special) + " at " + at + ", prefix " + prefix);
                    }
                }
            }
        }
    }

    @Test
    void twoSpecialChars_everyPairOfPositions_exactlySizedBuffers_matchReference() {
        // after the first special char the rest of the string goes through the general loop; a
        // second one near the end of an exactly sized buffer checks the room kept for escapes
        for (int len : new int[] {1, 5, 16, 21, 40}) {
            for (String first : new String[] {"\n", "\u00e9", "\ud83d\ude00", "\u0001"}) {
                for (String second : SPECIALS) {
                    for (int at = 0; at <= len; at++) {
                        for (int at2 = at; at2 <= len; at2++) {
                            String s = "a".repeat(at) + first + "b".repeat(at2 - at) + second + "c".repeat(len - at2);
                            for (int prefix : new int[] {0, 5, 13}) {
                                assertWritesAsReference(new JsonWriter(16), "p".repeat(prefix), s, "len " + len + ", "
                                        + escapeForMessage(first) + " at " + at + ", " + escapeForMessage(second)
                                        + " at " + at2 + ", prefix " + prefix);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void longStrings_muchLargerThanTheBuffer_matchReference() {
        Random r = new Random(77L);
        JsonWriter w = new JsonWriter(16);
        for (int n = 0; n < 40; n++) {
            int len = 5_000 + r.nextInt(120_000);
            StringBuilder sb = new StringBuilder(len + 8);
            while (sb.length() < len) {
                int run = r.nextInt(n % 2 == 0 ? 10 : 9_000); // short and long plain runs
                sb.append("x".repeat(run));
                sb.append(SPECIALS[r.nextInt(SPECIALS.length)]);
            }
            // a pair and lone surrogates on both sides of the 4096-char steps of the general loop
            for (int k = 4094; k < sb.length() - 2; k += 4096) {
                sb.replace(k, k + 2, n % 3 == 0 ? "\ud83d\ude00" : n % 3 == 1 ? "\ud800\u00e9" : "\u00e9\udc00");
            }
            assertWritesAsReference(w, "q".repeat(n), sb.toString(), "long string #" + n);
        }
        // all plain, and all escapes: the two extremes of the capacity estimate
        assertWritesAsReference(w, "", "y".repeat(300_000), "plain 300,000");
        assertWritesAsReference(w, "", "\u0001".repeat(70_000), "70,000 six-byte escapes");
        assertWritesAsReference(w, "", "\ud800".repeat(70_000), "70,000 lone surrogates");
        assertWritesAsReference(w, "", "\ud83d\ude00".repeat(40_000), "40,000 pairs");
    }

    @Test
    void everyAsciiChar_escapedExactlyAsJsonStringify() {
        for (char c = 0; c < 0x80; c++) {
            String expected;
            switch (c) {
                case '\b': expected = "\"\\b\""; break;
                case '\t': expected = "\"\\t\""; break;
                case '\n': expected = "\"\\n\""; break;
                case '\f': expected = "\"\\f\""; break;
                case '\r': expected = "\"\\r\""; break;
                case '"': expected = "\"\\\"\""; break;
                case '\\': expected = "\"\\\\\""; break;
                default: expected = c < 0x20 ? "\"\\u00" + Character.forDigit(c >> 4, 16) + Character.forDigit(c & 15, 16) + "\""
                        : "\"" + c + "\"";
            }
            assertEquals(expected, JsonWriter.stringify(String.valueOf(c)), "char " + (int) c);
        }
        assertEquals("\"\\u001f\\u000b\\u0000\"", JsonWriter.stringify("\u001f\u000b\u0000"));
        assertEquals("\"a/b\u007f\"", JsonWriter.stringify("a/b\u007f"));
    }

    @Test
    void nonAscii_rawUtf8_loneSurrogates_lowercaseEscapes() {
        assertArrayEquals(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x80, (byte) 0xA8,
            (byte) 0xF0, (byte) 0x9F, (byte) 0x93, (byte) 0x8A, '"'}, write("\u00e9\u2028\ud83d\udcca"));
        assertEquals("\"\\ud800x\\udfff\\udc00\\ud83d\"", JsonWriter.stringify("\ud800x\udfff\udc00\ud83d"));
    }

    @Test
    void surrogatePairSplitAcrossChunkBoundary_writtenAsOneCodePoint() {
        for (int prefix = 505; prefix < 520; prefix++) {
            String s = "a".repeat(prefix) + "\ud83d\udcca" + "b".repeat(600);
            assertEquals(referenceQuote(s), JsonWriter.stringify(s), "prefix " + prefix);
            String lone = "a".repeat(prefix) + "\ud83d" + "b".repeat(600);
            assertEquals(referenceQuote(lone), JsonWriter.stringify(lone), "lone, prefix " + prefix);
        }
    }

    @Test
    void structure_noSpacesInsertionOrderNestedCommas() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of());
        m.put("m", Map.of());
        m.put("n", null);
        m.put("l", new ArrayList<>(java.util.Arrays.asList(true, false, null, "x", List.of(1, List.of()), Map.of("k", "v"))));
        assertEquals("{\"z\":1,\"a\":[],\"m\":{},\"n\":null,\"l\":[true,false,null,\"x\",[1,[]],{\"k\":\"v\"}]}",
                JsonWriter.stringify(m));
    }

    @Test
    void reuse_resetStartsAFreshDocument() {
        JsonWriter w = new JsonWriter(16);
        w.beginObject().name("a").value("x".repeat(100)).endObject();
        assertEquals(108, w.size());
        w.reset().value(1L);
        assertEquals("1", new String(w.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void unsupportedType_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonWriter.stringify(java.util.Set.of(1)));
        assertTrue(e.getMessage().startsWith("cannot write a java.util."), e.getMessage());
    }

    /** Expected texts are what Node.js 20 prints for {@code JSON.stringify(x)}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0", "-0.0 | 0", "1 | 1", "-1 | -1", "0.1 | 0.1", "0.3 | 0.3", "0.30000000000000004 | 0.30000000000000004",
        "1.5e-7 | 1.5e-7", "1e-7 | 1e-7", "1e-6 | 0.000001", "1.234e-6 | 0.000001234", "1e21 | 1e+21",
        "1e20 | 100000000000000000000", "1.2345678901234568e20 | 123456789012345680000", "1.5e300 | 1.5e+300",
        "4.9e-324 | 5e-324", "1.7976931348623157e308 | 1.7976931348623157e+308",
        "2.2250738585072014e-308 | 2.2250738585072014e-308", "9007199254740992 | 9007199254740992",
        "9007199254740994 | 9007199254740994", "9.223372036854775807E18 | 9223372036854776000",
        "0.3333333333333333 | 0.3333333333333333", "0.6666666666666666 | 0.6666666666666666", "100.5 | 100.5",
        "-1e-7 | -1e-7", "123e-20 | 1.23e-18", "1.7e21 | 1.7e+21", "4.35 | 4.35", "0.000123 | 0.000123",
        "2e-7 | 2e-7", "123456.789 | 123456.789", "-0.5 | -0.5", "1e100 | 1e+100", "1.1e-5 | 0.000011",
        "5e-7 | 5e-7", "9.999999999999999e20 | 999999999999999900000", "2.5e-6 | 0.0000025",
        "NaN | null", "Infinity | null", "-Infinity | null"})
    void doubles_printedAsJavaScript(double d, String js) {
        assertEquals(js, JsonWriter.stringify(d));
        assertEquals(js, JsNumbers.toJs(d));
        assertEquals(js, new String(new JsonWriter(16).value(d).toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void otherNumbers_convertedToDoubleAsJavaScriptWould() {
        assertEquals("0.10000000149011612", JsonWriter.stringify(0.1f));
        assertEquals("9007199254740992", JsonWriter.stringify(9007199254740993L));
        assertEquals("9223372036854776000", JsonWriter.stringify(Long.MAX_VALUE));
        assertEquals("-9223372036854776000", JsonWriter.stringify(Long.MIN_VALUE));
        assertEquals("-2147483648", JsonWriter.stringify(Integer.MIN_VALUE));
        assertEquals("1.2345678901234568e+29", JsonWriter.stringify(new BigInteger("123456789012345678901234567890")));
        assertEquals("0.1", JsonWriter.stringify(new BigDecimal("0.1")));
        assertEquals("null", JsonWriter.stringify(new BigDecimal("1E+400")));
        assertEquals("12", JsonWriter.stringify((short) 12));
        assertEquals("-7", JsonWriter.stringify((byte) -7));
        assertEquals("5", JsonWriter.stringify(new java.util.concurrent.atomic.AtomicLong(5)));
    }

    @Test
    void generatedMetadata_jacksonParsesTheSameStructure() throws Exception {
        Random r = new Random(99L);
        int trees = 2_000;
        for (int n = 0; n < trees; n++) {
            Object tree = randomTree(r, 0);
            Object copy = io.butlermqtt.json.Json.copyOf(tree, "metadata");
            byte[] json = write(copy);
            assertSame(copy, JACKSON.readTree(json), "tree #" + n);
        }
    }

    private static Object randomTree(Random r, int depth) {
        int kind = depth > 5 ? 3 + r.nextInt(6) : r.nextInt(9);
        switch (kind) {
            case 0: {
                Map<String, Object> m = new LinkedHashMap<>();
                int size = r.nextInt(6);
                for (int i = 0; i < size; i++) {
                    m.put(r.nextInt(8) == 0 ? String.valueOf(r.nextInt(20)) : wellFormed(randomString(r)),
                            randomTree(r, depth + 1));
                }
                return m;
            }
            case 1:
            case 2: {
                List<Object> l = new ArrayList<>();
                int size = r.nextInt(6);
                for (int i = 0; i < size; i++) {
                    l.add(randomTree(r, depth + 1));
                }
                return l;
            }
            case 3: return randomString(r);
            case 4: return r.nextInt();
            case 5: return r.nextBoolean() ? (Object) r.nextLong() : (Object) (r.nextDouble() * Math.pow(10, r.nextInt(60) - 30));
            case 6: return r.nextBoolean();
            case 7: return null;
            default: return "QlikSenseEngineService";
        }
    }

    /**
     * Jackson's parser rejects a lone-surrogate escape in a member name (it accepts it in values),
     * so keys given to it are made well-formed; lone surrogates in keys are covered by
     * {@link #loneSurrogateInKey_escapedLikeValues()} against the reference implementation.
     */
    private static String wellFormed(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void loneSurrogateInKey_escapedLikeValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a\udc00b\ud800", "\ud800");
        assertEquals("{" + referenceQuote("a\udc00b\ud800") + ":" + referenceQuote("\ud800") + "}", JsonWriter.stringify(m));
        assertEquals("{\"a\\udc00b\\ud800\":\"\\ud800\"}", JsonWriter.stringify(m));
    }

    /** Structure, key order, strings and numbers (as doubles) of our value against Jackson's tree. */
    private static void assertSame(Object expected, JsonNode actual, String where) {
        if (expected == null) {
            assertTrue(actual.isNull(), where + ": expected null, was " + actual);
        } else if (expected instanceof String) {
            assertEquals(expected, actual.textValue(), where);
        } else if (expected instanceof Boolean) {
            assertTrue(actual.isBoolean(), where);
            assertEquals(expected, actual.booleanValue(), where);
        } else if (expected instanceof Number) {
            assertTrue(actual.isNumber(), where + ": expected a number, was " + actual);
            assertEquals(((Number) expected).doubleValue(), actual.doubleValue(), where);
        } else if (expected instanceof Map) {
            assertTrue(actual.isObject(), where);
            Map<?, ?> m = (Map<?, ?>) expected;
            assertEquals(m.size(), actual.size(), where);
            Iterator<String> names = actual.fieldNames();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = names.next();
                assertEquals(e.getKey(), name, where + ": key order");
                assertSame(e.getValue(), actual.get(name), where + "." + name);
            }
            assertFalse(names.hasNext());
        } else {
            List<?> l = (List<?>) expected;
            assertTrue(actual.isArray(), where);
            assertEquals(l.size(), actual.size(), where);
            for (int i = 0; i < l.size(); i++) {
                assertSame(l.get(i), actual.get(i), where + "[" + i + "]");
            }
        }
    }

    private static String escapeForMessage(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
