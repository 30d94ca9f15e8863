package io.butlermqtt;

import io.butlermqtt.internal.client.ClientEngine;
import io.butlermqtt.internal.client.ClientIds;
import io.butlermqtt.internal.client.ConnectionSpec;
import io.butlermqtt.internal.client.DisabledPublisher;
import io.butlermqtt.internal.client.HiveMqTransport;
import io.butlermqtt.internal.client.LivePublisher;
import io.butlermqtt.internal.client.TaskStartDispatcher;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import io.butlermqtt.internal.tls.TlsSetupException;
import io.butlermqtt.internal.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection that publishes Butler's messages and starts Sense tasks on command.
 *
 * <h2>Lifecycle</h2>
 * Start one client per broker when the application starts, share it (it is thread-safe), and close it
 * when the application stops:
 * <pre>{@code
 * MqttSettings settings = ButlerYamlConfig.load(Path.of("production.yaml"));
 * try (ButlerMqttClient client = ButlerMqttClient.start(settings, request -> qrs.startTask(request.taskId()))) {
 *     client.publisher().publish(ReloadTaskFailed.builder()...build());
 *     ...
 * }
 * }</pre>
 * {@code start} checks the TLS files and returns at once; the client connects in the background and
 * reconnects by itself after any outage (exponential backoff with full jitter between
 * {@code reconnect.initialDelay} and {@code reconnect.maxDelay}), logging one line per state change.
 * {@link #close()} stops accepting publishes, waits up to {@code outbox.closeTimeout} for the messages
 * still waiting, then disconnects cleanly.
 *
 * <h2>Publishing</h2>
 * {@link #publisher()} returns futures that complete when the broker has the message (QoS 1 and 2) or
 * it was written to the connection (QoS 0). A message published before the first connection or during
 * an outage waits in the bounded outbox ({@code outbox.capacity} messages, default 10,000) and goes out,
 * in order, once connected; a message that was in flight when the connection broke is sent again (so
 * QoS 1 is at-least-once, also across a broker restart). When the outbox is full, the future fails at
 * once with {@link OutboxFullException}; the caller's thread never blocks. After {@code close()},
 * publishes fail with {@link ClientClosedException}. Nothing is dropped without a failed future, and
 * every refusal is counted in {@link #stats()}.
 *
 * <p>On every connect the client publishes Butler's status message ({@code Connected to MQTT broker
 * <host>:<port> with client ID <id>} on {@value MqttSettings#BUTLER_STATUS_TOPIC}) and, when
 * {@code availability} is enabled, the retained "online" message; the retained "offline" message is the
 * Last Will and is also published by {@code close()}.
 *
 * <h2>Starting tasks</h2>
 * With a {@link TaskStartListener}, the client subscribes at QoS 1 to {@code taskStartTopic} (or to
 * {@code $share/<group>/<taskStartTopic>} when {@code taskStart.sharedSubscriptionGroup} is set, so that
 * several instances start each task once) and calls the listener for every message whose payload is a
 * task ID. The message is acknowledged after the listener returned, so with
 * {@code connection.persistentSession} a command sent while the application was down, or not yet
 * acknowledged when it crashed, arrives when it is back. See {@link TaskStartListener} for threads,
 * timeouts and errors.
 *
 * <h2>Threads</h2>
 * Publish futures complete on the MQTT client's threads: keep dependent actions short, or use the
 * {@code ...Async} methods of {@link java.util.concurrent.CompletableFuture}. The client owns a scheduler
 * thread and, unless you pass an executor, a pool for listener calls; all are daemon threads, stopped by
 * {@code close()}. Do not call {@code close()} from a listener or a future callback: it waits for the
 * outbox.
 *
 * <h2>Disabled</h2>
 * With {@code enabled(false)} (Butler's {@code enable: false}) the client connects nowhere, its
 * publishes complete at once with {@link PublishResult.Outcome#SKIPPED_DISABLED}, and
 * {@link #state()} is {@link ClientState#DISCONNECTED}; callers need no if-statements.
 */
public final class ButlerMqttClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ButlerMqttClient.class);
    private static final AtomicInteger LISTENER_POOL_SEQ = new AtomicInteger();

    /** Most listener calls the client's own pool runs at once; more wait in its queue. */
    public static final int LISTENER_THREADS = 64;

    private final ClientEngine engine;
    private final DisabledPublisher disabled;
    private final SenseEventPublisher publisher;
    private final String clientId;

    private ButlerMqttClient(ClientEngine engine, SenseEventPublisher publisher, String clientId) {
        this.engine = engine;
        this.disabled = null;
        this.publisher = publisher;
        this.clientId = clientId;
    }

    private ButlerMqttClient(DisabledPublisher disabled) {
        this.engine = null;
        this.disabled = disabled;
        this.publisher = disabled;
        this.clientId = "";
    }

    /**
     * Starts a client that publishes only (start-task commands are not subscribed to).
     *
     * @param settings the settings
     * @return the started client, connecting in the background
     * @throws NullPointerException when {@code settings} is null
     * @throws InvalidSettingsException when a TLS file named in the settings is missing, unreadable, not
     *     PEM, or a key that does not match its certificate; its problem names the setting, the file and
     *     the reason
     */
    public static ButlerMqttClient start(MqttSettings settings) {
        return startClient(settings, null, null);
    }

    /**
     * Starts a client that publishes and calls {@code listener} for start-task commands; listener calls
     * run on a pool the client owns (up to {@value #LISTENER_THREADS} at once, daemon threads named
     * {@code butler-mqtt-task-start-*}, stopped by {@link #close()}).
     *
     * @param settings the settings
     * @param listener called for every valid start-task command
     * @return the started client, connecting in the background
     * @throws NullPointerException when an argument is null
     * @throws InvalidSettingsException when a TLS file named in the settings cannot be used (see
     *     {@link #start(MqttSettings)})
     */
    public static ButlerMqttClient start(MqttSettings settings, TaskStartListener listener) {
        return startClient(settings, Objects.requireNonNull(listener, "listener"), null);
    }

    /**
     * Starts a client that publishes and calls {@code listener} for start-task commands on
     * {@code listenerExecutor}. The executor decides how many calls run at once (a single-thread
     * executor starts tasks one after the other); calls still count against
     * {@code taskStart.listenerTimeout} while they wait in its queue. The client does not shut it down.
     *
     * @param settings the settings
     * @param listener called for every valid start-task command
     * @param listenerExecutor runs the listener calls
     * @return the started client, connecting in the background
     * @throws NullPointerException when an argument is null
     * @throws InvalidSettingsException when a TLS file named in the settings cannot be used (see
     *     {@link #start(MqttSettings)})
     */
    public static ButlerMqttClient start(MqttSettings settings, TaskStartListener listener, Executor listenerExecutor) {
        return startClient(settings, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(listenerExecutor, "listenerExecutor"));
    }

    private static ButlerMqttClient startClient(MqttSettings settings, TaskStartListener listener, Executor executor) {
        Objects.requireNonNull(settings, "settings");
        WireFormat wire = new WireFormat(settings);
        if (!settings.enabled()) {
            LOG.info("MQTT is disabled in the settings (enable: false): not connecting; publishes are skipped");
            return new ButlerMqttClient(new DisabledPublisher(wire));
        }
        Optional<Object> tls;
        try {
            tls = TlsConfigFactory.create(settings).map(c -> c);
        } catch (TlsSetupException e) {
            String message = "file " + e.file() + ": " + e.reason();
            throw new InvalidSettingsException(List.of(new InvalidSettingsException.Problem(e.setting(), message)), e);
        }
        ConnectionSpec spec = spec(settings, tls);
        if (settings.connection().persistentSession() && settings.connection().clientId().isEmpty()
                && !settings.azureEventGrid().enabled()) {
            LOG.warn("connection.persistentSession is on but connection.clientId is not set: the generated client ID {} "
                    + "changes when the application restarts, so the broker's session (and the start-task commands "
                    + "it holds) is not resumed. Set a fixed, unique connection.clientId.", spec.clientId());
        }
        MqttMessage status = wire.connectedMessage(settings.brokerHost(), settings.brokerPort(), spec.clientId());
        MqttSettings.Availability a = settings.availability();
        Optional<MqttMessage> online = a.enabled()
                ? Optional.of(MqttMessage.of(a.topic(), a.onlinePayload(), 1, true)) : Optional.empty();
        Optional<MqttMessage> offline = a.enabled()
                ? Optional.of(MqttMessage.of(a.topic(), a.offlinePayload(), 1, true)) : Optional.empty();
        String filter = null;
        if (listener != null) {
            filter = settings.taskStart().sharedSubscriptionGroup()
                    .map(g -> "$share/" + g + "/" + settings.taskStartTopic())
                    .orElse(settings.taskStartTopic());
        }
        ExecutorService ownedPool = null;
        Executor listenerExecutor = executor;
        if (listener != null && executor == null) {
            ownedPool = listenerPool();
            listenerExecutor = ownedPool;
        }
        Executor finalExecutor = listenerExecutor == null ? Runnable::run : listenerExecutor;
        ExecutorService toShutDown = ownedPool;
        ClientEngine engine = new ClientEngine(settings, spec, events -> new HiveMqTransport(spec, events),
                status, online, offline, filter,
                scheduler -> new TaskStartDispatcher(settings.taskStartTopic(), settings.taskStart().maxPayloadBytes(),
                        settings.taskStart().listenerTimeout(), listener, finalExecutor, scheduler, Clock.systemUTC()),
                () -> {
                    if (toShutDown != null) {
                        toShutDown.shutdown();
                    }
                });
        ButlerMqttClient client = new ButlerMqttClient(engine, new LivePublisher(wire, engine.outbox()), spec.clientId());
        engine.start();
        return client;
    }

    private static ConnectionSpec spec(MqttSettings settings, Optional<Object> tls) {
        MqttSettings.Connection c = settings.connection();
        MqttSettings.AzureEventGrid azure = settings.azureEventGrid();
        String clientId = azure.enabled() ? azure.clientId() : c.clientId().orElseGet(ClientIds::generate);
        Optional<String> username;
        Optional<byte[]> password;
        if (azure.enabled()) {
            // Azure Event Grid authenticates with the client certificate; the client ID is also the user name
            username = Optional.of(azure.clientId());
            password = Optional.empty();
        } else {
            username = settings.credentials().map(MqttSettings.Credentials::username);
            password = settings.credentials().map(cr -> cr.password().getBytes(StandardCharsets.UTF_8));
        }
        MqttSettings.Availability a = settings.availability();
        Optional<ConnectionSpec.Will> will = a.enabled()
                ? Optional.of(new ConnectionSpec.Will(a.topic(),
                        java.nio.ByteBuffer.wrap(a.offlinePayload().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(),
                        1, true))
                : Optional.empty();
        return new ConnectionSpec(settings.brokerHost(), settings.brokerPort(), clientId, c.mqttVersion(),
                c.keepAlive(), c.connectTimeout(), c.persistentSession(), c.sessionExpiry(), username, password,
                will, tls);
    }

    private static ExecutorService listenerPool() {
        int pool = LISTENER_POOL_SEQ.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(LISTENER_THREADS, LISTENER_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "butler-mqtt-task-start-" + pool + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /**
     * The publisher of this client: maps Sense events to Butler's messages and publishes them through
     * the outbox. Thread-safe; the same instance on every call.
     *
     * @return the publisher
     */
    public SenseEventPublisher publisher() {
        return publisher;
    }

    /**
     * The connection state now.
     *
     * @return the state
     */
    public ClientState state() {
        if (engine == null) {
            return disabled.isClosed() ? ClientState.CLOSED : ClientState.DISCONNECTED;
        }
        return engine.state();
    }

    /**
     * The client ID this client connects with: {@code connection.clientId}, {@code azureEventGrid.clientId},
     * or the generated {@code butler-mqtt-<hostname>-<random>}. Empty when MQTT is disabled.
     *
     * @return the client ID
     */
    public String clientId() {
        return clientId;
    }

    /**
     * A snapshot of the counters: what was published, refused, dropped, and how the listener fared.
     *
     * @return the counters now
     */
    public ClientStats stats() {
        if (engine == null) {
            return new ClientStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        }
        return engine.stats();
    }

    /**
     * Stops accepting publishes (they fail with {@link ClientClosedException}), waits up to
     * {@code outbox.closeTimeout} until the broker has every waiting message, fails the futures of those
     * it did not get, publishes the availability "offline" message when enabled, disconnects and stops
     * the client's threads. Start-task commands not yet acknowledged are delivered again by the broker
     * (to this client ID's next session, or another member of the shared group). Idempotent: later
     * calls return at once.
     */
    @Override
    public void close() {
        if (engine == null) {
            disabled.close();
            return;
        }
        engine.close();
    }

    /** Shows the client ID and the state. */
    @Override
    public String toString() {
        return "ButlerMqttClient{clientId=" + clientId + ", state=" + state() + '}';
    }
}
