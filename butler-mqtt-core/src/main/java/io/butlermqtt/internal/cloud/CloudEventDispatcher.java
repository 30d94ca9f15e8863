package io.butlermqtt.internal.cloud;

import io.butlermqtt.QlikCloudEventContext;
import io.butlermqtt.QlikCloudEventListener;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.event.QlikCloudAppReloadFinished;
import io.butlermqtt.internal.client.ListenerCalls;
import io.butlermqtt.internal.client.MessageHandler;
import io.butlermqtt.internal.client.RateLimitedWarning;
import io.butlermqtt.internal.client.Transport;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the Qlik Cloud client's incoming messages: judges each with {@link AppReloadFilter}, counts
 * and logs what is not delivered, and calls the {@link QlikCloudEventListener} on the listener executor
 * (never the network thread). Every message is acknowledged exactly once: at once when it is not
 * delivered, after the listener returned or threw, or when the listener timeout passes first (the broker
 * receives acknowledgements in arrival order, so a hanging call must not hold back later ones).
 *
 * <p>Logging: dropped input (invalid, too large, another tenant, not UTF-8, field problems) as a WARN for
 * the first occurrence, then at most one WARN per kind and {@value #WARN_INTERVAL_SECONDS} s with the count
 * ({@link RateLimitedWarning}); a failed reload not
 * delivered because alerts are off at INFO (Butler logs it so); everything else at DEBUG.
 *
 * <p>Internal: may change in any release.
 */
public final class CloudEventDispatcher implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CloudEventDispatcher.class);

    /** At most one WARN per kind of dropped input in this interval. */
    public static final long WARN_INTERVAL_SECONDS = 60;

    private final AppReloadFilter filter;
    private final QlikCloudEventListener listener;
    private final ListenerCalls calls;
    private final Clock clock;

    private final RateLimitedWarning invalidWarning;
    private final RateLimitedWarning tooLargeWarning;
    private final RateLimitedWarning tenantWarning;
    private final RateLimitedWarning utf8Warning;
    private final RateLimitedWarning fieldWarning;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong wrongTenant = new AtomicLong();
    private final AtomicLong alertsDisabled = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong notUtf8 = new AtomicLong();
    private final AtomicLong fieldProblems = new AtomicLong();

    /**
     * @param settings the settings (filters, limits, listener timeout)
     * @param listener the listener
     * @param executor runs listener calls
     * @param watchdog runs the listener timeouts
     * @param clock gives the arrival time
     * @param nanoTime the clock of the rate-limited warnings ({@code System::nanoTime})
     * @param warningTimer runs the rate-limited warnings' summaries (the client's scheduler)
     */
    public CloudEventDispatcher(QlikCloudSettings settings, QlikCloudEventListener listener, Executor executor,
            ScheduledExecutorService watchdog, Clock clock, LongSupplier nanoTime, RateLimitedWarning.Timer warningTimer) {
        this.filter = new AppReloadFilter(settings);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.calls = new ListenerCalls(LOG, "QlikCloudEventListener", "listenerTimeout", "events",
                settings.listenerTimeout(), Objects.requireNonNull(executor, "executor"),
                Objects.requireNonNull(watchdog, "watchdog"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invalidWarning = warning("Qlik Cloud message(s) dropped as not an app-reload event butler-mqtt can "
                + "read (counted in stats().invalid())", warningTimer, nanoTime);
        this.tooLargeWarning = warning("Qlik Cloud message(s) dropped as larger than maxPayloadBytes (counted in "
                + "stats().tooLarge())", warningTimer, nanoTime);
        this.tenantWarning = warning("Qlik Cloud app-reload event(s) of another tenant skipped (counted in "
                + "stats().wrongTenant())", warningTimer, nanoTime);
        this.utf8Warning = warning("Qlik Cloud message(s) that were not valid UTF-8, read with U+FFFD (counted in "
                + "stats().notUtf8())", warningTimer, nanoTime);
        this.fieldWarning = warning("Qlik Cloud app-reload event(s) delivered without fields of an unexpected type "
                + "(counted in stats().fieldProblems())", warningTimer, nanoTime);
    }

    private static RateLimitedWarning warning(String what, RateLimitedWarning.Timer timer, LongSupplier nanoTime) {
        return new RateLimitedWarning(LOG, what, TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS), nanoTime, timer);
    }

    /**
     * Handles one message. Never blocks and never throws.
     *
     * @param message the message
     */
    @Override
    public void onMessage(Transport.Incoming message) {
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            LOG.error("Unexpected error while handling a Qlik Cloud message on {}; acknowledged and ignored",
                    message.topic(), e);
            ackQuietly(message.ack(), message.topic());
        }
    }

    private void dispatch(Transport.Incoming message) {
        String topic = message.topic();
        int size = message.payload().remaining();
        received.incrementAndGet();
        AppReloadFilter.Verdict v = filter.judge(topic, message.payload());
        if (!v.validUtf8()) {
            notUtf8.incrementAndGet();
            utf8Warning.warn("A Qlik Cloud message on " + AppReloadFilter.excerpt(topic) + " (" + size + " bytes) "
                    + "was not valid UTF-8; each bad byte sequence was read as U+FFFD, as Node.js (and so Butler) "
                    + "reads it");
        }
        switch (v.outcome()) {
            case IGNORED:
                ignored.incrementAndGet();
                LOG.debug("Ignoring a Qlik Cloud message on {} ({} bytes): {}", topic, size, v.reason());
                break;
            case TOO_LARGE:
                tooLarge.incrementAndGet();
                tooLargeWarning.warn("Dropped a Qlik Cloud message on " + AppReloadFilter.excerpt(topic) + ": "
                        + v.reason());
                break;
            case INVALID:
                invalid.incrementAndGet();
                invalidWarning.warn("Dropped a Qlik Cloud message on " + AppReloadFilter.excerpt(topic) + " ("
                        + size + " bytes) that is not an app-reload event butler-mqtt can read: " + v.reason());
                break;
            case WRONG_TENANT:
                wrongTenant.incrementAndGet();
                tenantWarning.warn("Skipped a Qlik Cloud app-reload event on " + AppReloadFilter.excerpt(topic)
                        + " (app " + describeApp(v.event()) + "): " + v.reason()
                        + " (Butler.qlikSenseCloud.event.mqtt.tenant.id)");
                break;
            case ALERTS_DISABLED:
                alertsDisabled.incrementAndGet();
                LOG.info("Qlik Cloud app reload {}: app {} \"{}\", reload {}; not handed to the listener because "
                        + "Butler.qlikSenseCloud.enable is off", v.event().failed() ? "failed" : "finished",
                        describeApp(v.event()), v.event().appName().map(AppReloadFilter::excerpt).orElse(""),
                        v.event().data().reloadId().map(AppReloadFilter::excerpt).orElse("?"));
                break;
            case DELIVER:
                deliver(message, v.event());
                return; // acknowledged by the call
            default:
                throw new IllegalStateException("unknown outcome " + v.outcome());
        }
        ackQuietly(message.ack(), topic);
    }

    private static String describeApp(QlikCloudAppReloadFinished e) {
        return e.appId().map(AppReloadFilter::excerpt).orElse("?");
    }

    private void deliver(Transport.Incoming message, QlikCloudAppReloadFinished event) {
        if (!event.fieldProblems().isEmpty()) {
            fieldProblems.incrementAndGet();
            fieldWarning.warn("A Qlik Cloud app-reload event (app " + describeApp(event) + ") had fields of an "
                    + "unexpected type; delivered without them: " + String.join("; ", event.fieldProblems()));
        }
        QlikCloudEventContext context = QlikCloudEventContext.of(event, message.topic(), clock.instant());
        LOG.debug("Qlik Cloud app reload {} received on {}: {}", event.failed() ? "failure" : "success",
                message.topic(), event);
        if (!calls.start(event, message.topic(), () -> listener.onAppReloadFinished(context), message.ack())) {
            // the client is closing: leave the message unacknowledged, the broker delivers it again
            LOG.debug("Client closing: Qlik Cloud event {} left to the broker for redelivery", event);
        }
    }

    private static void ackQuietly(Runnable ack, String topic) {
        ListenerCalls.ackQuietly(LOG, ack, topic);
    }

    /**
     * The counters, in the order of {@code QlikCloudStats}: received, delivered, ignored, wrongTenant,
     * alertsDisabled, invalid, tooLarge, notUtf8, fieldProblems, listenerFailures, listenerTimeouts.
     *
     * @return a snapshot
     */
    public long[] counters() {
        return new long[] {received.get(), calls.started(), ignored.get(), wrongTenant.get(), alertsDisabled.get(),
            invalid.get(), tooLarge.get(), notUtf8.get(), fieldProblems.get(), calls.failures(), calls.timeouts()};
    }
}
