package io.butlermqtt;

import io.butlermqtt.internal.cloud.CloudClientAssembly;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Qlik Cloud app-reload events over MQTT, as Butler 13 and later do, and hands the failed
 * reloads to your {@link QlikCloudEventListener} (where Butler sends its Teams, Slack or e-mail alert).
 *
 * <h2>What it does</h2>
 * A gateway forwards Qlik Cloud's webhook events to an MQTT broker ({@code mqttForward.broker}). This
 * client connects to that broker (TLS on, as Butler's {@code mqtts://}; username and password), publishes
 * Butler's status message {@code Connected to MQTT broker "mqtts://<host>:<port>" with client ID <id>} on
 * {@value QlikCloudSettings#STATUS_TOPIC} on every connect, and subscribes to
 * {@link QlikCloudSettings#subscriptionRootTopic()} at QoS 1. A message is handed to the listener when,
 * as in Butler, its topic starts with {@link QlikCloudSettings#appReloadTopic()}, its JSON has
 * {@code eventType} {@code com.qlik.v1.app.reload.finished} and {@code data.status} {@code error}, and its
 * {@code extensions.tenantId} is {@link QlikCloudSettings#tenantId()} (and {@code Butler.qlikSenseCloud.enable}
 * is on). With {@link QlikCloudSettings#deliverSuccessfulReloads()} successful reloads are delivered too.
 * Nothing else is ever published.
 *
 * <h2>Lifecycle</h2>
 * <pre>{@code
 * ButlerConfig config = ButlerYamlConfig.loadConfig(Path.of("production.yaml"));
 * try (QlikCloudEventClient cloud = QlikCloudEventClient.start(config.qlikCloud(), ctx -> alerts.send(ctx.event()))) {
 *     ...
 * }
 * }</pre>
 * {@code start} checks the TLS files and returns at once; the client connects in the background and
 * reconnects by itself after any outage (exponential backoff with full jitter), logging one line per state
 * change; it stops reconnecting when another client keeps taking its session (same client ID).
 * {@link #close()} disconnects and stops the client's threads, all of them daemon threads.
 *
 * <h2>Bad input</h2>
 * A message that is not JSON, is larger than {@link QlikCloudSettings#maxPayloadBytes()}, is nested deeper
 * than {@link QlikCloudSettings#maxDepth()}, or lacks a field the filters need ({@code eventType},
 * {@code data.status}, {@code extensions.tenantId}) is dropped; events of another tenant are skipped. Each
 * kind is counted in {@link #stats()} and logged as a WARN, the first at once and then at most once a
 * minute with the count; nothing of it ever stops the client. A payload that is not valid UTF-8 is read
 * as Node.js (and so Butler) reads it, each bad byte sequence becoming U+FFFD, and counted.
 *
 * <h2>Several instances</h2>
 * With {@link QlikCloudSettings#sharedSubscriptionGroup()} the client subscribes to
 * {@code $share/<group>/<subscriptionRoot>}, so the broker gives each event to one member: N instances send
 * one alert. With {@code connection.persistentSession} and a fixed client ID, events that arrive while the
 * application is down are delivered when it is back (messages are acknowledged after the listener).
 *
 * <h2>Disabled</h2>
 * When {@link QlikCloudSettings#enabled()} is false (Butler's {@code mqttForward.enable: false}) the client
 * connects nowhere and {@link #state()} is {@link ClientState#DISCONNECTED}; callers need no if-statements.
 */
public final class QlikCloudEventClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QlikCloudEventClient.class);

    /** Most listener calls the client's own pool runs at once; more wait in its queue. */
    public static final int LISTENER_THREADS = 16;

    private final CloudClientAssembly live;
    private volatile boolean closed;

    private QlikCloudEventClient(CloudClientAssembly live) {
        this.live = live;
    }

    /**
     * Starts the client; listener calls run on a pool the client owns (up to {@value #LISTENER_THREADS} at
     * once, daemon threads named {@code butler-mqtt-qlik-cloud-*}, stopped by {@link #close()}).
     *
     * @param settings the settings, e.g. {@code ButlerConfig.qlikCloud()}
     * @param listener called for every delivered event
     * @return the started client, connecting in the background
     * @throws NullPointerException when an argument is null
     * @throws InvalidSettingsException when a TLS file named in the settings is missing, unreadable, not
     *     PEM, or a key that does not match its certificate; its problem names the setting, the file and
     *     the reason
     */
    public static QlikCloudEventClient start(QlikCloudSettings settings, QlikCloudEventListener listener) {
        return startClient(settings, listener, null);
    }

    /**
     * Starts the client; listener calls run on {@code listenerExecutor}, which decides how many run at once
     * (a single-thread executor handles events one after the other). Calls still count against
     * {@link QlikCloudSettings#listenerTimeout()} while they wait in its queue. The client does not shut it
     * down.
     *
     * @param settings the settings
     * @param listener called for every delivered event
     * @param listenerExecutor runs the listener calls
     * @return the started client, connecting in the background
     * @throws NullPointerException when an argument is null
     * @throws InvalidSettingsException when a TLS file named in the settings cannot be used (see
     *     {@link #start(QlikCloudSettings, QlikCloudEventListener)})
     */
    public static QlikCloudEventClient start(QlikCloudSettings settings, QlikCloudEventListener listener,
            Executor listenerExecutor) {
        return startClient(settings, listener, Objects.requireNonNull(listenerExecutor, "listenerExecutor"));
    }

    private static QlikCloudEventClient startClient(QlikCloudSettings settings, QlikCloudEventListener listener,
            Executor executor) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        if (!settings.enabled()) {
            LOG.info("Qlik Cloud events are disabled in the settings (mqttConfig.enable or "
                    + "qlikSenseCloud.event.mqttForward.enable is false): not connecting");
            return new QlikCloudEventClient(null);
        }
        return new QlikCloudEventClient(CloudClientAssembly.start(settings, listener, executor, LISTENER_THREADS));
    }

    /**
     * The connection state now: {@link ClientState#CONNECTED} once the subscription is acknowledged.
     *
     * @return the state
     */
    public ClientState state() {
        if (live == null) {
            return closed ? ClientState.CLOSED : ClientState.DISCONNECTED;
        }
        return live.state();
    }

    /**
     * The client ID this client connects with: {@code connection.clientId}, or the generated
     * {@code butler-mqtt-<hostname>-<random>}. Empty when disabled.
     *
     * @return the client ID
     */
    public String clientId() {
        return live == null ? "" : live.clientId();
    }

    /**
     * A snapshot of the counters: what was received, delivered, ignored and dropped, and how the listener
     * fared.
     *
     * @return the counters now
     */
    public QlikCloudStats stats() {
        if (live == null) {
            return new QlikCloudStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        }
        return live.stats();
    }

    /**
     * Closes in order: with a clean session the subscription is cancelled first (so the broker gives new
     * events to the other members of a shared group), with a persistent session new events are left to the
     * broker; listener calls in progress get up to 10 s to finish and acknowledge; then the client
     * disconnects and stops its threads. An event not acknowledged by then is delivered again by the broker
     * (with a persistent session, to this client ID when it returns; with a shared subscription, possibly to
     * another member). Idempotent. Do not call it from a listener.
     */
    @Override
    public void close() {
        closed = true;
        if (live != null) {
            live.close();
        }
    }

    @Override
    public String toString() {
        return "QlikCloudEventClient{clientId=" + clientId() + ", state=" + state() + '}';
    }
}
