package io.butlermqtt.examples.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.examples.bench.SampleReloadFailure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What it costs to turn one realistic failed reload (~2.6 KB full JSON with nested task metadata)
 * into Butler's two messages: butler-mqtt's {@code messagesFor}, against Jackson serialising the
 * same payload (Jackson is here only as the yardstick; the library does not use it).
 *
 * <p>Fresh values every event: {@link #messagesFor} and {@link #buildAndMessagesFor} get a batch of
 * {@value #BATCH} events (or their values) made just before each invocation, never seen by the
 * library before, as an application hands over an event it has just built. That matters because an
 * event's metadata keeps its encoded bytes once it has been written twice (a retry, a second
 * broker): {@link #messagesForRepublished} cycles through 256 events and so measures that reuse.
 * JMH's {@code -prof gc} counts what the per-invocation set-up allocates too, so the two fresh
 * benchmarks' {@code gc.alloc.rate.norm} is not the library's; {@code EncodeCpuTime} measures that
 * exactly (the thread's allocation counter around the calls only), and the ring benchmarks'
 * figures are the library's alone.
 *
 * <p>{@link #getBytesYardstick} is the same-machine yardstick: the JDK's own intrinsic turning the
 * same text into the same bytes ({@code String.getBytes(UTF_8)} of a batch of both messages'
 * payloads, made fresh as the events are). The machines these run on differ by 2x or more in
 * absolute figures (see {@code docs/performance.md}), so compare {@code messagesFor} with it, as a
 * multiple, rather than with a number of microseconds measured elsewhere.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pjmh verify} from the repository root (add
 * {@code -Djmh.args="MessagesForBenchmark -prof gc -f 1 -wi 3 -i 5"} to change JMH's options).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MessagesForBenchmark {

    /** Events made fresh before each invocation of the fresh benchmarks. */
    static final int BATCH = 16;
    private static final int POOL = 256;

    private final ObjectMapper jackson = new ObjectMapper();
    private final SenseEventPublisher publisher = SenseEventPublisher.dryRun(MqttSettings.builder().build());
    private SampleReloadFailure[] samples;
    private Map<String, Object>[] maps;
    private ReloadTaskFailed[] events;
    private int next;

    /** The values of one invocation's events, made fresh before it (not timed). */
    @State(Scope.Thread)
    public static class FreshValues {
        final SampleReloadFailure[] values = new SampleReloadFailure[BATCH];
        long seq;

        /** Makes {@value MessagesForBenchmark#BATCH} new sets of values. */
        @Setup(Level.Invocation)
        public void make() {
            for (int i = 0; i < BATCH; i++) {
                values[i] = SampleReloadFailure.next(seq++);
            }
        }
    }

    /** One invocation's events, built fresh before it (not timed). */
    @State(Scope.Thread)
    public static class FreshEvents {
        final ReloadTaskFailed[] events = new ReloadTaskFailed[BATCH];
        long seq;

        /** Makes {@value MessagesForBenchmark#BATCH} new events. */
        @Setup(Level.Invocation)
        public void make() {
            for (int i = 0; i < BATCH; i++) {
                events[i] = SampleReloadFailure.next(seq++).toEvent();
            }
        }
    }

    /**
     * One invocation's payloads as text (the short and the full message of fresh events, decoded),
     * made fresh before it (not timed), for the yardstick.
     */
    @State(Scope.Thread)
    public static class FreshTexts {
        private final SenseEventPublisher publisher = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        final String[] texts = new String[2 * BATCH];
        long seq;

        /** Makes the texts of {@value MessagesForBenchmark#BATCH} new events. */
        @Setup(Level.Invocation)
        public void make() {
            for (int i = 0; i < BATCH; i++) {
                List<MqttMessage> m = publisher.messagesFor(SampleReloadFailure.next(seq++).toEvent());
                texts[2 * i] = new String(m.get(0).payload(), StandardCharsets.UTF_8);
                texts[2 * i + 1] = new String(m.get(1).payload(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Makes 256 different events (fresh values each) to cycle through. */
    @Setup
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setUp() {
        samples = new SampleReloadFailure[POOL];
        maps = new Map[POOL];
        events = new ReloadTaskFailed[POOL];
        for (int i = 0; i < POOL; i++) {
            samples[i] = SampleReloadFailure.next(i);
            maps[i] = samples[i].butlerFullPayload();
            events[i] = samples[i].toEvent();
        }
        List<MqttMessage> m = publisher.messagesFor(events[0]);
        if (m.size() != 2 || m.get(1).payloadSize() < 2000) {
            throw new IllegalStateException("expected a short and a ~2.6 KB full message, got " + m);
        }
    }

    /**
     * butler-mqtt: the short and the full message (topics, payload bytes, QoS) for one event seen
     * for the first time (time per event).
     *
     * @param fresh events made just before
     * @param bh    takes the messages
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void messagesFor(FreshEvents fresh, Blackhole bh) {
        for (ReloadTaskFailed e : fresh.events) {
            bh.consume(publisher.messagesFor(e));
        }
    }

    /**
     * What {@code publish(event)} costs the application before the outbox: building the library's
     * immutable event from fresh values (the builder checks them and copies the task metadata),
     * then {@code messagesFor} (time per event).
     *
     * @param fresh values made just before
     * @param bh    takes the messages
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void buildAndMessagesFor(FreshValues fresh, Blackhole bh) {
        for (SampleReloadFailure v : fresh.values) {
            bh.consume(publisher.messagesFor(v.toEvent()));
        }
    }

    /**
     * The yardstick: {@code String.getBytes(UTF_8)} of one event's two payloads, given as text made
     * just before (time per event). The same bytes out as {@link #messagesFor}, by the JDK's
     * vectorised intrinsic, with none of the JSON work: the floor of any encoder on this machine
     * and JVM, against which {@code messagesFor} is read as a multiple.
     *
     * @param fresh texts made just before
     * @param bh    takes the bytes
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void getBytesYardstick(FreshTexts fresh, Blackhole bh) {
        String[] texts = fresh.texts;
        for (int i = 0; i < texts.length; i += 2) {
            bh.consume(texts[i].getBytes(StandardCharsets.UTF_8));
            bh.consume(texts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code messagesFor} for events published before (256 in turn): a retry, or a second broker;
     * the metadata's kept bytes are copied instead of encoded.
     *
     * @return the messages
     */
    @Benchmark
    public List<MqttMessage> messagesForRepublished() {
        return publisher.messagesFor(events[next++ & (POOL - 1)]);
    }

    /**
     * Building the library's immutable event from the application's values (the builder checks
     * them and deep-copies the task metadata), 256 sets of values in turn (each build makes new
     * copies, so nothing is reused).
     *
     * @return the event
     */
    @Benchmark
    public ReloadTaskFailed buildEvent() {
        return samples[next++ & (POOL - 1)].toEvent();
    }

    /**
     * Jackson: the short message's bytes and the full JSON, from a map in Butler's key order.
     *
     * @return both payloads
     * @throws Exception never, in practice
     */
    @Benchmark
    public byte[][] jackson() throws Exception {
        int i = next++ & (POOL - 1);
        return new byte[][] {samples[i].taskName().getBytes(StandardCharsets.UTF_8),
            jackson.writeValueAsBytes(maps[i])};
    }
}
