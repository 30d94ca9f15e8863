package io.butlermqtt.internal;

import java.nio.charset.StandardCharsets;

/**
 * MQTT topic name and topic filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7).
 *
 * <p>Internal: may change in any release.
 */
public final class Topics {

    /** Largest UTF-8 encoded length of a topic name or filter, in bytes. */
    public static final int MAX_TOPIC_BYTES = 65_535;

    private Topics() {
    }

    /**
     * Checks a topic name (what a PUBLISH carries).
     *
     * @return {@code null} when valid, else what is wrong, phrased to follow "must"/"is"
     */
    public static String topicNameProblem(String topic) {
        if (topic == null) {
            return "must not be null";
        }
        if (topic.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "must not contain the wildcard '" + c + "' (a topic name, not a filter), but was " + quote(topic);
            }
        }
        String chars = characterProblem(topic);
        if (chars != null) {
            return chars;
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return "must be at most " + MAX_TOPIC_BYTES + " UTF-8 bytes, but was " + bytes;
        }
        return null;
    }

    /**
     * Checks a topic filter (what a SUBSCRIBE carries): {@code #} only as the whole last level,
     * {@code +} only as a whole level.
     *
     * @return {@code null} when valid, else what is wrong
     */
    public static String topicFilterProblem(String filter) {
        if (filter == null) {
            return "must not be null";
        }
        if (filter.isEmpty()) {
            return "must not be empty";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "may use '#' only as the whole last level, but was " + quote(filter);
            }
            if (level.contains("+") && !level.equals("+")) {
                return "may use '+' only as a whole level, but was " + quote(filter);
            }
        }
        String chars = characterProblem(filter);
        if (chars != null) {
            return chars;
        }
        int bytes = filter.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return "must be at most " + MAX_TOPIC_BYTES + " UTF-8 bytes, but was " + bytes;
        }
        return null;
    }

    /**
     * Whether a valid topic filter matches a valid topic name. Topics starting with {@code $} are
     * not matched by a filter starting with a wildcard (MQTT 4.7.2).
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("#") || filter.startsWith("+"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * Checks the characters of a topic name, a topic filter or a level of one: no U+0000 (MQTT forbids
     * it), no other control character (U+0001..U+001F, U+007F..U+009F) and no Unicode non-character
     * (U+FDD0..U+FDEF, U+FFFE and U+FFFF in every plane), which MQTT says should not be used and which a
     * broker may drop the connection for; well-formed UTF-16 (no lone surrogate).
     *
     * @param value the value
     * @return {@code null} when valid, else what is wrong, phrased to follow "must"
     */
    public static String characterProblem(String value) {
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c) && !validSurrogatePair(value, i)) {
                return "must be well-formed UTF-16 (lone surrogate at index " + i + ")";
            }
            int cp = value.codePointAt(i);
            if (cp == 0) {
                return "must not contain U+0000, but has it at index " + i;
            }
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                return String.format("must not contain control characters (MQTT: they should not be used in topics, "
                        + "and a broker may drop the connection for them), but has U+%04X at index %d", cp, i);
            }
            if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) {
                return String.format("must not contain Unicode non-characters (MQTT: they should not be used in topics, "
                        + "and a broker may drop the connection for them), but has U+%04X at index %d", cp, i);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * Quotes a value for an error message: at most {@value Texts#MAX_QUOTED_CHARS} characters, control
     * characters and quotes escaped ({@link Texts#quote(String)}).
     *
     * @param value the value
     * @return the quoted value
     */
    public static String quote(String value) {
        return Texts.quote(value);
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
