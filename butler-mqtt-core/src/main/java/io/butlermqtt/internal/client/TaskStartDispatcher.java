package io.butlermqtt.internal.client;

import io.butlermqtt.TaskStartListener;
import io.butlermqtt.TaskStartRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final TaskStartListener listener;
    private final ListenerCalls calls;
    private final Clock clock;

    private final AtomicLong dropped = new AtomicLong();
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
        this.listener = listener;
        this.calls = new ListenerCalls(LOG, "TaskStartListener", "taskStart.listenerTimeout", "start-task commands",
                timeout, executor, watchdog);
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
        TaskStartRequest request = TaskStartRequest.of(r.taskId(), topic, receivedAt);
        LOG.debug("Start-task command for task {} received on {}", r.taskId(), topic);
        if (!calls.start("task " + r.taskId(), topic, () -> listener.onTaskStart(request), message.ack())) {
            // the client is closing: leave the message unacknowledged, the broker delivers it again
            LOG.debug("Client closing: start-task command for task {} left to the broker for redelivery", r.taskId());
        }
    }

    private static void ackQuietly(Runnable ack, String topic) {
        ListenerCalls.ackQuietly(LOG, ack, topic);
    }

    /** @return listener calls started */
    public long delivered() {
        return calls.started();
    }

    /** @return invalid payloads (or commands without listener) dropped */
    public long dropped() {
        return dropped.get();
    }

    /** @return listener calls that threw */
    public long failures() {
        return calls.failures();
    }

    /** @return listener calls that outlived the timeout */
    public long timeouts() {
        return calls.timeouts();
    }
}
