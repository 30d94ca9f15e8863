package io.butlermqtt;

import io.butlermqtt.internal.settings.SettingsProblems;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The settings of the {@link SenseEventServer}: Butler's {@code Butler.udpServerConfig} keys, plus the
 * extensions Butler lacks ({@code Butler.butlerMqtt.eventServer} in the YAML file).
 *
 * <p>Immutable and thread-safe. Start from {@link #builder()}, which holds Butler's template defaults
 * (Butler 16's {@code udpServerConfig}), or from {@link #toBuilder()}; {@link Builder#build()} checks
 * every value and throws one {@link InvalidSettingsException} listing every problem.
 *
 * <p>Accessors are named after Butler's keys; Butler's {@code enable} is {@link #enabled()}. Two
 * defaults differ from Butler's template on purpose, because the template's values are placeholders:
 * {@code enabled} is {@code true} (a Java caller who builds these settings wants a server) and
 * {@code serverHost} is {@code localhost}. The YAML loader takes both from the file, and does what the
 * Butler version without a key did when a key is absent (see the README).
 *
 * <p>Problems name the setting by its property path: Butler's key ({@code portTaskFailure},
 * {@code messageQueue.maxSize}) or the extension's name ({@code dropLogInterval}).
 */
public final class EventServerSettings {

    /** Default port of the task event server (Butler's {@code portTaskFailure}): {@value}. */
    public static final int DEFAULT_PORT_TASK_FAILURE = 9998;

    /**
     * The port Butler 5's user audit appender file sends to ({@code portSessionConnectionEvents}):
     * {@value}. Not opened unless set.
     */
    public static final int BUTLER5_PORT_SESSION_CONNECTION_EVENTS = 9997;

    /** Default largest accepted datagram, in bytes (Butler's template; the IPv4 maximum): {@value}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_507;

    /** Largest {@code maxMessageSize}: {@value} bytes (no UDP datagram is larger). */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 65_535;

    /** Default receive buffer asked of the operating system, in bytes: {@value} (4 MiB). */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    /** Default of {@link #queueFullWait()}: 1 s. */
    public static final Duration DEFAULT_QUEUE_FULL_WAIT = Duration.ofSeconds(1);

    /** Largest {@link #queueFullWait()}: 10 s. */
    public static final Duration MAX_QUEUE_FULL_WAIT = Duration.ofSeconds(10);

    private final boolean enabled;
    private final String serverHost;
    private final int portTaskFailure;
    private final OptionalInt portSessionConnectionEvents;
    private final int maxMessageSize;
    private final boolean enableSourceValidation;
    private final List<String> allowedSources;
    private final MessageQueue messageQueue;
    private final RateLimit rateLimit;
    private final Deduplication deduplication;
    private final Duration dropLogInterval;
    private final int receiveBufferBytes;
    private final Duration enrichTimeout;
    private final Duration closeTimeout;
    private final Duration queueFullWait;

    private EventServerSettings(Builder b) {
        this.enabled = b.enabled;
        this.serverHost = b.serverHost;
        this.portTaskFailure = b.portTaskFailure;
        this.portSessionConnectionEvents = b.portSessionConnectionEvents;
        this.maxMessageSize = b.maxMessageSize;
        this.enableSourceValidation = b.enableSourceValidation;
        this.allowedSources = List.copyOf(b.allowedSources);
        this.messageQueue = b.messageQueue;
        this.rateLimit = b.rateLimit;
        this.deduplication = b.deduplication;
        this.dropLogInterval = b.dropLogInterval;
        this.receiveBufferBytes = b.receiveBufferBytes;
        this.enrichTimeout = b.enrichTimeout;
        this.closeTimeout = b.closeTimeout;
        this.queueFullWait = b.queueFullWait;
    }

    /**
     * Starts a builder holding Butler's template defaults (see the class comment for the two exceptions).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this instance's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return Butler's {@code enable}: whether the server runs at all; default {@code true}} */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Butler's {@code serverHost}: the address the server listens on (a host name or IP address of this
     * machine; {@code 0.0.0.0} for every IPv4 interface, {@code ::} for every interface). A host name is
     * resolved when the server starts, an IPv4 address preferred, as Butler does.
     *
     * @return the host; default {@code localhost}
     */
    public String serverHost() {
        return serverHost;
    }

    /**
     * Butler's {@code portTaskFailure}: the UDP port for the scheduler's task events (failed, aborted,
     * success, ...). {@code 0} picks a free port, see {@link SenseEventServer#taskEventAddress()}.
     *
     * @return 0..65535; default {@value #DEFAULT_PORT_TASK_FAILURE}
     */
    public int portTaskFailure() {
        return portTaskFailure;
    }

    /**
     * Butler 5's {@code portSessionConnectionEvents}: the UDP port for the proxy's user audit events
     * (session start/stop, connection open/close). Butler 16 has no such port, so it is not opened unless
     * set; Butler 5's appender file uses {@value #BUTLER5_PORT_SESSION_CONNECTION_EVENTS}. {@code 0} picks
     * a free port.
     *
     * @return the port, or empty for none (the default)
     */
    public OptionalInt portSessionConnectionEvents() {
        return portSessionConnectionEvents;
    }

    /**
     * Butler's {@code maxMessageSize}: larger datagrams are dropped and counted
     * ({@link EventServerStats#oversize()}).
     *
     * @return bytes, 1..{@value #MAX_MESSAGE_SIZE_LIMIT}; default {@value #DEFAULT_MAX_MESSAGE_SIZE}
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Butler's {@code enableSourceValidation}: whether only datagrams from {@link #allowedSources()} are
     * accepted; others are dropped and counted ({@link EventServerStats#sourceRejected()}).
     *
     * @return the flag; default {@code false}
     */
    public boolean enableSourceValidation() {
        return enableSourceValidation;
    }

    /**
     * Butler's {@code allowedSources}: IP addresses or host names (resolved when the server starts, all
     * their addresses) that may send datagrams when {@link #enableSourceValidation()} is on.
     *
     * @return an immutable list; default empty
     */
    public List<String> allowedSources() {
        return allowedSources;
    }

    /**
     * {@return Butler's {@code messageQueue}: the bounded queue between receiving and processing; default
     * {@link MessageQueue#DEFAULT}}
     */
    public MessageQueue messageQueue() {
        return messageQueue;
    }

    /** {@return Butler's {@code rateLimit}: at most so many datagrams per minute and port; default off} */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * {@return Butler's {@code deduplication} (the release after 16.0.4): repeats of a reload's datagram are
     * dropped; default on, 10 minutes}
     */
    public Deduplication deduplication() {
        return deduplication;
    }

    /**
     * Extension: how often dropped datagrams are summarised in one WARN line. The first drop after a quiet
     * interval is logged at once, with its reason; the others are counted and logged at most once per
     * interval with their counts.
     *
     * @return 1 s..1 h; default 60 s (Butler's summary interval)
     */
    public Duration dropLogInterval() {
        return dropLogInterval;
    }

    /**
     * Extension: the socket receive buffer asked of the operating system (it may grant less: on Linux at
     * most {@code net.core.rmem_max}; the granted size is logged at start). A larger buffer absorbs a
     * longer burst before the kernel drops datagrams that the server never sees.
     *
     * @return bytes, 0 for the operating system's default, else 1024..268435456; default 4 MiB
     */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /**
     * Extension: how long an enrichment (the QRS look-up of a failed or aborted reload) may take before
     * the datagram is dropped and counted ({@link EventServerStats#enrichmentFailed()}), so that a lost
     * response cannot hold a {@code maxConcurrent} slot forever.
     *
     * @return 10 ms..1 h; default 60 s
     */
    public Duration enrichTimeout() {
        return enrichTimeout;
    }

    /**
     * Extension: how long {@link SenseEventServer#close()} waits for the queue to be processed; what is
     * left then is counted in {@link EventServerStats#abandonedAtClose()}.
     *
     * @return 0..1 h; default 10 s
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Extension: how long the receiving thread may wait in total for room in a full queue before it drops
     * datagrams at once (counted as {@link EventServerStats#queueFull()}). While it waits, the socket's
     * receive buffer ({@link #receiveBufferBytes()}) holds the datagrams that keep arriving, so a burst
     * larger than {@code messageQueue.maxSize} is processed whole when the workers catch up within this time.
     * The time is a budget per episode: it starts when the queue is first found full and is renewed once the
     * queue has drained to half its size; a sustained flood that uses it up gets immediate, counted drops
     * until then, so the receiving thread is never held longer than this per episode. {@code 0s} drops at
     * once, as Butler does.
     *
     * @return 0..10 s; default 1 s
     */
    public Duration queueFullWait() {
        return queueFullWait;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventServerSettings)) {
            return false;
        }
        EventServerSettings s = (EventServerSettings) o;
        return enabled == s.enabled && serverHost.equals(s.serverHost) && portTaskFailure == s.portTaskFailure
                && portSessionConnectionEvents.equals(s.portSessionConnectionEvents)
                && maxMessageSize == s.maxMessageSize && enableSourceValidation == s.enableSourceValidation
                && allowedSources.equals(s.allowedSources) && messageQueue.equals(s.messageQueue)
                && rateLimit.equals(s.rateLimit) && deduplication.equals(s.deduplication)
                && dropLogInterval.equals(s.dropLogInterval) && receiveBufferBytes == s.receiveBufferBytes
                && enrichTimeout.equals(s.enrichTimeout) && closeTimeout.equals(s.closeTimeout)
                && queueFullWait.equals(s.queueFullWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, serverHost, portTaskFailure, portSessionConnectionEvents, maxMessageSize,
                enableSourceValidation, allowedSources, messageQueue, rateLimit, deduplication, dropLogInterval,
                receiveBufferBytes, enrichTimeout, closeTimeout, queueFullWait);
    }

    @Override
    public String toString() {
        return "EventServerSettings{enabled=" + enabled + ", serverHost=" + serverHost + ", portTaskFailure="
                + portTaskFailure + ", portSessionConnectionEvents="
                + (portSessionConnectionEvents.isPresent() ? portSessionConnectionEvents.getAsInt() : "none")
                + ", maxMessageSize=" + maxMessageSize + ", enableSourceValidation=" + enableSourceValidation
                + ", allowedSources=" + allowedSources + ", messageQueue=" + messageQueue + ", rateLimit="
                + rateLimit + ", deduplication=" + deduplication + ", dropLogInterval=" + dropLogInterval
                + ", receiveBufferBytes=" + receiveBufferBytes + ", enrichTimeout=" + enrichTimeout
                + ", closeTimeout=" + closeTimeout + ", queueFullWait=" + queueFullWait + '}';
    }

    // ------------------------------------------------------------------------------------------
    // Nested values
    // ------------------------------------------------------------------------------------------

    /**
     * Butler's {@code messageQueue}: the bounded queue between the receiving thread and the processing.
     * Validated when the settings are built.
     *
     * @param maxConcurrent datagrams processed at once, an enrichment waiting for QRS included, 1..1000;
     *     default 10
     * @param maxSize datagrams waiting to be processed (not counting the {@code maxConcurrent} being
     *     processed); a datagram that finds it full is dropped and counted
     *     ({@link EventServerStats#queueFull()}); 1..1,000,000; default 200
     * @param backpressureThreshold queue use in percent (0..100) from which a WARN says the queue is filling
     *     up; it clears below 80 % of the threshold; default 80
     */
    public record MessageQueue(int maxConcurrent, int maxSize, int backpressureThreshold) {

        /** Largest {@code maxConcurrent}. */
        public static final int MAX_CONCURRENT_LIMIT = 1000;

        /** Largest {@code maxSize}. */
        public static final int MAX_SIZE_LIMIT = 1_000_000;

        /** Butler's template values: 10 at once, 200 waiting, warn at 80 %. */
        public static final MessageQueue DEFAULT = new MessageQueue(10, 200, 80);
    }

    /**
     * Butler's {@code rateLimit}: a fixed one-minute window per port; datagrams beyond the limit in the
     * current minute are dropped and counted ({@link EventServerStats#rateLimited()}). Validated when the
     * settings are built.
     *
     * @param enabled whether the limit applies; default {@code false}
     * @param maxMessagesPerMinute datagrams accepted per minute and port, at least 1; default 600
     */
    public record RateLimit(boolean enabled, int maxMessagesPerMinute) {

        /** Butler's template values: off, 600 per minute. */
        public static final RateLimit DISABLED = new RateLimit(false, 600);
    }

    /**
     * Butler's {@code deduplication} (added after Butler 16.0.4): a failed or aborted reload whose
     * {@code executionId} was already handled within {@code ttlMinutes} is dropped and counted
     * ({@link EventServerStats#duplicates()}). An empty {@code executionId} is never a duplicate; an
     * enrichment that failed releases its {@code executionId}, so a repeat is handled. Validated when the
     * settings are built.
     *
     * @param enabled whether repeats are dropped; default {@code true} (Butler's template; the YAML
     *     loader turns it off when the key is absent, as Butler 16.0.4 handles every repeat)
     * @param ttlMinutes how long an {@code executionId} is remembered after it was handled, 1..10080;
     *     default 10
     */
    public record Deduplication(boolean enabled, int ttlMinutes) {

        /** Butler's template values: on, 10 minutes. */
        public static final Deduplication DEFAULT = new Deduplication(true, 10);

        /** Off (Butler 16.0.4 and earlier: a repeated datagram is handled again). */
        public static final Deduplication DISABLED = new Deduplication(false, 10);

        /** Most entries remembered at once; the oldest is forgotten first. */
        public static final int MAX_ENTRIES = 100_000;
    }

    // ------------------------------------------------------------------------------------------
    // Builder
    // ------------------------------------------------------------------------------------------

    /**
     * Builds {@link EventServerSettings}. Setters reject only {@code null}; {@link #build()} checks every
     * value and every rule between values, and reports all problems at once. Not thread-safe.
     */
    public static final class Builder {

        private boolean enabled = true;
        private String serverHost = "localhost";
        private int portTaskFailure = DEFAULT_PORT_TASK_FAILURE;
        private OptionalInt portSessionConnectionEvents = OptionalInt.empty();
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private boolean enableSourceValidation;
        private List<String> allowedSources = List.of();
        private MessageQueue messageQueue = MessageQueue.DEFAULT;
        private RateLimit rateLimit = RateLimit.DISABLED;
        private Deduplication deduplication = Deduplication.DEFAULT;
        private Duration dropLogInterval = Duration.ofSeconds(60);
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
        private Duration enrichTimeout = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration queueFullWait = DEFAULT_QUEUE_FULL_WAIT;

        private Builder() {
        }

        private Builder(EventServerSettings s) {
            enabled = s.enabled;
            serverHost = s.serverHost;
            portTaskFailure = s.portTaskFailure;
            portSessionConnectionEvents = s.portSessionConnectionEvents;
            maxMessageSize = s.maxMessageSize;
            enableSourceValidation = s.enableSourceValidation;
            allowedSources = s.allowedSources;
            messageQueue = s.messageQueue;
            rateLimit = s.rateLimit;
            deduplication = s.deduplication;
            dropLogInterval = s.dropLogInterval;
            receiveBufferBytes = s.receiveBufferBytes;
            enrichTimeout = s.enrichTimeout;
            closeTimeout = s.closeTimeout;
            queueFullWait = s.queueFullWait;
        }

        private static <T> T nn(T value, String name) {
            return SettingsProblems.notNull(value, name);
        }

        /**
         * Sets Butler's {@code enable}: whether the server runs at all.
         *
         * @param v {@code false} to open no port
         * @return this builder
         */
        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /**
         * Sets Butler's {@code serverHost}, the address the server listens on.
         *
         * @param v a host name or IP address of this machine, {@code 0.0.0.0} or {@code ::} for all
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder serverHost(String v) {
            serverHost = nn(v, "serverHost");
            return this;
        }

        /**
         * Sets Butler's {@code portTaskFailure}, the UDP port of the scheduler's task events.
         *
         * @param v 1..65535, or 0 for a free port
         * @return this builder
         */
        public Builder portTaskFailure(int v) {
            portTaskFailure = v;
            return this;
        }

        /**
         * Sets Butler 5's {@code portSessionConnectionEvents}, the UDP port of the proxy's user audit events.
         *
         * @param v 1..65535, or 0 for a free port
         * @return this builder
         */
        public Builder portSessionConnectionEvents(int v) {
            portSessionConnectionEvents = OptionalInt.of(v);
            return this;
        }

        /**
         * Sets or clears Butler 5's {@code portSessionConnectionEvents}.
         *
         * @param v the port, or empty for no user audit port
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder portSessionConnectionEvents(OptionalInt v) {
            portSessionConnectionEvents = nn(v, "portSessionConnectionEvents");
            return this;
        }

        /**
         * Sets Butler's {@code maxMessageSize}: larger datagrams are dropped and counted.
         *
         * @param v bytes, 1..{@value EventServerSettings#MAX_MESSAGE_SIZE_LIMIT}
         * @return this builder
         */
        public Builder maxMessageSize(int v) {
            maxMessageSize = v;
            return this;
        }

        /**
         * Sets Butler's {@code enableSourceValidation}: whether only the allowed sources may send.
         *
         * @param v {@code true} to drop datagrams from other addresses
         * @return this builder
         */
        public Builder enableSourceValidation(boolean v) {
            enableSourceValidation = v;
            return this;
        }

        /**
         * Sets Butler's {@code allowedSources}, the senders accepted when source validation is on.
         *
         * @param v IP addresses or host names (copied)
         * @return this builder
         * @throws NullPointerException if {@code v} or an element is null
         */
        public Builder allowedSources(List<String> v) {
            allowedSources = List.copyOf(nn(v, "allowedSources"));
            return this;
        }

        /**
         * Sets Butler's {@code messageQueue}: how many datagrams are processed at once and how many wait.
         *
         * @param v the queue settings
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder messageQueue(MessageQueue v) {
            messageQueue = nn(v, "messageQueue");
            return this;
        }

        /**
         * Sets Butler's {@code rateLimit}.
         *
         * @param v the limit, or {@link RateLimit#DISABLED}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder rateLimit(RateLimit v) {
            rateLimit = nn(v, "rateLimit");
            return this;
        }

        /**
         * Sets Butler's {@code deduplication} of repeated reload datagrams.
         *
         * @param v the deduplication, or {@link Deduplication#DISABLED}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder deduplication(Deduplication v) {
            deduplication = nn(v, "deduplication");
            return this;
        }

        /**
         * Sets how often dropped datagrams are summarised in one WARN line.
         *
         * @param v 1 s..1 h; see {@link EventServerSettings#dropLogInterval()}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder dropLogInterval(Duration v) {
            dropLogInterval = nn(v, "dropLogInterval");
            return this;
        }

        /**
         * Sets the socket receive buffer asked of the operating system.
         *
         * @param v bytes, 0 for the system's default, else 1024..268435456; see
         *     {@link EventServerSettings#receiveBufferBytes()}
         * @return this builder
         */
        public Builder receiveBufferBytes(int v) {
            receiveBufferBytes = v;
            return this;
        }

        /**
         * Sets how long the QRS look-up of one failed or aborted reload may take.
         *
         * @param v 10 ms..1 h; see {@link EventServerSettings#enrichTimeout()}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder enrichTimeout(Duration v) {
            enrichTimeout = nn(v, "enrichTimeout");
            return this;
        }

        /**
         * Sets how long {@code close()} waits for the queue to be processed.
         *
         * @param v 0..1 h; see {@link EventServerSettings#closeTimeout()}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder closeTimeout(Duration v) {
            closeTimeout = nn(v, "closeTimeout");
            return this;
        }

        /**
         * Sets how long the receiving thread may wait for room in a full queue, per episode.
         *
         * @param v 0..10 s, {@code 0s} to drop at once as Butler does; see
         *     {@link EventServerSettings#queueFullWait()}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder queueFullWait(Duration v) {
            queueFullWait = nn(v, "queueFullWait");
            return this;
        }

        /**
         * Checks every setting and builds the immutable settings.
         *
         * @return the settings
         * @throws InvalidSettingsException listing every invalid setting
         */
        public EventServerSettings build() {
            SettingsProblems p = new SettingsProblems();
            p.host("serverHost", serverHost, enabled);
            if (portTaskFailure < 0 || portTaskFailure > 65_535) {
                p.add("portTaskFailure", "must be 0..65535 (0 for any free port), but was " + portTaskFailure);
            }
            if (portSessionConnectionEvents.isPresent()) {
                int port = portSessionConnectionEvents.getAsInt();
                if (port < 0 || port > 65_535) {
                    p.add("portSessionConnectionEvents", "must be 0..65535 (0 for any free port), but was " + port);
                } else if (port != 0 && port == portTaskFailure) {
                    p.add("portSessionConnectionEvents", "must differ from portTaskFailure (" + portTaskFailure
                            + "): the two kinds of datagram need their own ports");
                }
            }
            if (maxMessageSize < 1 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
                p.add("maxMessageSize", "must be 1.." + MAX_MESSAGE_SIZE_LIMIT + " bytes, but was " + maxMessageSize);
            }
            if (enabled && enableSourceValidation) {
                if (allowedSources.isEmpty()) {
                    p.add("allowedSources", "must list at least one IP address or host name when"
                            + " enableSourceValidation is true (Butler would silently accept every source)");
                }
                for (int i = 0; i < allowedSources.size(); i++) {
                    p.host("allowedSources[" + i + "]", allowedSources.get(i), true);
                }
            }
            MessageQueue q = messageQueue;
            if (q.maxConcurrent() < 1 || q.maxConcurrent() > MessageQueue.MAX_CONCURRENT_LIMIT) {
                p.add("messageQueue.maxConcurrent", "must be 1.." + MessageQueue.MAX_CONCURRENT_LIMIT
                        + ", but was " + q.maxConcurrent());
            }
            if (q.maxSize() < 1 || q.maxSize() > MessageQueue.MAX_SIZE_LIMIT) {
                p.add("messageQueue.maxSize", "must be 1.." + MessageQueue.MAX_SIZE_LIMIT + ", but was " + q.maxSize());
            }
            if (q.backpressureThreshold() < 0 || q.backpressureThreshold() > 100) {
                p.add("messageQueue.backpressureThreshold", "must be a percentage 0..100, but was "
                        + q.backpressureThreshold());
            }
            if (rateLimit.enabled() && rateLimit.maxMessagesPerMinute() < 1) {
                p.add("rateLimit.maxMessagesPerMinute", "must be 1 or more when rateLimit is enabled, but was "
                        + rateLimit.maxMessagesPerMinute());
            }
            if (deduplication.enabled() && (deduplication.ttlMinutes() < 1 || deduplication.ttlMinutes() > 10_080)) {
                p.add("deduplication.ttlMinutes", "must be 1..10080 (a week) when deduplication is enabled, but was "
                        + deduplication.ttlMinutes());
            }
            p.duration("dropLogInterval", dropLogInterval, Duration.ofSeconds(1), Duration.ofHours(1));
            if (receiveBufferBytes != 0 && (receiveBufferBytes < 1024 || receiveBufferBytes > 268_435_456)) {
                p.add("receiveBufferBytes", "must be 0 (the system default) or 1024..268435456, but was "
                        + receiveBufferBytes);
            }
            p.duration("enrichTimeout", enrichTimeout, Duration.ofMillis(10), Duration.ofHours(1));
            p.duration("closeTimeout", closeTimeout, Duration.ZERO, Duration.ofHours(1));
            p.duration("queueFullWait", queueFullWait, Duration.ZERO, MAX_QUEUE_FULL_WAIT);
            p.throwIfAny("event server");
            return new EventServerSettings(this);
        }
    }
}
