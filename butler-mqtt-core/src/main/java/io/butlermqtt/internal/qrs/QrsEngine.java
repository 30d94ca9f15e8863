package io.butlermqtt.internal.qrs;

import io.butlermqtt.QrsSettings;
import io.butlermqtt.QrsStats;
import io.butlermqtt.ReloadTaskDetails.Status;
import io.butlermqtt.TaskStartResult;
import io.butlermqtt.TaskStartResult.Outcome;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Butler's QRS logic behind {@link io.butlermqtt.QrsClient}: the three lookups of a failed or aborted
 * reload (task exists, task record, app record) with Butler's reading of their answers, retries within
 * the budget, the record cache, and task starts with the allow-list. Every future completes normally
 * (lookups with {@link Status#QRS_UNAVAILABLE}, starts with {@link Outcome#FAILED} when QRS gives no
 * usable answer), also when the client is closed while they run.
 */
public final class QrsEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QrsEngine.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final AtomicInteger SCHEDULER_SEQ = new AtomicInteger();

    /**
     * What the first two lookups found about a task.
     *
     * @param found whether {@code /qrs/task?filter=id eq <id>} gave a task
     * @param record the record from {@code /qrs/task/full}; null when that gave not exactly one
     */
    public record TaskLookup(boolean found, JsonObject record) {
    }

    /**
     * What the lookup of an app found.
     *
     * @param record the record, or empty when QRS does not know the app
     */
    public record AppLookup(Optional<JsonObject> record) {
    }

    /**
     * The result of a reload-task lookup, turned into {@code ReloadTaskDetails} by the public client.
     *
     * @param status what was found
     * @param detail one line for people
     * @param task the task's record when known
     * @param taskAmbiguous the task exists but {@code /qrs/task/full} gave not exactly one record
     * @param app the app's record when known
     */
    public record LookupOutcome(Status status, String detail, Optional<JsonObject> task, boolean taskAmbiguous,
            Optional<JsonObject> app) {
    }

    private final QrsSettings settings;
    private final QrsTransport transport;
    private final ScheduledThreadPoolExecutor scheduler;
    private final LongSupplier nanoClock;
    private final RecordCache<UUID, TaskLookup> tasks;
    private final RecordCache<UUID, AppLookup> apps;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<Status, AtomicLong> lookups = new EnumMap<>(Status.class);
    private final Map<Outcome, AtomicLong> starts = new EnumMap<>(Outcome.class);
    private final RateLimitedLog unknownLog;
    private final RateLimitedLog notReloadLog;
    private final RateLimitedLog unavailableLog;
    private final RateLimitedLog refusedLog;
    private final RateLimitedLog startWarnLog;
    private final RateLimitedLog startErrorLog;
    private volatile boolean closed;

    /**
     * Creates the engine.
     *
     * @param settings the settings
     * @param transport the HTTP transport (closed with the engine)
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    public QrsEngine(QrsSettings settings, QrsTransport transport, LongSupplier nanoClock) {
        this.settings = settings;
        this.transport = transport;
        this.nanoClock = nanoClock;
        int seq = SCHEDULER_SEQ.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "butler-mqtt-qrs-retry-" + seq);
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.tasks = new RecordCache<>(settings.cacheSize(), settings.cacheTtl(), nanoClock);
        this.apps = new RecordCache<>(settings.cacheSize(), settings.cacheTtl(), nanoClock);
        for (Status s : Status.values()) {
            lookups.put(s, new AtomicLong());
        }
        for (Outcome o : Outcome.values()) {
            starts.put(o, new AtomicLong());
        }
        unknownLog = new RateLimitedLog(LOG, Level.WARN, LOG_INTERVAL, nanoClock);
        notReloadLog = new RateLimitedLog(LOG, Level.INFO, LOG_INTERVAL, nanoClock);
        unavailableLog = new RateLimitedLog(LOG, Level.WARN, LOG_INTERVAL, nanoClock);
        refusedLog = new RateLimitedLog(LOG, Level.ERROR, LOG_INTERVAL, nanoClock);
        startWarnLog = new RateLimitedLog(LOG, Level.WARN, LOG_INTERVAL, nanoClock);
        startErrorLog = new RateLimitedLog(LOG, Level.ERROR, LOG_INTERVAL, nanoClock);
    }

    /**
     * Builds the TLS context, the transport and the engine.
     *
     * @param settings the settings
     * @param material the client certificate and key, and the CA's trust, read from the settings' files
     * @return the engine
     * @throws IllegalStateException when the JVM cannot make a TLS context
     */
    public static QrsEngine open(QrsSettings settings, TlsConfigFactory.Material material) {
        SSLContext ssl;
        try {
            ssl = QrsTrust.sslContext(material.keys(), material.trust(), settings.rejectUnauthorized(),
                    settings.hostnameVerification());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context for the QRS client: " + e.getMessage(), e);
        }
        return new QrsEngine(settings, new QrsTransport(settings, ssl), System::nanoTime);
    }

    /**
     * The base URI of every request.
     *
     * @return e.g. {@code https://sense.example.com:4242/qrs/}
     */
    public String base() {
        return transport.base();
    }

    // ------------------------------------------------------------------------------------------
    // Reload-task lookups
    // ------------------------------------------------------------------------------------------

    /**
     * Butler's three lookups for a failed or aborted reload. Never completes exceptionally.
     *
     * @param taskId the task
     * @param appId the app ID from the datagram (may be empty or malformed)
     * @return what was found
     */
    public CompletableFuture<LookupOutcome> lookupReloadTask(UUID taskId, String appId) {
        long started = nanoClock.getAsLong();
        if (closed) {
            return CompletableFuture.completedFuture(count(new LookupOutcome(Status.QRS_UNAVAILABLE,
                    "QRS unavailable: the QRS client is closed", Optional.empty(), false, Optional.empty())));
        }
        long deadline = started + settings.retryBudget().toNanos();
        CompletableFuture<LookupOutcome> result;
        try {
            result = task(taskId, deadline).handle((t, error) -> {
                if (error != null) {
                    return CompletableFuture.completedFuture(unavailable(taskId, appId, error, Optional.empty(),
                            false));
                }
                if (!t.found()) {
                    unknownLog.log("Reload task {} is unknown to QRS (GET /qrs/task?filter=id eq {} gave no task):"
                            + " nothing published, as Butler does", taskId, taskId);
                    return CompletableFuture.completedFuture(new LookupOutcome(Status.UNKNOWN_TASK,
                            "QRS does not know the task", Optional.empty(), false, Optional.empty()));
                }
                Optional<JsonObject> task = Optional.ofNullable(t.record());
                if (!QrsRecords.isReloadTask(t.record())) {
                    notReloadLog.log("Task {} is not a reload task (taskType {}): nothing published on MQTT, as"
                            + " Butler does", taskId, QrsRecords.taskTypeName(t.record()));
                    return CompletableFuture.completedFuture(new LookupOutcome(Status.NOT_A_RELOAD_TASK,
                            "not a reload task: taskType " + QrsRecords.taskTypeName(t.record()), task,
                            t.record() == null, Optional.empty()));
                }
                if (!GUID.matcher(appId).matches()) {
                    unknownLog.log("App ID {} of reload task {} is {}: QRS cannot know it, nothing published, as"
                            + " Butler does", QrsRecords.excerpt(appId), taskId, appId.isEmpty() ? "empty"
                            : "not a GUID");
                    return CompletableFuture.completedFuture(new LookupOutcome(Status.UNKNOWN_APP,
                            "the app ID is " + (appId.isEmpty() ? "empty" : "not a GUID"), task,
                            t.record() == null, Optional.empty()));
                }
                return app(UUID.fromString(appId), deadline).handle((a, appError) -> {
                    if (appError != null) {
                        return unavailable(taskId, appId, appError, task, t.record() == null);
                    }
                    if (a.record().isEmpty()) {
                        unknownLog.log("App {} of reload task {} is unknown to QRS (GET /qrs/app/full gave no app):"
                                + " nothing published, as Butler does", appId, taskId);
                        return new LookupOutcome(Status.UNKNOWN_APP, "QRS does not know the app", task,
                                t.record() == null, Optional.empty());
                    }
                    return new LookupOutcome(Status.FOUND, "task and app found", task, t.record() == null,
                            a.record());
                });
            }).thenCompose(f -> f);
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(unavailable(taskId, appId, e, Optional.empty(), false));
        }
        return result.handle((o, e) -> count(e == null ? o
                : unavailable(taskId, appId, e, Optional.empty(), false)));
    }

    private LookupOutcome count(LookupOutcome o) {
        lookups.get(o.status()).incrementAndGet();
        return o;
    }

    private LookupOutcome unavailable(UUID taskId, String appId, Throwable error, Optional<JsonObject> task,
            boolean ambiguous) {
        QrsFailure f = asFailure(error);
        if (f.kind() != QrsFailure.Kind.CLOSED) {
            RateLimitedLog log = f.retryable() ? unavailableLog : refusedLog;
            log.log("QRS gave no usable answer for reload task {} (app {}): {}. Publishing with {} (Butler would"
                    + " publish nothing)", taskId, appId.isEmpty() ? "\"\"" : appId, f.getMessage(),
                    task.isPresent() ? "the task's qs_* parts and empty app parts" : "empty qs_* parts");
        }
        return new LookupOutcome(Status.QRS_UNAVAILABLE, "QRS unavailable: " + f.getMessage(), task, ambiguous,
                Optional.empty());
    }

    /**
     * Lookups 1 and 2, cached: does the task exist, and its record.
     *
     * @param taskId the task
     * @param deadline no retry starts after this {@link System#nanoTime()}
     * @return what was found; fails with a {@link QrsFailure}
     */
    CompletableFuture<TaskLookup> task(UUID taskId, long deadline) {
        return tasks.get(taskId, id -> {
            String filter = filter(id);
            return getArray("task?" + filter, deadline).thenCompose(exists -> {
                if (exists.isEmpty()) {
                    return CompletableFuture.completedFuture(new TaskLookup(false, null));
                }
                return getArray("task/full?" + filter, deadline).thenApply(full ->
                        new TaskLookup(true, full.size() == 1 ? (JsonObject) full.get(0) : null));
            });
        }, TaskLookup::found);
    }

    /**
     * Lookup 3, cached: the app's record.
     *
     * @param appId the app
     * @param deadline no retry starts after this {@link System#nanoTime()}
     * @return what was found; fails with a {@link QrsFailure}
     */
    CompletableFuture<AppLookup> app(UUID appId, long deadline) {
        return apps.get(appId, id -> {
            String what = "app/full?" + filter(id);
            return getArray(what, deadline).thenApply(full -> {
                if (full.size() != 1) {
                    return new AppLookup(Optional.empty());
                }
                JsonObject app = (JsonObject) full.get(0);
                // Butler: an app record without keys counts as "not found"
                return new AppLookup(app.isEmpty() ? Optional.empty() : Optional.of(app));
            });
        }, a -> a.record().isPresent());
    }

    /** Butler's filter, as axios sends it: {@code filter=id eq <id>} with each space as {@code %20}. */
    static String filter(UUID id) {
        return "filter=id%20eq%20" + id;
    }

    /** GET with retries, status 200 required, the body parsed as a JSON array of records (objects). */
    private CompletableFuture<JsonArray> getArray(String pathAndQuery, long deadline) {
        String what = "GET /qrs/" + pathAndQuery;
        return withRetry(what, deadline, () -> transport.send("GET", pathAndQuery, null).thenApply(r -> {
            checkStatus(r, what);
            JsonArray array = QrsRecords.parseArray(r.body(), settings.maxJsonDepth(), what);
            for (Object element : array) {
                if (!(element instanceof JsonObject)) {
                    throw new QrsFailure(QrsFailure.Kind.GARBAGE, 200, what + ": expected an array of records (JSON"
                            + " objects), but an element is " + (element instanceof JsonArray ? "an array"
                            : "not an object"), null);
                }
            }
            return array;
        }));
    }

    private static void checkStatus(QrsTransport.Response r, String what) {
        int s = r.status();
        if (s == 200) {
            return;
        }
        String body = QrsRecords.excerpt(new String(r.body(), StandardCharsets.UTF_8));
        if (s >= 500 || s == 408 || s == 429) {
            throw new QrsFailure(QrsFailure.Kind.SERVER_ERROR, s, what + ": HTTP " + s + "; " + body, null);
        }
        String hint = s == 401 || s == 403 ? " (check the X-Qlik-User header in configQRS.headers and that the"
                + " client certificate is Sense's)" : "";
        throw new QrsFailure(QrsFailure.Kind.REFUSED, s, what + ": HTTP " + s + hint + "; " + body, null);
    }

    private <T> CompletableFuture<T> withRetry(String what, long deadline, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(what, deadline, attempt, 1, nanoClock.getAsLong(), result);
        return result;
    }

    private <T> void run(String what, long deadline, Supplier<CompletableFuture<T>> attempt, int n, long firstAt,
            CompletableFuture<T> result) {
        if (closed) {
            result.completeExceptionally(closedFailure(what));
            return;
        }
        requests.incrementAndGet();
        CompletableFuture<T> a;
        try {
            a = attempt.get();
        } catch (RuntimeException e) {
            a = CompletableFuture.failedFuture(e);
        }
        a.whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
                return;
            }
            errors.incrementAndGet();
            QrsFailure f = asFailure(e);
            long now = nanoClock.getAsLong();
            long delay = backoffNanos(n);
            if (closed || !f.retryable() || now + delay - deadline > 0) {
                String tries = n == 1 ? "" : " (" + n + " attempts in "
                        + QrsTransport.seconds(Duration.ofNanos(now - firstAt)) + ")";
                result.completeExceptionally(tries.isEmpty() ? f
                        : new QrsFailure(f.kind(), f.status(), f.getMessage() + tries, f));
                return;
            }
            LOG.debug("{} failed ({}); retrying in {} ms", what, f.getMessage(), delay / 1_000_000);
            retries.incrementAndGet();
            try {
                scheduler.schedule(() -> run(what, deadline, attempt, n + 1, firstAt, result), delay,
                        TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) {
                result.completeExceptionally(closedFailure(what));
            }
        });
    }

    private long backoffNanos(int attempt) {
        long initial = settings.retryInitialDelay().toNanos();
        long max = settings.retryMaxDelay().toNanos();
        long d = initial;
        for (int i = 1; i < attempt && d < max; i++) {
            d = Math.min(max, d * 2);
        }
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    private static QrsFailure closedFailure(String what) {
        return new QrsFailure(QrsFailure.Kind.CLOSED, 0, what + ": the QRS client is closed", null);
    }

    private QrsFailure asFailure(Throwable e) {
        return transport.classify(e, "QRS request");
    }

    // ------------------------------------------------------------------------------------------
    // Task starts
    // ------------------------------------------------------------------------------------------

    /**
     * Starts a task: checks the allow-list (looking the task up when a tag or custom property decides),
     * then {@code POST /qrs/task/<id>/start} with body <code>{}</code>, once (never retried: QRS might have
     * started the task although the answer was lost). Never completes exceptionally.
     *
     * @param taskId the task
     * @return the outcome
     */
    public CompletableFuture<TaskStartResult> startTask(UUID taskId) {
        if (closed) {
            return CompletableFuture.completedFuture(started(new TaskStartResult(taskId, Outcome.FAILED,
                    OptionalInt.empty(), "not started: the QRS client is closed")));
        }
        QrsSettings.TaskStartAllowList allow = settings.taskStartAllowList();
        CompletableFuture<TaskStartResult> result;
        if (!allow.enabled() || allow.taskIds().contains(taskId)) {
            result = post(taskId);
        } else if (allow.tags().isEmpty() && allow.customProperties().isEmpty()) {
            result = CompletableFuture.completedFuture(notAllowed(taskId, "its ID is not in startTaskFilter"
                    + ".allowTask.taskId"));
        } else {
            long deadline = nanoClock.getAsLong() + settings.retryBudget().toNanos();
            result = task(taskId, deadline).handle((t, error) -> {
                if (error != null) {
                    return CompletableFuture.completedFuture(new TaskStartResult(taskId, Outcome.FAILED,
                            OptionalInt.empty(), "not started: the allow-list needs the task's tags and custom"
                            + " properties, but " + asFailure(error).getMessage()));
                }
                if (!t.found()) {
                    return CompletableFuture.completedFuture(new TaskStartResult(taskId, Outcome.NO_SUCH_TASK,
                            OptionalInt.empty(), "not started: QRS does not know the task"));
                }
                List<String> tags = t.record() == null ? List.of() : QrsRecords.tags(t.record());
                List<io.butlermqtt.event.CustomProperty> cps = t.record() == null ? List.of()
                        : QrsRecords.customProperties(t.record());
                if (allow.allows(taskId, tags, cps)) {
                    return post(taskId);
                }
                return CompletableFuture.completedFuture(notAllowed(taskId, "it is not listed in"
                        + " startTaskFilter.allowTask.taskId and carries none of the allowed tags or custom"
                        + " property values (tags " + tags + ")"));
            }).thenCompose(f -> f);
        }
        return result.handle((r, e) -> started(e == null ? r : new TaskStartResult(taskId, Outcome.FAILED,
                OptionalInt.empty(), "not started: " + asFailure(e).getMessage())));
    }

    private static TaskStartResult notAllowed(UUID taskId, String why) {
        return new TaskStartResult(taskId, Outcome.NOT_ALLOWED, OptionalInt.empty(), "not started: the task-start"
                + " allow-list (startTaskFilter) does not allow it: " + why);
    }

    private CompletableFuture<TaskStartResult> post(UUID taskId) {
        String path = "task/" + taskId + "/start";
        if (closed) {
            return CompletableFuture.completedFuture(new TaskStartResult(taskId, Outcome.FAILED, OptionalInt.empty(),
                    "not started: the QRS client is closed"));
        }
        requests.incrementAndGet();
        return transport.send("POST", path, "{}").handle((r, e) -> {
            if (e != null) {
                errors.incrementAndGet();
                return new TaskStartResult(taskId, Outcome.FAILED, OptionalInt.empty(),
                        "start request failed: " + asFailure(e).getMessage());
            }
            int s = r.status();
            if (s == 204) {
                return new TaskStartResult(taskId, Outcome.STARTED, OptionalInt.of(s), "started (QRS answered 204)");
            }
            errors.incrementAndGet();
            String body = QrsRecords.excerpt(new String(r.body(), StandardCharsets.UTF_8));
            if (s == 404) {
                return new TaskStartResult(taskId, Outcome.NO_SUCH_TASK, OptionalInt.of(s),
                        "not started: QRS answered 404, no such task; " + body);
            }
            return new TaskStartResult(taskId, Outcome.FAILED, OptionalInt.of(s),
                    "not started: QRS answered HTTP " + s + " to POST /qrs/" + path + "; " + body);
        });
    }

    private TaskStartResult started(TaskStartResult r) {
        starts.get(r.outcome()).incrementAndGet();
        switch (r.outcome()) {
            case STARTED -> LOG.info("Started Sense task {} through QRS", r.taskId());
            case NO_SUCH_TASK, NOT_ALLOWED -> startWarnLog.log("Sense task {}: {}", r.taskId(), r.detail());
            default -> (closed ? startWarnLog : startErrorLog).log("Sense task {}: {}", r.taskId(), r.detail());
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * A snapshot of the counters.
     *
     * @return the counters
     */
    public QrsStats stats() {
        Map<Status, Long> l = new EnumMap<>(Status.class);
        lookups.forEach((k, v) -> l.put(k, v.get()));
        Map<Outcome, Long> s = new EnumMap<>(Outcome.class);
        starts.forEach((k, v) -> s.put(k, v.get()));
        return new QrsStats(tasks.hits() + apps.hits(), tasks.misses() + apps.misses(), requests.get(),
                errors.get(), retries.get(), l, s);
    }

    /**
     * Stops: lookups and starts under way complete at once (as QRS unavailable / failed), waiting retries
     * are given up, the threads are stopped. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.failPending(new QrsFailure(QrsFailure.Kind.CLOSED, 0, "the QRS client is closed", null));
        for (Runnable waiting : scheduler.shutdownNow()) {
            waiting.run();
        }
        transport.close();
    }
}
