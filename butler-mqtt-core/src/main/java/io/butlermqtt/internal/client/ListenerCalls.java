package io.butlermqtt.internal.client;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Runs the calls of an application's listener for incoming messages, each message acknowledged
 * exactly once: when the call returns or throws (ERROR, counted), or when the listener timeout passes
 * first (WARN, counted). The broker receives acknowledgements in arrival order, so a hanging call must
 * not hold back later ones; the call itself is not interrupted. Used by the start-task dispatcher and
 * the Qlik Cloud event dispatcher, which log through their own logger.
 *
 * <p>Internal: may change in any release.
 */
public final class ListenerCalls {

    /** A listener call. */
    @FunctionalInterface
    public interface Body {
        /**
         * Calls the listener.
         *
         * @throws Exception what the listener threw
         */
        void run() throws Exception;
    }

    private final Logger log;
    private final String listenerName;
    private final String timeoutSetting;
    private final String laterMessages;
    private final Duration timeout;
    private final Executor executor;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    /**
     * @param log the dispatcher's logger
     * @param listenerName the listener's type, as the logs name it ({@code TaskStartListener})
     * @param timeoutSetting the setting of the timeout, as the logs name it ({@code taskStart.listenerTimeout})
     * @param laterMessages what a hanging call would hold back ({@code start-task commands})
     * @param timeout how long a call may hold its acknowledgement
     * @param executor runs the calls
     * @param watchdog runs the timeouts
     */
    public ListenerCalls(Logger log, String listenerName, String timeoutSetting, String laterMessages,
            Duration timeout, Executor executor, ScheduledExecutorService watchdog) {
        this.log = log;
        this.listenerName = listenerName;
        this.timeoutSetting = timeoutSetting;
        this.laterMessages = laterMessages;
        this.timeout = timeout;
        this.executor = executor;
        this.watchdog = watchdog;
    }

    /**
     * Starts a call on the executor, with its timeout.
     *
     * @param what what the call is about, for the logs ({@code task <id>}, an event)
     * @param topic the message's topic
     * @param body the call
     * @param ack acknowledges the message
     * @return false when the client is closing (the watchdog refused the timeout): nothing was run and
     *     the message is left unacknowledged, so that the broker delivers it again
     */
    public boolean start(Object what, String topic, Body body, Runnable ack) {
        Call call = new Call(what, topic, body, ack);
        try {
            call.timer = watchdog.schedule(call::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return false;
        }
        started.incrementAndGet();
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            failures.incrementAndGet();
            log.error("Could not run the {} for {}: its executor refused the call ({}); message acknowledged",
                    listenerName, what, e.toString());
            call.finish(false);
        }
        return true;
    }

    /**
     * Acknowledges a message; a failure to do so (the connection is gone) is logged at DEBUG.
     *
     * @param log the logger
     * @param ack acknowledges the message
     * @param topic the message's topic
     */
    public static void ackQuietly(Logger log, Runnable ack, String topic) {
        try {
            ack.run();
        } catch (RuntimeException e) {
            log.debug("Acknowledging a message on {} failed: {}", topic, e.toString());
        }
    }

    /** @return calls started (counted before the call runs) */
    public long started() {
        return started.get();
    }

    /** @return calls that threw, or that the executor refused */
    public long failures() {
        return failures.get();
    }

    /** @return calls that outlived the timeout */
    public long timeouts() {
        return timeouts.get();
    }

    private final class Call implements Runnable {
        private final Object what;
        private final String topic;
        private final Body body;
        private final Runnable ack;
        private final AtomicBoolean acked = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Call(Object what, String topic, Body body, Runnable ack) {
            this.what = what;
            this.topic = topic;
            this.body = body;
            this.ack = ack;
        }

        @Override
        public void run() {
            boolean ok = false;
            try {
                body.run();
                ok = true;
            } catch (Exception | LinkageError | AssertionError e) {
                failures.incrementAndGet();
                log.error("{} failed for {} (message on {} acknowledged; it is not delivered again)", listenerName,
                        what, topic, e);
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
                ackQuietly(log, ack, topic);
            } else if (ok) {
                log.info("{} for {} finished after the timeout of {}", listenerName, what, timeout);
            }
        }

        void onTimeout() {
            if (acked.compareAndSet(false, true)) {
                timeouts.incrementAndGet();
                log.warn("{} for {} is still running after {} ({}): acknowledged the message anyway so that later {}"
                        + " are not held back", listenerName, what, timeoutSetting, timeout, laterMessages);
                ackQuietly(log, ack, topic);
            }
        }
    }
}
