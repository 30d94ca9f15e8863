package io.butlermqtt.examples.bench;

import java.util.Arrays;

/** Small statistics helpers for the benchmark. */
final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile of the first {@code n} values (sorted in place). */
    static long percentile(long[] values, int n, double p) {
        if (n == 0) {
            return -1;
        }
        Arrays.sort(values, 0, n);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return values[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] c = values.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }

    static String fmt2(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    static String us(long nanos) {
        return String.format(java.util.Locale.ROOT, nanos < 10_000 ? "%.1f µs" : "%.0f µs", nanos / 1000.0);
    }

    static String list(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : " ").append(fmt(values[i]));
        }
        return sb.append(']').toString();
    }
}
