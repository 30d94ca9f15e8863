package io.butlermqtt;

import io.butlermqtt.internal.qrs.QrsEngine;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Qlik Repository Service (QRS) that does what Butler does with it: reads the task's and
 * the app's tags, custom properties and records for the full payloads of failed and aborted reloads
 * ({@link #lookupReloadTask(UUID, String)}), and starts tasks ({@link #startTask(UUID)}; for MQTT,
 * {@link QrsTaskStarter}).
 *
 * <h2>Lifecycle</h2>
 * Create one client when the application starts, share it (it is thread-safe), close it when the
 * application stops:
 * <pre>{@code
 * try (QrsClient qrs = QrsClient.create(config.qrs().orElseThrow());
 *      ButlerMqttClient mqtt = ButlerMqttClient.start(config.mqtt(), QrsTaskStarter.of(qrs))) {
 *     ...
 * }
 * }</pre>
 * {@link #create(QrsSettings)} reads and checks the certificate files (all of them, every problem at once)
 * and connects to nothing: connections are made on the first request and kept open for the next.
 *
 * <h2>Requests</h2>
 * As Butler makes them: HTTPS to {@code https://<host>:<port>/qrs/...} with the client certificate; the
 * query parameter {@code xrfkey} equal to the header {@code X-Qlik-Xrfkey} (16 letters or digits from
 * {@link java.security.SecureRandom}, new for every request); {@code Content-Type: application/json}; the
 * configured headers ({@code X-Qlik-User}). The server's certificate is checked against
 * {@code cert.clientCertCA} and its host name, unless {@code rejectUnauthorized} is off (WARN at create).
 *
 * <h2>Failure policy</h2>
 * A reload-task lookup never fails: an unknown task or app, or a task that is not a reload, completes with
 * a status for which {@link ReloadTaskDetails#publishable()} is false (Butler publishes nothing then);
 * a QRS that is unreachable, slow, answers 5xx or garbage is retried with backoff until
 * {@code retryBudget} (default 30 s) has passed, then the lookup completes with
 * {@link ReloadTaskDetails.Status#QRS_UNAVAILABLE} and what is known, to be published with empty
 * {@code qs_*} parts (Butler loses that alert). TLS failures, 4xx answers and answers over
 * {@code maxResponseBytes} or {@code maxJsonDepth} are not retried. Task and app records are cached
 * ({@code cacheSize}, {@code cacheTtl}), and lookups of the same task running at the same time share one set
 * of requests.
 *
 * <h2>Threads</h2>
 * Futures complete on the client's daemon threads ({@code butler-mqtt-qrs-*}), or at once on the caller's
 * thread when the answer is cached; keep dependent actions short or use the {@code ...Async} methods. {@link #close()} stops them; the JVM can exit without it.
 */
public final class QrsClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QrsClient.class);

    private final QrsSettings settings;
    private final QrsEngine engine;

    private QrsClient(QrsSettings settings, QrsEngine engine) {
        this.settings = settings;
        this.engine = engine;
    }

    /**
     * Reads the certificate files and creates the client; connects to nothing yet. Logs a WARN when
     * {@code rejectUnauthorized} or hostname verification is off, or a certificate in use is not valid now.
     *
     * @param settings the settings
     * @return the client
     * @throws NullPointerException if {@code settings} is null
     * @throws InvalidSettingsException listing every certificate file that is missing, unreadable, not PEM,
     *     an unsupported or undecryptable key, or a key that does not belong to its certificate; each problem
     *     names the setting ({@code cert.clientCert}, {@code cert.clientCertKey}, {@code cert.clientCertCA}),
     *     the file and the reason
     */
    public static QrsClient create(QrsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        TlsConfigFactory.Material material = TlsConfigFactory.load(settings.tlsSource(), "QRS");
        if (!settings.rejectUnauthorized()) {
            LOG.warn("configQRS.rejectUnauthorized is false (as in Butler's template): the QRS server's certificate"
                    + " is not checked at all, neither against cert.clientCertCA nor its host name, so anyone who can"
                    + " intercept the connection to {}:{} can pose as QRS, receive the requests and answer with false"
                    + " task records and task-start results. Set it to true, with cert.clientCertCA naming Sense's"
                    + " root.pem.", settings.host(), settings.port());
        } else if (!settings.hostnameVerification()) {
            LOG.warn("qrs.hostnameVerification is false: the QRS server's certificate is checked against {} but not"
                    + " against the host name {}, so a server with any certificate from that CA can pose as QRS."
                    + " Dial the name the certificate was issued for and switch it on outside tests.",
                    settings.caFile().map(p -> "cert.clientCertCA (" + p + ")").orElse("the JVM's trust store"),
                    settings.host());
        }
        QrsEngine engine = QrsEngine.open(settings, material);
        QrsSettings.TaskStartAllowList allow = settings.taskStartAllowList();
        LOG.info("QRS client for {} as {}: server certificate {}, retry budget {} s, cache {} records for {} s,"
                + " task-start allow-list {}", engine.base(), settings.headers().stream()
                        .filter(h -> h.name().equalsIgnoreCase(QrsSettings.X_QLIK_USER)).map(QrsSettings.Header::value)
                        .findFirst().orElse("?"),
                !settings.rejectUnauthorized() ? "NOT CHECKED" : "checked against "
                        + settings.caFile().map(Object::toString).orElse("the JVM's trust store")
                        + (settings.hostnameVerification() ? " and the host name" : " (host name NOT checked)"),
                settings.retryBudget().toMillis() / 1000.0, settings.cacheSize(), settings.cacheTtl().toMillis() / 1000.0,
                !allow.enabled() ? "off (any task can be started)" : allow.taskIds().size() + " task IDs, "
                        + allow.tags().size() + " tags, " + allow.customProperties().size() + " custom property values");
        if (allow.enabled() && allow.taskIds().isEmpty() && allow.tags().isEmpty()
                && allow.customProperties().isEmpty()) {
            LOG.warn("startTaskFilter is enabled with empty lists: no task can be started");
        }
        return new QrsClient(settings, engine);
    }

    /**
     * Looks up a failed or aborted reload task as Butler does: {@code GET /qrs/task?filter=id eq <taskId>}
     * (does the task exist), {@code GET /qrs/task/full?filter=id eq <taskId>} (its record; {@code taskType}
     * 0 is a reload task), {@code GET /qrs/app/full?filter=id eq <appId>} (the app's record), each answer
     * cached. Never completes exceptionally; see the class description for the failure policy.
     *
     * @param taskId the task, from the scheduler's datagram
     * @param appId the app ID from the datagram, as text (an empty or malformed one gives
     *     {@link ReloadTaskDetails.Status#UNKNOWN_APP} without a request, as in Butler nothing is published)
     * @return the details, within about {@code retryBudget} plus one request
     * @throws NullPointerException if an argument is null
     */
    public CompletableFuture<ReloadTaskDetails> lookupReloadTask(UUID taskId, String appId) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(appId, "appId");
        return engine.lookupReloadTask(taskId, appId).thenApply(o -> new ReloadTaskDetails(taskId, appId,
                o.status(), o.detail(), o.task(), o.taskAmbiguous(), o.app()));
    }

    /**
     * Starts a task: {@code POST /qrs/task/<taskId>/start} with body <code>{}</code>, once (not retried:
     * QRS may have started the task although its answer was lost), after the allow-list
     * ({@code startTaskFilter}) allowed it. 204 is {@link TaskStartResult.Outcome#STARTED} (INFO); 404
     * {@link TaskStartResult.Outcome#NO_SUCH_TASK} (WARN); any other answer, no answer within the timeouts,
     * or no connection {@link TaskStartResult.Outcome#FAILED} (ERROR with the status and the start of the
     * body). Never completes exceptionally.
     *
     * @param taskId the task
     * @return the outcome, within the connect and request timeouts (plus the retry budget when the
     *     allow-list needs the task's record)
     * @throws NullPointerException if {@code taskId} is null
     */
    public CompletableFuture<TaskStartResult> startTask(UUID taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return engine.startTask(taskId);
    }

    /**
     * A snapshot of the counters: cache hits and misses, requests, errors and retries, lookups by status,
     * task starts by outcome.
     *
     * @return the counters now
     */
    public QrsStats stats() {
        return engine.stats();
    }

    /**
     * The settings this client was created with.
     *
     * @return the settings
     */
    public QrsSettings settings() {
        return settings;
    }

    /**
     * Stops the client: lookups and starts under way complete at once ({@code QRS_UNAVAILABLE} /
     * {@code FAILED}, "the QRS client is closed"), and so do later calls; the client's threads end.
     * Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** Shows the QRS address. */
    @Override
    public String toString() {
        return "QrsClient{" + engine.base() + '}';
    }
}
