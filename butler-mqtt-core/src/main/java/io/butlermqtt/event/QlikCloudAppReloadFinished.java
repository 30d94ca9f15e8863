package io.butlermqtt.event;

import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Qlik Cloud app reload finished: the webhook event {@value #EVENT_TYPE} (a CloudEvent) that a gateway
 * forwards to MQTT and Butler 13 and later receive on {@code qlikSenseCloud.event.mqttForward}. Made from
 * the event's JSON by {@link #fromJson(JsonObject)}; received ones arrive through
 * {@code QlikCloudEventClient}.
 *
 * <p>The typed accessors are the fields Butler reads, in Qlik's webhook form:
 * <pre>{@code
 * { "eventType": "com.qlik.v1.app.reload.finished", "eventTypeVersion": "1.0.0", "source": "com.qlik/engine",
 *   "eventId": "...", "eventTime": "2024-10-14T11:31:39Z",
 *   "extensions": { "tenantId": "...", "userId": "...", "ownerId": "...", "topLevelResourceId": "<app ID>" },
 *   "data": { "name": "Sales", "status": "error", "reloadId": "...", "duration": 5230, "errors": [...],
 *             "warnings": [...], "isPartialReload": false, "peakMemoryBytes": 1048576, "size": {"memory": 524288},
 *             "rowLimit": -1, "statements": [], "usage": "ANALYTICS", ... } }
 * }</pre>
 * Everything else the event holds (future fields, {@code cloudEventsVersion}, {@code contentType},
 * {@code data.endTime}, ...) is in {@link #json()}, exactly as received.
 *
 * <p><b>Required and optional.</b> {@code eventType} (equal to {@value #EVENT_TYPE}),
 * {@code extensions.tenantId} and {@code data.status} (strings) are required, because the event cannot
 * be filtered without them; {@link #fromJson(JsonObject)} refuses an event without them. Every other
 * field is optional: absent or {@code null} gives an empty {@code Optional} (an empty array for
 * {@code errors} and {@code warnings}). A field of the wrong type (a text where Qlik sends a number, say)
 * is treated as absent and described in {@link #fieldProblems()}, so that an alert about a failed reload
 * is not lost for an odd detail; the original value stays in {@link #json()}.
 *
 * <p>Numbers are accepted as integers when they are whole (JSON {@code 5230} or {@code 5230.0});
 * a fraction in a field that Qlik documents as an integer is a field problem.
 *
 * <p>Immutable and thread-safe. {@code equals} and {@code hashCode} compare the JSON; {@code toString}
 * shows the identifying fields, not the whole event.
 */
public final class QlikCloudAppReloadFinished {

    /** The CloudEvent type of an app reload finished. */
    public static final String EVENT_TYPE = "com.qlik.v1.app.reload.finished";

    /** {@code data.status} of a failed reload; Butler alerts only on this status. */
    public static final String STATUS_ERROR = "error";

    /** {@code data.status} of a successful reload. */
    public static final String STATUS_OK = "ok";

    private static final JsonArray EMPTY_ARRAY = (JsonArray) Json.copyOf(List.of(), "empty");
    private static final int EXCERPT_CHARS = 60;

    private final JsonObject json;
    private final Optional<String> source;
    private final Optional<String> eventTime;
    private final Optional<String> eventTypeVersion;
    private final Optional<String> eventId;
    private final Extensions extensions;
    private final ReloadData data;
    private final List<String> fieldProblems;

    private QlikCloudAppReloadFinished(JsonObject json) {
        this.json = json;
        Object type = json.get("eventType");
        if (!json.containsKey("eventType")) {
            throw new IllegalArgumentException("eventType: missing; expected \"" + EVENT_TYPE + "\""
                    + (json.containsKey("type") ? " (the event has \"type\": this is the CloudEvents 1.0 form; "
                    + "Butler and this class read Qlik's webhook form, with eventType and extensions)" : ""));
        }
        if (!EVENT_TYPE.equals(type)) {
            throw new IllegalArgumentException("eventType: expected \"" + EVENT_TYPE + "\", found " + describe(type));
        }
        List<String> problems = new ArrayList<>();
        Fields top = new Fields("", json, problems);
        this.source = top.string("source");
        this.eventTime = top.string("eventTime");
        this.eventTypeVersion = top.string("eventTypeVersion");
        this.eventId = top.string("eventId");
        this.extensions = new Extensions(requiredObject(json, "extensions"), problems);
        this.data = new ReloadData(requiredObject(json, "data"), problems);
        this.fieldProblems = List.copyOf(problems);
    }

    /**
     * Reads an app-reload-finished event from its JSON, for example one parsed with
     * {@link Json#parse(String, int)}.
     *
     * @param json the event
     * @return the event
     * @throws IllegalArgumentException naming the field when {@code eventType} is not {@value #EVENT_TYPE},
     *     or {@code extensions.tenantId} or {@code data.status} is missing or not a string
     * @throws NullPointerException if {@code json} is null
     */
    public static QlikCloudAppReloadFinished fromJson(JsonObject json) {
        return new QlikCloudAppReloadFinished(Objects.requireNonNull(json, "json"));
    }

    /**
     * The whole event as received: every field, also the ones this class has no accessor for.
     *
     * @return the event's JSON
     */
    public JsonObject json() {
        return json;
    }

    /**
     * {@code eventType}: always {@value #EVENT_TYPE}.
     *
     * @return the event type
     */
    public String eventType() {
        return EVENT_TYPE;
    }

    /**
     * {@code source}: who produced the event (Qlik sends {@code com.qlik/engine}).
     *
     * @return the source, if present and a string
     */
    public Optional<String> source() {
        return source;
    }

    /**
     * {@code eventTime}: when the event happened, as Qlik wrote it (e.g. {@code 2024-10-14T11:31:39Z}).
     *
     * @return the time text, if present and a string
     */
    public Optional<String> eventTime() {
        return eventTime;
    }

    /**
     * {@code eventTypeVersion}: the version of the event's layout.
     *
     * @return the version, if present and a string
     */
    public Optional<String> eventTypeVersion() {
        return eventTypeVersion;
    }

    /**
     * {@code eventId}: the event's unique ID, useful to recognise an event delivered twice (delivery is
     * at least once).
     *
     * @return the ID, if present and a string
     */
    public Optional<String> eventId() {
        return eventId;
    }

    /**
     * {@code extensions}: the tenant, the users and the app.
     *
     * @return the extensions
     */
    public Extensions extensions() {
        return extensions;
    }

    /**
     * {@code data}: the reload's outcome and figures.
     *
     * @return the reload data
     */
    public ReloadData data() {
        return data;
    }

    /**
     * Whether the reload failed: {@code data.status} is {@value #STATUS_ERROR}.
     *
     * @return true for a failed reload
     */
    public boolean failed() {
        return STATUS_ERROR.equals(data.status());
    }

    /**
     * The app's ID: {@code extensions.topLevelResourceId}.
     *
     * @return the app ID, if present and a string
     */
    public Optional<String> appId() {
        return extensions.topLevelResourceId();
    }

    /**
     * The app's name: {@code data.name}.
     *
     * @return the app name, if present and a string
     */
    public Optional<String> appName() {
        return data.name();
    }

    /**
     * Optional fields that had the wrong type and are therefore treated as absent, one description each
     * ({@code data.peakMemoryBytes: expected an integer, found the string "12 MB"}). Empty for a
     * well-formed event.
     *
     * @return the problems, in the order of the fields
     */
    public List<String> fieldProblems() {
        return fieldProblems;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QlikCloudAppReloadFinished && ((QlikCloudAppReloadFinished) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "QlikCloudAppReloadFinished{tenantId=" + extensions.tenantId()
                + ", appId=" + appId().orElse("?") + ", appName=" + appName().orElse("?")
                + ", reloadId=" + data.reloadId().orElse("?") + ", status=" + data.status()
                + eventId.map(id -> ", eventId=" + id).orElse("") + '}';
    }

    /**
     * The event's {@code extensions}: the tenant, the users and the app the reload belongs to. Immutable.
     */
    public static final class Extensions {

        private final JsonObject json;
        private final String tenantId;
        private final Optional<String> userId;
        private final Optional<String> ownerId;
        private final Optional<String> topLevelResourceId;

        private Extensions(JsonObject json, List<String> problems) {
            this.json = json;
            this.tenantId = requiredString(json, "extensions", "tenantId");
            Fields f = new Fields("extensions.", json, problems);
            this.ownerId = f.string("ownerId");
            this.userId = f.string("userId");
            this.topLevelResourceId = f.string("topLevelResourceId");
        }

        /**
         * {@code tenantId}: the Qlik Cloud tenant the event comes from. Butler acts only on events of the
         * tenant in {@code Butler.qlikSenseCloud.event.mqtt.tenant.id}.
         *
         * @return the tenant ID
         */
        public String tenantId() {
            return tenantId;
        }

        /**
         * {@code userId}: the user who started the reload.
         *
         * @return the user ID, if present and a string
         */
        public Optional<String> userId() {
            return userId;
        }

        /**
         * {@code ownerId}: the app's owner.
         *
         * @return the owner ID, if present and a string
         */
        public Optional<String> ownerId() {
            return ownerId;
        }

        /**
         * {@code topLevelResourceId}: the app's ID.
         *
         * @return the app ID, if present and a string
         */
        public Optional<String> topLevelResourceId() {
            return topLevelResourceId;
        }

        /**
         * The {@code extensions} object as received (also {@code spaceId} and any other field).
         *
         * @return the JSON
         */
        public JsonObject json() {
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extensions && ((Extensions) o).json.equals(json);
        }

        @Override
        public int hashCode() {
            return json.hashCode();
        }

        @Override
        public String toString() {
            return "Extensions" + json;
        }
    }

    /**
     * The event's {@code data}: the reload's outcome and figures. Immutable.
     */
    public static final class ReloadData {

        private final JsonObject json;
        private final String status;
        private final Optional<String> name;
        private final Optional<String> reloadId;
        private final Optional<Duration> duration;
        private final Optional<Boolean> endedWithMemoryConstraint;
        private final JsonArray errors;
        private final JsonArray warnings;
        private final Optional<Boolean> isDirectQueryMode;
        private final Optional<Boolean> isPartialReload;
        private final Optional<Boolean> isSessionApp;
        private final Optional<Boolean> isSkipStore;
        private final OptionalLong peakMemoryBytes;
        private final OptionalLong rowLimit;
        private final OptionalLong sizeMemory;
        private final Optional<Object> statements;
        private final Optional<Object> usage;

        private ReloadData(JsonObject json, List<String> problems) {
            this.json = json;
            this.status = requiredString(json, "data", "status");
            Fields f = new Fields("data.", json, problems);
            this.name = f.string("name");
            this.reloadId = f.string("reloadId");
            OptionalLong ms = f.integer("duration");
            this.duration = ms.isPresent() ? Optional.of(Duration.ofMillis(ms.getAsLong())) : Optional.empty();
            this.endedWithMemoryConstraint = f.bool("endedWithMemoryConstraint");
            this.errors = f.array("errors");
            this.warnings = f.array("warnings");
            this.isDirectQueryMode = f.bool("isDirectQueryMode");
            this.isPartialReload = f.bool("isPartialReload");
            this.isSessionApp = f.bool("isSessionApp");
            this.isSkipStore = f.bool("isSkipStore");
            this.peakMemoryBytes = f.integer("peakMemoryBytes");
            this.rowLimit = f.integer("rowLimit");
            Optional<JsonObject> size = f.object("size");
            this.sizeMemory = size.isPresent() ? new Fields("data.size.", size.get(), problems).integer("memory")
                    : OptionalLong.empty();
            this.statements = Optional.ofNullable(json.get("statements"));
            this.usage = Optional.ofNullable(json.get("usage"));
        }

        /**
         * {@code status}: {@value QlikCloudAppReloadFinished#STATUS_ERROR} for a failed reload,
         * {@value QlikCloudAppReloadFinished#STATUS_OK} for a successful one (other texts are passed on as
         * they are).
         *
         * @return the status
         */
        public String status() {
            return status;
        }

        /**
         * {@code name}: the app's name.
         *
         * @return the app name, if present and a string
         */
        public Optional<String> name() {
            return name;
        }

        /**
         * {@code reloadId}: the reload's ID (for Qlik's reload and script-log APIs).
         *
         * @return the reload ID, if present and a string
         */
        public Optional<String> reloadId() {
            return reloadId;
        }

        /**
         * {@code duration}: how long the reload ran (Qlik sends milliseconds).
         *
         * @return the duration, if present and a whole number
         */
        public Optional<Duration> duration() {
            return duration;
        }

        /**
         * {@code endedWithMemoryConstraint}: whether the reload ran out of memory.
         *
         * @return the flag, if present and a boolean
         */
        public Optional<Boolean> endedWithMemoryConstraint() {
            return endedWithMemoryConstraint;
        }

        /**
         * {@code errors}: the reload's errors as Qlik sends them (at most 5).
         *
         * @return the errors; empty when absent, {@code null} or not an array
         */
        public JsonArray errors() {
            return errors;
        }

        /**
         * {@code warnings}: the reload's warnings as Qlik sends them (at most 5).
         *
         * @return the warnings; empty when absent, {@code null} or not an array
         */
        public JsonArray warnings() {
            return warnings;
        }

        /**
         * {@code isDirectQueryMode}: whether the app is a Direct Query app.
         *
         * @return the flag, if present and a boolean
         */
        public Optional<Boolean> isDirectQueryMode() {
            return isDirectQueryMode;
        }

        /**
         * {@code isPartialReload}: whether this was a partial reload.
         *
         * @return the flag, if present and a boolean
         */
        public Optional<Boolean> isPartialReload() {
            return isPartialReload;
        }

        /**
         * {@code isSessionApp}: whether the app is a session app.
         *
         * @return the flag, if present and a boolean
         */
        public Optional<Boolean> isSessionApp() {
            return isSessionApp;
        }

        /**
         * {@code isSkipStore}: whether store statements were skipped.
         *
         * @return the flag, if present and a boolean
         */
        public Optional<Boolean> isSkipStore() {
            return isSkipStore;
        }

        /**
         * {@code peakMemoryBytes}: the most memory the reload used.
         *
         * @return bytes, if present and a whole number
         */
        public OptionalLong peakMemoryBytes() {
            return peakMemoryBytes;
        }

        /**
         * {@code rowLimit}: the most rows loaded from a source, {@code -1} for no limit.
         *
         * @return the limit, if present and a whole number
         */
        public OptionalLong rowLimit() {
            return rowLimit;
        }

        /**
         * {@code size.memory}: the data model's size in memory.
         *
         * @return bytes, if present and a whole number
         */
        public OptionalLong sizeMemory() {
            return sizeMemory;
        }

        /**
         * {@code statements}, as the JSON value received: Qlik documents an array, empty today (the
         * statements are available from Qlik's reload metadata API).
         *
         * @return the value ({@link JsonArray}, {@link JsonObject}, String, Number or Boolean); empty when
         *     absent or {@code null}
         */
        public Optional<Object> statements() {
            return statements;
        }

        /**
         * {@code usage}, as the JSON value received: Qlik documents a text such as {@code ANALYTICS}.
         *
         * @return the value (String, {@link JsonObject}, {@link JsonArray}, Number or Boolean); empty when
         *     absent or {@code null}
         */
        public Optional<Object> usage() {
            return usage;
        }

        /**
         * The {@code data} object as received (also {@code endTime} and any other field).
         *
         * @return the JSON
         */
        public JsonObject json() {
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReloadData && ((ReloadData) o).json.equals(json);
        }

        @Override
        public int hashCode() {
            return json.hashCode();
        }

        @Override
        public String toString() {
            return "ReloadData{status=" + status + ", name=" + name.orElse("?") + ", reloadId="
                    + reloadId.orElse("?") + '}';
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading fields
    // ------------------------------------------------------------------------------------------

    private static JsonObject requiredObject(JsonObject json, String key) {
        Object v = json.get(key);
        if (v instanceof JsonObject) {
            return (JsonObject) v;
        }
        throw new IllegalArgumentException(key + ": " + (json.containsKey(key) ? "expected an object, found "
                + describe(v) : "missing; expected an object"));
    }

    private static String requiredString(JsonObject json, String parent, String key) {
        Object v = json.get(key);
        if (v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(parent + "." + key + ": " + (json.containsKey(key)
                ? "expected a string, found " + describe(v) : "missing; expected a string"));
    }

    /** Reads optional fields of one object, recording type problems. */
    private static final class Fields {
        private final String prefix;
        private final JsonObject json;
        private final List<String> problems;

        Fields(String prefix, JsonObject json, List<String> problems) {
            this.prefix = prefix;
            this.json = json;
            this.problems = problems;
        }

        private void problem(String key, String expected, Object found) {
            problems.add(prefix + key + ": expected " + expected + ", found " + describe(found) + "; ignored");
        }

        Optional<String> string(String key) {
            Object v = json.get(key);
            if (v == null || v instanceof String) {
                return Optional.ofNullable((String) v);
            }
            problem(key, "a string", v);
            return Optional.empty();
        }

        Optional<Boolean> bool(String key) {
            Object v = json.get(key);
            if (v == null || v instanceof Boolean) {
                return Optional.ofNullable((Boolean) v);
            }
            problem(key, "true or false", v);
            return Optional.empty();
        }

        OptionalLong integer(String key) {
            Object v = json.get(key);
            if (v == null) {
                return OptionalLong.empty();
            }
            if (v instanceof Integer || v instanceof Long) {
                return OptionalLong.of(((Number) v).longValue());
            }
            if (v instanceof Double) {
                double d = (Double) v;
                if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                    return OptionalLong.of((long) d);
                }
            }
            problem(key, "a whole number", v);
            return OptionalLong.empty();
        }

        JsonArray array(String key) {
            Object v = json.get(key);
            if (v == null) {
                return EMPTY_ARRAY;
            }
            if (v instanceof JsonArray) {
                return (JsonArray) v;
            }
            problem(key, "an array", v);
            return EMPTY_ARRAY;
        }

        Optional<JsonObject> object(String key) {
            Object v = json.get(key);
            if (v == null || v instanceof JsonObject) {
                return Optional.ofNullable((JsonObject) v);
            }
            problem(key, "an object", v);
            return Optional.empty();
        }
    }

    /** A short, safe description of a JSON value for a message: never more than a short excerpt. */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            String s = (String) v;
            StringBuilder sb = new StringBuilder("the string \"");
            int n = Math.min(s.length(), EXCERPT_CHARS);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
            if (s.length() > n) {
                sb.append(" (").append(s.length()).append(" characters)");
            }
            return sb.toString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        if (v instanceof JsonObject) {
            return "an object";
        }
        return "an array";
    }
}
