package io.butlermqtt.internal.sense;

import io.butlermqtt.ActiveUserTracker;
import io.butlermqtt.MqttMessage;
import io.butlermqtt.PublishResult;
import io.butlermqtt.ReceivedEvent;
import io.butlermqtt.SenseEventListener;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The publish stage: hands each event to a {@link SenseEventPublisher} and follows its future, so that a
 * failed publish is counted and logged (rate-limited), never silent. Does not wait for the futures: with
 * a live client they complete when the broker has the messages, which may be after the server closed.
 * With an {@link ActiveUserTracker}, a user audit event's own messages are followed by the tracker's
 * (Butler 5's active-user counts and list), published in the same order as the tracker saw the events.
 * Thread-safe.
 */
final class PublishingListener implements SenseEventListener {

    private final SenseEventPublisher publisher;
    private final DropLog dropLog;
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong pending = new AtomicLong();
    private final ActiveUserTracker tracker;

    PublishingListener(SenseEventPublisher publisher, DropLog dropLog, ActiveUserTracker tracker) {
        this.publisher = publisher;
        this.dropLog = dropLog;
        this.tracker = tracker;
    }

    @Override
    public void onEvent(ReceivedEvent received) {
        SenseEvent event = received.event();
        if (tracker != null && (event instanceof UserSessionEvent || event instanceof UserConnectionEvent)) {
            // one lock around the update and the publish calls (which only queue): the counts go out in the
            // order the tracker changed, never an older count after a newer one
            synchronized (tracker) {
                publish(event);
                for (MqttMessage m : tracker.update(event)) {
                    publish(m);
                }
            }
            return;
        }
        publish(event);
    }

    private void publish(MqttMessage m) {
        CompletableFuture<PublishResult> f;
        try {
            f = publisher.publish(m.topic(), m.payloadAsString());
            if (f == null) {
                throw new NullPointerException("the publisher returned null instead of a future");
            }
        } catch (RuntimeException e) {
            failed.increment();
            dropLog.report(DropLog.Reason.PUBLISH_FAILED, "could not publish the active users on " + m.topic(), e);
            return;
        }
        follow(f, () -> "the active users on " + m.topic());
    }

    private void publish(SenseEvent event) {
        CompletableFuture<PublishResult> f;
        try {
            f = publisher.publish(event);
            if (f == null) {
                throw new NullPointerException("the publisher returned null instead of a future");
            }
        } catch (RuntimeException e) {
            failed.increment();
            dropLog.report(DropLog.Reason.PUBLISH_FAILED, "could not publish " + describe(event), e);
            return;
        }
        follow(f, () -> describe(event));
    }

    private void follow(CompletableFuture<PublishResult> f, java.util.function.Supplier<String> what) {
        pending.incrementAndGet();
        f.whenComplete((result, error) -> {
            pending.decrementAndGet();
            if (error == null) {
                published.increment();
            } else {
                failed.increment();
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                dropLog.report(DropLog.Reason.PUBLISH_FAILED, () -> "could not publish " + what.get() + ": "
                        + cause, null);
            }
        });
    }

    long published() {
        return published.sum();
    }

    long failed() {
        return failed.sum();
    }

    long pending() {
        return pending.get();
    }

    private static String describe(SenseEvent e) {
        if (e instanceof ReloadTaskFailed) {
            return "ReloadTaskFailed of task " + ((ReloadTaskFailed) e).taskId();
        }
        if (e instanceof ReloadTaskAborted) {
            return "ReloadTaskAborted of task " + ((ReloadTaskAborted) e).taskId();
        }
        if (e instanceof EventSourceStatus) {
            EventSourceStatus s = (EventSourceStatus) e;
            return "EventSourceStatus " + s.source() + " " + s.status();
        }
        return e.getClass().getSimpleName();
    }
}
