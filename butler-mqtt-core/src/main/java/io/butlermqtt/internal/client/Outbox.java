package io.butlermqtt.internal.client;

import io.butlermqtt.ClientClosedException;
import io.butlermqtt.OutboxFullException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded, ordered outbox between publishers and the MQTT connection.
 *
 * <p>Every accepted message is held here until the connection reports it done (acknowledged, or
 * written for QoS 0) or failed for good; {@link #size()} counts them and never exceeds the capacity. A
 * submission that does not fit is refused at once, whole (all of its messages or none). Messages are
 * handed to the {@link Sender} in submission order, at most {@code window} at a time, and only while
 * connected; when connected, nothing else is queued and the window has room, a submission is handed over
 * directly on the caller's thread (the fast path: one lock, no thread hop).
 *
 * <p>When a send fails with an error the {@code retryable} predicate accepts (connection lost, session
 * expired), the message is kept; sending new messages pauses (a barrier) until every message in flight
 * has settled, and then the failed ones are put back at the head of the queue in their original order
 * and sent again. The same barrier is raised when the connection is lost while messages are in flight,
 * so that after a reconnect nothing new overtakes a message that the connection still has to settle.
 * Delivery is therefore in order, at least once (a message whose acknowledgement was lost is sent again).
 *
 * <p>A message the broker refuses by dropping the connection (a "poison" message: larger than the
 * broker accepts, say) would block everything behind it forever, because it is sent first after every
 * reconnect. So each loss of the connection is charged to the oldest unacknowledged message when it
 * had been (re)sent less than {@link #LOSS_WINDOW_NANOS} before; at {@code maxLosses} such losses the
 * message is given up: its submission fails with the {@code givenUp} error and the messages behind it
 * go on. Only the oldest message is charged, so the messages sent right behind it are not.
 *
 * <p>Results are delivered to {@link Submission}s outside the lock, on the thread that settled the last
 * message (a thread of the MQTT client), or on the caller's thread when refused.
 *
 * <p>Internal: may change in any release.
 *
 * @param <M> the message type
 */
public final class Outbox<M> {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** How often at most a "outbox full" warning is logged. */
    static final long FULL_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** A connection loss is charged to a message only when it came this soon after the message was sent. */
    public static final long LOSS_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What a connection loss meant for the messages in flight.
     *
     * @param repeated whether the loss was charged to a message that had been charged before (the loss
     *     is then most likely caused by that message)
     * @param givenUp the messages given up because of this loss (at most one)
     * @param <M> the message type
     */
    public record Loss<M>(boolean repeated, List<M> givenUp) {
    }

    private static final byte QUEUED = 0;
    private static final byte INFLIGHT = 1;
    private static final byte RETRY = 2;
    private static final byte DONE = 3;

    /** Hands a message to the connection. */
    @FunctionalInterface
    public interface Sender<M> {
        /**
         * Sends a message; must not block.
         *
         * @param message the message
         * @return completes when the message is done, exceptionally when it failed
         */
        CompletableFuture<?> send(M message);
    }

    /**
     * One accepted publish of one or more messages; told once whether all of them were delivered or
     * which error ended it.
     */
    public abstract static class Submission {
        private int remaining;
        private boolean finished;
        private Throwable error;

        /** Called once, outside the outbox lock, when every message of the submission is done. */
        protected abstract void succeeded();

        /**
         * Called once, outside the outbox lock, when the submission failed.
         *
         * @param error the reason
         */
        protected abstract void failed(Throwable error);

        private void deliver() {
            if (error == null) {
                succeeded();
            } else {
                failed(error);
            }
        }
    }

    private static final class Entry<M> {
        final M message;
        final Submission submission;
        byte state;
        int losses;
        long sentAtNanos;
        /** Counts sends, so that a late result of an earlier send is ignored. */
        int sends;

        Entry(M message, Submission submission) {
            this.message = message;
            this.submission = submission;
        }
    }

    private final int capacity;
    private final int window;
    private final Sender<M> sender;
    private final Function<M, String> topicOf;
    private final Predicate<Throwable> retryable;
    private final BiFunction<M, Throwable, Throwable> failure;
    private final int maxLosses;
    private final BiFunction<M, Integer, Throwable> givenUp;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();
    private final ArrayDeque<Entry<M>> pending = new ArrayDeque<>();
    private final ArrayDeque<Entry<M>> inflight = new ArrayDeque<>();
    private ArrayList<Submission> deferred;
    private boolean hasDeferred;

    private int held;
    private int inflightCount;
    private boolean connected;
    private boolean barrier;
    private boolean closed;
    private int closeWaiters;

    private long published;
    private long publishFailed;
    private long rejected;
    private long closedUndelivered;
    private long poisoned;
    private long rejectedSinceWarn;
    private long lastFullWarnNanos;
    private boolean warnedFull;

    /**
     * An outbox that never gives up on a message because of connection losses.
     *
     * @param capacity most messages held
     * @param window most messages in flight at once
     * @param sender hands messages to the connection
     * @param topicOf the topic of a message, for errors and logs
     * @param retryable whether a send error means "send again after reconnect"
     * @param failure turns a permanent send error into the exception the submission fails with
     */
    public Outbox(int capacity, int window, Sender<M> sender, Function<M, String> topicOf,
            Predicate<Throwable> retryable, BiFunction<M, Throwable, Throwable> failure) {
        this(capacity, window, sender, topicOf, retryable, failure, Integer.MAX_VALUE, (m, n) -> null);
    }

    /**
     * @param capacity most messages held
     * @param window most messages in flight at once
     * @param sender hands messages to the connection
     * @param topicOf the topic of a message, for errors and logs
     * @param retryable whether a send error means "send again after reconnect"
     * @param failure turns a permanent send error into the exception the submission fails with
     * @param maxLosses after this many connection losses charged to a message, it is given up
     * @param givenUp the exception a given-up message's submission fails with, given the message and
     *     the number of losses
     */
    public Outbox(int capacity, int window, Sender<M> sender, Function<M, String> topicOf,
            Predicate<Throwable> retryable, BiFunction<M, Throwable, Throwable> failure, int maxLosses,
            BiFunction<M, Integer, Throwable> givenUp) {
        if (maxLosses < 1) {
            throw new IllegalArgumentException("maxLosses must be 1 or more, but was " + maxLosses);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, but was " + capacity);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be 1 or more, but was " + window);
        }
        this.capacity = capacity;
        this.window = window;
        this.sender = sender;
        this.topicOf = topicOf;
        this.retryable = retryable;
        this.failure = failure;
        this.maxLosses = maxLosses;
        this.givenUp = givenUp;
    }

    /**
     * Accepts the messages, all or none. When refused (outbox full or closed), the submission fails at
     * once on this thread with {@link OutboxFullException} or {@link ClientClosedException}. An empty
     * list succeeds at once.
     *
     * @param messages the messages, in order
     * @param submission told the outcome
     */
    public void submit(List<M> messages, Submission submission) {
        int n = messages.size();
        if (n == 0) {
            submission.succeeded();
            return;
        }
        Throwable refused = null;
        String warning = null;
        lock.lock();
        try {
            if (closed) {
                closedUndelivered += n;
                refused = new ClientClosedException(topicOf.apply(messages.get(0)),
                        "The client is closed: the message to topic " + topicOf.apply(messages.get(0))
                                + " was not published. Publish before ButlerMqttClient.close().");
            } else if (held > capacity - n) {
                rejected += n;
                rejectedSinceWarn += n;
                String topic = topicOf.apply(messages.get(0));
                refused = new OutboxFullException(topic, capacity);
                long now = System.nanoTime();
                if (!warnedFull || now - lastFullWarnNanos >= FULL_WARN_INTERVAL_NANOS) {
                    warning = "Outbox full (" + capacity + " messages waiting for the broker, connected: "
                            + connected + "): refused " + rejectedSinceWarn + " message(s)"
                            + (warnedFull ? " in the last " + TimeUnit.NANOSECONDS.toSeconds(now - lastFullWarnNanos)
                                    + " s" : "")
                            + ", latest to topic " + topic + "; publishers get OutboxFullException. "
                            + "Raise outbox.capacity if outages last longer.";
                    warnedFull = true;
                    lastFullWarnNanos = now;
                    rejectedSinceWarn = 0;
                }
            } else {
                held += n;
                submission.remaining = n;
                boolean direct = connected && !barrier && pending.isEmpty();
                for (int i = 0; i < n; i++) {
                    Entry<M> e = new Entry<>(messages.get(i), submission);
                    if (direct && inflightCount < window) {
                        send(e);
                        direct = connected && !barrier;
                    } else {
                        pending.addLast(e);
                        direct = false;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (warning != null) {
            LOG.warn(warning);
        }
        if (refused != null) {
            submission.failed(refused);
        }
        drainDeferred();
    }

    /** The connection is up: resume sending. */
    public void onConnected() {
        lock.lock();
        try {
            connected = true;
            // a resumed session sends what is still in flight again now
            long now = System.nanoTime();
            for (Entry<M> e : inflight) {
                if (e.state == INFLIGHT) {
                    e.sentAtNanos = now;
                }
            }
            releaseBarrier();
            pump();
        } finally {
            lock.unlock();
        }
        drainDeferred();
    }

    /**
     * The connection is down: stop sending; what is in flight must settle before anything new is sent
     * after the next {@link #onConnected()}. Charges nothing to the messages in flight (a disconnect
     * this client asked for).
     */
    public void onDisconnected() {
        onConnectionLost(false);
    }

    /**
     * The connection is down: stop sending, as {@link #onDisconnected()}; with {@code charge}, the loss is
     * charged to the oldest unacknowledged message if it was sent less than {@link #LOSS_WINDOW_NANOS}
     * ago, and the message is given up at {@code maxLosses}.
     *
     * @param charge whether the connection was lost (true) rather than closed by this client
     * @return what the loss meant for the messages in flight
     */
    public Loss<M> onConnectionLost(boolean charge) {
        List<M> gaveUp = List.of();
        boolean repeated = false;
        lock.lock();
        try {
            connected = false;
            if (inflightCount > 0) {
                barrier = true;
            }
            Entry<M> head = null;
            if (charge) {
                for (Entry<M> e : inflight) {
                    if (e.state == INFLIGHT) {
                        head = e;
                        break;
                    }
                }
            }
            if (head != null && System.nanoTime() - head.sentAtNanos < LOSS_WINDOW_NANOS) {
                head.losses++;
                repeated = head.losses > 1;
                if (head.losses >= maxLosses) {
                    head.state = DONE;
                    inflightCount--;
                    held--;
                    poisoned++;
                    Submission s = head.submission;
                    if (!s.finished) {
                        s.finished = true;
                        s.error = givenUp.apply(head.message, head.losses);
                        defer(s);
                    }
                    gaveUp = List.of(head.message);
                    while (!inflight.isEmpty() && inflight.peekFirst().state == DONE) {
                        inflight.pollFirst();
                    }
                    releaseBarrier();
                    if (held == 0 && closeWaiters > 0) {
                        emptied.signalAll();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        drainDeferred();
        return new Loss<>(repeated, gaveUp);
    }

    /**
     * The connection object was replaced by a new one that knows nothing of what the old one had in
     * flight: everything in flight is sent again, in order, after the next {@link #onConnected()}; late
     * results from the old connection are ignored.
     */
    public void requeueInflight() {
        lock.lock();
        try {
            for (Entry<M> e : inflight) {
                if (e.state == INFLIGHT) {
                    e.state = RETRY;
                }
            }
            inflightCount = 0;
            barrier = true;
            releaseBarrier();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later submission with {@link ClientClosedException}; what is held still goes out. */
    public void closeForSubmissions() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every held message is done or the timeout passed.
     *
     * @param timeout how long to wait at most
     * @return whether the outbox is empty
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            closeWaiters++;
            try {
                while (held > 0) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = emptied.awaitNanos(nanos);
                }
                return true;
            } finally {
                closeWaiters--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails every held message with {@link ClientClosedException} and refuses later submissions; sends
     * that settle later are ignored.
     *
     * @param why why they failed, for the exception message
     * @return how many messages failed
     */
    public int failRemaining(String why) {
        List<Submission> toFail = new ArrayList<>();
        int count;
        lock.lock();
        try {
            closed = true;
            count = held;
            failAll(inflight, why, toFail);
            failAll(pending, why, toFail);
            closedUndelivered += count;
            held = 0;
            inflightCount = 0;
            barrier = false;
            emptied.signalAll();
        } finally {
            lock.unlock();
        }
        for (Submission s : toFail) {
            s.deliver();
        }
        return count;
    }

    private void failAll(ArrayDeque<Entry<M>> entries, String why, List<Submission> toFail) {
        for (Entry<M> e : entries) {
            if (e.state == DONE) {
                continue;
            }
            e.state = DONE;
            Submission s = e.submission;
            if (!s.finished) {
                s.finished = true;
                String topic = topicOf.apply(e.message);
                s.error = new ClientClosedException(topic, "The client was closed before the broker had the message to "
                        + "topic " + topic + ": " + why);
                toFail.add(s);
            }
        }
        entries.clear();
    }

    /** @return messages held: queued, in flight, or waiting to be sent again */
    public int size() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** @return the most messages held */
    public int capacity() {
        return capacity;
    }

    /**
     * A consistent snapshot of the counters.
     *
     * @return {@code [published, publishFailed, rejected, closedUndelivered, held, givenUp]}
     */
    public long[] counters() {
        lock.lock();
        try {
            return new long[] {published, publishFailed, rejected, closedUndelivered, held, poisoned};
        } finally {
            lock.unlock();
        }
    }

    // -------------------------------------------------------------------------------- under the lock

    private void pump() {
        while (connected && !barrier && inflightCount < window) {
            Entry<M> e = pending.pollFirst();
            if (e == null) {
                return;
            }
            send(e);
        }
    }

    private void send(Entry<M> e) {
        e.state = INFLIGHT;
        e.sentAtNanos = System.nanoTime();
        int seq = ++e.sends;
        inflightCount++;
        inflight.addLast(e);
        CompletableFuture<?> f;
        try {
            f = sender.send(e.message);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        if (f.isDone()) {
            defer(settle(e, seq, outcome(f), true));
        } else {
            f.whenComplete((r, t) -> onResult(e, seq, t));
        }
    }

    private void onResult(Entry<M> e, int seq, Throwable t) {
        if (lock.isHeldByCurrentThread()) {
            // completed synchronously inside send(): the caller's loop goes on
            defer(settle(e, seq, unwrap(t), true));
            return;
        }
        Submission done;
        lock.lock();
        try {
            done = settle(e, seq, unwrap(t), false);
            pump();
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.deliver();
        }
        drainDeferred();
    }

    /**
     * Records the outcome of one send. A retryable failure that happened synchronously, inside
     * {@code send()}, does not release the barrier (that would retry in a busy loop); the next
     * {@link #onConnected()} does.
     *
     * @return the submission whose outcome must now be delivered, or null
     */
    private Submission settle(Entry<M> e, int seq, Throwable t, boolean synchronous) {
        if (e.state != INFLIGHT || e.sends != seq) {
            return null; // already failed by close or given up, or the result of an earlier send
        }
        inflightCount--;
        Submission s = e.submission;
        Submission done = null;
        if (t == null) {
            e.state = DONE;
            held--;
            published++;
            if (--s.remaining == 0 && !s.finished) {
                s.finished = true;
                done = s;
            }
        } else if (retryable.test(t)) {
            e.state = RETRY;
            barrier = true;
            if (LOG.isDebugEnabled()) {
                LOG.debug("Will send again after reconnect: message to {} ({})", topicOf.apply(e.message), t.toString());
            }
        } else {
            e.state = DONE;
            held--;
            publishFailed++;
            if (!s.finished) {
                s.finished = true;
                s.error = failure.apply(e.message, t);
                done = s;
            }
        }
        while (!inflight.isEmpty() && inflight.peekFirst().state == DONE) {
            inflight.pollFirst();
        }
        if (!(synchronous && t != null)) {
            releaseBarrier();
        }
        if (held == 0 && closeWaiters > 0) {
            emptied.signalAll();
        }
        return done;
    }

    private void releaseBarrier() {
        if (!barrier || inflightCount > 0) {
            return;
        }
        Iterator<Entry<M>> it = inflight.descendingIterator();
        while (it.hasNext()) {
            Entry<M> e = it.next();
            if (e.state == RETRY) {
                e.state = QUEUED;
                pending.addFirst(e);
            }
        }
        inflight.clear();
        barrier = false;
    }

    private void defer(Submission s) {
        if (s == null) {
            return;
        }
        if (deferred == null) {
            deferred = new ArrayList<>();
        }
        deferred.add(s);
        hasDeferred = true;
    }

    // -------------------------------------------------------------------------------- outside the lock

    private void drainDeferred() {
        if (!hasDeferred) {
            return;
        }
        List<Submission> toDeliver;
        lock.lock();
        try {
            toDeliver = deferred;
            deferred = null;
            hasDeferred = false;
        } finally {
            lock.unlock();
        }
        if (toDeliver != null) {
            for (Submission s : toDeliver) {
                s.deliver();
            }
        }
    }

    private static Throwable outcome(CompletableFuture<?> f) {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return unwrap(e.getCause());
        } catch (CancellationException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
