package io.butlermqtt.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the CPU time of a throughput round goes, per event: the publishing thread, the MQTT client's
 * I/O thread, the thread that completes its futures, other Java threads (the embedded broker's, when
 * it runs in this JVM), the JVM's own threads (GC, JIT: the process's CPU time that no Java thread
 * accounts for) and a broker in another process (mosquitto, read from {@code /proc}). On a machine
 * whose cores are all busy, throughput follows the CPU time per event, so this says what the
 * library's extra time per event is made of.
 */
final class CpuAccount {

    /** The groups, in the order they print. */
    static final String[] GROUPS = {"caller", "client I/O", "callbacks", "other threads", "GC/JIT/VM", "broker process"};

    private final long brokerPid;
    private final double[] total = new double[GROUPS.length];
    private long events;

    /**
     * @param brokerPid the broker's process ID, or -1 when it runs in this JVM
     */
    CpuAccount(long brokerPid) {
        this.brokerPid = brokerPid;
    }

    /** CPU nanoseconds per group, now. */
    long[] snapshot() {
        long[] ns = new long[GROUPS.length];
        var threads = ManagementFactory.getThreadMXBean();
        long javaThreads = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            String name = info.getThreadName();
            int group = name.equals(Thread.currentThread().getName()) ? 0
                    : name.startsWith("com.hivemq.client.mqtt") || name.startsWith("butler-mqtt-io-") ? 1
                    : name.startsWith("RxComputationThreadPool") ? 2 : 3;
            ns[group] += cpu;
            javaThreads += cpu;
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        ns[4] = process - javaThreads;
        ns[5] = brokerProcessNanos();
        return ns;
    }

    /** Adds what happened between two snapshots, for {@code n} events. */
    void add(long[] before, long[] after, int n) {
        for (int g = 0; g < GROUPS.length; g++) {
            total[g] += after[g] - before[g];
        }
        events += n;
    }

    /** @return the CPU time per event, in µs, per group and in total */
    String perEvent() {
        StringBuilder sb = new StringBuilder();
        double sum = 0;
        for (int g = 0; g < GROUPS.length; g++) {
            double us = total[g] / 1000.0 / Math.max(1, events);
            sum += us;
            if (g == 5 && brokerPid < 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%s %.1f, ", GROUPS[g], us));
        }
        return String.format(Locale.ROOT, "%.1f µs (%s)", sum, sb.substring(0, sb.length() - 2));
    }

    /** utime + stime of the broker process, from {@code /proc/<pid>/stat} (clock ticks of 10 ms); 0 if unknown. */
    private long brokerProcessNanos() {
        if (brokerPid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + brokerPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (Exception e) {
            return 0;
        }
    }
}
