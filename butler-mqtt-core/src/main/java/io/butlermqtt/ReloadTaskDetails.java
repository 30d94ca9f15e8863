package io.butlermqtt;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.internal.qrs.QrsRecords;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the Qlik Repository Service says about a failed or aborted reload, as Butler reads it: the
 * {@code qs_*} parts of Butler's full payloads (the task's and the app's tags, custom properties and
 * records), and whether Butler would publish the event at all. Made by
 * {@link QrsClient#lookupReloadTask(UUID, String)}; add it to an event with {@code applyTo}:
 *
 * <pre>{@code
 * qrs.lookupReloadTask(taskId, appId).thenApply(d -> d.publishable()
 *         ? Optional.of(d.applyTo(ReloadTaskFailed.builder().hostName(host).taskName(name)...).build())
 *         : Optional.empty());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ReloadTaskDetails {

    /** What the lookup found. */
    public enum Status {
        /** The task is a reload task and the task and the app were found: every {@code qs_*} part is known. */
        FOUND,
        /** QRS does not know the task ({@code GET /qrs/task?filter=id eq <taskId>} gave no task). As Butler, nothing is published. */
        UNKNOWN_TASK,
        /**
         * QRS does not know the app (empty or malformed app ID, or {@code GET /qrs/app/full?filter=id eq <appId>}
         * gave no app). As Butler, nothing is published.
         */
        UNKNOWN_APP,
        /** The task is not a reload task ({@code taskType} is not 0: external program, user sync, ...). As Butler, nothing is published on MQTT. */
        NOT_A_RELOAD_TASK,
        /**
         * QRS gave no usable answer within the retry budget (unreachable, slow, 5xx, not JSON), or refused
         * (TLS, 4xx, a response over the size or depth limit). Unlike Butler, which loses the alert, the
         * event is published with what is known: the parts that were found, empty ({@code []},
         * <code>{}</code>) {@code qs_*} parts for the rest.
         */
        QRS_UNAVAILABLE
    }

    private static final Object EMPTY_ARRAY = Json.copyOf(List.of(), "qs_taskMetadata");

    private final UUID taskId;
    private final String appId;
    private final Status status;
    private final String detail;
    private final Optional<JsonObject> taskRecord;
    private final boolean taskRecordAmbiguous;
    private final Optional<JsonObject> appRecord;
    private final List<String> taskTags;
    private final List<CustomProperty> taskCustomProperties;
    private final List<String> appTags;
    private final List<CustomProperty> appCustomProperties;

    /**
     * Creates the details; tags and custom properties are read from the records as Butler reads them.
     *
     * @param taskRecordAmbiguous the task existed but {@code /qrs/task/full} did not give exactly one record:
     *     Butler then publishes {@code []} as {@code qs_taskMetadata}
     */
    ReloadTaskDetails(UUID taskId, String appId, Status status, String detail, Optional<JsonObject> taskRecord,
            boolean taskRecordAmbiguous, Optional<JsonObject> appRecord) {
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.status = Objects.requireNonNull(status, "status");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.taskRecord = Objects.requireNonNull(taskRecord, "taskRecord");
        this.taskRecordAmbiguous = taskRecordAmbiguous;
        this.appRecord = Objects.requireNonNull(appRecord, "appRecord");
        this.taskTags = taskRecord.map(QrsRecords::tags).orElse(List.of());
        this.taskCustomProperties = taskRecord.map(QrsRecords::customProperties).orElse(List.of());
        this.appTags = appRecord.map(QrsRecords::tags).orElse(List.of());
        this.appCustomProperties = appRecord.map(QrsRecords::customProperties).orElse(List.of());
    }

    /**
     * The task that was looked up.
     *
     * @return the task ID
     */
    public UUID taskId() {
        return taskId;
    }

    /**
     * The app ID that was looked up, as given (may be empty).
     *
     * @return the app ID
     */
    public String appId() {
        return appId;
    }

    /**
     * What the lookup found.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * One line saying what was found or what went wrong, e.g. {@code task and app found} or
     * {@code QRS unavailable: GET /qrs/app/full: connection refused (3 attempts in 30.0 s)}.
     *
     * @return the description
     */
    public String detail() {
        return detail;
    }

    /**
     * Whether Butler's event should be published: true for {@link Status#FOUND} and
     * {@link Status#QRS_UNAVAILABLE}, false for the three cases in which Butler publishes nothing
     * ({@link Status#UNKNOWN_TASK}, {@link Status#UNKNOWN_APP}, {@link Status#NOT_A_RELOAD_TASK}).
     *
     * @return whether to publish
     */
    public boolean publishable() {
        return status == Status.FOUND || status == Status.QRS_UNAVAILABLE;
    }

    /**
     * The task's tag names ({@code qs_taskTags}): the {@code name} of each of the record's {@code tags}.
     *
     * @return an immutable list, empty when unknown
     */
    public List<String> taskTags() {
        return taskTags;
    }

    /**
     * The task's custom properties ({@code qs_taskCustomProperties}): {@code definition.name} and
     * {@code value} of each of the record's {@code customProperties}.
     *
     * @return an immutable list, empty when unknown
     */
    public List<CustomProperty> taskCustomProperties() {
        return taskCustomProperties;
    }

    /**
     * The app's tag names ({@code qs_appTags}).
     *
     * @return an immutable list, empty when unknown
     */
    public List<String> appTags() {
        return appTags;
    }

    /**
     * The app's custom properties ({@code qs_appCustomProperties}).
     *
     * @return an immutable list, empty when unknown
     */
    public List<CustomProperty> appCustomProperties() {
        return appCustomProperties;
    }

    /**
     * The task's record from {@code GET /qrs/task/full?filter=id eq <taskId>}, verbatim
     * ({@code qs_taskMetadata}).
     *
     * @return the record, or empty when unknown
     */
    public Optional<JsonObject> taskRecord() {
        return taskRecord;
    }

    /**
     * The app's record from {@code GET /qrs/app/full?filter=id eq <appId>}, verbatim ({@code qs_appMetadata}).
     *
     * @return the record, or empty when unknown
     */
    public Optional<JsonObject> appRecord() {
        return appRecord;
    }

    /**
     * Sets the {@code qs_*} parts of a failed-reload event: app and task tags and custom properties, the
     * task's record as {@code taskMetadata} and the app's as {@code appMetadata} (carried, but not in
     * Butler's failure payload). Unknown parts are set empty ({@code []}, <code>{}</code>); when the task
     * existed but {@code /qrs/task/full} gave not exactly one record, {@code taskMetadata} is {@code []},
     * as Butler sends it. The other fields of the builder are left as they are.
     *
     * @param builder the event builder, e.g. with the datagram's fields
     * @return the same builder
     * @throws NullPointerException if {@code builder} is null
     */
    public ReloadTaskFailed.Builder applyTo(ReloadTaskFailed.Builder builder) {
        return Objects.requireNonNull(builder, "builder")
                .appTags(appTags).appCustomProperties(appCustomProperties)
                .taskTags(taskTags).taskCustomProperties(taskCustomProperties)
                .appMetadata(appMetadata()).taskMetadata(taskMetadata());
    }

    /**
     * Sets the {@code qs_*} parts of an aborted-reload event, as {@link #applyTo(ReloadTaskFailed.Builder)}
     * does; here {@code qs_appMetadata} is part of Butler's payload.
     *
     * @param builder the event builder, e.g. with the datagram's fields
     * @return the same builder
     * @throws NullPointerException if {@code builder} is null
     */
    public ReloadTaskAborted.Builder applyTo(ReloadTaskAborted.Builder builder) {
        return Objects.requireNonNull(builder, "builder")
                .appTags(appTags).appCustomProperties(appCustomProperties)
                .taskTags(taskTags).taskCustomProperties(taskCustomProperties)
                .appMetadata(appMetadata()).taskMetadata(taskMetadata());
    }

    private Object taskMetadata() {
        if (taskRecord.isPresent()) {
            return taskRecord.get();
        }
        return taskRecordAmbiguous ? EMPTY_ARRAY : JsonObject.empty();
    }

    private Object appMetadata() {
        return appRecord.isPresent() ? appRecord.get() : JsonObject.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReloadTaskDetails)) {
            return false;
        }
        ReloadTaskDetails d = (ReloadTaskDetails) o;
        return taskId.equals(d.taskId) && appId.equals(d.appId) && status == d.status && detail.equals(d.detail)
                && taskRecord.equals(d.taskRecord) && taskRecordAmbiguous == d.taskRecordAmbiguous
                && appRecord.equals(d.appRecord);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskId, appId, status, detail, taskRecord, taskRecordAmbiguous, appRecord);
    }

    /** Shows the IDs, the status, the tags and custom property names; the records only by size. */
    @Override
    public String toString() {
        return "ReloadTaskDetails{taskId=" + taskId + ", appId=" + appId + ", status=" + status
                + ", detail=" + detail + ", taskTags=" + taskTags + ", appTags=" + appTags
                + ", taskCustomProperties=" + taskCustomProperties.size()
                + ", appCustomProperties=" + appCustomProperties.size()
                + ", taskRecord=" + taskRecord.map(r -> r.size() + " keys").orElse(taskRecordAmbiguous ? "[]" : "none")
                + ", appRecord=" + appRecord.map(r -> r.size() + " keys").orElse("none") + '}';
    }
}
