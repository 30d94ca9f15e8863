package io.butlermqtt.examples.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.examples.bench.SampleReloadFailure;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The measurements of {@link MessagesForBenchmark} (build the event, {@code messagesFor}, both,
 * Jackson) timed in <em>CPU time of the measuring thread</em> rather than wall time, in interleaved
 * rounds, and the bytes each allocates per event, counted exactly by the thread's allocation
 * counter around the measured calls only. On a machine shared with other work (a CI runner, a
 * laptop compiling) wall time includes the time the thread waited for a core; CPU time does not, so
 * the figures stay meaningful. JMH's wall-clock numbers remain the reference on a quiet machine.
 *
 * <p>Fresh values every event: each batch of {@value #BATCH} events is made just before it is
 * measured (not counted), so no event is mapped twice (an event's metadata keeps its encoded bytes
 * once it has been written twice).
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pquickstart verify -Dquickstart.main=io.butlermqtt.examples.jmh.EncodeCpuTime}
 */
public final class EncodeCpuTime {

    private static final int BATCH = 64;
    private static final int BATCHES_PER_ROUND = 160;
    private static final String[] NAMES = {"buildEvent (builder + metadata copy)", "messagesFor (short + full message)",
        "build + messagesFor", "Jackson (same bytes)"};

    private static final SenseEventPublisher PUBLISHER = SenseEventPublisher.dryRun(MqttSettings.builder().build());
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private EncodeCpuTime() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: number of rounds (default 25)
     * @throws Exception if Jackson fails
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SampleReloadFailure[] samples = new SampleReloadFailure[BATCH];
        ReloadTaskFailed[] events = new ReloadTaskFailed[BATCH];
        Map<String, Object>[] maps = new Map[BATCH];
        int payload = 0;
        for (MqttMessage m : PUBLISHER.messagesFor(SampleReloadFailure.next(0).toEvent())) {
            payload += m.payloadSize();
        }
        // what reading the two counters costs, subtracted from every batch
        long[] empty = new long[1001];
        for (int i = 0; i < empty.length; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            empty[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(empty);
        long timerNs = empty[empty.length / 2];
        long sink = 0;
        long seq = 0;
        int warm = Math.max(5, rounds / 5);
        int kinds = NAMES.length;
        double[][] ns = new double[kinds][rounds];
        double[][] bytes = new double[kinds][rounds];
        for (int r = -warm; r < rounds; r++) {
            for (int k = 0; k < kinds; k++) {
                int which = Math.floorMod(k + r, kinds);
                long cpu = 0;
                long allocated = 0;
                for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                    for (int i = 0; i < BATCH; i++) { // fresh values and events, not measured
                        samples[i] = SampleReloadFailure.next(seq++);
                        events[i] = which == 1 ? samples[i].toEvent() : null;
                        maps[i] = which == 3 ? samples[i].butlerFullPayload() : null;
                    }
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    long c0 = threads.getCurrentThreadCpuTime();
                    switch (which) { // one method per kind: each loop compiled for itself
                        case 0 -> sink += build(samples);
                        case 1 -> sink += map(events);
                        case 2 -> sink += buildAndMap(samples);
                        default -> sink += jackson(samples, maps);
                    }
                    long c1 = threads.getCurrentThreadCpuTime();
                    long a1 = threads.getCurrentThreadAllocatedBytes();
                    cpu += c1 - c0 - timerNs;
                    allocated += a1 - a0;
                }
                if (r >= 0) {
                    ns[which][r] = cpu / (double) (BATCH * BATCHES_PER_ROUND);
                    bytes[which][r] = allocated / (double) (BATCH * BATCHES_PER_ROUND);
                }
            }
        }
        System.out.printf(Locale.ROOT, "CPU time and allocation per event, fresh events, median of %d interleaved rounds of %,d"
                + " (payload %d B):%n", rounds, BATCH * BATCHES_PER_ROUND, payload);
        double[] median = new double[kinds];
        for (int k = 0; k < kinds; k++) {
            double[] c = ns[k].clone();
            Arrays.sort(c);
            median[k] = c[c.length / 2];
            double[] a = bytes[k].clone();
            Arrays.sort(a);
            System.out.printf(Locale.ROOT, "  %-38s %8.0f ns   (min %.0f, max %.0f)   %6.0f B (%.2fx payload)%n", NAMES[k],
                    median[k], c[0], c[c.length - 1], a[a.length / 2], a[a.length / 2] / payload);
        }
        System.out.printf(Locale.ROOT, "  Jackson / messagesFor = %.2fx   [%d]%n", median[3] / median[1], sink & 1);
    }

    private static long build(SampleReloadFailure[] samples) {
        long sink = 0;
        for (SampleReloadFailure s : samples) {
            sink += s.toEvent().taskName().length();
        }
        return sink;
    }

    private static long map(ReloadTaskFailed[] events) {
        long sink = 0;
        for (ReloadTaskFailed e : events) {
            sink += PUBLISHER.messagesFor(e).size();
        }
        return sink;
    }

    private static long buildAndMap(SampleReloadFailure[] samples) {
        long sink = 0;
        for (SampleReloadFailure s : samples) {
            sink += PUBLISHER.messagesFor(s.toEvent()).size();
        }
        return sink;
    }

    private static long jackson(SampleReloadFailure[] samples, Map<String, Object>[] maps) throws Exception {
        long sink = 0;
        for (int i = 0; i < samples.length; i++) {
            sink += samples[i].taskName().getBytes(StandardCharsets.UTF_8).length + JACKSON.writeValueAsBytes(maps[i]).length;
        }
        return sink;
    }
}
