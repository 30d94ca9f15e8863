package io.butlermqtt.event;

import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Validation and copying shared by the event builders. */
final class Checks {

    /** Metadata when none is given: an empty JSON object, as Butler sends for an unknown record. */
    static final Map<String, Object> EMPTY_OBJECT = JsonObject.empty();

    private Checks() {
    }

    static <T> T required(T value, String event, String field) {
        if (value == null) {
            throw new IllegalStateException(event + "." + field + " is required, but was not set");
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return value;
    }

    /** An immutable copy of a list without nulls (a {@code List.of(...)} is kept as it is, not copied). */
    static <T> List<T> elements(List<T> list, String field) {
        notNull(list, field);
        int i = 0;
        for (T e : list) {
            if (e == null) {
                throw new NullPointerException(field + "[" + i + "] must not be null");
            }
            i++;
        }
        return List.copyOf(list);
    }

    static Object metadata(Object value, String field) {
        return Json.copyOf(value, field);
    }

    /**
     * Butler's {@code user.replace(/\\\\/g, '\\')}: each pair of backslashes, left to right,
     * becomes one.
     */
    static String normalizeUser(String user) {
        if (user == null || !user.contains("\\\\")) {
            return user; // no pair: nothing to replace, and no copy
        }
        StringBuilder sb = new StringBuilder(user.length());
        int len = user.length();
        for (int i = 0; i < len; i++) {
            char c = user.charAt(i);
            sb.append(c);
            if (c == '\\' && i + 1 < len && user.charAt(i + 1) == '\\') {
                i++;
            }
        }
        return sb.toString();
    }

    /** Rejects a value that would change the structure of the topic it becomes a level of. */
    static void topicLevel(String value, String event, String field) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(event + "." + field
                    + " must not be empty: it becomes a level of the MQTT topic");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#') {
                throw new IllegalArgumentException(event + "." + field + " must not contain '" + c
                        + "': it becomes one level of the MQTT topic, but was " + quote(value));
            }
            if (c == '\u0000') {
                throw new IllegalArgumentException(event + "." + field
                        + " must not contain U+0000 (not allowed in MQTT topics), but has it at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(event + "." + field
                        + " must be well-formed UTF-16 (it becomes part of the MQTT topic), but has a lone surrogate at index " + i);
            }
        }
        String chars = io.butlermqtt.internal.Topics.characterProblem(value);
        if (chars != null) {
            throw new IllegalArgumentException(event + "." + field + " " + chars + " (it becomes part of the MQTT topic): "
                    + quote(value));
        }
    }

    static String quote(String value) {
        return io.butlermqtt.internal.Texts.quote(value);
    }
}
