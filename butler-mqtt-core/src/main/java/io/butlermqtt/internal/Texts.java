package io.butlermqtt.internal;

/**
 * Values in exception messages and log lines: quoted, at most {@value #MAX_QUOTED_CHARS} characters,
 * with quotes, backslashes, line breaks and other control characters escaped, so that a huge or
 * multi-line value can neither flood a log nor forge a log line.
 *
 * <p>Internal: may change in any release.
 */
public final class Texts {

    /** Most characters of a value quoted in a message; longer values are cut and end with "...". */
    public static final int MAX_QUOTED_CHARS = 200;

    private Texts() {
    }

    /**
     * Quotes a value for a message: {@code "..."}, escaping {@code "} and {@code \}, {@code \n},
     * {@code \r}, {@code \t}, other C0 and C1 control characters as {@code \}{@code uXXXX}, and cutting
     * after {@value #MAX_QUOTED_CHARS} characters (never inside a surrogate pair), with the length.
     *
     * @param value the value, or null
     * @return the quoted value, or {@code null} for null
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        int n = Math.min(value.length(), MAX_QUOTED_CHARS);
        if (n < value.length() && n > 0 && Character.isHighSurrogate(value.charAt(n - 1))) {
            n--;
        }
        StringBuilder sb = new StringBuilder(n + 16).append('"');
        escape(value, n, sb);
        sb.append('"');
        if (n < value.length()) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * Escapes a value as {@link #quote(String)} does, without quotes and without cutting it.
     *
     * @param value the value
     * @return the escaped value
     */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        escape(value, value.length(), sb);
        return sb.toString();
    }

    private static void escape(String value, int n, StringBuilder sb) {
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
