package io.butlermqtt.examples.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link MessagesForBenchmark}'s benchmarks in a JVM started as the bridge runs: the heap its README
 * documents ({@code -Xmx64m -XX:+UseSerialGC}) and {@code java.base/java.lang} opened, as the
 * bridge JAR's manifest does ({@code Add-Opens}), so that the JSON writer copies Latin-1 strings'
 * own bytes.
 *
 * <p>Why the heap matters: with a 1 GiB heap each new payload array lands in memory the CPU's
 * caches have not held since the last collection, and allocating the 2.8 KB of one event's
 * messages costs about 0.35 µs of the total; with a young generation of a few MiB it stays in the
 * cache and costs about a third of that. See {@code docs/performance.md}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pjmh verify -Djmh.args="MessagesForBenchmarkBridgeJvm -prof gc"}.
 */
@Fork(value = 2, jvmArgsAppend = {"-Xms64m", "-Xmx64m", "-XX:+UseSerialGC", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class MessagesForBenchmarkBridgeJvm extends MessagesForBenchmark {
}
