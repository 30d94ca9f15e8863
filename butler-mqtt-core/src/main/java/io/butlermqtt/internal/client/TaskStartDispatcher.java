package io.butlermqtt.internal.client;

import io.butlermqtt.TaskStartListener;
import io.butlermqtt.TaskStartRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns incoming messages into {@link TaskStartListener} calls and acknowledges every message exactly
 * once.
 *
 * <ul>
 *   <li>A message on another topic than the start-task topic (possible with a session subscribed
 *       earlier to a wider filter) is acknowledged and ignored (DEBUG).</li>
 *   <li>A payload that is not a task ID is counted as dropped and acknowledged. The first is logged as a
 *       WARN with a sanitized excerpt, then at most one WARN per {@value #INVALID_WARN_INTERVAL_SECONDS} s
 *       with the number dropped since and the latest ({@link RateLimitedWarning}): a flood of bad
 *       payloads cannot flood the log.</li>
 *   <li>A valid one is handed to the listener on the listener executor (never the calling network
 *       thread); the message is acknowledged when the call returns or throws (ERROR, counted), or when
 *       the listener timeout passes first (WARN, counted): the broker receives acknowledgements in
 *       arrival order, so a hanging call must not hold back later ones.</li>
 * </ul>
 *
 * <p>Internal: may change in any release.
 */
public final class TaskStartDispatcher implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStartDispatcher.class);

    /** At most one WARN line about invalid start-task payloads per this many seconds. */
    public static final long INVALID_WARN_INTERVAL_SECONDS = 10;

    private final String taskStartTopic;
    private final int maxPayloadBytes;
    private final Duration timeout;
    private final TaskStartListener listener;
    private final Executor executor;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final RateLimitedWarning invalid;

    /**
     * @param taskStartTopic the topic whose messages are start-task commands
     * @param maxPayloadBytes larger payloads are dropped
     * @param timeout how long a listener call may hold its acknowledgement
     * @param listener the listener, or null when none was registered (commands are then dropped)
     * @param executor runs listener calls
     * @param watchdog runs the timeouts
     * @param clock gives the arrival time
     */
    public TaskStartDispatcher(String taskStartTopic, int maxPayloadBytes, Duration timeout,
            TaskStartListener listener, Executor executor, ScheduledExecutorService watchdog, Clock clock) {
        this(taskStartTopic, maxPayloadBytes, timeout, listener, executor, watchdog, clock,
                new RateLimitedWarning(LOG, "invalid start-task message(s) on " + taskStartTopic
                        + " dropped (counted in stats().taskStartsDropped())",
                        TimeUnit.SECONDS.toNanos(INVALID_WARN_INTERVAL_SECONDS), System::nanoTime,
                        (task, delay) -> watchdog.schedule(task, delay, TimeUnit.NANOSECONDS)));
    }

    /**
     * @param taskStartTopic the topic whose messages are start-task commands
     * @param maxPayloadBytes larger payloads are dropped
     * @param timeout how long a listener call may hold its acknowledgement
     * @param listener the listener, or null when none was registered (commands are then dropped)
     * @param executor runs listener calls
     * @param watchdog runs the timeouts
     * @param clock gives the arrival time
     * @param invalid the rate-limited warning about invalid payloads
     */
    TaskStartDispatcher(String taskStartTopic, int maxPayloadBytes, Duration timeout,
            TaskStartListener listener, Executor executor, ScheduledExecutorService watchdog, Clock clock,
            RateLimitedWarning invalid) {
        this.invalid = invalid;
        this.taskStartTopic = taskStartTopic;
        this.maxPayloadBytes = maxPayloadBytes;
        this.timeout = timeout;
        this.listener = listener;
        this.executor = executor;
        this.watchdog = watchdog;
        this.clock = clock;
    }

    /**
     * Handles one incoming message. Never blocks and never throws.
     *
     * @param message the message
     */
    @Override
    public void onMessage(Transport.Incoming message) {
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            LOG.error("Unexpected error while handling a message on {}; acknowledged and ignored", message.topic(), e);
            ackQuietly(message.ack(), message.topic());
        }
    }

    private void dispatch(Transport.Incoming message) {
        String topic = message.topic();
        if (!taskStartTopic.equals(topic)) {
            LOG.debug("Ignoring a message on {} ({} bytes): not the start-task topic", topic, message.payload().remaining());
            ackQuietly(message.ack(), topic);
            return;
        }
        Instant receivedAt = clock.instant();
        TaskStartPayloads.Result r = TaskStartPayloads.check(message.payload(), maxPayloadBytes);
        if (!r.valid()) {
            dropped.incrementAndGet();
            invalid.warn("Ignoring a start-task message on " + topic + ": the payload " + r.problem()
                    + ": \"" + r.excerpt() + "\"");
            ackQuietly(message.ack(), topic);
            return;
        }
        if (listener == null) {
            dropped.incrementAndGet();
            invalid.warn("Ignoring start-task command for task " + r.taskId() + " on " + topic
                    + ": no TaskStartListener is registered (start the client with ButlerMqttClient.start(settings, "
                    + "listener))");
            ackQuietly(message.ack(), topic);
            return;
        }
        Call call = new Call(TaskStartRequest.of(r.taskId(), topic, receivedAt), message.ack());
        try {
            call.timer = watchdog.schedule(call::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the client is closing: leave the message unacknowledged, the broker delivers it again
            LOG.debug("Client closing: start-task command for task {} left to the broker for redelivery", r.taskId());
            return;
        }
        delivered.incrementAndGet();
        LOG.debug("Start-task command for task {} received on {}", r.taskId(), topic);
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            failures.incrementAndGet();
            LOG.error("Could not run the TaskStartListener for task {}: its executor refused the call ({}); "
                    + "message acknowledged", r.taskId(), e.toString());
            call.finish(false);
        }
    }

    private static void ackQuietly(Runnable ack, String topic) {
        try {
            ack.run();
        } catch (RuntimeException e) {
            LOG.debug("Acknowledging a message on {} failed: {}", topic, e.toString());
        }
    }

    /** @return listener calls started */
    public long delivered() {
        return delivered.get();
    }

    /** @return invalid payloads (or commands without listener) dropped */
    public long dropped() {
        return dropped.get();
    }

    /** @return listener calls that threw */
    public long failures() {
        return failures.get();
    }

    /** @return listener calls that outlived the timeout */
    public long timeouts() {
        return timeouts.get();
    }

    private final class Call implements Runnable {
        private final TaskStartRequest request;
        private final Runnable ack;
        private final AtomicBoolean acked = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Call(TaskStartRequest request, Runnable ack) {
            this.request = request;
            this.ack = ack;
        }

        @Override
        public void run() {
            boolean ok = false;
            try {
                listener.onTaskStart(request);
                ok = true;
            } catch (Exception | LinkageError | AssertionError e) {
                failures.incrementAndGet();
                LOG.error("TaskStartListener failed for task {} (message on {} acknowledged; it is not delivered again)",
                        request.taskId(), request.topic(), e);
            } finally {
                finish(ok);
            }
        }

        void finish(boolean ok) {
            if (acked.compareAndSet(false, true)) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
                ackQuietly(ack, request.topic());
            } else if (ok) {
                LOG.info("TaskStartListener for task {} finished after the timeout of {}", request.taskId(), timeout);
            }
        }

        void onTimeout() {
            if (acked.compareAndSet(false, true)) {
                timeouts.incrementAndGet();
                LOG.warn("TaskStartListener for task {} is still running after taskStart.listenerTimeout ({}): "
                        + "acknowledged the message anyway so that later start-task commands are not held back",
                        request.taskId(), timeout);
                ackQuietly(ack, request.topic());
            }
        }
    }
}
