package io.butlermqtt.internal.cloud;

import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.event.QlikCloudAppReloadFinished;
import io.butlermqtt.json.InvalidJsonException;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Butler's filter for Qlik Cloud messages, as a pure function from (topic, payload) to a verdict. In
 * Butler's order: the topic starts with {@code appReloadTopic}; the JSON's {@code eventType} is
 * {@value QlikCloudAppReloadFinished#EVENT_TYPE}; {@code data.status} is {@code error} (or, with
 * {@code deliverSuccessfulReloads}, anything); {@code extensions.tenantId} equals the configured tenant;
 * and Butler's {@code qlikSenseCloud.enable} is on. Before reading the JSON: the size limit, then
 * UTF-8 decoding as Node.js does it ({@link Utf8}), then {@link Json#parse(String, int)} with the depth
 * limit.
 *
 * <p>Where Butler would log an error and carry on (the payload is not JSON, {@code data} is missing), the
 * verdict is {@link Outcome#INVALID}; where Butler silently ignores a message, {@link Outcome#IGNORED}.
 * Unlike Butler, the payload of a message on another topic is not parsed at all (Butler parses it and
 * logs an error when it is not JSON).
 *
 * <p>Thread-safe: immutable.
 *
 * <p>Internal: may change in any release.
 */
public final class AppReloadFilter {

    /** What becomes of a message. */
    public enum Outcome {
        /** Hand it to the listener. */
        DELIVER,
        /** Not for the listener, as Butler ignores it (topic, event type, successful reload). */
        IGNORED,
        /** A reload of another tenant. */
        WRONG_TENANT,
        /** A reload to alert on, but alerts ({@code Butler.qlikSenseCloud.enable}) are off. */
        ALERTS_DISABLED,
        /** Not an app-reload event this client can read. */
        INVALID,
        /** Larger than {@code maxPayloadBytes}; not read. */
        TOO_LARGE
    }

    /**
     * The verdict on one message.
     *
     * @param outcome what becomes of it
     * @param event the event, for {@code DELIVER}, {@code WRONG_TENANT} and {@code ALERTS_DISABLED}; else null
     * @param reason why, for the log (bounded length, no payload beyond short excerpts); empty for {@code DELIVER}
     * @param validUtf8 false when the payload was not valid UTF-8 and was decoded with U+FFFD
     */
    public record Verdict(Outcome outcome, QlikCloudAppReloadFinished event, String reason, boolean validUtf8) {
    }

    private final String appReloadTopic;
    private final String tenantId;
    private final boolean deliverSuccessfulReloads;
    private final boolean alertsEnabled;
    private final int maxPayloadBytes;
    private final int maxDepth;

    /**
     * @param settings the settings (topics, tenant, limits, options)
     */
    public AppReloadFilter(QlikCloudSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.appReloadTopic = settings.appReloadTopic();
        this.tenantId = settings.tenantId();
        this.deliverSuccessfulReloads = settings.deliverSuccessfulReloads();
        this.alertsEnabled = settings.alertsEnabled();
        this.maxPayloadBytes = settings.maxPayloadBytes();
        this.maxDepth = settings.maxDepth();
    }

    /**
     * Judges one message. Never throws for any payload.
     *
     * @param topic the topic it arrived on
     * @param payload the payload (read, position unchanged)
     * @return the verdict
     */
    public Verdict judge(String topic, ByteBuffer payload) {
        if (!topic.startsWith(appReloadTopic)) {
            return new Verdict(Outcome.IGNORED, null, "the topic does not start with " + appReloadTopic, true);
        }
        int size = payload.remaining();
        if (size > maxPayloadBytes) {
            return new Verdict(Outcome.TOO_LARGE, null, size + " bytes, more than maxPayloadBytes ("
                    + maxPayloadBytes + ")", true);
        }
        Utf8.Decoded text = Utf8.decode(payload);
        boolean utf8 = text.valid();
        Object value;
        try {
            value = Json.parse(text.text(), maxDepth);
        } catch (InvalidJsonException e) {
            return new Verdict(Outcome.INVALID, null, "not JSON: " + excerpt(e.getMessage()), utf8);
        }
        if (!(value instanceof JsonObject)) {
            return new Verdict(Outcome.INVALID, null, "expected a JSON object (a CloudEvent), found "
                    + kind(value), utf8);
        }
        JsonObject json = (JsonObject) value;
        Object type = json.get("eventType");
        if (!(type instanceof String)) {
            String why = json.containsKey("eventType") ? "eventType is not a string"
                    : json.containsKey("type") ? "no eventType, but a \"type\": this is the CloudEvents 1.0 form; "
                            + "Butler and butler-mqtt read Qlik's webhook form (eventType, extensions.tenantId)"
                            : "no eventType";
            return new Verdict(Outcome.INVALID, null, why, utf8);
        }
        if (!QlikCloudAppReloadFinished.EVENT_TYPE.equals(type)) {
            return new Verdict(Outcome.IGNORED, null, "eventType is \"" + excerpt((String) type) + "\"", utf8);
        }
        Object data = json.get("data");
        if (!(data instanceof JsonObject)) {
            return new Verdict(Outcome.INVALID, null, json.containsKey("data") ? "data is not an object"
                    : "no data", utf8);
        }
        Object status = ((JsonObject) data).get("status");
        if (!(status instanceof String)) {
            return new Verdict(Outcome.INVALID, null, ((JsonObject) data).containsKey("status")
                    ? "data.status is not a string" : "no data.status", utf8);
        }
        boolean failed = QlikCloudAppReloadFinished.STATUS_ERROR.equals(status);
        if (!failed && !deliverSuccessfulReloads) {
            return new Verdict(Outcome.IGNORED, null, "data.status is \"" + excerpt((String) status)
                    + "\" (only failed reloads are delivered; see deliverSuccessfulReloads)", utf8);
        }
        QlikCloudAppReloadFinished event;
        try {
            event = QlikCloudAppReloadFinished.fromJson(json);
        } catch (IllegalArgumentException e) {
            return new Verdict(Outcome.INVALID, null, excerpt(e.getMessage()), utf8);
        }
        if (!tenantId.equals(event.extensions().tenantId())) {
            return new Verdict(Outcome.WRONG_TENANT, event, "extensions.tenantId \"" + excerpt(event.extensions().tenantId())
                    + "\" is not the configured tenant \"" + tenantId + "\"", utf8);
        }
        if (!alertsEnabled) {
            return new Verdict(Outcome.ALERTS_DISABLED, event, "Butler.qlikSenseCloud.enable is off", utf8);
        }
        return new Verdict(Outcome.DELIVER, event, "", utf8);
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        return "an array";
    }

    /** At most 200 characters, control characters escaped, quoted when it is a value. */
    static String excerpt(String s) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(s.length(), 200);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !validPairAt(s, i))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("... (").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }

    private static boolean validPairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
