package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.ClientClosedException;
import io.butlermqtt.OutboxFullException;
import io.butlermqtt.PublishFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The outbox against a recording sender whose futures the test completes by hand. */
@Timeout(30)
class OutboxTest {

    /** A send error that the outbox treats as "connection lost, send again". */
    static final class Lost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Lost() {
            super("connection lost");
        }
    }

    /** Records what was sent, in order, with the future the test completes. */
    static final class RecordingSender implements Outbox.Sender<String> {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> futures = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<?> send(String message) {
            sent.add(message);
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        synchronized List<String> sent() {
            return new ArrayList<>(sent);
        }

        synchronized CompletableFuture<Void> future(int i) {
            return futures.get(i);
        }

        synchronized int count() {
            return sent.size();
        }
    }

    /** Remembers the outcome of a submission. */
    static final class Result extends Outbox.Submission {
        volatile boolean ok;
        volatile Throwable error;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        protected void succeeded() {
            ok = true;
            calls.incrementAndGet();
        }

        @Override
        protected void failed(Throwable e) {
            error = e;
            calls.incrementAndGet();
        }
    }

    private final RecordingSender sender = new RecordingSender();

    private Outbox<String> outbox(int capacity, int window) {
        return new Outbox<>(capacity, window, sender, m -> "topic/" + m, t -> t instanceof Lost,
                (m, t) -> new PublishFailedException("topic/" + m, "refused: " + t.getMessage(), t));
    }

    /** An outbox that gives up on a message after 3 connection losses charged to it. */
    private Outbox<String> poisonAware(int capacity, int window) {
        return new Outbox<>(capacity, window, sender, m -> "topic/" + m, t -> t instanceof Lost,
                (m, t) -> new PublishFailedException("topic/" + m, "refused: " + t.getMessage(), t), 3,
                (m, n) -> new PublishFailedException("topic/" + m, "gave up on " + m + " after " + n + " losses", null));
    }

    /** The connection drops right after sending (a clean session: what was in flight fails as retryable). */
    private Outbox.Loss<String> loseConnection(Outbox<String> o, int fromFuture) {
        Outbox.Loss<String> loss = o.onConnectionLost(true);
        for (int i = fromFuture; i < sender.count(); i++) {
            sender.future(i).completeExceptionally(new Lost());
        }
        return loss;
    }

    @Test
    void poison_connectionLostThreeTimesRightAfterIt_givenUp_messagesBehindItGoOn() {
        Outbox<String> o = poisonAware(100, 10);
        Result poison = new Result();
        Result behind = new Result();
        o.submit(List.of("big"), poison);
        o.submit(names("m", 0, 5), behind);
        o.onConnected();
        assertEquals(List.of("big", "m0", "m1", "m2", "m3", "m4"), sender.sent());
        Outbox.Loss<String> first = loseConnection(o, 0);
        assertFalse(first.repeated());
        assertEquals(List.of(), first.givenUp());
        o.onConnected();
        Outbox.Loss<String> second = loseConnection(o, 6);
        assertTrue(second.repeated(), "the same message was in flight at both losses");
        o.onConnected();
        assertEquals("big", sender.sent().get(12), "sent first after every reconnect");
        Outbox.Loss<String> third = loseConnection(o, 12);
        assertEquals(List.of("big"), third.givenUp());
        PublishFailedException e = assertInstanceOf(PublishFailedException.class, poison.error);
        assertEquals("gave up on big after 3 losses", e.getMessage());
        assertNull(behind.error, "only the oldest message is charged, not the ones sent right behind it");
        o.onConnected();
        assertEquals(names("m", 0, 5), sender.sent().subList(18, 23), "the messages behind it go on, in order");
        for (int i = 18; i < 23; i++) {
            sender.future(i).complete(null);
        }
        assertTrue(behind.ok);
        assertEquals(0, o.size());
        long[] c = o.counters();
        assertEquals(5, c[0]);
        assertEquals(0, c[1], "a given-up message is not counted as publishFailed");
        assertEquals(1, c[5]);
    }

    @Test
    void poison_lossesOfMessagesThatWereAcknowledgedInBetween_areNotAddedUp() {
        Outbox<String> o = poisonAware(100, 10);
        for (int round = 0; round < 5; round++) {
            Result r = new Result();
            o.submit(List.of("r" + round), r);
            o.onConnected();
            int sent = sender.count();
            loseConnection(o, sent - 1);
            o.onConnected();
            sender.future(sender.count() - 1).complete(null); // acknowledged after the reconnect
            assertTrue(r.ok, "round " + round);
        }
        assertEquals(0, o.counters()[5]);
    }

    @Test
    void poison_disconnectByThisClient_chargesNothing() {
        Outbox<String> o = poisonAware(100, 10);
        Result r = new Result();
        o.submit(List.of("a"), r);
        for (int i = 0; i < 5; i++) {
            o.onConnected();
            o.onDisconnected();
            sender.future(sender.count() - 1).completeExceptionally(new Lost());
        }
        assertNull(r.error);
        assertEquals(1, o.size());
    }

    @Test
    void requeueInflight_newConnectionObject_sendsWhatWasInFlightAgain_ignoresLateResults() {
        Outbox<String> o = poisonAware(100, 10);
        Result r = new Result();
        o.submit(names("m", 0, 3), r);
        o.onConnected();
        o.onConnectionLost(true);
        o.requeueInflight();
        o.onConnected();
        assertEquals(List.of("m0", "m1", "m2", "m0", "m1", "m2"), sender.sent());
        sender.future(0).completeExceptionally(new IllegalStateException("late, from the old connection"));
        assertNull(r.error, "a late result of the replaced connection is ignored");
        for (int i = 3; i < 6; i++) {
            sender.future(i).complete(null);
        }
        assertTrue(r.ok);
    }

    private static List<String> names(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    @Test
    void submit_connected_sendsAtOnceInOrder_andSucceedsWhenAllAcked() {
        Outbox<String> o = outbox(10, 10);
        o.onConnected();
        Result r = new Result();
        o.submit(List.of("a", "b"), r);
        assertEquals(List.of("a", "b"), sender.sent());
        assertEquals(2, o.size());
        sender.future(0).complete(null);
        assertFalse(r.ok);
        sender.future(1).complete(null);
        assertTrue(r.ok);
        assertEquals(1, r.calls.get());
        assertEquals(0, o.size());
        assertEquals(2, o.counters()[0]);
    }

    @Test
    void submit_emptyList_succeedsAtOnce() {
        Outbox<String> o = outbox(1, 1);
        Result r = new Result();
        o.submit(List.of(), r);
        assertTrue(r.ok);
        assertEquals(0, sender.count());
    }

    @Test
    void submit_disconnected_queuesUntilConnected_thenSendsInOrderWithinWindow() {
        Outbox<String> o = outbox(100, 3);
        o.submit(names("m", 0, 5), new Result());
        o.submit(names("n", 0, 2), new Result());
        assertEquals(0, sender.count());
        assertEquals(7, o.size());
        o.onConnected();
        assertEquals(List.of("m0", "m1", "m2"), sender.sent());
        sender.future(0).complete(null);
        assertEquals(List.of("m0", "m1", "m2", "m3"), sender.sent());
        sender.future(1).complete(null);
        sender.future(2).complete(null);
        sender.future(3).complete(null);
        sender.future(4).complete(null);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "n0", "n1"), sender.sent());
    }

    @Test
    void submit_full_failsAtOnceWithOutboxFull_andQueuesNothingOfThatSubmission() {
        Outbox<String> o = outbox(3, 3);
        Result first = new Result();
        o.submit(List.of("a", "b"), first);
        Result second = new Result();
        o.submit(List.of("c", "d"), second);
        OutboxFullException e = assertInstanceOf(OutboxFullException.class, second.error);
        assertEquals(3, e.capacity());
        assertEquals("topic/c", e.topic());
        assertTrue(e.getMessage().contains("outbox.capacity"), e.getMessage());
        assertEquals(2, o.size());
        Result third = new Result();
        o.submit(List.of("e"), third);
        assertNull(third.error);
        assertEquals(3, o.size());
        assertEquals(2, o.counters()[2]);
    }

    @Test
    void submit_manyWhileDisconnected_boundHolds() {
        Outbox<String> o = outbox(1000, 100);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            Result r = new Result();
            o.submit(List.of("x"), r);
            if (r.error == null) {
                accepted++;
            } else {
                assertInstanceOf(OutboxFullException.class, r.error);
                refused++;
            }
        }
        assertEquals(1000, accepted);
        assertEquals(99_000, refused);
        assertEquals(1000, o.size());
    }

    @Test
    void connectionLost_failedInFlight_areSentAgainFirst_inOriginalOrder() {
        Outbox<String> o = outbox(100, 10);
        o.onConnected();
        Result r = new Result();
        o.submit(names("m", 0, 5), r);
        o.onDisconnected();
        sender.future(0).complete(null);
        sender.future(1).completeExceptionally(new Lost());
        sender.future(3).complete(null);
        sender.future(2).completeExceptionally(new Lost());
        Result later = new Result();
        o.submit(List.of("later"), later);
        sender.future(4).completeExceptionally(new Lost());
        assertEquals(5, sender.count(), "nothing is sent while disconnected");
        o.onConnected();
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m1", "m2", "m4", "later"), sender.sent());
        for (int i = 5; i < 9; i++) {
            sender.future(i).complete(null);
        }
        assertTrue(r.ok);
        assertTrue(later.ok);
        assertEquals(0, o.size());
    }

    @Test
    void reconnect_beforeOldInFlightSettled_holdsNewMessagesBack() {
        Outbox<String> o = outbox(100, 10);
        o.onConnected();
        o.submit(List.of("a", "b"), new Result());
        o.onDisconnected();
        o.onConnected(); // reconnected while a and b are still unsettled
        o.submit(List.of("c"), new Result());
        assertEquals(List.of("a", "b"), sender.sent(), "c must wait for a and b");
        sender.future(0).completeExceptionally(new Lost());
        assertEquals(2, sender.count());
        sender.future(1).complete(null); // b made it after all (a persistent session re-sent it)
        assertEquals(List.of("a", "b", "a", "c"), sender.sent());
    }

    @Test
    void permanentFailure_failsTheSubmission_othersGoOn() {
        Outbox<String> o = outbox(100, 10);
        o.onConnected();
        Result r = new Result();
        o.submit(List.of("a", "b"), r);
        Result other = new Result();
        o.submit(List.of("c"), other);
        sender.future(0).completeExceptionally(new IllegalStateException("not authorized"));
        PublishFailedException e = assertInstanceOf(PublishFailedException.class, r.error);
        assertEquals("topic/a", e.topic());
        sender.future(1).complete(null);
        sender.future(2).complete(null);
        assertEquals(1, r.calls.get());
        assertTrue(other.ok);
        assertEquals(0, o.size());
        assertEquals(1, o.counters()[1]);
    }

    @Test
    void close_refusesNewSubmissions_andFailRemainingFailsHeldOnes() {
        Outbox<String> o = outbox(100, 1);
        o.onConnected();
        Result inFlight = new Result();
        o.submit(List.of("a"), inFlight);
        Result queued = new Result();
        o.submit(List.of("b"), queued);
        o.closeForSubmissions();
        Result after = new Result();
        o.submit(List.of("c"), after);
        assertInstanceOf(ClientClosedException.class, after.error);
        assertEquals(2, o.failRemaining("test"));
        assertInstanceOf(ClientClosedException.class, inFlight.error);
        assertInstanceOf(ClientClosedException.class, queued.error);
        sender.future(0).complete(null); // settles late: ignored
        assertEquals(1, inFlight.calls.get());
        assertEquals(0, o.size());
        assertEquals(3, o.counters()[3]);
    }

    @Test
    void awaitEmpty_returnsTrueWhenDrained_falseOnTimeout() throws Exception {
        Outbox<String> o = outbox(100, 10);
        assertTrue(o.awaitEmpty(Duration.ZERO));
        o.submit(List.of("a"), new Result());
        assertFalse(o.awaitEmpty(Duration.ofMillis(20)));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return o.awaitEmpty(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        o.onConnected();
        sender.future(0).complete(null);
        assertTrue(drained.get(20, TimeUnit.SECONDS));
    }

    @Test
    void synchronousSender_successes_keepOrderWithoutRecursion() {
        List<String> sent = new ArrayList<>();
        Outbox<String> o = new Outbox<>(100_000, 16, m -> {
            sent.add(m);
            return CompletableFuture.completedFuture(null);
        }, m -> m, t -> t instanceof Lost, (m, t) -> t);
        o.submit(names("m", 0, 50_000), new Result());
        Result r = new Result();
        o.submit(List.of("x"), r);
        o.onConnected();
        assertEquals(50_001, sent.size());
        assertEquals("m0", sent.get(0));
        assertEquals("x", sent.get(50_000));
        assertTrue(r.ok);
        assertEquals(0, o.size());
    }

    @Test
    void synchronousRetryableFailure_doesNotSpin_andIsSentAgainOnNextConnect() {
        AtomicInteger calls = new AtomicInteger();
        Outbox<String> o = new Outbox<>(10, 4, m -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new Lost());
        }, m -> m, t -> t instanceof Lost, (m, t) -> t);
        o.onConnected();
        Result r = new Result();
        o.submit(List.of("a", "b"), r);
        assertEquals(1, calls.get(), "after a synchronous 'connection lost' nothing more is tried");
        assertEquals(2, o.size());
        o.onConnected();
        assertEquals(2, calls.get());
        assertEquals(0, r.calls.get());
    }

    @Test
    void concurrentPublishers_everyMessageSentOnce_perPublisherOrderKept() throws Exception {
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService acks = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Outbox<String> o = new Outbox<>(1_000_000, 64, m -> {
                sent.add(m);
                return CompletableFuture.runAsync(() -> { }, acks);
            }, m -> m, t -> false, (m, t) -> t);
            o.onConnected();
            int perThread = 20_000;
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String p = "p" + t + "-";
                producers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        o.submit(List.of(p + i), new Result());
                    }
                }));
            }
            CompletableFuture.allOf(producers.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            assertTrue(o.awaitEmpty(Duration.ofSeconds(20)));
            assertEquals(4 * perThread, sent.size());
            for (int t = 0; t < 4; t++) {
                String p = "p" + t + "-";
                int expected = 0;
                synchronized (sent) {
                    for (String m : sent) {
                        if (m.startsWith(p)) {
                            assertEquals(p + expected, m);
                            expected++;
                        }
                    }
                }
                assertEquals(perThread, expected);
            }
        } finally {
            acks.shutdownNow();
        }
    }
}
