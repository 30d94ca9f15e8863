package io.butlermqtt.examples.bench;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientState;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.TaskStartListener;
import io.butlermqtt.event.ReloadTaskFailed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The library side: each event is a {@code ReloadTaskFailed} made from fresh values and handed to
 * {@link SenseEventPublisher#publish}, which maps it to Butler's two messages and sends them. The
 * values (what the application knows about the failure) are made in {@link #prepare}, outside the
 * timed part, as the raw side's bytes are. With {@code buildInLoop} the event itself is built
 * (builder checks and deep copy of the task metadata) inside the timed loop; without it, before
 * every round ({@link #rewind}), outside the timed part too, so that the loop times exactly what
 * {@code publish(event)} costs for an event never published before (an event published a second
 * time reuses its metadata's encoded bytes, which would flatter the library). With {@code republish}
 * the same events are published every round (not rebuilt), so from the third round on their metadata
 * is copied from its kept bytes: what the library adds to the bare client when nearly no JSON is
 * encoded (only the event's own fields), a bound on how close {@code publish(event)} can come.
 */
final class LibrarySide implements Side {

    private final ButlerMqttClient client;
    private final SenseEventPublisher publisher;
    private final boolean buildInLoop;
    private final boolean republish;
    private long firstSeq;
    private SampleReloadFailure[] values = new SampleReloadFailure[0];
    private ReloadTaskFailed[] events = new ReloadTaskFailed[0];
    private CompletableFuture<?>[] futures = new CompletableFuture<?>[0];
    private int count;

    private LibrarySide(ButlerMqttClient client, boolean buildInLoop, boolean republish) {
        this.client = client;
        this.publisher = client.publisher();
        this.buildInLoop = buildInLoop;
        this.republish = republish;
    }

    /** Settings for a benchmark client: Butler's topics, the given version and QoS, the given outbox. */
    static MqttSettings settings(String host, int port, boolean mqtt5, int qos, int outboxCapacity, Duration closeTimeout) {
        return MqttSettings.builder()
                .brokerHost(host)
                .brokerPort(port)
                .taskFailureSendFull(true)
                // Butler's default root, qliksense/#, makes the broker send every event the client
                // publishes back to it; subscribe to the start-task topic only, so that publishing
                // is measured without receiving
                .topics(t -> t.subscriptionRootTopic("qliksense/start_task")
                        .taskStartTopic("qliksense/start_task"))
                .mqttVersion(mqtt5 ? MqttSettings.MqttVersion.MQTT_5 : MqttSettings.MqttVersion.MQTT_3_1_1)
                .qos(qos)
                .outbox(new MqttSettings.Outbox(outboxCapacity, closeTimeout))
                .build();
    }

    /** Starts a client and waits until it is connected. */
    static ButlerMqttClient connect(MqttSettings settings, TaskStartListener listener) {
        ButlerMqttClient client = listener == null ? ButlerMqttClient.start(settings)
                : ButlerMqttClient.start(settings, listener);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (client.state() != ClientState.CONNECTED) {
            if (System.nanoTime() > deadline) {
                client.close();
                throw new IllegalStateException("butler-mqtt client did not connect within 15 s: " + client.state());
            }
            Thread.onSpinWait();
        }
        return client;
    }

    static LibrarySide connect(String host, int port, boolean mqtt5, int qos, boolean buildInLoop) {
        // the outbox holds every message not yet acknowledged: make room for a whole burst
        return new LibrarySide(connect(settings(host, port, mqtt5, qos, 1_000_000, Duration.ofSeconds(30)), null),
                buildInLoop, false);
    }

    /** A library side that publishes the same events every round (see the class comment). */
    static LibrarySide connectRepublishing(String host, int port, boolean mqtt5, int qos) {
        return new LibrarySide(connect(settings(host, port, mqtt5, qos, 1_000_000, Duration.ofSeconds(30)), null),
                false, true);
    }

    @Override
    public String name() {
        return buildInLoop ? "library+build" : republish ? "library, republished" : "library";
    }

    @Override
    public void prepare(long firstSeq, int n) {
        this.firstSeq = firstSeq;
        values = new SampleReloadFailure[n];
        for (int i = 0; i < n; i++) {
            values[i] = SampleReloadFailure.next(firstSeq + i);
        }
        events = new ReloadTaskFailed[buildInLoop ? 0 : n];
        buildEvents();
        futures = new CompletableFuture<?>[n];
        count = 0;
    }

    /** New events (new metadata copies) from the values: never published before. */
    private void buildEvents() {
        for (int i = 0; i < events.length; i++) {
            events[i] = values[i].toEvent();
        }
    }

    @Override
    public void rewind() {
        java.util.Arrays.fill(futures, null);
        count = 0;
        if (!republish) {
            buildEvents();
        }
    }

    @Override
    public void publish(long seq) {
        int i = (int) (seq - firstSeq);
        futures[count++] = publisher.publish(buildInLoop ? values[i].toEvent() : events[i]);
    }

    @Override
    public void awaitAll(long timeoutSeconds) {
        try {
            CompletableFuture.allOf(java.util.Arrays.copyOf(futures, count)).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("library publishes did not complete: " + e + "; " + client.stats(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
