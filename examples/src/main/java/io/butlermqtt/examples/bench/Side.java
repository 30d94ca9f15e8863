package io.butlermqtt.examples.bench;

/**
 * One way of publishing reload-failed events, measured against the other: the library, or the
 * bare HiveMQ client with bytes serialised beforehand.
 */
interface Side extends AutoCloseable {

    /** @return the side's name in the output ("library", "raw", "raw+Jackson", ...) */
    String name();

    /**
     * Gets ready, outside the timed part, to publish events {@code firstSeq .. firstSeq+n-1}
     * (the raw side serialises them here; the library side only makes room for its futures).
     */
    void prepare(long firstSeq, int n);

    /** Forgets the futures of the last run, to publish the prepared events once more. */
    void rewind();

    /** Publishes event {@code seq} (its short and its full message) without waiting. */
    void publish(long seq);

    /**
     * Waits until everything published since {@link #prepare} is done (written at QoS 0,
     * acknowledged at QoS 1).
     *
     * @throws IllegalStateException if a publish failed or the wait timed out
     */
    void awaitAll(long timeoutSeconds);

    @Override
    void close();
}
