package io.butlermqtt.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.LoggerFactory;

/**
 * Read access to a String's own bytes when the JDK holds it as Latin-1 (one byte per char), for
 * {@link JsonWriter}: such a string is copied and scanned eight bytes at a time instead of char by
 * char, about twice as fast for the short strings of an event. Java has no public way to ask a
 * String how it is held, so this reads String's private {@code coder} and {@code value} fields
 * through {@link MethodHandles#privateLookupIn}, which the JVM allows only when started with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (on the class path; on the module path
 * {@code =io.butlermqtt}), or from an executable JAR whose manifest has
 * {@code Add-Opens: java.base/java.lang} (the bridge's has). Without it, nothing is read and the
 * writer takes its char path: the same bytes, a little slower.
 *
 * <p>Only read, never written. Used only when, at start, the two fields exist with the expected
 * types and tell a Latin-1 string from a UTF-16 one as expected (with {@code -XX:-CompactStrings}
 * every string is UTF-16, and this is off); a JDK that changes them turns it off by itself.
 *
 * <p>Internal: may change in any release.
 */
final class StringCoder {

    private static final VarHandle CODER;
    private static final VarHandle VALUE;

    static {
        VarHandle[] found = find();
        CODER = found == null ? null : found[0];
        VALUE = found == null ? null : found[1];
        Module module = StringCoder.class.getModule();
        LoggerFactory.getLogger(StringCoder.class).debug("JSON strings from the JDK's own Latin-1 bytes: {}",
                found != null ? "on" : "off; to turn it on, start the JVM with --add-opens java.base/java.lang="
                        + (module.isNamed() ? module.getName() : "ALL-UNNAMED"));
    }

    private StringCoder() {
    }

    /** Whether the String's own bytes can be read (see the class comment). */
    static boolean available() {
        return CODER != null;
    }

    /**
     * Whether {@code s} is held as Latin-1, so that each of its chars is one byte of its value;
     * false when unknown.
     */
    static boolean isLatin1(String s) {
        VarHandle c = CODER;
        return c != null && (byte) c.get(s) == 0;
    }

    /**
     * The chars of {@code s} as the JDK holds them, one byte each, when it holds them as Latin-1
     * and the JVM lets us read them; else null. The array is the String's own: never write to it.
     */
    static byte[] latin1Bytes(String s) {
        VarHandle c = CODER;
        if (c == null || (byte) c.get(s) != 0) {
            return null;
        }
        return (byte[]) VALUE.get(s); // Latin-1: one byte per char, s.length() == its length
    }

    private static VarHandle[] find() {
        try {
            MethodHandles.Lookup in = MethodHandles.privateLookupIn(String.class, MethodHandles.lookup());
            VarHandle h = in.findVarHandle(String.class, "coder", byte.class);
            VarHandle v = in.findVarHandle(String.class, "value", byte[].class);
            // only trust it when it tells the two kinds apart as expected
            String latin1 = new String(new char[] {'a', '\u00e9'});
            String utf16 = new String(new char[] {'a', '\u0100'});
            byte[] bytes = (byte[]) v.get(latin1);
            if ((byte) h.get(latin1) == 0 && (byte) h.get(utf16) == 1
                    && bytes.length == 2 && bytes[0] == 'a' && bytes[1] == (byte) 0xE9) {
                return new VarHandle[] {h, v};
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
