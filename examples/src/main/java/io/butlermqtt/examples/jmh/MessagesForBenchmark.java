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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to turn one realistic failed reload (~2.6 KB full JSON with nested task metadata)
 * into Butler's two messages: butler-mqtt's {@code messagesFor}, against Jackson serialising the
 * same payload (Jackson is here only as the yardstick; the library does not use it).
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

    private static final int POOL = 256;

    private final ObjectMapper jackson = new ObjectMapper();
    private final SenseEventPublisher publisher = SenseEventPublisher.dryRun(MqttSettings.builder().build());
    private SampleReloadFailure[] samples;
    private Map<String, Object>[] maps;
    private ReloadTaskFailed[] events;
    private int next;

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
     * butler-mqtt: the short and the full message (topics, payload bytes, QoS) for one event.
     *
     * @return the messages
     */
    @Benchmark
    public List<MqttMessage> messagesFor() {
        return publisher.messagesFor(events[next++ & (POOL - 1)]);
    }

    /**
     * Building the library's immutable event from the application's values (the builder checks
     * them and deep-copies the task metadata): paid on every {@code publish(event)} besides
     * {@link #messagesFor()}.
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
