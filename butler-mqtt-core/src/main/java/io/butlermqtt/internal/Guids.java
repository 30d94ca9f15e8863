package io.butlermqtt.internal;

/**
 * Butler's GUID check ({@code /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i}), without a
 * regular expression. Internal: may change in any release.
 */
public final class Guids {

    private Guids() {
    }

    /**
     * Whether the text is a GUID: 36 characters, hexadecimal digits of either case, dashes after the 8th,
     * 12th, 16th and 20th digit.
     *
     * @param s the text, not null
     * @return whether it is a GUID
     */
    public static boolean isGuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A value for an error message: quoted, at most 60 characters, control characters shown as
     * {@code \}{@code uXXXX}.
     *
     * @param s the value
     * @return the excerpt
     */
    public static String excerpt(String s) {
        StringBuilder sb = new StringBuilder(70).append('"');
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (s.length() > n) {
            sb.append("... (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
