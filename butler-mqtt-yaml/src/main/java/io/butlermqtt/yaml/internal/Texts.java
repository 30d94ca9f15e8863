package io.butlermqtt.yaml.internal;

import java.util.Collection;
import java.util.Locale;

/** Small text helpers for messages: quoting values and suggesting the nearest key. */
final class Texts {

    /** Longest value shown in a message; longer ones are cut. */
    static final int MAX_SHOWN = 60;

    /** Longest key path in a problem; longer ones (a hostile key) are cut. */
    static final int MAX_PATH = 200;

    /** Longest problem message; longer ones are cut. */
    static final int MAX_MESSAGE = 1000;

    private Texts() {
    }

    /**
     * Quotes a value for a message, escaping quotes and control characters and cutting long values.
     *
     * @param s the value
     * @return the quoted value
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(s.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /**
     * Makes a key path or a message safe for one line of an exception message: control characters
     * (line breaks included) escaped, at most {@code max} characters, then "...".
     *
     * @param s the text
     * @param max the most characters kept
     * @return the safe text
     */
    static String oneLine(String s, int max) {
        boolean clean = s.length() <= max;
        for (int i = 0; clean && i < s.length(); i++) {
            char c = s.charAt(i);
            clean = c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c != '\u2028' && c != '\u2029';
        }
        if (clean) {
            return s;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 16);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
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
        if (s.length() > max) {
            sb.append("... (").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * Finds the known key closest to an unknown one, ignoring case, when it is close enough to be
     * a likely typo.
     *
     * @param unknown the key found
     * @param known the keys allowed
     * @return the suggestion, or null
     */
    static String nearest(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(u, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(2, Math.min(u.length(), best == null ? 0 : best.length()) / 3);
        return best != null && bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance; inputs are short keys. */
    static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE / 2;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
