package io.butlermqtt.examples.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/** The baseline side: a bare HiveMQ async client publishing pre-serialised messages. */
final class RawSide implements Side {

    private final RawPublisher client;
    private final String shortTopic;
    private final String fullTopic;
    private final MqttQos qos;
    private final LongFunction<byte[][]> serialiser;
    private long firstSeq;
    private byte[][] shorts = new byte[0][];
    private byte[][] fulls = new byte[0][];
    private CompletableFuture<?>[] futures = new CompletableFuture<?>[0];
    private int count;

    /**
     * @param serialiser seq -> {short payload, full payload}; called in {@link #prepare} only
     */
    RawSide(RawPublisher client, String shortTopic, String fullTopic, int qos, LongFunction<byte[][]> serialiser) {
        this.client = client;
        this.shortTopic = shortTopic;
        this.fullTopic = fullTopic;
        this.qos = MqttQos.fromCode(qos);
        this.serialiser = serialiser;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public void prepare(long firstSeq, int n) {
        this.firstSeq = firstSeq;
        shorts = new byte[n][];
        fulls = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[][] m = serialiser.apply(firstSeq + i);
            shorts[i] = m[0];
            fulls[i] = m[1];
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
        int i = (int) (seq - firstSeq);
        futures[count++] = client.publish(shortTopic, shorts[i], qos);
        futures[count++] = client.publish(fullTopic, fulls[i], qos);
    }

    @Override
    public void awaitAll(long timeoutSeconds) {
        try {
            CompletableFuture.allOf(java.util.Arrays.copyOf(futures, count))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("raw publishes did not complete: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
