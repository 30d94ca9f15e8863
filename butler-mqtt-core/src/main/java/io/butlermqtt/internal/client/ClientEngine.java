package io.butlermqtt.internal.client;

import io.butlermqtt.ClientState;
import io.butlermqtt.ClientStats;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connection behind {@code ButlerMqttClient}: connects in the background, reconnects with
 * backoff, re-subscribes, publishes Butler's status message (and the availability message) on every
 * connect, feeds the {@link Outbox}, detects session take-over, and closes cleanly.
 *
 * <p>Logging: one INFO line per state change (connected, lost, reconnected, closed), a WARN when the
 * first connection cannot be made, a WARN summary every {@value #SUMMARY_INTERVAL_MINUTES} minutes
 * while disconnected, an ERROR when another client takes the session over; single attempts at DEBUG.
 *
 * <p>Internal: may change in any release.
 */
public final class ClientEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);

    /** Most messages handed to the MQTT client at once (never more than the outbox capacity). */
    public static final int MAX_IN_FLIGHT = 1024;

    /** Interval of the "still disconnected" summary. */
    public static final long SUMMARY_INTERVAL_MINUTES = 5;

    private static final long SUMMARY_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(SUMMARY_INTERVAL_MINUTES);
    private static final Duration OFFLINE_MESSAGE_WAIT = Duration.ofSeconds(2);

    private final MqttSettings settings;
    private final ConnectionSpec spec;
    private final Transport transport;
    private final Outbox<MqttMessage> outbox;
    private final MessageHandler dispatcher;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Runnable onClose;
    private final Backoff backoff;
    private final TakeoverDetector takeover = new TakeoverDetector();
    private final String subscriptionFilter;
    private final MqttMessage statusMessage;
    private final Optional<MqttMessage> onlineMessage;
    private final Optional<MqttMessage> offlineMessage;
    private final Object closeLock = new Object();

    // guarded by this
    private ClientState state = ClientState.CONNECTING;
    /** Whether the start-task subscription of the current connection is settled (SUBACK or failure). */
    private boolean subscriptionSettled;
    /** Counts connections, so that a late SUBACK of an earlier one is ignored. */
    private long connectionGeneration;
    private boolean everConnected;
    /** Whether a connection existed before the current one (for the state shown while subscribing). */
    private boolean everConnectedBefore;
    private boolean connecting;
    private boolean shuttingDown;
    private boolean stopped;
    private boolean sessionTakenOver;
    private int attempt;
    private long connectedAtNanos;
    private long outageStartNanos;
    private long lastSummaryNanos;
    private int attemptsInOutage;
    private boolean warnedThisOutage;
    private String lastError = "";
    private long reconnects;
    private ScheduledFuture<?> pendingReconnect;

    /**
     * Creates the engine; {@link #start()} connects.
     *
     * @param settings the settings
     * @param spec the resolved connection (client ID, TLS, will)
     * @param transportFactory creates the transport, given where it reports
     * @param statusMessage Butler's "connected" message
     * @param onlineMessage the retained availability "online" message, when enabled
     * @param offlineMessage the retained availability "offline" message, when enabled
     * @param subscriptionFilter the start-task subscription, or null for none
     * @param dispatcherFactory creates what handles incoming messages (the start-task dispatcher, or another
     *     client's handler), given the scheduler for its timeouts
     * @param onClose run last by {@link #close()} (shuts down executors the client owns)
     */
    public ClientEngine(MqttSettings settings, ConnectionSpec spec, Function<Transport.Events, Transport> transportFactory,
            MqttMessage statusMessage, Optional<MqttMessage> onlineMessage, Optional<MqttMessage> offlineMessage,
            String subscriptionFilter, Function<ScheduledThreadPoolExecutor, ? extends MessageHandler> dispatcherFactory,
            Runnable onClose) {
        this.settings = settings;
        this.spec = spec;
        this.statusMessage = statusMessage;
        this.onlineMessage = onlineMessage;
        this.offlineMessage = offlineMessage;
        this.subscriptionFilter = subscriptionFilter;
        this.onClose = onClose;
        this.backoff = new Backoff(settings.reconnect().initialDelay(), settings.reconnect().maxDelay(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "butler-mqtt-scheduler-" + spec.clientId());
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.dispatcher = dispatcherFactory.apply(scheduler);
        this.transport = transportFactory.apply(new Events());
        int capacity = settings.outbox().capacity();
        this.outbox = new Outbox<>(capacity, Math.min(capacity, MAX_IN_FLIGHT),
                m -> transport.publish(m.topic(), m.payloadBuffer(), m.qos(), m.retain()),
                MqttMessage::topic, transport::isRetryable,
                (m, t) -> new PublishFailedException(m.topic(), "Could not publish the message to topic " + m.topic()
                        + ": " + transport.describe(t), t));
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

    /** @return the current state */
    public synchronized ClientState state() {
        if (state == ClientState.CONNECTED && !subscriptionSettled) {
            // Not CONNECTED before the broker acknowledged the start-task subscription: a command
            // published in between would not reach a clean session.
            return everConnectedBefore ? ClientState.DISCONNECTED : ClientState.CONNECTING;
        }
        return state;
    }

    /** @return a snapshot of the counters */
    public ClientStats stats() {
        long[] o = outbox.counters();
        long rc;
        boolean taken;
        synchronized (this) {
            rc = reconnects;
            taken = sessionTakenOver;
        }
        if (!(dispatcher instanceof TaskStartDispatcher)) {
            return new ClientStats(o[0], o[1], (int) o[4], o[2], o[3], 0, 0, 0, 0, rc, taken);
        }
        TaskStartDispatcher d = (TaskStartDispatcher) dispatcher;
        return new ClientStats(o[0], o[1], (int) o[4], o[2], o[3], d.delivered(), d.dropped(), d.failures(),
                d.timeouts(), rc, taken);
    }

    // ------------------------------------------------------------------------------ connecting

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
            lastError = reason;
            if (outageStartNanos == 0) {
                outageStartNanos = now;
                lastSummaryNanos = now;
            }
            delay = scheduleReconnect();
            if (!everConnected && !warnedThisOutage) {
                warnedThisOutage = true;
                warn = "Cannot connect to MQTT broker " + spec.host() + ':' + spec.port() + " yet: " + reason
                        + ". Retrying in the background (backoff up to " + settings.reconnect().maxDelay()
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

    /** Under the lock. @return the delay in ms */
    private long scheduleReconnect() {
        long delay = backoff.delayMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        pendingReconnect = scheduler.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
        return delay;
    }

    private final class Events implements Transport.Events {

        @Override
        public void onConnected(boolean sessionPresent) {
            ClientEngine.this.onConnected(sessionPresent);
        }

        @Override
        public void onDisconnected(Throwable cause, boolean closedByBroker, boolean byUser, boolean takenOver) {
            ClientEngine.this.onDisconnected(cause, closedByBroker, byUser, takenOver);
        }

        @Override
        public void onMessage(Transport.Incoming message) {
            dispatcher.onMessage(message);
        }
    }

    private void onConnected(boolean sessionPresent) {
        boolean first;
        long downSeconds;
        int attempts;
        synchronized (this) {
            connecting = false;
            if (shuttingDown) {
                transport.disconnect();
                return;
            }
            first = !everConnected;
            everConnectedBefore = everConnected;
            everConnected = true;
            subscriptionSettled = subscriptionFilter == null;
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
        if (first) {
            LOG.info("Connected to MQTT broker {}:{} as client ID {} ({}, session present: {})", spec.host(),
                    spec.port(), spec.clientId(), spec.versionName(), sessionPresent);
        } else {
            LOG.info("Reconnected to MQTT broker {}:{} as client ID {} after {} s and {} attempt(s) (session present: {}); "
                    + "{} message(s) waiting in the outbox", spec.host(), spec.port(), spec.clientId(), downSeconds,
                    attempts, sessionPresent, outbox.size());
        }
        if (subscriptionFilter != null) {
            long generation;
            synchronized (this) {
                generation = connectionGeneration;
            }
            transport.subscribe(subscriptionFilter, 1).whenComplete((ok, err) -> {
                synchronized (this) {
                    if (generation == connectionGeneration) {
                        subscriptionSettled = true;
                    }
                }
                if (err != null) {
                    LOG.error("Could not subscribe to {}: {}; its messages will not arrive", subscriptionFilter,
                            transport.describe(unwrap(err)));
                } else {
                    LOG.debug("Subscribed to {} at QoS 1", subscriptionFilter);
                }
            });
        }
        sendDirect(statusMessage);
        onlineMessage.ifPresent(this::sendDirect);
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
            lastError = reason;
            if (shuttingDown || byUser) {
                outbox.onDisconnected();
                return;
            }
            stop = takeover.onConnectionLost(livedMs, closedByBroker, takenOver);
            if (stop) {
                stopped = true;
                sessionTakenOver = true;
            } else {
                if (livedMs >= TakeoverDetector.STABLE_AFTER_MS) {
                    attempt = 0;
                }
                delay = scheduleReconnect();
            }
        }
        outbox.onDisconnected();
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

    // ------------------------------------------------------------------------------ closing

    /**
     * Refuses new publishes, waits up to {@code outbox.closeTimeout} for the outbox, fails what is
     * left, publishes the availability "offline" message, disconnects and stops the threads.
     * Idempotent; returns when closed.
     */
    public void close() {
        synchronized (closeLock) {
            synchronized (this) {
                if (state == ClientState.CLOSED) {
                    return;
                }
            }
            outbox.closeForSubmissions();
            Duration timeout = settings.outbox().closeTimeout();
            boolean flushed;
            boolean interrupted = false;
            try {
                flushed = outbox.awaitEmpty(timeout);
            } catch (InterruptedException e) {
                interrupted = true;
                flushed = false;
            }
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
            if (wasConnected && offlineMessage.isPresent()) {
                MqttMessage m = offlineMessage.get();
                await(transport.publish(m.topic(), m.payloadBuffer(), m.qos(), m.retain()), OFFLINE_MESSAGE_WAIT);
            }
            await(transport.disconnect(), spec.connectTimeout());
            scheduler.shutdownNow();
            ClientStats s = stats();
            synchronized (this) {
                state = ClientState.CLOSED;
            }
            try {
                onClose.run();
            } finally {
                LOG.info("Closed the MQTT client for broker {}:{} (client ID {}): {} message(s) published, {} undelivered",
                        spec.host(), spec.port(), spec.clientId(), s.published(), s.closedUndelivered());
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void await(CompletableFuture<?> f, Duration timeout) {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("While closing: {}", e.toString());
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
