package io.butlermqtt.internal.client;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.ClientStats;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.TaskStartListener;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import io.butlermqtt.internal.tls.TlsSetupException;
import io.butlermqtt.internal.wire.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@code ButlerMqttClient}'s insides from {@code MqttSettings}, in one place: the connection
 * ({@link #connectionSpec(MqttSettings)}: client ID, credentials, TLS, Last Will), Butler's status and
 * availability messages, the start-task subscription with its {@link TaskStartDispatcher}, the listener
 * pool, the {@link ClientEngine} and the {@link LivePublisher}.
 *
 * <p>Reuse by another client of the library (the Qlik Cloud event client, say): build a
 * {@link ConnectionSpec}, an {@link EngineConfig} with its own {@link EngineConfig.Inbound} (topic filter and
 * a {@link MessageHandler} that acknowledges after handling), then
 * {@code new ClientEngine(config, ClientEngine.newScheduler(id), events -> new HiveMqTransport(spec, events))}.
 *
 * <p>Internal: may change in any release.
 */
public final class ClientAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAssembly.class);
    private static final AtomicInteger LISTENER_POOL_SEQ = new AtomicInteger();

    private ClientAssembly() {
    }

    /**
     * Builds and starts a client.
     *
     * @param settings the settings
     * @param listener the start-task listener, or null for a client that only publishes
     * @param listenerExecutor runs listener calls, or null for a pool the client owns
     * @return the started client (connecting in the background), or a disabled one
     * @throws InvalidSettingsException when a TLS file cannot be used
     */
    public static ClientHandle start(MqttSettings settings, TaskStartListener listener, Executor listenerExecutor) {
        WireFormat wire = new WireFormat(settings);
        if (!settings.enabled()) {
            LOG.info("MQTT is disabled in the settings (enable: false): not connecting; publishes are skipped");
            return new Disabled(new DisabledPublisher(wire));
        }
        ConnectionSpec spec = connectionSpec(settings);
        warnAboutSettings(settings, spec);

        List<MqttMessage> onConnect = new ArrayList<>();
        onConnect.add(wire.connectedMessage(settings.brokerHost(), settings.brokerPort(), spec.clientId()));
        MqttSettings.Availability a = settings.availability();
        if (a.enabled()) {
            onConnect.add(MqttMessage.of(a.topic(), a.onlinePayload(), 1, true));
        }
        Optional<MqttMessage> onClose = a.enabled()
                ? Optional.of(MqttMessage.of(a.topic(), a.offlinePayload(), 1, true)) : Optional.empty();

        ScheduledExecutorService scheduler = ClientEngine.newScheduler(spec.clientId());
        ExecutorService ownedPool = null;
        TaskStartDispatcher dispatcher = null;
        Optional<EngineConfig.Inbound> inbound = Optional.empty();
        if (listener != null) {
            Executor executor = listenerExecutor;
            if (executor == null) {
                ownedPool = listenerPool();
                executor = ownedPool;
            }
            dispatcher = new TaskStartDispatcher(settings.taskStartTopic(), settings.taskStart().maxPayloadBytes(),
                    settings.taskStart().listenerTimeout(), listener, executor, scheduler, Clock.systemUTC());
            String filter = settings.taskStart().sharedSubscriptionGroup()
                    .map(g -> "$share/" + g + "/" + settings.taskStartTopic())
                    .orElse(settings.taskStartTopic());
            inbound = Optional.of(new EngineConfig.Inbound(filter, dispatcher));
        }
        EngineConfig config = new EngineConfig(spec, settings.reconnect(), settings.outbox(), onConnect, onClose,
                inbound, EngineConfig.DEFAULT_MAX_LOSSES_PER_MESSAGE);
        ClientEngine engine = new ClientEngine(config, scheduler, events -> new HiveMqTransport(spec, events));
        LivePublisher publisher = new LivePublisher(wire, engine.outbox(), settings.delivery().maxMessageBytes(),
                engine::brokerMaxPacketBytes, engine.mqtt5());
        Live live = new Live(engine, publisher, dispatcher, ownedPool);
        engine.start();
        return live;
    }

    /**
     * The connection the settings describe: the effective client ID (configured, Azure Event Grid's, or
     * generated), user name and password, the Last Will (availability "offline"), and the TLS
     * configuration, whose files are read and checked here.
     *
     * @param settings the settings
     * @return the connection
     * @throws InvalidSettingsException when a TLS file cannot be used, naming the setting, the file and why
     */
    public static ConnectionSpec connectionSpec(MqttSettings settings) {
        Optional<Object> tls;
        try {
            tls = TlsConfigFactory.create(settings).map(c -> c);
        } catch (TlsSetupException e) {
            String message = "file " + e.file() + ": " + e.reason();
            throw new InvalidSettingsException(List.of(new InvalidSettingsException.Problem(e.setting(), message)), e);
        }
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
                        ByteBuffer.wrap(a.offlinePayload().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(), 1, true))
                : Optional.empty();
        return new ConnectionSpec(settings.brokerHost(), settings.brokerPort(), clientId, c.mqttVersion(),
                c.keepAlive(), c.connectTimeout(), c.persistentSession(), c.sessionExpiry(), username, password,
                will, tls);
    }

    /** The WARNs about settings that work but are risky, once per client start. */
    private static void warnAboutSettings(MqttSettings settings, ConnectionSpec spec) {
        if (settings.connection().persistentSession() && settings.connection().clientId().isEmpty()
                && !settings.azureEventGrid().enabled()) {
            LOG.warn("connection.persistentSession is on but connection.clientId is not set: the generated client ID {} "
                    + "changes when the application restarts, so the broker's session (and the start-task commands "
                    + "it holds) is not resumed. Set a fixed, unique connection.clientId.", spec.clientId());
        }
        if (settings.credentials().isPresent() && spec.tls().isEmpty()) {
            LOG.warn("credentials.username and credentials.password are sent to MQTT broker {}:{} over plain TCP, "
                    + "readable by anyone on the network path: enable tls (tls.enable: true, usually port 8883).",
                    spec.host(), spec.port());
        }
    }

    private static ExecutorService listenerPool() {
        int pool = LISTENER_POOL_SEQ.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(ButlerMqttClient.LISTENER_THREADS, ButlerMqttClient.LISTENER_THREADS,
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "butler-mqtt-task-start-" + pool + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** A connected (or connecting) client. */
    private static final class Live implements ClientHandle {
        private final ClientEngine engine;
        private final LivePublisher publisher;
        private final TaskStartDispatcher dispatcher;
        private final ExecutorService ownedPool;

        Live(ClientEngine engine, LivePublisher publisher, TaskStartDispatcher dispatcher, ExecutorService ownedPool) {
            this.engine = engine;
            this.publisher = publisher;
            this.dispatcher = dispatcher;
            this.ownedPool = ownedPool;
        }

        @Override
        public SenseEventPublisher publisher() {
            return publisher;
        }

        @Override
        public ClientState state() {
            return engine.state();
        }

        @Override
        public ClientStats stats() {
            ClientEngine.Stats e = engine.stats();
            TaskStartDispatcher d = dispatcher;
            return new ClientStats(e.published(), e.publishFailed() + publisher.tooLarge(), e.outboxSize(),
                    e.outboxRejected(), e.closedUndelivered(), d == null ? 0 : d.delivered(),
                    d == null ? 0 : d.dropped(), d == null ? 0 : d.failures(), d == null ? 0 : d.timeouts(),
                    e.reconnects(), e.sessionTakenOver(), e.givenUp());
        }

        @Override
        public String clientId() {
            return engine.clientId();
        }

        @Override
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

    /** A client whose settings have MQTT disabled. */
    private static final class Disabled implements ClientHandle {
        private final DisabledPublisher publisher;

        Disabled(DisabledPublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public SenseEventPublisher publisher() {
            return publisher;
        }

        @Override
        public ClientState state() {
            return publisher.isClosed() ? ClientState.CLOSED : ClientState.DISCONNECTED;
        }

        @Override
        public ClientStats stats() {
            return new ClientStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0);
        }

        @Override
        public String clientId() {
            return "";
        }

        @Override
        public void close() {
            publisher.close();
        }
    }
}
