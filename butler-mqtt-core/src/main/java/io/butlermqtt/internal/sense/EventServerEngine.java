package io.butlermqtt.internal.sense;

import io.butlermqtt.internal.Guids;
import io.butlermqtt.EventServerSettings;
import io.butlermqtt.EventServerStartException;
import io.butlermqtt.EventServerStats;
import io.butlermqtt.ParsedDatagram;
import io.butlermqtt.ReceivedEvent;
import io.butlermqtt.ReloadTaskEnricher;
import io.butlermqtt.ReloadTaskNotice;
import io.butlermqtt.SenseEventListener;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.SenseEvent;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event server's machinery, wired in one place: per port a socket and a receiving thread (source
 * check, size check, rate limit, copy, offer to the bounded queue; nothing else, so it never blocks), one
 * dispatcher thread that hands queued datagrams to the worker pool while fewer than {@code maxConcurrent}
 * are in flight, the workers (parse, deduplicate, enrich, deliver), and one timer thread (drop-log
 * summaries, backpressure reminders, deduplication clean-up, enrichment timeouts).
 *
 * <p>Every datagram ends in exactly one counter ({@link Item#finish}). Internal: may change in any release.
 */
public final class EventServerEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventServerEngine.class);
    private static final AtomicInteger SERVER_SEQ = new AtomicInteger();
    /** Larger than any UDP payload, so a datagram is never cut and its size is exact. */
    private static final int RECEIVE_BUFFER = 65_536;
    /** Most worker threads; more concurrent datagrams (waiting for enrichment) need no thread. */
    public static final int MAX_WORKER_THREADS = 64;
    private static final long SOCKET_ERROR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Which port a datagram came in on. */
    enum Port {
        TASK("portTaskFailure", EventSourceStatus.Source.TASK_EVENTS, "task events"),
        USER_AUDIT("portSessionConnectionEvents", EventSourceStatus.Source.SESSION_EVENTS, "user audit events");

        final String property;
        final EventSourceStatus.Source source;
        final String description;

        Port(String property, EventSourceStatus.Source source, String description) {
            this.property = property;
            this.source = source;
            this.description = description;
        }
    }

    /** How a datagram ended. */
    private enum Outcome {
        PROCESSED, PROCESSED_EMPTY, IGNORED, INVALID, DUPLICATE, ENRICHMENT_FAILED, PROCESSING_ERROR, ABANDONED
    }

    private final EventServerSettings settings;
    private final ReloadTaskEnricher enricher;
    private final SenseEventListener listener;
    private final PublishingListener publishing;
    private final DropLog dropLog;
    private final boolean enabled;

    // counters
    private final LongAdder received = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder enrichedEmpty = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    private final LongAdder sourceRejected = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder enrichmentFailed = new LongAdder();
    private final LongAdder processingErrors = new LongAdder();
    private final LongAdder abandonedAtClose = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder socketErrors = new LongAdder();
    private final LongAdder queueWaits = new LongAdder();
    private final KernelDrops kernelDrops = new KernelDrops();
    private final AtomicInteger inFlight = new AtomicInteger();

    // machinery (null when disabled)
    private final ArrayBlockingQueue<Item> queue;
    private final Semaphore permits;
    private final Set<Item> inFlightItems = ConcurrentHashMap.newKeySet();
    private final DedupCache dedup;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final List<Receiver> receivers = new ArrayList<>();
    private final Thread dispatcher;
    private final AtomicBoolean backpressure = new AtomicBoolean();
    /** When the last backpressure WARN was logged; episodes in between are only counted (no log storm). */
    private volatile long backpressureLoggedNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private volatile boolean backpressureEpisodeLogged;
    private final LongAdder backpressureEpisodesUnlogged = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long baseNanos = System.nanoTime();
    private final Instant baseInstant = Instant.now();
    private volatile boolean running;

    private EventServerEngine(EventServerSettings settings, ReloadTaskEnricher enricher, SenseEventListener listener,
            PublishingListener publishing, DropLog dropLog) {
        this.settings = settings;
        this.enricher = enricher;
        this.listener = listener;
        this.publishing = publishing;
        this.dropLog = dropLog;
        this.enabled = settings.enabled();
        if (!enabled) {
            queue = null;
            permits = null;
            dedup = null;
            workers = null;
            timer = null;
            dispatcher = null;
            return;
        }
        int serverNo = SERVER_SEQ.incrementAndGet();
        EventServerSettings.MessageQueue mq = settings.messageQueue();
        queue = new ArrayBlockingQueue<>(mq.maxSize());
        permits = new Semaphore(mq.maxConcurrent());
        dedup = settings.deduplication().enabled()
                ? new DedupCache(TimeUnit.MINUTES.toNanos(settings.deduplication().ttlMinutes()),
                        EventServerSettings.Deduplication.MAX_ENTRIES, System::nanoTime)
                : null;
        int threads = Math.min(mq.maxConcurrent(), MAX_WORKER_THREADS);
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("butler-mqtt-event-worker-" + serverNo + "-"));
        workers.allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, threads("butler-mqtt-event-timer-" + serverNo + "-"));
        timer.setRemoveOnCancelPolicy(true);
        dispatcher = threads("butler-mqtt-event-dispatch-" + serverNo + "-").newThread(this::dispatchLoop);
    }

    // ------------------------------------------------------------------------------------------
    // Start
    // ------------------------------------------------------------------------------------------

    /**
     * Starts a server that hands its events to a listener.
     *
     * @param settings the settings
     * @param enricher the enrichment stage
     * @param listener where events go
     * @return the running (or, when disabled, idle) server
     * @throws EventServerStartException when a socket cannot be bound or a host does not resolve
     */
    public static EventServerEngine start(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventListener listener) {
        DropLog dropLog = new DropLog(text(settings.dropLogInterval()));
        return start(settings, enricher, listener, null, dropLog, SourceFilter.Resolver.SYSTEM);
    }

    /**
     * Starts a server that publishes its events, tracking each publish future.
     *
     * @param settings the settings
     * @param enricher the enrichment stage
     * @param publisher where events go
     * @return the running (or, when disabled, idle) server
     * @throws EventServerStartException when a socket cannot be bound or a host does not resolve
     */
    public static EventServerEngine startPublishing(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventPublisher publisher) {
        return startPublishing(settings, enricher, publisher, null);
    }

    /**
     * Starts a server that publishes its events and, for user audit events, the tracker's messages.
     *
     * @param settings the settings
     * @param enricher the enrichment stage
     * @param publisher where events go
     * @param tracker Butler 5's active users, or null
     * @return the running (or, when disabled, idle) server
     * @throws EventServerStartException when a socket cannot be bound or a host does not resolve
     */
    public static EventServerEngine startPublishing(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventPublisher publisher, io.butlermqtt.ActiveUserTracker tracker) {
        DropLog dropLog = new DropLog(text(settings.dropLogInterval()));
        PublishingListener p = new PublishingListener(publisher, dropLog, tracker);
        return start(settings, enricher, p, p, dropLog, SourceFilter.Resolver.SYSTEM);
    }

    static EventServerEngine start(EventServerSettings settings, ReloadTaskEnricher enricher,
            SenseEventListener listener, PublishingListener publishing, DropLog dropLog,
            SourceFilter.Resolver resolver) {
        EventServerEngine e = new EventServerEngine(settings, enricher, listener, publishing, dropLog);
        if (!e.enabled) {
            LOG.info("Event server disabled (udpServerConfig.enable is false): no port opened");
            return e;
        }
        e.open(resolver);
        return e;
    }

    private void open(SourceFilter.Resolver resolver) {
        List<Receiver> bound = new ArrayList<>();
        try {
            InetAddress address = resolveServerHost(resolver);
            SourceFilter filter = settings.enableSourceValidation()
                    ? SourceFilter.resolve(settings.allowedSources(), resolver) : SourceFilter.allowAll();
            bound.add(bind(Port.TASK, address, settings.portTaskFailure(), filter));
            if (settings.portSessionConnectionEvents().isPresent()) {
                bound.add(bind(Port.USER_AUDIT, address, settings.portSessionConnectionEvents().getAsInt(), filter));
            }
        } catch (RuntimeException ex) {
            for (Receiver r : bound) {
                r.closeChannel();
            }
            shutdownThreads();
            throw ex;
        }
        receivers.addAll(bound);
        running = true;
        dispatcher.start();
        long interval = settings.dropLogInterval().toNanos();
        timer.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.NANOSECONDS);
        if (receivers.stream().anyMatch(r -> r.kernelDropsKnown)) {
            timer.scheduleWithFixedDelay(this::checkKernelDrops, 1, 1, TimeUnit.SECONDS);
        }
        if (dedup != null) {
            long cleanup = Math.min(TimeUnit.MINUTES.toNanos(settings.deduplication().ttlMinutes()) / 2,
                    TimeUnit.SECONDS.toNanos(60));
            timer.scheduleAtFixedRate(dedup::cleanup, cleanup, cleanup, TimeUnit.NANOSECONDS);
        }
        for (Receiver r : receivers) {
            deliverStatus(r.port, EventSourceStatus.Status.START);
        }
        for (Receiver r : receivers) {
            r.thread.start();
        }
        StringBuilder where = new StringBuilder();
        for (Receiver r : receivers) {
            where.append(where.length() == 0 ? "" : " and ").append(r.port.description).append(" on udp://")
                    .append(hostPort(r.boundAddress)).append(" (receive buffer ").append(r.receiveBuffer)
                    .append(" bytes)");
        }
        EventServerSettings.MessageQueue mq = settings.messageQueue();
        LOG.info("Event server listening for {}; queue {} waiting, {} at once, full queue waits up to {}; deduplication {};"
                + " rate limit {}; source validation {}; max datagram {} bytes", where, mq.maxSize(), mq.maxConcurrent(),
                text(settings.queueFullWait()),
                dedup == null ? "off" : settings.deduplication().ttlMinutes() + " min",
                settings.rateLimit().enabled() ? settings.rateLimit().maxMessagesPerMinute() + "/min per port" : "off",
                settings.enableSourceValidation() ? "on" : "off", settings.maxMessageSize());
    }

    private InetAddress resolveServerHost(SourceFilter.Resolver resolver) {
        String host = settings.serverHost();
        try {
            InetAddress[] all = resolver.resolve(host);
            for (InetAddress a : all) {
                if (a instanceof Inet4Address) {
                    return a; // Butler's socket is udp4: prefer an IPv4 address
                }
            }
            return all[0];
        } catch (UnknownHostException | RuntimeException e) {
            LOG.error("Event server: cannot listen on udp://{}: the host name does not resolve", host);
            deliverStatus(Port.TASK, EventSourceStatus.Status.ERROR);
            if (settings.portSessionConnectionEvents().isPresent()) {
                deliverStatus(Port.USER_AUDIT, EventSourceStatus.Status.ERROR);
            }
            throw new EventServerStartException("serverHost", host, settings.portTaskFailure(),
                    "the host name does not resolve to an address", e);
        }
    }

    private Receiver bind(Port port, InetAddress address, int portNumber, SourceFilter filter) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(address instanceof Inet4Address ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            if (settings.receiveBufferBytes() > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
            }
            ch.bind(new InetSocketAddress(address, portNumber));
            return new Receiver(port, ch, filter);
        } catch (IOException | RuntimeException ex) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing bound
                }
            }
            String why = describeBindFailure(ex);
            String property = why.startsWith("serverHost") ? "serverHost" : port.property;
            LOG.error("Event server: cannot listen for {} on udp://{}:{}: {}", port.description,
                    settings.serverHost(), portNumber, why);
            deliverStatus(port, EventSourceStatus.Status.ERROR);
            throw new EventServerStartException(property, settings.serverHost(), portNumber, why, ex);
        }
    }

    private static String describeBindFailure(Exception ex) {
        String m = String.valueOf(ex.getMessage());
        if (ex instanceof BindException && m.contains("in use")) {
            return "the port is already in use (is Butler, or another instance, still running?)";
        }
        if (ex instanceof BindException && m.contains("assign")) {
            return "serverHost is not an address of this machine (" + m + ")";
        }
        if (ex instanceof BindException && m.contains("ermission")) {
            return "not allowed to listen on this port (ports below 1024 need privileges): " + m;
        }
        return ex.getClass().getSimpleName() + ": " + m;
    }

    // ------------------------------------------------------------------------------------------
    // Receiving (one thread per port): never blocks except in receive()
    // ------------------------------------------------------------------------------------------

    /** One bound port and its receiving thread. */
    private final class Receiver implements Runnable {
        final Port port;
        final DatagramChannel channel;
        final SourceFilter filter;
        final RateLimiter rateLimiter;
        final InetSocketAddress boundAddress;
        final int receiveBuffer;
        final int portNumber;
        final Thread thread;
        private boolean failing;
        /** Waiting time left in this episode of a full queue (see {@code queueFullWait}). */
        private long waitBudgetNanos;
        private final long fullWaitBudgetNanos;
        /** Whether the operating system tells this socket's drops; the last count read. */
        final boolean kernelDropsKnown;
        volatile long kernelDropsRead;
        /** The count reported to the drop log so far. */
        long kernelDropsLogged;

        Receiver(Port port, DatagramChannel channel, SourceFilter filter) throws IOException {
            this.port = port;
            this.channel = channel;
            this.filter = filter;
            this.rateLimiter = settings.rateLimit().enabled()
                    ? new RateLimiter(settings.rateLimit().maxMessagesPerMinute(), System::nanoTime) : null;
            this.boundAddress = (InetSocketAddress) channel.getLocalAddress();
            this.receiveBuffer = channel.getOption(StandardSocketOptions.SO_RCVBUF);
            this.portNumber = boundAddress.getPort();
            this.thread = threads("butler-mqtt-udp-" + portNumber + "-").newThread(this);
            this.fullWaitBudgetNanos = settings.queueFullWait().toNanos();
            this.waitBudgetNanos = fullWaitBudgetNanos;
            java.util.OptionalLong drops = kernelDrops.read(boundAddress);
            this.kernelDropsKnown = drops.isPresent();
            this.kernelDropsRead = drops.orElse(0);
            this.kernelDropsLogged = kernelDropsRead;
        }

        /** Reads this socket's drop count from the operating system (while it is open). */
        long readKernelDrops() {
            if (kernelDropsKnown && channel.isOpen()) {
                java.util.OptionalLong d = kernelDrops.read(boundAddress);
                if (d.isPresent() && d.getAsLong() > kernelDropsRead) {
                    kernelDropsRead = d.getAsLong();
                }
            }
            return kernelDropsRead;
        }

        /**
         * Puts the datagram in the queue, waiting for room while this episode's budget lasts (the socket's
         * buffer holds what arrives meanwhile). The budget is renewed once the queue has drained to half.
         */
        private boolean enqueue(Item item) throws InterruptedException {
            if (waitBudgetNanos < fullWaitBudgetNanos && queue.size() * 2 <= settings.messageQueue().maxSize()) {
                waitBudgetNanos = fullWaitBudgetNanos;
            }
            if (queue.offer(item)) {
                return true;
            }
            if (waitBudgetNanos <= 0) {
                return false;
            }
            long t0 = System.nanoTime();
            boolean in = queue.offer(item, waitBudgetNanos, TimeUnit.NANOSECONDS);
            waitBudgetNanos -= System.nanoTime() - t0;
            if (in) {
                queueWaits.increment();
            }
            return in;
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
            int maxSize = settings.maxMessageSize();
            while (running) {
                try {
                    buf.clear();
                    SocketAddress from = channel.receive(buf);
                    if (from == null) {
                        continue;
                    }
                    failing = false;
                    long now = System.nanoTime();
                    received.increment();
                    InetSocketAddress sender = (InetSocketAddress) from;
                    int length = buf.position();
                    if (!filter.allows(sender.getAddress())) {
                        sourceRejected.increment();
                        dropLog.report(DropLog.Reason.SOURCE_REJECTED, () -> "rejected a datagram from "
                                + hostPort(sender) + " on port " + portNumber + ": not in allowedSources", null);
                        continue;
                    }
                    if (length > maxSize) {
                        oversize.increment();
                        dropLog.report(DropLog.Reason.OVERSIZE, () -> "dropped a datagram of " + length + " bytes from "
                                + hostPort(sender) + " on port " + portNumber + ": larger than maxMessageSize ("
                                + maxSize + ")", null);
                        continue;
                    }
                    if (rateLimiter != null && !rateLimiter.tryAcquire()) {
                        rateLimited.increment();
                        dropLog.report(DropLog.Reason.RATE_LIMITED, () -> "dropped a datagram from " + hostPort(sender)
                                + " on port " + portNumber + ": more than rateLimit.maxMessagesPerMinute ("
                                + settings.rateLimit().maxMessagesPerMinute() + ") this minute", null);
                        continue;
                    }
                    byte[] data = new byte[length];
                    buf.flip();
                    buf.get(data);
                    if (!enqueue(new Item(port, data, sender, now))) {
                        queueFull.increment();
                        dropLog.report(DropLog.Reason.QUEUE_FULL, () -> "dropped a datagram from " + hostPort(sender)
                                + " on port " + portNumber + ": the queue is full (messageQueue.maxSize "
                                + settings.messageQueue().maxSize() + ", " + settings.messageQueue().maxConcurrent()
                                + " being processed)", null);
                        continue;
                    }
                    checkBackpressure();
                } catch (ClosedChannelException e) {
                    break; // closed by close()
                } catch (InterruptedException e) {
                    // close() gave up waiting for room: the datagram in hand was counted as received
                    abandonedAtClose.increment();
                    break;
                } catch (IOException e) {
                    if (!running) {
                        break;
                    }
                    socketError(e);
                } catch (Throwable t) {
                    // never let the receiving thread die
                    processingErrors.increment();
                    dropLog.report(DropLog.Reason.PROCESSING_ERROR, "unexpected error while receiving on port "
                            + portNumber, t);
                }
            }
        }

        private void socketError(IOException e) {
            socketErrors.increment();
            dropLog.report(DropLog.Reason.SOCKET_ERROR, "error reading from udp://" + hostPort(boundAddress), e);
            if (!failing) {
                failing = true;
                try {
                    workers.execute(() -> deliverStatus(port, EventSourceStatus.Status.ERROR));
                } catch (RejectedExecutionException ignored) {
                    // closing
                }
            }
            LockSupport.parkNanos(SOCKET_ERROR_BACKOFF_NANOS);
        }

        void closeChannel() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Event server: closing udp://{}: {}", hostPort(boundAddress), e.toString());
            }
        }
    }

    private void checkBackpressure() {
        EventServerSettings.MessageQueue mq = settings.messageQueue();
        long size = queue.size();
        long threshold = mq.backpressureThreshold();
        if (size * 100 >= threshold * mq.maxSize()) {
            if (backpressure.compareAndSet(false, true)) {
                long now = System.nanoTime();
                if (now - backpressureLoggedNanos >= settings.dropLogInterval().toNanos()) {
                    backpressureLoggedNanos = now;
                    backpressureEpisodeLogged = true;
                    LOG.warn("Event server: backpressure, the queue is {}% full ({} of {}; messageQueue."
                            + "backpressureThreshold {}%)", size * 100 / mq.maxSize(), size, mq.maxSize(), threshold);
                } else {
                    backpressureEpisodesUnlogged.increment();
                }
            }
        } else if (size * 100 * 10 < threshold * mq.maxSize() * 8 && backpressure.compareAndSet(true, false)) {
            if (backpressureEpisodeLogged) {
                backpressureEpisodeLogged = false;
                LOG.info("Event server: backpressure cleared, the queue is {}% full ({} of {})",
                        size * 100 / mq.maxSize(), size, mq.maxSize());
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dispatching: at most maxConcurrent datagrams in flight
    // ------------------------------------------------------------------------------------------

    private void dispatchLoop() {
        try {
            while (true) {
                permits.acquire();
                Item item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    permits.release();
                    throw e;
                }
                inFlight.incrementAndGet();
                inFlightItems.add(item);
                try {
                    workers.execute(() -> process(item));
                } catch (RejectedExecutionException e) {
                    item.finish(Outcome.ABANDONED);
                }
            }
        } catch (InterruptedException e) {
            // close() stops dispatching
        } catch (Throwable t) {
            LOG.error("Event server: the dispatcher stopped unexpectedly; datagrams are no longer processed", t);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Processing (worker threads)
    // ------------------------------------------------------------------------------------------

    /** One received datagram on its way through the pipeline. */
    private final class Item {
        final Port port;
        final byte[] data;
        final InetSocketAddress sender;
        final long receivedNanos;
        final AtomicBoolean finished = new AtomicBoolean();
        /** The execution ID this datagram reserved, released when it fails. */
        volatile String reservedExecutionId;

        Item(Port port, byte[] data, InetSocketAddress sender, long receivedNanos) {
            this.port = port;
            this.data = data;
            this.sender = sender;
            this.receivedNanos = receivedNanos;
        }

        /** Ends the datagram's way: counts it once, frees its slot. Later calls do nothing. */
        boolean finish(Outcome outcome) {
            if (!finished.compareAndSet(false, true)) {
                return false;
            }
            switch (outcome) {
                case PROCESSED -> processed.increment();
                case PROCESSED_EMPTY -> {
                    processed.increment();
                    enrichedEmpty.increment();
                }
                case IGNORED -> ignored.increment();
                case INVALID -> invalid.increment();
                case DUPLICATE -> duplicates.increment();
                case ENRICHMENT_FAILED -> enrichmentFailed.increment();
                case PROCESSING_ERROR -> processingErrors.increment();
                case ABANDONED -> abandonedAtClose.increment();
                default -> throw new AssertionError(outcome);
            }
            String id = reservedExecutionId;
            if (id != null && dedup != null) {
                if (outcome == Outcome.PROCESSED || outcome == Outcome.PROCESSED_EMPTY) {
                    dedup.markHandled(id);
                } else {
                    dedup.release(id);
                }
            }
            inFlightItems.remove(this);
            inFlight.decrementAndGet();
            permits.release();
            return true;
        }

        String from() {
            return hostPort(sender) + " on the " + (port == Port.TASK ? "task" : "user audit") + " port";
        }
    }

    private void process(Item item) {
        try {
            if (item.port == Port.USER_AUDIT) {
                handle(item, Datagrams.parseUserAudit(item.data, 0, item.data.length));
            } else {
                handle(item, Datagrams.parseTask(item.data, 0, item.data.length));
            }
        } catch (Throwable t) {
            if (item.finish(Outcome.PROCESSING_ERROR)) {
                dropLog.report(DropLog.Reason.PROCESSING_ERROR, "unexpected error processing a datagram of "
                        + item.data.length + " bytes from " + item.from(), t);
            }
        }
    }

    private void handle(Item item, ParsedDatagram parsed) {
        if (parsed instanceof ParsedDatagram.ReloadTask) {
            enrich(item, ((ParsedDatagram.ReloadTask) parsed).notice());
        } else if (parsed instanceof ParsedDatagram.UserAudit) {
            deliver(item, ((ParsedDatagram.UserAudit) parsed).event());
            item.finish(Outcome.PROCESSED);
        } else if (parsed instanceof ParsedDatagram.Ignored) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Event server: ignored a datagram from {}: {}", item.from(),
                        ((ParsedDatagram.Ignored) parsed).description());
            }
            item.finish(Outcome.IGNORED);
        } else {
            item.finish(Outcome.INVALID);
            dropLog.report(DropLog.Reason.INVALID, "dropped an invalid datagram of " + item.data.length
                    + " bytes from " + item.from() + ": " + ((ParsedDatagram.Invalid) parsed).reason(), null);
        }
    }

    private void enrich(Item item, ReloadTaskNotice notice) {
        String executionId = notice.executionId();
        if (dedup != null && !executionId.isEmpty()) {
            if (!dedup.reserve(executionId)) {
                item.finish(Outcome.DUPLICATE);
                dropLog.report(DropLog.Reason.DUPLICATE, "dropped a repeated " + notice.kind() + " datagram from "
                        + item.from() + ": executionId " + Guids.excerpt(executionId) + " was handled within the"
                        + " last " + settings.deduplication().ttlMinutes() + " min", null);
                return;
            }
            item.reservedExecutionId = executionId;
        }
        CompletionStage<Optional<SenseEvent>> stage;
        try {
            stage = enricher.enrich(notice);
            if (stage == null) {
                throw new NullPointerException("the enricher returned null instead of a CompletionStage");
            }
        } catch (Throwable t) {
            enrichmentFailed(item, notice, t);
            return;
        }
        CompletableFuture<Optional<SenseEvent>> cf = null;
        try {
            cf = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            // a stage without a future view: wait for the callback
        }
        if (cf != null && cf.isDone()) {
            Optional<SenseEvent> result = null;
            Throwable error = null;
            try {
                result = cf.getNow(null);
            } catch (CompletionException | CancellationException e) {
                error = e;
            }
            enriched(item, notice, result, error);
            return;
        }
        Enrichment e = new Enrichment(item, notice);
        try {
            e.timeout = timer.schedule(e::timedOut, settings.enrichTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            item.finish(Outcome.ABANDONED);
            return;
        }
        stage.whenComplete(e::completed);
    }

    /** An enrichment that did not complete at once: its result or its timeout, whichever comes first. */
    private final class Enrichment {
        final Item item;
        final ReloadTaskNotice notice;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Enrichment(Item item, ReloadTaskNotice notice) {
            this.item = item;
            this.notice = notice;
        }

        void completed(Optional<SenseEvent> result, Throwable error) {
            if (!done.compareAndSet(false, true)) {
                LOG.debug("Event server: a late enrichment of task {} was ignored (it had timed out)",
                        notice.taskIdText());
                return;
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            try {
                workers.execute(() -> enriched(item, notice, result, error));
            } catch (RejectedExecutionException rex) {
                item.finish(Outcome.ABANDONED);
            }
        }

        void timedOut() {
            if (done.compareAndSet(false, true)) {
                TimeoutException te = new TimeoutException("no result within enrichTimeout ("
                        + text(settings.enrichTimeout()) + ")");
                try {
                    workers.execute(() -> enriched(item, notice, null, te));
                } catch (RejectedExecutionException rex) {
                    item.finish(Outcome.ABANDONED);
                }
            }
        }
    }

    private void enriched(Item item, ReloadTaskNotice notice, Optional<SenseEvent> result, Throwable error) {
        try {
            if (error != null) {
                enrichmentFailed(item, notice, error);
            } else if (result == null || result.isEmpty()) {
                if (item.finish(Outcome.PROCESSED_EMPTY) && LOG.isDebugEnabled()) {
                    LOG.debug("Event server: the enricher published nothing for {} of task {}", notice.kind(),
                            notice.taskIdText());
                }
            } else {
                if (item.finished.get()) {
                    return; // abandoned by close()
                }
                deliver(item, result.get());
                item.finish(Outcome.PROCESSED);
            }
        } catch (Throwable t) {
            if (item.finish(Outcome.PROCESSING_ERROR)) {
                dropLog.report(DropLog.Reason.PROCESSING_ERROR, "unexpected error after enriching task "
                        + notice.taskIdText(), t);
            }
        }
    }

    private void enrichmentFailed(Item item, ReloadTaskNotice notice, Throwable error) {
        Throwable cause = unwrap(error);
        if (item.finish(Outcome.ENRICHMENT_FAILED)) {
            dropLog.report(DropLog.Reason.ENRICHMENT_FAILED, "dropped the " + notice.kind() + " reload of task "
                    + notice.taskIdText() + " (" + Guids.excerpt(notice.taskName()) + ") from " + item.from()
                    + ": the enrichment failed: " + cause, null);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private void deliver(Item item, SenseEvent event) {
        ReceivedEvent r = ReceivedEvent.of(event, baseInstant.plusNanos(item.receivedNanos - baseNanos),
                Optional.of(item.sender));
        call(r);
    }

    private void deliverStatus(Port port, EventSourceStatus.Status status) {
        EventSourceStatus e = EventSourceStatus.builder().source(port.source).status(status).build();
        call(ReceivedEvent.of(e, Instant.now(), Optional.empty()));
    }

    private void call(ReceivedEvent r) {
        try {
            listener.onEvent(r);
        } catch (Throwable t) {
            listenerFailures.increment();
            dropLog.report(DropLog.Reason.LISTENER_FAILURE, "the listener threw for "
                    + r.event().getClass().getSimpleName(), t);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Timer, stats, close
    // ------------------------------------------------------------------------------------------

    private void tick() {
        try {
            dropLog.tick();
            long episodes = backpressureEpisodesUnlogged.sumThenReset();
            if (backpressure.get()) {
                LOG.warn("Event server: backpressure continues, the queue holds {} of {}", queue.size(),
                        settings.messageQueue().maxSize());
            } else if (episodes > 0) {
                LOG.warn("Event server: the queue reached the backpressure threshold {} more times in the last {}",
                        episodes, text(settings.dropLogInterval()));
            }
        } catch (Throwable t) {
            LOG.error("Event server: timer task failed", t);
        }
    }

    /** @return the address the task port is bound to, empty when disabled */
    public Optional<InetSocketAddress> address(boolean userAudit) {
        for (Receiver r : receivers) {
            if ((r.port == Port.USER_AUDIT) == userAudit) {
                return Optional.of(r.boundAddress);
            }
        }
        return Optional.empty();
    }

    /** @return a snapshot of the counters */
    public EventServerStats stats() {
        return new EventServerStats(received.sum(), processed.sum(), enrichedEmpty.sum(), ignored.sum(),
                invalid.sum(), oversize.sum(), sourceRejected.sum(), rateLimited.sum(), queueFull.sum(),
                duplicates.sum(), enrichmentFailed.sum(), processingErrors.sum(), abandonedAtClose.sum(),
                queue == null ? 0 : queue.size(), inFlight.get(), listenerFailures.sum(),
                publishing == null ? 0 : publishing.published(), publishing == null ? 0 : publishing.failed(),
                publishing == null ? 0 : publishing.pending(), socketErrors.sum(), queueWaits.sum(), kernelDropped());
    }

    private long kernelDropped() {
        long sum = 0;
        boolean known = false;
        for (Receiver r : receivers) {
            if (r.kernelDropsKnown) {
                known = true;
                sum += r.readKernelDrops();
            }
        }
        return known || receivers.isEmpty() ? sum : -1;
    }

    /** Logs (rate-limited) the datagrams the operating system dropped since the last check. */
    private synchronized void checkKernelDrops() {
        try {
            for (Receiver r : receivers) {
                long now = r.readKernelDrops();
                long fresh = now - r.kernelDropsLogged;
                if (fresh > 0) {
                    r.kernelDropsLogged = now;
                    dropLog.report(DropLog.Reason.KERNEL_DROPPED, fresh, () -> "the operating system dropped " + fresh
                            + " datagrams on port " + r.portNumber + " before they could be read: the socket's receive"
                            + " buffer (" + r.receiveBuffer + " bytes) was full", null);
                }
            }
        } catch (Throwable t) {
            LOG.error("Event server: reading the kernel's drop count failed", t);
        }
    }

    /**
     * Stops receiving, lets the queue be processed for up to {@code closeTimeout}, then abandons what is
     * left (counted) and stops the threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !enabled) {
            return;
        }
        running = false;
        checkKernelDrops(); // the count disappears with the socket
        for (Receiver r : receivers) {
            r.closeChannel();
        }
        for (Receiver r : receivers) {
            // a receiving thread waiting for room (queueFullWait) gets its datagram in as the queue drains
            join(r.thread, settings.queueFullWait().plusSeconds(2));
            if (r.thread.isAlive()) {
                r.thread.interrupt();
                join(r.thread, Duration.ofSeconds(1));
            }
        }
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        while ((!queue.isEmpty() || inFlight.get() > 0) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        dispatcher.interrupt();
        join(dispatcher, Duration.ofSeconds(2));
        long left = 0;
        Item it;
        while ((it = queue.poll()) != null) {
            abandonedAtClose.increment(); // never dispatched: holds no slot
            left++;
        }
        for (Item item : inFlightItems) {
            if (item.finish(Outcome.ABANDONED)) {
                left++;
            }
        }
        shutdownThreads();
        dropLog.tick();
        EventServerStats s = stats();
        LOG.info("Event server stopped: received {}, processed {}, ignored {}, dropped {} (invalid {}, oversize {},"
                + " sourceRejected {}, rateLimited {}, queueFull {}, duplicates {}, enrichmentFailed {},"
                + " processingErrors {}, abandonedAtClose {}); dropped by the operating system {}{}", s.received(),
                s.processed(), s.ignored(),
                s.dropped(), s.invalid(), s.oversize(), s.sourceRejected(), s.rateLimited(), s.queueFull(),
                s.duplicates(), s.enrichmentFailed(), s.processingErrors(), s.abandonedAtClose(),
                s.kernelDropped() < 0 ? "unknown" : Long.toString(s.kernelDropped()),
                publishing == null ? "" : "; published " + s.published() + ", publish failed " + s.publishFailed()
                        + ", publishes still pending " + s.publishPending());
        if (left > 0) {
            LOG.warn("Event server: {} datagrams were still queued or being processed after closeTimeout ({})"
                    + " and were not processed", left, text(settings.closeTimeout()));
        }
    }

    private void shutdownThreads() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    private static void join(Thread t, Duration d) {
        if (t == Thread.currentThread() || !t.isAlive()) {
            return;
        }
        try {
            t.join(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static String hostPort(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip == null ? a.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static String text(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return d.getSeconds() + " s";
    }
}
