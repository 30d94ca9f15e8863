package io.butlermqtt.internal.client;

import io.butlermqtt.ClientState;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishFailedException;
import io.butlermqtt.internal.Texts;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection, kept up: connects in the background, reconnects with backoff
 * ({@link ReconnectPolicy}), subscribes again after every connect and hands what arrives to a
 * {@link MessageHandler}, publishes the {@code onConnect} messages on every connect, feeds the
 * {@link Outbox}, gives up on a message that keeps breaking the connection, detects session take-over,
 * and closes in order. It knows nothing of Butler's events or start-task commands: {@link ClientAssembly}
 * wires it for {@code ButlerMqttClient}, and another client of the library can wire it for its own
 * subscription (see {@link EngineConfig}).
 *
 * <p>{@link #close()} goes in this order, all within {@code outbox.closeTimeout} plus at most
 * {@value #CLOSE_GRACE_MS} ms for the last two steps:
 * <ol>
 *   <li>new publishes are refused; with a clean session the subscription is cancelled (UNSUBSCRIBE), so
 *       that the broker gives new messages to other members of a shared group; with a persistent
 *       session the subscription is kept (the broker queues for the session) and messages that arrive
 *       from now on are left unacknowledged, so the broker delivers them again when the session
 *       resumes;</li>
 *   <li>the outbox drains, the UNSUBACK arrives, every handler call in progress (and, with a clean
 *       session, every message that still arrives until {@value #CLOSE_QUIET_MS} ms pass without one)
 *       finishes and acknowledges;</li>
 *   <li>what is still waiting fails with {@code ClientClosedException};</li>
 *   <li>the {@code onClose} message is published, the client disconnects (its acknowledgements went out
 *       before the DISCONNECT), and the threads stop.</li>
 * </ol>
 *
 * <p>Logging: one INFO line per state change (connected, lost, reconnected, closed), a WARN when the
 * first connection cannot be made, a WARN summary every {@value #SUMMARY_INTERVAL_MINUTES} minutes
 * while disconnected, an ERROR when a message is given up or another client takes the session over;
 * single attempts at DEBUG.
 *
 * <p>Internal: may change in any release.
 */
public final class ClientEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);

    /** Most messages handed to the MQTT client at once (never more than the outbox capacity). */
    public static final int MAX_IN_FLIGHT = 1024;

    /** Interval of the "still disconnected" summary. */
    public static final long SUMMARY_INTERVAL_MINUTES = 5;

    /** Time {@code close()} allows itself beyond {@code closeTimeout}: the offline message and the DISCONNECT. */
    public static final long CLOSE_GRACE_MS = 1000;

    /** With a clean session, {@code close()} waits until no message arrived for this long after the UNSUBACK. */
    public static final long CLOSE_QUIET_MS = 300;

    private static final long SUMMARY_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(SUMMARY_INTERVAL_MINUTES);

    private final EngineConfig config;
    private final ConnectionSpec spec;
    private final Function<Transport.Events, Transport> transportFactory;
    private final Outbox<MqttMessage> outbox;
    private final ScheduledExecutorService scheduler;
    private final ReconnectPolicy policy;
    private final Optional<Gate> gate;
    private final Object closeLock = new Object();

    private volatile Transport transport;
    /** The largest packet the broker announced at the last connect (MQTT 5), or 0. */
    private volatile long brokerMaxPacketBytes;

    // guarded by this
    private ClientState state = ClientState.CONNECTING;
    private TransportEvents currentEvents;
    /** Whether the subscription of the current connection is settled (SUBACK or failure). */
    private boolean subscriptionSettled;
    /** Counts connections, so that a late SUBACK of an earlier one is ignored. */
    private long connectionGeneration;
    private boolean everConnected;
    /** Whether a connection existed before the current one (for the state shown while subscribing). */
    private boolean everConnectedBefore;
    private boolean connecting;
    /** close() has begun: no new subscription (a reconnect during close() does not subscribe again). */
    private boolean closing;
    private boolean shuttingDown;
    private boolean stopped;
    private boolean sessionTakenOver;
    private long connectedAtNanos;
    private long outageStartNanos;
    private long lastSummaryNanos;
    private int attemptsInOutage;
    private boolean warnedThisOutage;
    private long reconnects;
    private ScheduledFuture<?> pendingReconnect;

    /**
     * A scheduler for an engine: one daemon thread named {@code butler-mqtt-scheduler-<clientId>}. Create
     * it first when the handler needs it too (for timers); the engine shuts it down on {@link #close()}.
     *
     * @param clientId the client ID, for the thread name
     * @return the scheduler
     */
    public static ScheduledExecutorService newScheduler(String clientId) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "butler-mqtt-scheduler-" + clientId);
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /**
     * Creates the engine; {@link #start()} connects.
     *
     * @param config what to connect to and how
     * @param scheduler the engine's scheduler ({@link #newScheduler(String)}); the engine owns it and shuts
     *     it down on {@link #close()}
     * @param transportFactory creates a transport, given where it reports (called again when a transport
     *     must be replaced)
     */
    public ClientEngine(EngineConfig config, ScheduledExecutorService scheduler,
            Function<Transport.Events, Transport> transportFactory) {
        this(config, scheduler, transportFactory, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /**
     * Creates the engine with a given random source for the backoff (tests).
     *
     * @param config what to connect to and how
     * @param scheduler the engine's scheduler
     * @param transportFactory creates a transport, given where it reports
     * @param random given a bound {@code b > 0}, a value in {@code [0, b)}
     */
    ClientEngine(EngineConfig config, ScheduledExecutorService scheduler,
            Function<Transport.Events, Transport> transportFactory, LongUnaryOperator random) {
        this.config = config;
        this.spec = config.connection();
        this.transportFactory = transportFactory;
        this.policy = new ReconnectPolicy(new Backoff(config.reconnect().initialDelay(), config.reconnect().maxDelay(),
                random));
        this.scheduler = scheduler;
        this.gate = config.inbound().map(Gate::new);
        this.transport = newTransport();
        int capacity = config.outbox().capacity();
        boolean mqtt5 = spec.version() == MqttSettings.MqttVersion.MQTT_5;
        this.outbox = new Outbox<>(capacity, Math.min(capacity, MAX_IN_FLIGHT), m -> {
            PublishFailedException tooLarge = MessageLimits.checkPacket(m, brokerMaxPacketBytes, mqtt5);
            if (tooLarge != null) {
                return CompletableFuture.failedFuture(tooLarge);
            }
            return transport.publish(m.topic(), m.payloadBuffer(), m.qos(), m.retain());
        }, MqttMessage::topic, t -> transport.isRetryable(t), (m, t) -> t instanceof PublishFailedException
                ? t
                : new PublishFailedException(m.topic(), "Could not publish the message to topic " + Texts.quote(m.topic())
                        + ": " + transport.describe(t), t),
                config.maxLossesPerMessage(), (m, losses) -> new PublishFailedException(m.topic(),
                        "Gave up on the message to topic " + Texts.quote(m.topic()) + " (" + m.payloadSize()
                        + " bytes): the connection to " + spec.host() + ':' + spec.port() + " was lost " + losses
                        + " times right after it was sent, so the broker most likely refuses it (larger than its "
                        + "maximum packet or message size, or not allowed). The messages behind it are sent on. Check "
                        + "the broker's limits (mosquitto: max_packet_size, message_size_limit) and set "
                        + "delivery.maxMessageBytes to refuse such messages at publish.", null));
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        LOG.info("Starting MQTT client for broker {}:{} as client ID {} ({}{}{})", spec.host(), spec.port(),
                spec.clientId(), spec.versionName(), spec.tls().isPresent() ? ", TLS" : "",
                spec.persistentSession() ? ", persistent session" : "");
        scheduler.execute(this::attemptConnect);
    }

    /** @return the outbox, for publishing */
    public Outbox<MqttMessage> outbox() {
        return outbox;
    }

    /** @return the client ID in use */
    public String clientId() {
        return spec.clientId();
    }

    /** @return the largest packet the broker announced at the last connect (MQTT 5), or 0 when none is known */
    public long brokerMaxPacketBytes() {
        return brokerMaxPacketBytes;
    }

    /** @return whether the connection speaks MQTT 5 */
    public boolean mqtt5() {
        return spec.version() == MqttSettings.MqttVersion.MQTT_5;
    }

    /** @return whether arriving messages are passed to the handler (false once {@code close()} stopped it) */
    boolean acceptingMessages() {
        return gate.map(Gate::accepting).orElse(false);
    }

    /** @return the current state */
    public synchronized ClientState state() {
        if (state == ClientState.CONNECTED && !subscriptionSettled) {
            // Not CONNECTED before the broker acknowledged the subscription: a message published in
            // between would not reach a clean session.
            return everConnectedBefore ? ClientState.DISCONNECTED : ClientState.CONNECTING;
        }
        return state;
    }

    /**
     * The engine's counters.
     *
     * @param published messages acknowledged (QoS 1, 2) or written (QoS 0)
     * @param publishFailed messages that failed for good (not counting full outbox, close, given up)
     * @param outboxSize messages held now
     * @param outboxRejected messages refused because the outbox was full
     * @param closedUndelivered messages failed by {@code close()} or refused after it
     * @param givenUp messages given up because the connection kept breaking right after they were sent
     * @param reconnects connections after the first
     * @param sessionTakenOver whether reconnecting stopped because of a session take-over
     */
    public record Stats(long published, long publishFailed, int outboxSize, long outboxRejected,
            long closedUndelivered, long givenUp, long reconnects, boolean sessionTakenOver) {
    }

    /** @return a snapshot of the counters */
    public Stats stats() {
        long[] o = outbox.counters();
        long rc;
        boolean taken;
        synchronized (this) {
            rc = reconnects;
            taken = sessionTakenOver;
        }
        return new Stats(o[0], o[1], (int) o[4], o[2], o[3], o[5], rc, taken);
    }

    // ------------------------------------------------------------------------------ connecting

    private Transport newTransport() {
        TransportEvents events = new TransportEvents();
        synchronized (this) {
            currentEvents = events;
        }
        return transportFactory.apply(events);
    }

    private void attemptConnect() {
        int n;
        synchronized (this) {
            if (shuttingDown || stopped || connecting || state == ClientState.CONNECTED) {
                return;
            }
            connecting = true;
            pendingReconnect = null;
            n = ++attemptsInOutage;
        }
        LOG.debug("Connecting to MQTT broker {}:{} as client ID {} (attempt {})", spec.host(), spec.port(),
                spec.clientId(), n);
        CompletableFuture<Void> f;
        try {
            f = transport.connect();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, err) -> {
            if (err != null) {
                onAttemptFailed(unwrap(err));
            }
        });
    }

    private void onAttemptFailed(Throwable err) {
        String reason = transport.describe(err);
        String warn = null;
        long delay;
        synchronized (this) {
            connecting = false;
            if (shuttingDown || stopped || state == ClientState.CONNECTED) {
                return;
            }
            long now = System.nanoTime();
            if (outageStartNanos == 0) {
                outageStartNanos = now;
                lastSummaryNanos = now;
            }
            delay = policy.afterFailedAttempt();
            pendingReconnect = scheduler.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
            if (!everConnected && !warnedThisOutage) {
                warnedThisOutage = true;
                warn = "Cannot connect to MQTT broker " + spec.host() + ':' + spec.port() + " yet: " + reason
                        + ". Retrying in the background (backoff up to " + config.reconnect().maxDelay()
                        + "); messages wait in the outbox (capacity " + outbox.capacity() + ").";
            } else if (now - lastSummaryNanos >= SUMMARY_INTERVAL_NANOS) {
                lastSummaryNanos = now;
                warn = "Still not connected to MQTT broker " + spec.host() + ':' + spec.port() + " after "
                        + TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos) + " s (" + attemptsInOutage
                        + " attempts, last error: " + reason + "); " + outbox.size() + " messages waiting in the outbox.";
            }
        }
        if (warn != null) {
            LOG.warn(warn);
        }
        LOG.debug("Connect attempt to {}:{} failed: {}; next attempt in {} ms", spec.host(), spec.port(), reason, delay);
    }

    /** Reports of one transport; those of a replaced transport are ignored. */
    private final class TransportEvents implements Transport.Events {

        private boolean current() {
            synchronized (ClientEngine.this) {
                return currentEvents == this;
            }
        }

        @Override
        public void onConnected(boolean sessionPresent, long maximumPacketBytes) {
            if (current()) {
                ClientEngine.this.onConnected(sessionPresent, maximumPacketBytes);
            }
        }

        @Override
        public void onDisconnected(Throwable cause, boolean closedByBroker, boolean byUser, boolean takenOver) {
            if (current()) {
                ClientEngine.this.onDisconnected(cause, closedByBroker, byUser, takenOver);
            }
        }

        @Override
        public void onMessage(Transport.Incoming message) {
            if (gate.isPresent() && current()) {
                gate.get().onMessage(message);
            }
            // without a subscription nothing arrives; a replaced transport's messages are left to the broker
        }
    }

    private void onConnected(boolean sessionPresent, long maximumPacketBytes) {
        boolean first;
        long downSeconds;
        int attempts;
        brokerMaxPacketBytes = maximumPacketBytes;
        synchronized (this) {
            connecting = false;
            if (shuttingDown) {
                transport.disconnect();
                return;
            }
            first = !everConnected;
            everConnectedBefore = everConnected;
            everConnected = true;
            subscriptionSettled = gate.isEmpty();
            connectionGeneration++;
            if (!first) {
                reconnects++;
            }
            long now = System.nanoTime();
            downSeconds = outageStartNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos);
            attempts = attemptsInOutage;
            state = ClientState.CONNECTED;
            connectedAtNanos = now;
            outageStartNanos = 0;
            attemptsInOutage = 0;
            warnedThisOutage = false;
        }
        String limit = maximumPacketBytes > 0 ? ", broker maximum packet size " + maximumPacketBytes + " bytes" : "";
        if (first) {
            LOG.info("Connected to MQTT broker {}:{} as client ID {} ({}, session present: {}{})", spec.host(),
                    spec.port(), spec.clientId(), spec.versionName(), sessionPresent, limit);
        } else {
            LOG.info("Reconnected to MQTT broker {}:{} as client ID {} after {} s and {} attempt(s) (session present: {}{}); "
                    + "{} message(s) waiting in the outbox", spec.host(), spec.port(), spec.clientId(), downSeconds,
                    attempts, sessionPresent, limit, outbox.size());
        }
        boolean subscribe;
        synchronized (this) {
            subscribe = gate.isPresent() && !closing;
            if (!subscribe) {
                subscriptionSettled = true;
            }
        }
        if (subscribe) {
            String filter = gate.get().inbound.topicFilter();
            long generation;
            synchronized (this) {
                generation = connectionGeneration;
            }
            transport.subscribe(filter, 1).whenComplete((ok, err) -> {
                synchronized (this) {
                    if (generation == connectionGeneration) {
                        subscriptionSettled = true;
                    }
                }
                if (err != null) {
                    LOG.error("Could not subscribe to {}: {}; its messages will not arrive", filter,
                            transport.describe(unwrap(err)));
                } else {
                    LOG.debug("Subscribed to {} at QoS 1", filter);
                }
            });
        }
        for (MqttMessage m : config.onConnect()) {
            sendDirect(m);
        }
        outbox.onConnected();
    }

    private void sendDirect(MqttMessage m) {
        try {
            transport.publish(m.topic(), m.payloadBuffer(), m.qos(), m.retain()).whenComplete((ok, err) -> {
                if (err != null) {
                    LOG.debug("Could not publish {} to {}: {}", m, m.topic(), transport.describe(unwrap(err)));
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Could not publish {}: {}", m, e.toString());
        }
    }

    private void onDisconnected(Throwable cause, boolean closedByBroker, boolean byUser, boolean takenOver) {
        String reason = cause == null ? "unknown reason" : transport.describe(cause);
        boolean stop;
        boolean replace;
        long delay = -1;
        long livedMs;
        synchronized (this) {
            if (state != ClientState.CONNECTED) {
                return; // a failed attempt: the connect future reports it
            }
            state = ClientState.DISCONNECTED;
            long now = System.nanoTime();
            livedMs = TimeUnit.NANOSECONDS.toMillis(now - connectedAtNanos);
            outageStartNanos = now;
            lastSummaryNanos = now;
            if (shuttingDown || byUser) {
                byUser = true;
            }
        }
        if (byUser) {
            outbox.onDisconnected();
            return;
        }
        // outside the lock: a given-up message's future completes here, running the publisher's callbacks
        Outbox.Loss<MqttMessage> loss = outbox.onConnectionLost(true);
        synchronized (this) {
            ReconnectPolicy.Decision d = policy.afterConnectionLost(livedMs, closedByBroker, takenOver, loss.repeated());
            stop = d.stop();
            replace = false;
            if (stop) {
                stopped = true;
                sessionTakenOver = true;
            } else if (!shuttingDown) {
                delay = d.delayMillis();
                // A persistent session keeps the given-up message in the MQTT client, which would send it
                // first again: start over with a new client object (the broker keeps the session).
                replace = !loss.givenUp().isEmpty() && spec.persistentSession();
                if (!replace) {
                    pendingReconnect = scheduler.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
                }
            }
        }
        for (MqttMessage m : loss.givenUp()) {
            LOG.error("Gave up on a message to topic {} ({} bytes): the connection to MQTT broker {}:{} was lost {} times "
                    + "right after it was sent (last: {}), so the broker most likely refuses it. Its future failed with "
                    + "PublishFailedException; the {} message(s) behind it are sent on. Check the broker's limits and "
                    + "delivery.maxMessageBytes.", Texts.quote(m.topic()), m.payloadSize(), spec.host(), spec.port(),
                    config.maxLossesPerMessage(), reason, outbox.size());
        }
        if (replace) {
            replaceTransport(delay);
        }
        if (stop) {
            LOG.error("Another MQTT client is using the client ID {} on broker {}:{}: the broker {} ({}). Stopped "
                    + "reconnecting, so that the two clients do not take the session from each other forever. "
                    + "Give every instance its own client ID (connection.clientId, or leave it unset for a generated "
                    + "one; with Azure Event Grid, azureEventGrid.clientId), then restart. Messages wait in the outbox "
                    + "until it is full.", spec.clientId(), spec.host(), spec.port(),
                    takenOver ? "said SESSION_TAKEN_OVER" : "closed " + TakeoverDetector.SHORT_DROPS_LIMIT
                            + " connections in a row right after they were made", reason);
        } else {
            LOG.info("Lost the connection to MQTT broker {}:{} after {} s: {}. Reconnecting in the background "
                    + "(first attempt in {} ms); {} message(s) in the outbox", spec.host(), spec.port(), livedMs / 1000,
                    reason, delay, outbox.size());
        }
    }

    private void replaceTransport(long delay) {
        Transport old = transport;
        transport = newTransport();
        outbox.requeueInflight();
        old.release();
        LOG.debug("Replaced the MQTT client object (persistent session) so that the given-up message is not sent again");
        synchronized (this) {
            if (!shuttingDown && !stopped) {
                pendingReconnect = scheduler.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    // ------------------------------------------------------------------------------ inbound

    /**
     * Between the transport and the handler: counts handler calls that have not acknowledged yet, and
     * during {@code close()} stops passing messages on (they stay unacknowledged, for the broker to
     * deliver again).
     */
    private final class Gate {
        final EngineConfig.Inbound inbound;
        // guarded by this
        private boolean accepting = true;
        private int outstanding;
        private long lastArrivalNanos;
        private long leftToBroker;

        Gate(EngineConfig.Inbound inbound) {
            this.inbound = inbound;
        }

        void onMessage(Transport.Incoming m) {
            synchronized (this) {
                lastArrivalNanos = System.nanoTime();
                if (!accepting) {
                    leftToBroker++;
                    LOG.debug("Closing: a message on {} is left unacknowledged for the broker to deliver again",
                            m.topic());
                    return;
                }
                outstanding++;
            }
            AtomicBoolean acked = new AtomicBoolean();
            Runnable ack = () -> {
                if (acked.compareAndSet(false, true)) {
                    try {
                        m.ack().run();
                    } finally {
                        synchronized (this) {
                            outstanding--;
                            notifyAll();
                        }
                    }
                }
            };
            try {
                inbound.handler().onMessage(new Transport.Incoming(m.topic(), m.payload(), ack));
            } catch (RuntimeException e) {
                LOG.error("The handler of {} failed on a message; acknowledged and ignored", Texts.quote(m.topic()), e);
                ack.run();
            }
        }

        synchronized void stopAccepting() {
            accepting = false;
        }

        synchronized boolean accepting() {
            return accepting;
        }

        /**
         * Waits until no call is outstanding and, with {@code quietNanos > 0}, nothing arrived for that long.
         *
         * @return the calls still outstanding
         */
        synchronized int awaitIdle(long deadlineNanos, long quietNanos) throws InterruptedException {
            while (true) {
                long now = System.nanoTime();
                long quietLeft = quietNanos - (now - lastArrivalNanos);
                if (outstanding == 0 && (quietNanos <= 0 || quietLeft <= 0)) {
                    return 0;
                }
                long left = deadlineNanos - now;
                if (left <= 0) {
                    return outstanding;
                }
                long wait = outstanding > 0 ? left : Math.min(left, quietLeft);
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, wait));
            }
        }

        synchronized int outstanding() {
            return outstanding;
        }

        synchronized long leftToBroker() {
            return leftToBroker;
        }
    }

    // ------------------------------------------------------------------------------ closing

    /**
     * Closes in order (see the class comment): refuses new publishes, cancels or freezes the
     * subscription, waits up to {@code outbox.closeTimeout} for the outbox and the handler calls, fails
     * what is left, publishes the {@code onClose} message, disconnects and stops the threads. Returns
     * within {@code closeTimeout} plus about {@value #CLOSE_GRACE_MS} ms even when the broker does not
     * answer. Idempotent; returns when closed.
     */
    public void close() {
        synchronized (closeLock) {
            synchronized (this) {
                if (state == ClientState.CLOSED) {
                    return;
                }
            }
            Duration timeout = config.outbox().closeTimeout();
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean interrupted = false;
            outbox.closeForSubmissions();
            boolean subscribed;
            synchronized (this) {
                closing = true;
                subscribed = state == ClientState.CONNECTED && subscriptionSettled;
            }
            CompletableFuture<Void> unsubscribed = null;
            if (gate.isPresent()) {
                if (subscribed && !spec.persistentSession()) {
                    String filter = gate.get().inbound.topicFilter();
                    try {
                        unsubscribed = transport.unsubscribe(filter);
                    } catch (RuntimeException e) {
                        LOG.debug("Could not unsubscribe from {}: {}", filter, e.toString());
                    }
                } else {
                    gate.get().stopAccepting();
                }
            }
            try {
                outbox.awaitEmpty(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (gate.isPresent()) {
                    Gate g = gate.get();
                    long quiet = 0;
                    if (unsubscribed != null) {
                        quiet = await(unsubscribed, deadline) ? TimeUnit.MILLISECONDS.toNanos(CLOSE_QUIET_MS) : 0;
                    }
                    g.awaitIdle(deadline, quiet);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            gate.ifPresent(Gate::stopAccepting);
            boolean wasConnected;
            synchronized (this) {
                shuttingDown = true;
                if (pendingReconnect != null) {
                    pendingReconnect.cancel(false);
                }
                wasConnected = state == ClientState.CONNECTED;
            }
            int undelivered = outbox.failRemaining(interrupted ? "close() was interrupted"
                    : "outbox.closeTimeout (" + timeout + ") passed");
            if (undelivered > 0) {
                LOG.warn("Closing the MQTT client: {} message(s) were not delivered within outbox.closeTimeout ({}); "
                        + "their futures failed with ClientClosedException", undelivered, timeout);
            }
            if (gate.isPresent()) {
                int running = gate.get().outstanding();
                if (running > 0) {
                    LOG.warn("Closing the MQTT client: {} message(s) on {} were still being handled when "
                            + "outbox.closeTimeout ({}) passed; they are not acknowledged, so the broker may deliver them "
                            + "again (to this client ID's persistent session, or another member of a shared group)",
                            running, gate.get().inbound.topicFilter(), timeout);
                }
            }
            long grace = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MS);
            if (wasConnected && config.onClose().isPresent()) {
                MqttMessage m = config.onClose().get();
                try {
                    await(transport.publish(m.topic(), m.payloadBuffer(), m.qos(), m.retain()), grace);
                } catch (RuntimeException e) {
                    LOG.debug("While closing: {}", e.toString());
                }
            }
            try {
                await(transport.disconnect(), grace);
            } catch (RuntimeException e) {
                LOG.debug("While closing: {}", e.toString());
            }
            transport.release();
            scheduler.shutdownNow();
            Stats s = stats();
            synchronized (this) {
                state = ClientState.CLOSED;
            }
            LOG.info("Closed the MQTT client for broker {}:{} (client ID {}): {} message(s) published, {} undelivered{}",
                    spec.host(), spec.port(), spec.clientId(), s.published(), s.closedUndelivered(),
                    gate.map(g -> g.leftToBroker() > 0 ? "; " + g.leftToBroker() + " incoming message(s) left to the "
                            + "broker to deliver again" : "").orElse(""));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for {@code f} until the deadline; @return whether it completed normally in time. */
    private static boolean await(CompletableFuture<?> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("While closing: {}", e.toString());
            return false;
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
