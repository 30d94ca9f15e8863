package io.butlermqtt.examples.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.examples.bench.SampleReloadFailure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The same three measurements as {@link MessagesForBenchmark} (build the event, {@code messagesFor},
 * Jackson), timed in <em>CPU time of the measuring thread</em> rather than wall time, in
 * interleaved rounds. On a machine shared with other work (a CI runner, a laptop compiling) wall
 * time includes the time the thread waited for a core; CPU time does not, so the ratio between the
 * three stays meaningful. JMH's wall-clock numbers remain the reference on a quiet machine.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pquickstart verify -Dquickstart.main=io.butlermqtt.examples.jmh.EncodeCpuTime}
 */
public final class EncodeCpuTime {

    private static final int POOL = 256;
    private static final int OPS = 20_000;

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
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SenseEventPublisher publisher = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        ObjectMapper jackson = new ObjectMapper();
        SampleReloadFailure[] samples = new SampleReloadFailure[POOL];
        ReloadTaskFailed[] events = new ReloadTaskFailed[POOL];
        Map<String, Object>[] maps = new Map[POOL];
        for (int i = 0; i < POOL; i++) {
            samples[i] = SampleReloadFailure.next(i);
            events[i] = samples[i].toEvent();
            maps[i] = samples[i].butlerFullPayload();
        }
        int payload = publisher.messagesFor(events[0]).stream().mapToInt(m -> m.payloadSize()).sum();
        long sink = 0;
        int warm = Math.max(5, rounds / 5);
        double[][] ns = new double[3][rounds];
        for (int r = -warm; r < rounds; r++) {
            for (int k = 0; k < 3; k++) {
                int which = Math.floorMod(k + r, 3);
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < OPS; i++) {
                    int j = i & (POOL - 1);
                    switch (which) {
                        case 0 -> sink += samples[j].toEvent().taskName().length();
                        case 1 -> sink += publisher.messagesFor(events[j]).size();
                        default -> sink += samples[j].taskName().getBytes(StandardCharsets.UTF_8).length
                                + jackson.writeValueAsBytes(maps[j]).length;
                    }
                }
                long c1 = threads.getCurrentThreadCpuTime();
                if (r >= 0) {
                    ns[which][r] = (c1 - c0) / (double) OPS;
                }
            }
        }
        String[] names = {"buildEvent (builder + metadata copy)", "messagesFor (short + full message)", "Jackson (same bytes)"};
        System.out.printf(Locale.ROOT, "CPU time per event, median of %d interleaved rounds of %,d (payload %d B):%n",
                rounds, OPS, payload);
        double[] median = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] c = ns[k].clone();
            Arrays.sort(c);
            median[k] = c[c.length / 2];
            System.out.printf(Locale.ROOT, "  %-38s %8.0f ns   (min %.0f, max %.0f)%n", names[k], median[k], c[0], c[c.length - 1]);
        }
        System.out.printf(Locale.ROOT, "  Jackson / messagesFor = %.2fx   (build + messagesFor = %.0f ns)   [%d]%n",
                median[2] / median[1], median[0] + median[1], sink & 1);
    }
}
