package io.butlermqtt.examples.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline sides: a bare HiveMQ async client publishing each event's two messages. What it
 * publishes comes from an {@link Encoding}: bytes serialised beforehand (the ceiling for
 * butler-mqtt, which sits on the same client), or inputs made beforehand that the loop turns into
 * bytes (the bare client plus an encoder: what the loop costs when an application serialises the
 * event itself).
 */
final class RawSide implements Side {

    /**
     * Makes an event's input outside the timed part, and its two payloads inside it.
     *
     * @param <T> the input
     */
    interface Encoding<T> {
        /** @return the input of event {@code seq}, made in {@link Side#prepare} (not timed) */
        T prepare(long seq);

        /** @return {short payload, full payload} of an input, made in the timed loop */
        byte[][] encode(T input);
    }

    /** Bytes serialised beforehand: the loop only publishes them. */
    static Encoding<byte[][]> preSerialised(java.util.function.LongFunction<byte[][]> serialiser) {
        return new Encoding<>() {
            @Override
            public byte[][] prepare(long seq) {
                return serialiser.apply(seq);
            }

            @Override
            public byte[][] encode(byte[][] input) {
                return input;
            }
        };
    }

    private final String name;
    private final RawPublisher client;
    private final String shortTopic;
    private final String fullTopic;
    private final MqttQos qos;
    private final Encoding<Object> encoding;
    private long firstSeq;
    private Object[] inputs = new Object[0];
    private CompletableFuture<?>[] futures = new CompletableFuture<?>[0];
    private int count;

    @SuppressWarnings("unchecked")
    RawSide(String name, RawPublisher client, String shortTopic, String fullTopic, int qos, Encoding<?> encoding) {
        this.name = name;
        this.client = client;
        this.shortTopic = shortTopic;
        this.fullTopic = fullTopic;
        this.qos = MqttQos.fromCode(qos);
        this.encoding = (Encoding<Object>) encoding;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(long firstSeq, int n) {
        this.firstSeq = firstSeq;
        inputs = new Object[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = encoding.prepare(firstSeq + i);
        }
        futures = new CompletableFuture<?>[2 * n];
        count = 0;
    }

    @Override
    public void rewind() {
        java.util.Arrays.fill(futures, null);
        count = 0;
    }

    @Override
    public void publish(long seq) {
        byte[][] m = encoding.encode(inputs[(int) (seq - firstSeq)]);
        futures[count++] = client.publish(shortTopic, m[0], qos);
        futures[count++] = client.publish(fullTopic, m[1], qos);
    }

    @Override
    public void awaitAll(long timeoutSeconds) {
        try {
            CompletableFuture.allOf(java.util.Arrays.copyOf(futures, count))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " publishes did not complete: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
