package io.butlermqtt.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.internal.json.JsonWriter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json#parse(String, int)}: what JavaScript's {@code JSON.stringify(JSON.parse(text))} gives
 * (expected texts produced once by Node.js 20), the limits, and the errors.
 */
class JsonParseTest {

    private static String roundTrip(String text) {
        return JsonWriter.stringify(Json.parse(text, Json.MAX_DEPTH));
    }

    @Test
    void repeatedKey_lastValueAtFirstPosition_indexKeysFirst() {
        assertEquals("{\"9\":4,\"10\":3,\"b\":5,\"a\":2}", roundTrip("{\"b\":1,\"a\":2,\"10\":3,\"9\":4,\"b\":5}"));
    }

    @Test
    void numbers_asJavaScriptHoldsThem() {
        assertEquals("[1,100,1e-7,0,0,0.1,null,null,12345678901234567000,9007199254740992,9007199254740992,"
                        + "-9007199254740992,2147483648,1.23456e-298,5e-324]",
                roundTrip("[1.0, 1e2, 1E-7, -0, -0.0, 0.1, 1e400, -1e400, 12345678901234567890, 9007199254740993,"
                        + " 9007199254740992, -9007199254740993, 2147483648, 123.456e-300, 5e-324]"));
    }

    @Test
    void numbers_javaTypes() {
        List<?> a = (List<?>) Json.parse("[0, 2147483647, 2147483648, 9007199254740993, 1.5]", 2);
        assertEquals(0, a.get(0));
        assertEquals(Integer.MAX_VALUE, a.get(1));
        assertEquals(2147483648L, a.get(2));
        assertEquals(9007199254740992.0, a.get(3)); // beyond 2^53: the double JavaScript holds
        assertEquals(1.5, a.get(4));
    }

    @Test
    void strings_escapesProtoKeyAndLiterals() {
        assertEquals("{\"__proto__\":{\"x\":1},\"s\":\"\\u0000\\ud800\u2028/\\\"\\\\é😀\",\"n\":null,\"t\":true,\"f\":false}",
                roundTrip("{\"__proto__\":{\"x\":1},\"s\":\"\\u0000\\ud800\\u2028/\\\"\\\\é😀\",\"n\":null,\"t\":true,"
                        + "\"f\":false}"));
    }

    @Test
    void indexKeys_onlyCanonicalArrayIndicesComeFirst() {
        assertEquals("{\"1\":4,\"4294967294\":1,\"4294967295\":2,\"01\":3,\"-1\":5,\"\":6}",
                roundTrip("{\"4294967294\":1,\"4294967295\":2,\"01\":3,\"1\":4,\"-1\":5,\"\":6}"));
    }

    @Test
    void scalarsAndEmptyContainers_atTheTop() {
        assertEquals("just a string", Json.parse("  \"just a string\"  ", 1));
        assertNull(Json.parse("null", 1));
        assertEquals(Boolean.TRUE, Json.parse("\ntrue\r\n", 1));
        assertEquals("[[],{},[[]],{\"a\":{}}]", roundTrip("[[],{},[[]],{\"a\":{}}]"));
        assertSame(JsonObject.class, Json.parse("{}", 1).getClass());
    }

    @Test
    void parsedValues_areImmutableAndReusedByCopyOf() {
        Object v = Json.parse("{\"a\":[1,{\"b\":2}]}", 8);
        JsonObject o = assertInstanceOf(JsonObject.class, v);
        assertSame(o, Json.copyOf(o, "m"));
        assertThrows(UnsupportedOperationException.class, () -> o.put("x", 1));
        JsonArray a = assertInstanceOf(JsonArray.class, o.get("a"));
        assertThrows(UnsupportedOperationException.class, () -> a.add(3));
        assertEquals(Map.of("b", 2), a.get(1));
        assertEquals("a", o.keyAt(0));
        assertSame(a, o.valueAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> o.keyAt(1));
    }

    @Test
    void depth_limitIsTheCallers() {
        assertEquals(List.of(List.of(1)), Json.parse("[[1]]", 2));
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> Json.parse("[[[1]]]", 2));
        assertEquals("invalid JSON at line 1, column 3: nested more than 2 levels deep", e.getMessage());
        String deep = "[".repeat(64) + "]".repeat(64);
        assertEquals(deep, roundTrip(deep));
        String tooDeep = "[".repeat(65) + "]".repeat(65);
        assertTrue(assertThrows(InvalidJsonException.class, () -> roundTrip(tooDeep)).getMessage()
                .endsWith("nested more than 64 levels deep"));
        String hostile = "[".repeat(100_000); // no stack overflow: refused at depth 64
        assertThrows(InvalidJsonException.class, () -> Json.parse(hostile, 64));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65})
    void maxDepth_outOfRange_throws(int maxDepth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("1", maxDepth));
        assertEquals("maxDepth must be 1..64, but was " + maxDepth, e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''|invalid JSON: no value (the text is empty or only whitespace)",
        "'   '|invalid JSON: no value (the text is empty or only whitespace)",
        "'{\"a\":1'|invalid JSON at line 1, column",
        "'[1,2'|invalid JSON at line 1, column",
        "'[1,]'|invalid JSON at line 1, column",
        "'{\"a\":1,}'|invalid JSON at line 1, column",
        "'// c\n1'|invalid JSON at line 1, column",
        "'NaN'|invalid JSON at line 1, column",
        "'{''a'':1}'|invalid JSON at line 1, column",
        "'01'|invalid JSON at line 1, column",
        "'1 2'|invalid JSON at line 1, column 3: unexpected a number after the value",
        "'{} []'|invalid JSON at line 1, column 4: unexpected '[' after the value",
        "'\"a\tb\"'|invalid JSON at line 1, column",
        "'<html>'|invalid JSON at line 1, column",
    })
    void notJson_throwsSayingWhere(String text, String messageStart) {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> Json.parse(text, 8));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    @Test
    void tooManyValues_refused() {
        StringBuilder sb = new StringBuilder("[");
        for (long i = 0; i <= Json.MAX_ELEMENTS; i++) {
            sb.append(i == 0 ? "0" : ",0");
        }
        String text = sb.append(']').toString();
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> Json.parse(text, 2));
        assertTrue(e.getMessage().endsWith("more than 2000000 values"), e.getMessage());
    }

    /** Random documents: our parse and write against Jackson databind's reading of the same text. */
    @Test
    void randomDocuments_sameTreeAsJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            String text = randomJson(random, 0);
            Object ours = Json.parse(text, Json.MAX_DEPTH);
            JsonNode theirs = mapper.readTree(text);
            JsonNode back = mapper.readTree(JsonWriter.stringify(ours));
            assertEquals(normalise(theirs), normalise(back), text);
        }
    }

    /** Numbers compared as doubles (JavaScript's view), objects as maps. */
    private static Object normalise(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isObject()) {
            java.util.Map<String, Object> m = new java.util.HashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), normalise(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            n.forEach(c -> l.add(normalise(c)));
            return l;
        }
        return n.isNull() ? "<null>" : n.isBoolean() ? n.asBoolean() : n.asText();
    }

    private static String randomJson(Random r, int depth) {
        int kind = depth > 5 ? r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0:
                return "null";
            case 1:
                return r.nextBoolean() ? "true" : "false";
            case 2:
                return r.nextBoolean() ? Long.toString(r.nextLong() >> r.nextInt(64))
                        : Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 3:
            case 4: {
                StringBuilder sb = new StringBuilder("\"");
                int len = r.nextInt(12);
                for (int i = 0; i < len; i++) {
                    int c = r.nextInt(4) == 0 ? r.nextInt(0x3000) : 0x20 + r.nextInt(0x5f);
                    if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate((char) c)) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
                return sb.append('"').toString();
            }
            case 5: {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1));
                }
                return sb.append(']').toString();
            }
            default: {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("\"k").append(r.nextInt(6)).append("\":")
                            .append(randomJson(r, depth + 1));
                }
                return sb.append('}').toString();
            }
        }
    }
}
