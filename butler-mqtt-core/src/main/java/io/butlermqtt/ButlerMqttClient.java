package io.butlermqtt;

import io.butlermqtt.internal.client.ClientAssembly;
import io.butlermqtt.internal.client.ClientHandle;
import java.util.Objects;
import java.util.concurrent.Executor;

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
 * {@code reconnect.initialDelay} and {@code reconnect.maxDelay}; the first attempt after a lost
 * connection comes within {@code reconnect.initialDelay}), logging one line per state change.
 * {@link #close()} stops accepting publishes, lets running listener calls finish, waits up to
 * {@code outbox.closeTimeout} for the messages still waiting, then disconnects cleanly; see there for
 * the order.
 *
 * <h2>Publishing</h2>
 * {@link #publisher()} returns futures that complete when the broker has the message (QoS 1 and 2) or
 * it was written to the connection (QoS 0). A message published before the first connection or during
 * an outage waits in the bounded outbox ({@code outbox.capacity} messages, default 10,000) and goes out,
 * in order, once connected; a message that was in flight when the connection broke is sent again (so
 * QoS 1 is at-least-once, also across a broker restart). When the outbox is full, the future fails at
 * once with {@link OutboxFullException}; the caller's thread never blocks. After {@code close()},
 * publishes fail with {@link ClientClosedException}. A message larger than {@code delivery.maxMessageBytes}
 * (or, with MQTT 5, than the broker's announced maximum packet size) fails at once with
 * {@link MessageTooLargeException}; a message the broker answers by dropping the connection is given up
 * after the connection was lost three times right after it was sent ({@link PublishFailedException},
 * {@link ClientStats#messagesGivenUp()}), so that it cannot block the messages behind it. Nothing is
 * dropped without a failed future, and every refusal is counted in {@link #stats()}.
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
 * thread, one network I/O thread and, unless you pass an executor, a pool for listener calls; all are
 * daemon threads, stopped by {@code close()}, so the JVM can exit after {@code close()} whether the
 * client ever connected or not, with a clean or a persistent session. Do not call {@code close()} from a
 * listener or a future callback: it waits for them and for the outbox.
 *
 * <h2>Disabled</h2>
 * With {@code enabled(false)} (Butler's {@code enable: false}) the client connects nowhere, its
 * publishes complete at once with {@link PublishResult.Outcome#SKIPPED_DISABLED}, and
 * {@link #state()} is {@link ClientState#DISCONNECTED}; callers need no if-statements.
 */
public final class ButlerMqttClient implements AutoCloseable {

    /** Most listener calls the client's own pool runs at once; more wait in its queue. */
    public static final int LISTENER_THREADS = 64;

    private final ClientHandle handle;

    private ButlerMqttClient(ClientHandle handle) {
        this.handle = handle;
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
        return new ButlerMqttClient(ClientAssembly.start(settings, listener, executor));
    }

    /**
     * The publisher of this client: maps Sense events to Butler's messages and publishes them through
     * the outbox. Thread-safe; the same instance on every call.
     *
     * @return the publisher
     */
    public SenseEventPublisher publisher() {
        return handle.publisher();
    }

    /**
     * The connection state now.
     *
     * @return the state
     */
    public ClientState state() {
        return handle.state();
    }

    /**
     * The client ID this client connects with: {@code connection.clientId}, {@code azureEventGrid.clientId},
     * or the generated {@code butler-mqtt-<hostname>-<random>}. Empty when MQTT is disabled.
     *
     * @return the client ID
     */
    public String clientId() {
        return handle.clientId();
    }

    /**
     * A snapshot of the counters: what was published, refused, dropped, and how the listener fared.
     *
     * @return the counters now
     */
    public ClientStats stats() {
        return handle.stats();
    }

    /**
     * Closes the client in order, so that no publish and no start-task command is lost on the way:
     * <ol>
     *   <li>New publishes fail with {@link ClientClosedException}. With a clean session (the default)
     *       the client unsubscribes from the start-task topic, so that the broker gives new commands to
     *       the other members of a shared-subscription group; with {@code connection.persistentSession}
     *       it stays subscribed (the broker keeps queueing commands for the session) and leaves commands
     *       that arrive from now on unacknowledged, so the broker delivers them again when the session
     *       resumes.</li>
     *   <li>It waits until the broker has every message still in the outbox, and until every
     *       listener call in progress has returned and its command is acknowledged. With a clean session
     *       that includes the commands the broker had already sent to this client before the
     *       unsubscription took effect (it waits until none arrived for a moment): they are handled here,
     *       not lost.</li>
     *   <li>All of this within {@code outbox.closeTimeout} (default 10 s). Messages still waiting then
     *       fail with {@code ClientClosedException}; commands whose listener call is still running stay
     *       unacknowledged, and whether the broker delivers them again depends on the broker (to this
     *       client ID's persistent session; HiveMQ also to another member of a shared group; mosquitto
     *       does not for clean sessions). Each case is logged as a WARN.</li>
     *   <li>It publishes the availability "offline" message when enabled, disconnects (the
     *       acknowledgements go out before the DISCONNECT) and stops its threads, taking at most about
     *       one more second even when the broker does not answer.</li>
     * </ol>
     * Afterwards no thread of the client keeps the JVM alive. Idempotent: later calls return at once.
     * Do not call it from a listener or a future callback: it waits for them.
     */
    @Override
    public void close() {
        handle.close();
    }

    /** Shows the client ID and the state. */
    @Override
    public String toString() {
        return "ButlerMqttClient{clientId=" + handle.clientId() + ", state=" + state() + '}';
    }
}
