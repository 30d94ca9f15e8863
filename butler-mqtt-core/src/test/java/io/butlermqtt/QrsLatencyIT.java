package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measures lookup latency against the fake QRS on loopback (first lookup with a new TLS connection, uncached
 * lookups on the kept connection, cached lookups) and the requests a burst of failures of one task costs.
 * Prints the figures; asserts only the request counts, never a time. Runs only when asked:
 * {@code mvn -B -q -pl butler-mqtt-core -am verify -Dtest=NONE -Dit.test=QrsLatencyIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbutler.measure=true}.
 */
class QrsLatencyIT {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final UUID TASK = UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d");
    private static final UUID APP = UUID.fromString("7a8b9c0d-2222-4e1f-8a2b-3c4d5e6f7a8b");

    private static String micros(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.1f", sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void measure() throws Exception {
        assumeTrue(Boolean.getBoolean("butler.measure"), "a measurement, not a test: run with -Dbutler.measure=true");
        try (FakeQrs fake = FakeQrs.start(CERTS).addTask(QrsClientIT.taskRecord(TASK, "0"))
                .addApp(QrsClientIT.appRecord(APP))) {
            int uncachedRounds = 2000;
            long first;
            long[] uncached = new long[uncachedRounds];
            try (QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).cacheTtl(Duration.ZERO).build())) {
                long t0 = System.nanoTime();
                qrs.lookupReloadTask(TASK, APP.toString()).get(30, TimeUnit.SECONDS);
                first = System.nanoTime() - t0;
                for (int i = 0; i < 200; i++) { // warm-up
                    qrs.lookupReloadTask(TASK, APP.toString()).get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < uncachedRounds; i++) {
                    long t = System.nanoTime();
                    qrs.lookupReloadTask(TASK, APP.toString()).get(30, TimeUnit.SECONDS);
                    uncached[i] = System.nanoTime() - t;
                }
            }
            int cachedRounds = 100_000;
            long[] cached = new long[cachedRounds];
            try (QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).cacheTtl(Duration.ofMinutes(10)).build())) {
                qrs.lookupReloadTask(TASK, APP.toString()).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < cachedRounds; i++) {
                    long t = System.nanoTime();
                    qrs.lookupReloadTask(TASK, APP.toString()).get(30, TimeUnit.SECONDS);
                    cached[i] = System.nanoTime() - t;
                }
            }
            System.out.printf("QRS lookup (3 requests, loopback, fake QRS): first with new TLS connection %.1f ms;"
                    + " uncached p50 %s us, p99 %s us (%d rounds); cached p50 %s us, p99 %s us (%d rounds)%n",
                    first / 1e6, micros(uncached, 0.5), micros(uncached, 0.99), uncachedRounds,
                    micros(cached, 0.5), micros(cached, 0.99), cachedRounds);

            for (int n : new int[] {10, 100, 1000}) {
                int before = fake.requests().size();
                try (QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).build())) {
                    List<CompletableFuture<ReloadTaskDetails>> burst = new ArrayList<>();
                    long t = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        burst.add(qrs.lookupReloadTask(TASK, APP.toString()));
                    }
                    for (CompletableFuture<ReloadTaskDetails> f : burst) {
                        assertEquals(ReloadTaskDetails.Status.FOUND, f.get(60, TimeUnit.SECONDS).status());
                    }
                    long took = System.nanoTime() - t;
                    int requests = fake.requests().size() - before;
                    System.out.printf("burst of %d failures of one task: %d QRS requests (cache hits %d, misses %d),"
                            + " all enriched in %.1f ms%n", n, requests, qrs.stats().cacheHits(),
                            qrs.stats().cacheMisses(), took / 1e6);
                    assertEquals(3, requests);
                }
            }
        }
    }
}
