package io.butlermqtt.internal.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Decoding as Node.js's {@code Buffer.toString()} decodes. The expected code points were taken from
 * Node.js 20 ({@code [...Buffer.from(bytes).toString()]}) when the test was written.
 */
class Utf8Test {

    private static byte[] hex(String s) {
        String[] parts = s.trim().split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static String codePoints(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(sb.length() == 0 ? "" : " ").append(Integer.toHexString(cp).toUpperCase()));
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "C3 28          | FFFD 28",
            "F0 9F 98       | FFFD",
            "ED A0 80       | FFFD FFFD FFFD",
            "C0 AF          | FFFD FFFD",
            "E2 82          | FFFD",
            "F4 90 80 80    | FFFD FFFD FFFD FFFD",
            "FF             | FFFD",
            "E2 82 41       | FFFD 41",
            "E0 80 80       | FFFD FFFD FFFD",
            "F0 80 80 80    | FFFD FFFD FFFD FFFD",
            "F8 88 80 80 80 | FFFD FFFD FFFD FFFD FFFD",
            "80             | FFFD",
            "E1 80          | FFFD",
            "F1 80 80       | FFFD",
            "F1 80 41       | FFFD 41",
            "C2             | FFFD",
            "E0 A0          | FFFD",
            "53 80 E2 82 ED A0 80 41 | 53 FFFD FFFD FFFD FFFD FFFD 41"})
    void decode_invalid_asNodeJs(String bytes, String expected) {
        Utf8.Decoded d = Utf8.decode(hex(bytes));
        assertFalse(d.valid());
        assertEquals(expected, codePoints(d.text()));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ED 9F BF    | D7FF",
            "EF BF BF    | FFFF",
            "F4 8F BF BF | 10FFFF",
            "EF BB BF 7B | FEFF 7B",
            "EF BF BD    | FFFD",
            "F0 9F 98 80 | 1F600"})
    void decode_valid_edgeCases(String bytes, String expected) {
        Utf8.Decoded d = Utf8.decode(hex(bytes));
        assertTrue(d.valid(), "valid, also a real U+FFFD and a BOM (kept, as Node.js keeps it)");
        assertEquals(expected, codePoints(d.text()));
    }

    @Test
    void whatwg_agreesWithTheJdkOnValidText() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 20; j++) {
                int cp;
                do {
                    cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x800);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            Utf8.Decoded d = Utf8.whatwg(bytes);
            assertTrue(d.valid());
            assertEquals(sb.toString(), d.text());
        }
    }

    @Test
    void decode_byteBuffer_positionUnchanged() {
        ByteBuffer b = ByteBuffer.wrap("xhéy".getBytes(StandardCharsets.UTF_8));
        b.get();
        assertEquals("héy", Utf8.decode(b.asReadOnlyBuffer()).text());
        assertEquals(1, b.position());
    }
}
