package io.butlermqtt.internal.sense;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited logging of dropped input and failures: the first one after a quiet interval is logged at
 * once with its details; the others are counted and summarised in one WARN line per interval
 * ({@link #tick()}, called by the server's timer). Thread-safe.
 */
public final class DropLog {

    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);

    /** Why something was dropped or failed; the name is the counter's name in the summary. */
    public enum Reason {
        /** A sender not in allowedSources. */
        SOURCE_REJECTED("sourceRejected", false),
        /** Larger than maxMessageSize. */
        OVERSIZE("oversize", false),
        /** Beyond the rate limit. */
        RATE_LIMITED("rateLimited", false),
        /** The queue was full. */
        QUEUE_FULL("queueFull", false),
        /** The operating system dropped datagrams: the socket's receive buffer was full. */
        KERNEL_DROPPED("kernelDropped", false),
        /** Not a log appender datagram. */
        INVALID("invalid", false),
        /** A repeated execution ID. */
        DUPLICATE("duplicate", false),
        /** The enrichment failed or timed out. */
        ENRICHMENT_FAILED("enrichmentFailed", false),
        /** A bug in the server. */
        PROCESSING_ERROR("processingError", true),
        /** The listener threw. */
        LISTENER_FAILURE("listenerFailure", true),
        /** A publish failed. */
        PUBLISH_FAILED("publishFailed", false),
        /** Reading from a socket failed. */
        SOCKET_ERROR("socketError", true);

        final String counterName;
        final boolean error;

        Reason(String counterName, boolean error) {
            this.counterName = counterName;
            this.error = error;
        }
    }

    private final String intervalText;
    private final Map<Reason, LongAdder> pending = new EnumMap<>(Reason.class);
    private final AtomicBoolean windowOpen = new AtomicBoolean();

    /**
     * @param intervalText the summary interval as shown in the log, such as {@code 60 s}
     */
    public DropLog(String intervalText) {
        this.intervalText = intervalText;
        for (Reason r : Reason.values()) {
            pending.put(r, new LongAdder());
        }
    }

    /**
     * Reports one drop or failure.
     *
     * @param reason why
     * @param detail what, for the immediate log line (no secrets, values already quoted and shortened)
     * @param cause the exception, logged with its stack trace for error reasons; may be null
     */
    public void report(Reason reason, String detail, Throwable cause) {
        report(reason, () -> detail, cause);
    }

    /**
     * Reports one drop or failure; the detail is only built when it is logged.
     *
     * @param reason why
     * @param detail what, for the immediate log line (no secrets, values already quoted and shortened)
     * @param cause the exception, logged with its stack trace for error reasons; may be null
     */
    public void report(Reason reason, Supplier<String> detail, Throwable cause) {
        report(reason, 1, detail, cause);
    }

    /**
     * Reports several drops of one reason at once (such as those the operating system counted).
     *
     * @param reason why
     * @param count how many, 1 or more
     * @param detail what, for the immediate log line, including the count
     * @param cause the exception, may be null
     */
    public void report(Reason reason, long count, Supplier<String> detail, Throwable cause) {
        if (windowOpen.compareAndSet(false, true)) {
            String message = "Event server: " + detail.get() + " [" + reason.counterName + "]; further drops and"
                    + " failures are counted and summarised every " + intervalText;
            if (reason.error) {
                LOG.error(message, cause);
            } else if (cause != null) {
                LOG.warn("{} ({})", message, cause.toString());
            } else {
                LOG.warn(message);
            }
        } else {
            pending.get(reason).add(count);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Event server: {} [{}]", detail.get(), reason.counterName);
            }
        }
    }

    /** Logs the counts collected since the last call, or closes the window when there were none. */
    public void tick() {
        long total = 0;
        StringJoiner parts = new StringJoiner(", ");
        for (Map.Entry<Reason, LongAdder> e : pending.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                total += n;
                parts.add(e.getKey().counterName + " " + n);
            }
        }
        if (total > 0) {
            LOG.warn("Event server: {} more dropped or failed in the last {}: {}", total, intervalText, parts);
        } else {
            windowOpen.set(false);
        }
    }
}
