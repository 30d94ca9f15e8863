package io.butlermqtt.internal.cloud;

import io.butlermqtt.ClientState;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QlikCloudEventListener;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.QlikCloudStats;
import io.butlermqtt.internal.client.ClientEngine;
import io.butlermqtt.internal.client.ClientIds;
import io.butlermqtt.internal.client.ConnectionSpec;
import io.butlermqtt.internal.client.EngineConfig;
import io.butlermqtt.internal.client.HiveMqTransport;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import io.butlermqtt.internal.tls.TlsSetupException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a running Qlik Cloud event client from {@link QlikCloudSettings}: TLS, the connection, Butler's
 * status message, the subscription (shared when a group is set), the {@link CloudEventDispatcher} and the
 * listener pool, on the main client's {@link ClientEngine} through an {@link EngineConfig} (reconnect with
 * backoff, re-subscribe, take-over detection, ordered close). {@code QlikCloudEventClient} holds the result and delegates.
 *
 * <p>Internal: may change in any release.
 */
public final class CloudClientAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(CloudClientAssembly.class);
    private static final AtomicInteger POOL_SEQ = new AtomicInteger();

    /** How long {@code close()} waits for listener calls in progress to finish and acknowledge. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ClientEngine engine;
    private final CloudEventDispatcher dispatcher;
    private final ExecutorService ownedPool;

    private CloudClientAssembly(ClientEngine engine, CloudEventDispatcher dispatcher, ExecutorService ownedPool) {
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.ownedPool = ownedPool;
    }

    /**
     * Butler's status message text: {@code Connected to MQTT broker "mqtts://<host>:<port>" with client ID <id>}
     * ({@code mqtt://} when TLS is switched off, which Butler cannot do).
     *
     * @param tls whether TLS is used
     * @param host the broker host
     * @param port the broker port
     * @param clientId the client ID
     * @return the text
     */
    public static String statusText(boolean tls, String host, int port, String clientId) {
        return "Connected to MQTT broker \"" + (tls ? "mqtts://" : "mqtt://") + host + ':' + port
                + "\" with client ID " + clientId;
    }

    /**
     * The topic filter subscribed to: {@code subscriptionRootTopic}, or {@code $share/<group>/<filter>}.
     *
     * @param settings the settings
     * @return the filter
     */
    public static String subscriptionFilter(QlikCloudSettings settings) {
        return settings.sharedSubscriptionGroup().map(g -> "$share/" + g + "/" + settings.subscriptionRootTopic())
                .orElse(settings.subscriptionRootTopic());
    }

    /**
     * Checks the TLS files, assembles the client and starts connecting in the background.
     *
     * @param settings enabled settings
     * @param listener the listener
     * @param executor runs listener calls, or null for a pool of {@code listenerThreads} daemon threads
     *     owned by the client
     * @param listenerThreads size of the owned pool
     * @return the running client
     * @throws InvalidSettingsException when a TLS file cannot be used
     */
    public static CloudClientAssembly start(QlikCloudSettings settings, QlikCloudEventListener listener,
            Executor executor, int listenerThreads) {
        Optional<Object> tls = Optional.empty();
        MqttSettings.Tls t = settings.tls();
        if (t.enabled()) {
            try {
                tls = Optional.of(TlsConfigFactory.create(new TlsConfigFactory.Source("tls.clientCertFile",
                        "tls.clientKeyFile", t.caFile(), t.clientCertFile(), t.clientKeyFile(), t.clientKeyPassword(),
                        t.hostnameVerification())));
            } catch (TlsSetupException e) {
                throw new InvalidSettingsException(List.of(new InvalidSettingsException.Problem(e.setting(),
                        "file " + e.file() + ": " + e.reason())), e);
            }
        }
        MqttSettings.Connection c = settings.connection();
        String id = c.clientId().orElseGet(ClientIds::generate);
        if (c.persistentSession() && c.clientId().isEmpty()) {
            LOG.warn("Qlik Cloud events: connection.persistentSession is on but connection.clientId is not set: the "
                    + "generated client ID {} changes when the application restarts, so the broker's session (and the "
                    + "events it holds) is not resumed. Set a fixed, unique connection.clientId.", id);
        }
        ConnectionSpec spec = new ConnectionSpec(settings.brokerHost(), settings.brokerPort(), id, c.mqttVersion(),
                c.keepAlive(), c.connectTimeout(), c.persistentSession(), c.sessionExpiry(),
                settings.credentials().map(MqttSettings.Credentials::username),
                settings.credentials().map(cr -> cr.password().getBytes(StandardCharsets.UTF_8)),
                Optional.empty(), tls);
        MqttMessage status = MqttMessage.of(QlikCloudSettings.STATUS_TOPIC,
                statusText(t.enabled(), settings.brokerHost(), settings.brokerPort(), id), 0, false);
        if (!t.enabled()) {
            LOG.warn("Qlik Cloud events: TLS is off (qlikCloud.tls.enable: false) for broker {}:{}; Butler always "
                    + "connects with mqtts://{}", settings.brokerHost(), settings.brokerPort(),
                    settings.credentials().isPresent() ? ", and the user name and password now travel as plain text" : "");
        }
        if (!settings.alertsEnabled()) {
            LOG.info("Qlik Cloud events: Butler.qlikSenseCloud.enable is off, so failed reloads are logged but not "
                    + "handed to the listener (as Butler sends no alert)");
        }

        ExecutorService ownedPool = executor == null ? pool(listenerThreads) : null;
        Executor calls = executor == null ? ownedPool : executor;
        ScheduledExecutorService scheduler = ClientEngine.newScheduler(id);
        CloudEventDispatcher dispatcher = new CloudEventDispatcher(settings, listener, calls, scheduler,
                Clock.systemUTC(), System::nanoTime, (task, delay) -> scheduler.schedule(task, delay, TimeUnit.NANOSECONDS));
        // This client publishes only the status message, on connect and not through the outbox, so the outbox
        // holds one message; its closeTimeout is how long close() waits for listener calls in progress.
        EngineConfig config = new EngineConfig(spec, settings.reconnect(),
                new MqttSettings.Outbox(1, CLOSE_TIMEOUT), List.of(status), Optional.empty(),
                Optional.of(new EngineConfig.Inbound(subscriptionFilter(settings), dispatcher)),
                EngineConfig.DEFAULT_MAX_LOSSES_PER_MESSAGE);
        ClientEngine engine = new ClientEngine(config, scheduler, events -> new HiveMqTransport(spec, events));
        CloudClientAssembly client = new CloudClientAssembly(engine, dispatcher, ownedPool);
        LOG.info("Qlik Cloud events: subscribing to {} on {}:{}; delivering {} reloads of tenant {} from topics "
                + "starting with {}", subscriptionFilter(settings), settings.brokerHost(), settings.brokerPort(),
                settings.deliverSuccessfulReloads() ? "failed and successful" : "failed", settings.tenantId(),
                settings.appReloadTopic());
        engine.start();
        return client;
    }

    private static ExecutorService pool(int threads) {
        int pool = POOL_SEQ.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread th = new Thread(r, "butler-mqtt-qlik-cloud-" + pool + "-" + n.incrementAndGet());
                    th.setDaemon(true);
                    return th;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** @return the client ID in use */
    public String clientId() {
        return engine.clientId();
    }

    /** @return the connection state */
    public ClientState state() {
        return engine.state();
    }

    /** @return a snapshot of the counters */
    public QlikCloudStats stats() {
        long[] d = dispatcher.counters();
        ClientEngine.Stats s = engine.stats();
        return new QlikCloudStats(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
                s.reconnects(), s.sessionTakenOver());
    }

    /** Closes in order (see {@link ClientEngine#close()}) and stops the threads; idempotent. */
    public void close() {
        try {
            engine.close();
        } finally {
            if (ownedPool != null) {
                ownedPool.shutdown();
            }
        }
    }
}
