package io.butlermqtt;

import io.butlermqtt.event.SenseEvent;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event from {@link SenseEventServer}, handed to {@link SenseEventListener#onEvent(ReceivedEvent)}:
 * the event, when its datagram arrived and who sent it. Immutable.
 *
 * <p>A final class rather than a record, so that later versions can add information without breaking
 * code that uses it.
 */
public final class ReceivedEvent {

    private final SenseEvent event;
    private final Instant receivedAt;
    private final Optional<InetSocketAddress> sender;

    private ReceivedEvent(SenseEvent event, Instant receivedAt, Optional<InetSocketAddress> sender) {
        this.event = Objects.requireNonNull(event, "event");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Creates one, for example in a test of a listener.
     *
     * @param event the event
     * @param receivedAt when the datagram arrived (for a status event: when it happened)
     * @param sender who sent the datagram, or empty for a status event
     * @return the received event
     * @throws NullPointerException naming a null argument
     */
    public static ReceivedEvent of(SenseEvent event, Instant receivedAt, Optional<InetSocketAddress> sender) {
        return new ReceivedEvent(event, receivedAt, sender);
    }

    /**
     * The event.
     *
     * @return the event
     */
    public SenseEvent event() {
        return event;
    }

    /**
     * When the server received the datagram (for a status event: when it happened).
     *
     * @return the time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The address and port the datagram came from; empty for a status event.
     *
     * @return the sender
     */
    public Optional<InetSocketAddress> sender() {
        return sender;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReceivedEvent)) {
            return false;
        }
        ReceivedEvent r = (ReceivedEvent) o;
        return event.equals(r.event) && receivedAt.equals(r.receivedAt) && sender.equals(r.sender);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, receivedAt, sender);
    }

    @Override
    public String toString() {
        return "ReceivedEvent{event=" + event + ", receivedAt=" + receivedAt + ", sender="
                + sender.map(InetSocketAddress::toString).orElse("none") + '}';
    }
}
