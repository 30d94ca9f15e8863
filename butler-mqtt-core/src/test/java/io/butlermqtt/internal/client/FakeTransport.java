package io.butlermqtt.internal.client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A transport for engine tests: records every call in order ({@link #calls()}), connects at once
 * when {@link #brokerUp} is set (reporting {@code onConnected} first, as the HiveMQ client does),
 * acknowledges publishes at once unless {@link #frozen}, and lets the test drop the connection or
 * deliver messages.
 */
final class FakeTransport implements Transport {

    final Events events;
    private final List<String> calls = new ArrayList<>();
    volatile boolean brokerUp = true;
    /** A broker that accepted the connection and then stopped answering: nothing completes. */
    volatile boolean frozen;
    volatile boolean connected;
    private int acks;

    FakeTransport(Events events) {
        this.events = events;
    }

    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    synchronized long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public CompletableFuture<Void> connect() {
        record("connect");
        if (!brokerUp) {
            events.onDisconnected(new IllegalStateException("refused"), false, false, false);
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }
        connected = true;
        events.onConnected(false, 0);
        return CompletableFuture.completedFuture(null);
    }

    /** The connection breaks (not by this client). */
    void drop(boolean byBroker) {
        connected = false;
        events.onDisconnected(new IllegalStateException("connection lost"), byBroker, false, false);
    }

    /** A message arrives; its acknowledgement is recorded as {@code ack <text>}. */
    void deliver(String topic, String text) {
        events.onMessage(new Incoming(topic, ByteBuffer.wrap(text.getBytes()).asReadOnlyBuffer(),
                () -> record("ack " + text)));
    }

    @Override
    public CompletableFuture<?> publish(String topic, ByteBuffer payload, int qos, boolean retain) {
        record("publish " + topic);
        return frozen ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos) {
        record("subscribe " + filter);
        return frozen ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        record("unsubscribe " + filter);
        return frozen ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        record("disconnect");
        if (frozen) {
            return new CompletableFuture<>();
        }
        connected = false;
        events.onDisconnected(null, false, true, false);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void release() {
        record("release");
    }

    @Override
    public boolean isRetryable(Throwable error) {
        return error instanceof IllegalStateException;
    }

    @Override
    public String describe(Throwable error) {
        return String.valueOf(error.getMessage());
    }
}
