package io.butlermqtt.internal.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.reactivex.subscribers.DisposableSubscriber;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over the HiveMQ MQTT client 1.4 (async API), MQTT 3.1.1 or 5.
 *
 * <p>Facts this relies on (HiveMQ client 1.4.2): the client object keeps its session state across
 * {@code connect()} calls; connected listeners run on the Netty thread after the session was resumed
 * and before any message of the connection is delivered; disconnected listeners run for lost
 * connections and for failed attempts, before the client state is back to DISCONNECTED; the global
 * publish callback registered before the first connect also receives messages that a resumed session
 * delivers (the {@code REMAINING} flow); publish futures complete on the client's application
 * scheduler, never synchronously. Automatic reconnect is off: the engine reconnects itself, and never
 * publishes while not connected (the client would queue without bound, or block).
 *
 * <p>Threads (so that the JVM can always exit after {@code close()}): by default the HiveMQ client runs
 * its network I/O on a JVM-wide group of non-daemon threads named {@code com.hivemq.client.mqtt-*},
 * which stays alive as long as anything holds it: the global publish flow from the moment it is
 * registered (so a client that never connected kept it forever), and every session that has not
 * ended (a persistent session never ends on the client side with MQTT 3.1.1, and only after the
 * session expiry with MQTT 5). This transport therefore gives each client its own single daemon I/O
 * thread ({@code butler-mqtt-io-<clientId>-<n>}), and {@link #release()} cancels the global publish
 * flow, so that with a clean session the thread ends when the client disconnects. A persistent
 * session that still holds unacknowledged outgoing messages keeps its (daemon) thread until the
 * client object is garbage collected; it never keeps the JVM alive.
 *
 * <p>Internal: may change in any release.
 */
public final class HiveMqTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqTransport.class);

    private final ConnectionSpec spec;
    private final Mqtt3AsyncClient client3;
    private final Mqtt5AsyncClient client5;
    private final Events events;
    /** The subscriber of the global publish flow now; replaced when a session ends (guarded by this). */
    private InboundSubscriber inbound;
    private boolean released;

    /**
     * Builds the client and registers the listeners and the publish callback; does not connect.
     *
     * @param spec the connection
     * @param events where to report
     */
    public HiveMqTransport(ConnectionSpec spec, Events events) {
        this.spec = spec;
        this.events = events;
        MqttClientTransportConfigBuilder transport = MqttClientTransportConfig.builder()
                .serverHost(spec.host())
                .serverPort(spec.port())
                .socketConnectTimeout(spec.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(spec.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (spec.tls().isPresent()) {
            transport = transport.sslConfig((MqttClientSslConfig) spec.tls().get());
        }
        MqttClientBuilder b = MqttClient.builder()
                .identifier(spec.clientId())
                .transportConfig(transport.build())
                .executorConfig(MqttClientExecutorConfig.builder()
                        .nettyExecutor(daemonThreads("butler-mqtt-io-" + spec.clientId() + "-"))
                        .nettyThreads(1)
                        .build());
        b = b.addDisconnectedListener(ctx -> onDisconnected(ctx, events));
        // the global flow is registered before the first connect, so that it also receives what a
        // resumed session delivers; it is cancelled by release()
        if (spec.version() == MqttVersion.MQTT_5) {
            client3 = null;
            client5 = b.useMqttVersion5()
                    .addConnectedListener(ctx -> {
                        var ack = ((Mqtt5ClientConnectedContext) ctx).getConnAck();
                        int max = ack.getRestrictions().getMaximumPacketSize();
                        events.onConnected(ack.isSessionPresent(),
                                max >= Mqtt5ConnAckRestrictions.DEFAULT_MAXIMUM_PACKET_SIZE_NO_LIMIT ? 0 : max);
                    })
                    .buildAsync();
            subscribeInbound();
        } else {
            client5 = null;
            client3 = b.useMqttVersion3()
                    .addConnectedListener(ctx -> events.onConnected(
                            ((Mqtt3ClientConnectedContext) ctx).getConnAck().isSessionPresent(), 0))
                    .buildAsync();
            subscribeInbound();
        }
    }

    /** Like Netty's thread-per-task executor, with daemon threads: Netty starts one per event loop. */
    private static Executor daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.start();
        };
    }

    /**
     * Registers the global publish flow. The HiveMQ client ends it with {@code MqttSessionExpiredException}
     * whenever a session ends, which with a clean session is every lost connection: {@link #flowEnded}
     * then registers a new one before the next connection delivers anything, so that messages after a
     * reconnect still reach the engine.
     */
    private synchronized void subscribeInbound() {
        if (released) {
            return;
        }
        inbound = new InboundSubscriber();
        (client5 != null ? client5.toRx().publishes(MqttGlobalPublishFilter.ALL, true).map(HiveMqTransport::incoming)
                : client3.toRx().publishes(MqttGlobalPublishFilter.ALL, true).map(HiveMqTransport::incoming))
                .subscribe(inbound);
    }

    private synchronized boolean released() {
        return released;
    }

    /**
     * Receives the global publish flow. Unlike a lambda subscriber it never hands an error to RxJava's
     * global error handler (which prints an {@code UndeliverableException} stack trace): the session's end
     * is announced asynchronously and can arrive after {@link #release()} cancelled the flow.
     */
    private final class InboundSubscriber extends DisposableSubscriber<Incoming> {
        private volatile boolean cancelled;

        @Override
        public void onNext(Incoming message) {
            if (!cancelled) {
                events.onMessage(message); // after release() it stays unacknowledged, for the broker to redeliver
            }
        }

        @Override
        public void onError(Throwable error) {
            LOG.debug("The incoming message flow ended: {}", error.toString());
            if (!cancelled && !released()) {
                subscribeInbound();
            }
        }

        @Override
        public void onComplete() {
            LOG.debug("The incoming message flow completed");
        }

        void stop() {
            cancelled = true;
            dispose();
        }
    }

    private static Incoming incoming(Mqtt5Publish p) {
        return new Incoming(p.getTopic().toString(), p.getPayload().orElse(ByteBuffer.allocate(0)), p::acknowledge);
    }

    private static Incoming incoming(Mqtt3Publish p) {
        return new Incoming(p.getTopic().toString(), p.getPayload().orElse(ByteBuffer.allocate(0)), p::acknowledge);
    }

    private static void onDisconnected(MqttClientDisconnectedContext ctx, Events events) {
        Throwable cause = ctx.getCause();
        boolean takenOver = cause instanceof Mqtt5DisconnectException
                && ((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode()
                        == Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER;
        events.onDisconnected(cause, ctx.getSource() == MqttDisconnectSource.SERVER,
                ctx.getSource() == MqttDisconnectSource.USER, takenOver);
    }

    @Override
    public CompletableFuture<Void> connect() {
        if (client5 != null) {
            Mqtt5ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck>> c =
                    client5.connectWith()
                            .keepAlive((int) spec.keepAlive().toSeconds())
                            .cleanStart(!spec.persistentSession())
                            .sessionExpiryInterval(spec.persistentSession() ? spec.sessionExpiry().toSeconds() : 0);
            if (spec.username().isPresent()) {
                c = c.simpleAuth()
                        .username(spec.username().get())
                        .password(spec.password().orElse(new byte[0]))
                        .applySimpleAuth();
            }
            if (spec.will().isPresent()) {
                ConnectionSpec.Will w = spec.will().get();
                c = c.willPublish()
                        .topic(w.topic()).payload(w.payload()).qos(qos(w.qos())).retain(w.retain())
                        .applyWillPublish();
            }
            return c.send().thenApply(a -> null);
        }
        Mqtt3ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>> c =
                client3.connectWith()
                        .keepAlive((int) spec.keepAlive().toSeconds())
                        .cleanSession(!spec.persistentSession());
        if (spec.username().isPresent()) {
            var auth = c.simpleAuth().username(spec.username().get());
            c = spec.password().isPresent() ? auth.password(spec.password().get()).applySimpleAuth()
                    : auth.applySimpleAuth();
        }
        if (spec.will().isPresent()) {
            ConnectionSpec.Will w = spec.will().get();
            c = c.willPublish()
                    .topic(w.topic()).payload(w.payload()).qos(qos(w.qos())).retain(w.retain())
                    .applyWillPublish();
        }
        return c.send().thenApply(a -> null);
    }

    @Override
    public CompletableFuture<?> publish(String topic, ByteBuffer payload, int qos, boolean retain) {
        // the client's own future, no extra stage: it fails when the result carries an error (MQTT 5
        // reason code), see MqttAckSingle
        if (client5 != null) {
            return client5.publish(Mqtt5Publish.builder()
                    .topic(topic).payload(payload).qos(qos(qos)).retain(retain).build());
        }
        return client3.publish(Mqtt3Publish.builder()
                .topic(topic).payload(payload).qos(qos(qos)).retain(retain).build());
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos) {
        if (client5 != null) {
            return client5.subscribeWith().topicFilter(filter).qos(qos(qos)).send().thenApply(ack -> {
                for (Mqtt5SubAckReasonCode code : ack.getReasonCodes()) {
                    if (code.isError()) {
                        throw new IllegalStateException("the broker refused the subscription to " + filter + ": "
                                + code + ack.getReasonString().map(s -> " (" + s + ")").orElse(""));
                    }
                }
                return null;
            });
        }
        return client3.subscribeWith().topicFilter(filter).qos(qos(qos)).send().thenApply(ack -> {
            if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                throw new IllegalStateException("the broker refused the subscription to " + filter
                        + " (SUBACK return code FAILURE: not authorized, or shared subscriptions not supported?)");
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        if (client5 != null) {
            return client5.unsubscribeWith().topicFilter(filter).send().thenApply(ack -> {
                for (Mqtt5UnsubAckReasonCode code : ack.getReasonCodes()) {
                    if (code.isError()) {
                        throw new IllegalStateException("the broker refused to unsubscribe from " + filter + ": " + code);
                    }
                }
                return null;
            });
        }
        return client3.unsubscribeWith().topicFilter(filter).send();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client5 != null ? client5.disconnect() : client3.disconnect();
    }

    @Override
    public synchronized void release() {
        released = true;
        inbound.stop();
    }

    @Override
    public boolean isRetryable(Throwable error) {
        return error instanceof ConnectionClosedException
                || error instanceof ConnectionFailedException
                || error instanceof MqttSessionExpiredException
                || error instanceof MqttClientStateException;
    }

    @Override
    public String describe(Throwable error) {
        String d = describeRaw(error);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    private static String describeRaw(Throwable error) {
        if (error instanceof Mqtt3ConnAckException) {
            var code = ((Mqtt3ConnAckException) error).getMqttMessage().getReturnCode();
            return "the broker refused the connection: " + code + hint(code.name());
        }
        if (error instanceof Mqtt5ConnAckException) {
            var ack = ((Mqtt5ConnAckException) error).getMqttMessage();
            return "the broker refused the connection: " + ack.getReasonCode()
                    + ack.getReasonString().map(s -> " (" + s + ")").orElse("") + hint(ack.getReasonCode().name());
        }
        if (error instanceof Mqtt5DisconnectException) {
            var d = ((Mqtt5DisconnectException) error).getMqttMessage();
            return "disconnected with reason " + d.getReasonCode() + d.getReasonString().map(s -> " (" + s + ")").orElse("");
        }
        if (error instanceof Mqtt5PubAckException) {
            var a = ((Mqtt5PubAckException) error).getMqttMessage();
            return "the broker refused the message: " + a.getReasonCode() + a.getReasonString().map(s -> " (" + s + ")").orElse("");
        }
        if (error instanceof Mqtt5PubRecException) {
            var a = ((Mqtt5PubRecException) error).getMqttMessage();
            return "the broker refused the message: " + a.getReasonCode() + a.getReasonString().map(s -> " (" + s + ")").orElse("");
        }
        if (error instanceof Mqtt3SubAckException || error instanceof Mqtt5SubAckException) {
            return "the broker refused the subscription: " + error.getMessage();
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        if (root == error) {
            return msg == null ? error.getClass().getSimpleName() : msg;
        }
        return (msg == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + msg);
    }

    private static String hint(String code) {
        switch (code) {
            case "NOT_AUTHORIZED":
            case "BAD_USER_NAME_OR_PASSWORD":
                return " (check credentials.username / credentials.password, or the client certificate)";
            case "IDENTIFIER_REJECTED":
            case "CLIENT_IDENTIFIER_NOT_VALID":
                return " (check connection.clientId)";
            case "UNSUPPORTED_PROTOCOL_VERSION":
                return " (try connection.mqttVersion MQTT_3_1_1)";
            default:
                return "";
        }
    }

    private static MqttQos qos(int qos) {
        MqttQos q = MqttQos.fromCode(qos);
        if (q == null) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, but was " + qos);
        }
        return q;
    }
}
