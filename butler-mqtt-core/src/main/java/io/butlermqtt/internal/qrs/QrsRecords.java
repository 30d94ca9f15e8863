package io.butlermqtt.internal.qrs;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.json.InvalidJsonException;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads QRS answers as Butler does: the response body as UTF-8 (malformed bytes become U+FFFD, a leading
 * byte order mark is dropped, as axios does), parsed with JavaScript's {@code JSON.parse} semantics; tags
 * and custom properties of a record; whether a task is a reload task.
 */
public final class QrsRecords {

    private QrsRecords() {
    }

    /**
     * Parses a body that must be a JSON array (a QRS filter query's answer).
     *
     * @param body the response body
     * @param maxDepth the deepest nesting accepted
     * @param what the request, for messages
     * @return the array
     * @throws QrsFailure {@link QrsFailure.Kind#GARBAGE} when the body is not JSON or not an array,
     *     {@link QrsFailure.Kind#TOO_DEEP} when it is nested deeper than {@code maxDepth}
     */
    public static JsonArray parseArray(byte[] body, int maxDepth, String what) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Object value;
        try {
            value = Json.parse(text, maxDepth);
        } catch (InvalidJsonException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("levels deep")) {
                throw new QrsFailure(QrsFailure.Kind.TOO_DEEP, 200, what + ": the answer is nested more than"
                        + " qrs.maxJsonDepth (" + maxDepth + ") levels deep; refused", e);
            }
            if (m.contains(": more than ")) {
                throw new QrsFailure(QrsFailure.Kind.TOO_LARGE, 200, what + ": the answer holds too much ("
                        + m.substring(m.indexOf(": more than ") + 2) + "); refused", e);
            }
            throw new QrsFailure(QrsFailure.Kind.GARBAGE, 200, what + ": the answer is not JSON ("
                    + e.getMessage() + "); " + excerpt(text), e);
        }
        if (!(value instanceof JsonArray)) {
            throw new QrsFailure(QrsFailure.Kind.GARBAGE, 200, what + ": expected a JSON array of records, got "
                    + describe(value) + "; " + excerpt(text), null);
        }
        return (JsonArray) value;
    }

    /**
     * Butler: {@code record?.tags?.map(tag => tag.name) || []}. Entries without a text name are left out
     * (Butler would write {@code null}); a {@code tags} that is not a list gives none.
     *
     * @param record a task or app record
     * @return the tag names, in order
     */
    public static List<String> tags(JsonObject record) {
        Object tags = record.get("tags");
        if (!(tags instanceof JsonArray)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object tag : (JsonArray) tags) {
            if (tag instanceof JsonObject && ((JsonObject) tag).get("name") instanceof String) {
                out.add((String) ((JsonObject) tag).get("name"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Butler: {@code record?.customProperties?.map(cp => ({name: cp.definition.name, value: cp.value})) || []}.
     * Entries without a text {@code definition.name} and {@code value} are left out.
     *
     * @param record a task or app record
     * @return the custom properties, in order
     */
    public static List<CustomProperty> customProperties(JsonObject record) {
        Object cps = record.get("customProperties");
        if (!(cps instanceof JsonArray)) {
            return List.of();
        }
        List<CustomProperty> out = new ArrayList<>();
        for (Object cp : (JsonArray) cps) {
            if (!(cp instanceof JsonObject)) {
                continue;
            }
            Object definition = ((JsonObject) cp).get("definition");
            Object value = ((JsonObject) cp).get("value");
            if (definition instanceof JsonObject && ((JsonObject) definition).get("name") instanceof String
                    && value instanceof String) {
                out.add(new CustomProperty((String) ((JsonObject) definition).get("name"), (String) value));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Butler: {@code taskType = record?.taskType || 0}, a reload task when that is 0. So a missing, null,
     * false, empty or zero {@code taskType} is a reload task; anything else is not.
     *
     * @param record the task record, or null when {@code /qrs/task/full} gave not exactly one record
     *     (Butler then reads the type of {@code []}, which is 0)
     * @return whether the task is a reload task
     */
    public static boolean isReloadTask(JsonObject record) {
        if (record == null) {
            return true;
        }
        Object type = record.get("taskType");
        if (type == null || Boolean.FALSE.equals(type) || "".equals(type)) {
            return true;
        }
        return type instanceof Number && ((Number) type).doubleValue() == 0.0;
    }

    /**
     * The task type for messages: the value of {@code taskType} and Sense's name for it.
     *
     * @param record the task record
     * @return e.g. {@code 1 (external program)}
     */
    public static String taskTypeName(JsonObject record) {
        Object type = record.get("taskType");
        String name = null;
        if (type instanceof Number && ((Number) type).doubleValue() == Math.rint(((Number) type).doubleValue())) {
            switch (((Number) type).intValue()) {
                case 1 -> name = "external program";
                case 2 -> name = "user sync";
                case 3 -> name = "distribute";
                case 4 -> name = "preload";
                default -> name = null;
            }
        }
        String shown = type instanceof String ? "\"" + type + "\"" : String.valueOf(type);
        return shown + (name == null ? "" : " (" + name + ")");
    }

    /**
     * The start of a response body for messages: at most 200 characters, control characters escaped.
     *
     * @param text the body
     * @return e.g. {@code body: "<html>..."}
     */
    public static String excerpt(String text) {
        if (text.isEmpty()) {
            return "empty body";
        }
        String cut = text.length() > 200 ? text.substring(0, 200) : text;
        StringBuilder sb = new StringBuilder("body: \"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(text.length() > 200 ? "...\" (" + text.length() + " chars)" : "\"").toString();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof String) {
            return "a string";
        }
        return value instanceof Boolean ? "a boolean" : "a number";
    }
}
