package io.butlermqtt.internal.client;

/**
 * Recognises two clients fighting over one client ID. MQTT 5 brokers say so (reason code
 * {@code SESSION_TAKEN_OVER}); MQTT 3.1.1 brokers just close the connection, so there the sign is a
 * connection that the broker closes shortly after it was made, {@value #SHORT_DROPS_LIMIT} times in a
 * row. A connection that lasted at least {@link #STABLE_AFTER_MS} resets the count. Not thread-safe:
 * call under the caller's lock.
 *
 * <p>Internal: may change in any release.
 */
public final class TakeoverDetector {

    /** A connection that lasted this long is considered healthy. */
    public static final long STABLE_AFTER_MS = 10_000;

    /** How many short, broker-closed connections in a row mean "taken over". */
    public static final int SHORT_DROPS_LIMIT = 3;

    private int shortDrops;

    /**
     * Records a lost connection.
     *
     * @param livedMs how long the connection lasted
     * @param closedByBroker whether the broker closed it (rather than a network error or this client)
     * @param sessionTakenOverReason whether the broker said {@code SESSION_TAKEN_OVER} (MQTT 5)
     * @return whether the session is being taken over by another client
     */
    public boolean onConnectionLost(long livedMs, boolean closedByBroker, boolean sessionTakenOverReason) {
        if (sessionTakenOverReason) {
            return true;
        }
        if (livedMs >= STABLE_AFTER_MS) {
            shortDrops = 0;
            return false;
        }
        if (closedByBroker) {
            shortDrops++;
        }
        return shortDrops >= SHORT_DROPS_LIMIT;
    }

    /** @return how many short broker-closed connections were seen in a row */
    public int shortDrops() {
        return shortDrops;
    }
}
