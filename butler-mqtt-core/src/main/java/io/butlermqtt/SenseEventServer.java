package io.butlermqtt;

import io.butlermqtt.internal.sense.EventServerEngine;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Receives Qlik Sense's log appender datagrams on Butler's UDP ports and turns them into events: Butler's
 * UDP server ({@code Butler.udpServerConfig}), as a library.
 *
 * <h2>Pipeline</h2>
 * <pre>
 * datagram --{@link SenseDatagramParser}--&gt; {@link ReloadTaskNotice} --{@link ReloadTaskEnricher}--&gt; ReloadTaskFailed / ReloadTaskAborted --&gt; listener or publisher
 *          --{@link SenseDatagramParser}--&gt; UserSessionEvent / UserConnectionEvent ----------------------------&gt; listener or publisher
 * </pre>
 * Scheduler datagrams arrive on {@code portTaskFailure} (9998), the proxy's user audit datagrams (Butler
 * 5) on {@code portSessionConnectionEvents} when it is set. Each port gets an {@code EventSourceStatus}
 * {@code START} when it is bound (Butler's {@code start} on {@code taskFailureServerStatusTopic} /
 * {@code sessionServerStatusTopic}) and {@code ERROR} when binding or the socket fails.
 *
 * <h2>Lifecycle</h2>
 * <pre>{@code
 * ButlerConfig config = ButlerYamlConfig.loadConfig(Path.of("butler.yaml"));
 * try (ButlerMqttClient mqtt = ButlerMqttClient.start(config.mqtt());
 *      SenseEventServer server = SenseEventServer.start(config.eventServer(),
 *              ReloadTaskEnricher.withoutQrs(), mqtt.publisher())) {
 *     ... // run until the application stops
 * }
 * }</pre>
 * {@code start} binds the ports and returns; a port in use, a host that does not resolve, or allowed
 * sources none of which resolve make it throw {@link EventServerStartException} naming the key, host and
 * port, with nothing left running. With {@code enable: false} it opens nothing and returns a server whose
 * counters stay 0, so callers need no if-statement. {@link #close()} stops receiving, lets the queue be
 * processed for up to {@code closeTimeout}, and reports (logs and counts) what was left.
 *
 * <h2>Bounded waits, no silent drops</h2>
 * The receiving thread of each port only checks the sender ({@code enableSourceValidation}), the size
 * ({@code maxMessageSize}) and the rate ({@code rateLimit}), and puts the datagram in a bounded queue
 * ({@code messageQueue.maxSize}); when the queue is full it waits for room, at most {@code queueFullWait}
 * (1 s) in total per episode, while the socket's receive buffer holds what keeps arriving, so that a burst
 * the workers catch up with is processed whole; a sustained flood uses that budget up and is dropped at
 * once. Workers process at most {@code messageQueue.maxConcurrent} datagrams at once, enrichments still
 * waiting included. A datagram that is rejected, oversize, over the rate limit, finds no room in the
 * queue, is invalid, a duplicate, or whose enrichment fails is counted ({@link #stats()}) and logged as a
 * WARN, the first at once and then at most one summary line per {@code dropLogInterval}; nothing of it is
 * ever fatal. Datagrams the operating system drops because the socket's receive buffer
 * ({@code receiveBufferBytes}) overflowed are counted too where the system tells (Linux:
 * {@link EventServerStats#kernelDropped()}); the sender cannot know either way, as with Butler (UDP has no
 * acknowledgement).
 *
 * <h2>Threads</h2>
 * One receiving thread per port, one dispatcher, up to {@code min(maxConcurrent, 64)} worker threads (idle
 * ones end after a minute) and one timer thread; all daemon threads, stopped by {@code close()}. See
 * {@link SenseEventListener} for which thread calls the listener, and {@link ReloadTaskEnricher} for the
 * enricher.
 */
public final class SenseEventServer implements AutoCloseable {

    private final EventServerEngine engine;

    private SenseEventServer(EventServerEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts a server that hands its events to a listener: for an application that wants events, not MQTT.
     *
     * @param settings the settings
     * @param enricher turns failed and aborted reloads into events, e.g. {@link ReloadTaskEnricher#withoutQrs()}
     * @param listener receives every event; see {@link SenseEventListener} for threads
     * @return the started server
     * @throws NullPointerException if an argument is null
     * @throws EventServerStartException if a port cannot be bound, {@code serverHost} does not resolve, or
     *     none of {@code allowedSources} resolves
     */
    public static SenseEventServer start(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(enricher, "enricher");
        Objects.requireNonNull(listener, "listener");
        return new SenseEventServer(EventServerEngine.start(settings, enricher, listener));
    }

    /**
     * Starts a server that publishes every event through a publisher, such as
     * {@link ButlerMqttClient#publisher()}: Butler's MQTT job. Each publish future is followed: a failed one
     * is counted ({@link EventServerStats#publishFailed()}) and logged (rate-limited). The server does not
     * wait for the futures; close it before the MQTT client, whose own {@code close()} flushes its outbox.
     *
     * @param settings the settings
     * @param enricher turns failed and aborted reloads into events, e.g. {@link ReloadTaskEnricher#withoutQrs()}
     * @param publisher publishes every event (called on the worker threads; publishing must not block, as
     *     {@code ButlerMqttClient}'s does not)
     * @return the started server
     * @throws NullPointerException if an argument is null
     * @throws EventServerStartException if a port cannot be bound, {@code serverHost} does not resolve, or
     *     none of {@code allowedSources} resolves
     */
    public static SenseEventServer start(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventPublisher publisher) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(enricher, "enricher");
        Objects.requireNonNull(publisher, "publisher");
        return new SenseEventServer(EventServerEngine.startPublishing(settings, enricher, publisher));
    }

    /**
     * Starts a server that publishes every event, as {@link #start(EventServerSettings, ReloadTaskEnricher,
     * SenseEventPublisher)} does, and after each user audit event ({@code UserSessionEvent},
     * {@code UserConnectionEvent}) also the messages of Butler 5's active-user lists:
     * {@link ActiveUserTracker#update(io.butlermqtt.event.SenseEvent)} is called for the event and its
     * messages are published with {@link SenseEventPublisher#publish(String, String)} (so with the
     * publisher's QoS and retain flag), right after the event's own messages and in the order the tracker
     * changed. Their publish futures are followed and counted like the events' ({@link EventServerStats#published()},
     * {@link EventServerStats#publishFailed()}, {@link EventServerStats#publishPending()}).
     *
     * @param settings the settings
     * @param enricher turns failed and aborted reloads into events, e.g. {@link ReloadTaskEnricher#withQrs(QrsClient)}
     * @param publisher publishes every event and the tracker's messages (called on the worker threads; must not
     *     block)
     * @param activeUsers the tracker, typically {@code new ActiveUserTracker(mqttSettings)}; not shared with
     *     another server
     * @return the started server
     * @throws NullPointerException if an argument is null
     * @throws EventServerStartException if a port cannot be bound, {@code serverHost} does not resolve, or
     *     none of {@code allowedSources} resolves
     */
    public static SenseEventServer start(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventPublisher publisher, ActiveUserTracker activeUsers) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(enricher, "enricher");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(activeUsers, "activeUsers");
        return new SenseEventServer(EventServerEngine.startPublishing(settings, enricher, publisher, activeUsers));
    }

    /**
     * The address the task event port ({@code portTaskFailure}) is bound to: useful with port 0.
     *
     * @return the address, or empty when the server is disabled
     */
    public Optional<InetSocketAddress> taskEventAddress() {
        return engine.address(false);
    }

    /**
     * The address the user audit port ({@code portSessionConnectionEvents}) is bound to.
     *
     * @return the address, or empty when the server is disabled or has no such port
     */
    public Optional<InetSocketAddress> userAuditAddress() {
        return engine.address(true);
    }

    /**
     * A snapshot of the counters: every datagram received is counted once, as processed, ignored, dropped
     * (by reason) or pending. Cheap; thread-safe.
     *
     * @return the counters
     */
    public EventServerStats stats() {
        return engine.stats();
    }

    /**
     * Stops receiving (both ports are closed at once), waits up to {@code closeTimeout} for the queued and
     * in-flight datagrams, counts what is left in {@link EventServerStats#abandonedAtClose()} and logs it,
     * then stops the threads. Idempotent. Do not call it from the listener or the enricher.
     */
    @Override
    public void close() {
        engine.close();
    }
}
