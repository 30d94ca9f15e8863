package io.butlermqtt.internal.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optional read of a String's own Latin-1 bytes. The build runs the JSON and wire-format tests
 * twice: once as a JVM normally starts (the read is not allowed, so the writer takes the char
 * path), once with {@code --add-opens java.base/java.lang} (the read is used); the system property
 * {@code butler.test.stringInternals} says which, so neither run can test the other path by mistake.
 */
class StringCoderTest {

    @Test
    void availableExactlyWhenTheBuildRunSaysSo() {
        String expected = System.getProperty("butler.test.stringInternals");
        assumeTrue(expected != null, "run outside the build's two test executions (no butler.test.stringInternals)");
        assertEquals(expected.equals("on"), StringCoder.available(),
                "butler.test.stringInternals=" + expected + " but StringCoder.available() is " + StringCoder.available());
    }

    @Test
    void latin1Bytes_theCharsOfALatin1String_nullForAWideOne_nullWhenNotAvailable() {
        String latin1 = new String(new char[] {'a', '"', '\u00e9', '\u00ff', '\u0000'});
        String wide = new String(new char[] {'a', '\u0100'});
        String surrogate = new String(new char[] {'a', '\ud800'});
        if (!StringCoder.available()) {
            assertNull(StringCoder.latin1Bytes(latin1));
            return;
        }
        assertArrayEquals(latin1.getBytes(StandardCharsets.ISO_8859_1), StringCoder.latin1Bytes(latin1));
        assertArrayEquals(new byte[0], StringCoder.latin1Bytes(""));
        assertNull(StringCoder.latin1Bytes(wide));
        assertNull(StringCoder.latin1Bytes(surrogate));
        assertTrue(StringCoder.isLatin1(latin1));
    }
}
