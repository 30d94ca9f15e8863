package io.butlermqtt;

/**
 * A publish was refused at once because the outbox already holds {@link #capacity()} messages that
 * the broker has not acknowledged yet (it is away, or slower than the publisher). Nothing of the
 * refused event was queued. Raise {@code outbox.capacity} in the settings if outages are expected to
 * last longer, or publish less.
 *
 * <p>It has no stack trace: a full outbox can refuse many messages per second, and the message says
 * everything.
 */
public final class OutboxFullException extends PublishFailedException {

    private static final long serialVersionUID = 1L;

    /** The outbox capacity that was reached, in messages. */
    private final int capacity;

    /**
     * Creates the exception.
     *
     * @param topic the topic of the first refused message
     * @param capacity the outbox capacity, in messages
     */
    public OutboxFullException(String topic, int capacity) {
        super(topic, "Outbox full: " + capacity + " messages are waiting for the broker, so the message to "
                + "topic " + topic + " was not queued. The broker is unreachable or slower than the publisher; "
                + "raise outbox.capacity (now " + capacity + ") if outages are expected to last longer.", null, false);
        this.capacity = capacity;
    }

    /**
     * The outbox capacity that was reached.
     *
     * @return the capacity, in messages
     */
    public int capacity() {
        return capacity;
    }
}
