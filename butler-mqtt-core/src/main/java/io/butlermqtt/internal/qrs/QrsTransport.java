package io.butlermqtt.internal.qrs;

import io.butlermqtt.QrsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * HTTPS requests to the QRS as Butler makes them: {@code https://<host>:<port>/qrs/<path>}, the query
 * parameter {@code xrfkey} equal to the header {@code X-Qlik-Xrfkey} (16 letters or digits from
 * {@link SecureRandom}, new for every request), {@code Content-Type: application/json}, then the configured
 * headers. Bodies are read up to {@code maxResponseBytes}; a request gives up after {@code requestTimeout}
 * whether the answer is slow to start or slow to arrive. Every failure becomes a {@link QrsFailure}.
 *
 * <p>Threads: the HTTP client runs on a pool of daemon threads named {@code butler-mqtt-qrs-*}, shut down by
 * {@link #close()}; futures complete on them.
 */
public final class QrsTransport implements AutoCloseable {

    private static final String XRF_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final AtomicInteger POOL_SEQ = new AtomicInteger();

    private final HttpClient http;
    private final ExecutorService executor;
    private final String base;
    private final List<QrsSettings.Header> headers;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final long maxBytes;
    private final SecureRandom random = new SecureRandom();
    private final Set<CompletableFuture<Response>> pending = ConcurrentHashMap.newKeySet();

    /** A response: its status and body. */
    public record Response(int status, byte[] body) {
    }

    /**
     * Creates the transport.
     *
     * @param settings host, port, headers, timeouts and limits
     * @param ssl the TLS context (client certificate and trust)
     */
    public QrsTransport(QrsSettings settings, SSLContext ssl) {
        int pool = POOL_SEQ.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "butler-mqtt-qrs-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .sslContext(ssl)
                .executor(executor)
                .build();
        String host = settings.host().indexOf(':') >= 0 && !settings.host().startsWith("[")
                ? "[" + settings.host() + "]" : settings.host();
        this.base = "https://" + host + ":" + settings.port() + "/qrs/";
        this.headers = settings.headers();
        this.requestTimeout = settings.requestTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.maxBytes = settings.maxResponseBytes();
    }

    /**
     * The base of every request URI, e.g. {@code https://sense.example.com:4242/qrs/}.
     *
     * @return the base URI
     */
    public String base() {
        return base;
    }

    /**
     * A 16-character xrfkey: letters and digits from {@link SecureRandom}.
     *
     * @param random the source
     * @return the key
     */
    static String xrfkey(SecureRandom random) {
        char[] key = new char[16];
        for (int i = 0; i < key.length; i++) {
            key[i] = XRF_CHARS.charAt(random.nextInt(XRF_CHARS.length()));
        }
        return new String(key);
    }

    /**
     * Sends one request. Never throws: the future fails with a {@link QrsFailure} (no connection, timeout,
     * TLS, I/O, body over the limit).
     *
     * @param method {@code GET} or {@code POST}
     * @param pathAndQuery below {@code /qrs/}, already encoded, e.g. {@code task?filter=id%20eq%20<id>}
     * @param body the body of a POST, or null
     * @return the response, whatever its status
     */
    public CompletableFuture<Response> send(String method, String pathAndQuery, String body) {
        String what = method + " /qrs/" + pathAndQuery;
        try {
            String key = xrfkey(random);
            URI uri = URI.create(base + pathAndQuery + (pathAndQuery.indexOf('?') >= 0 ? "&" : "?") + "xrfkey=" + key);
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("X-Qlik-Xrfkey", key);
            for (QrsSettings.Header h : headers) {
                rb.header(h.name(), h.value());
            }
            rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            long deadline = System.nanoTime() + requestTimeout.toNanos() + connectTimeout.toNanos();
            CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(rb.build(), info -> {
                long length = info.headers().firstValueAsLong("content-length").orElse(-1);
                return new LimitedBody(maxBytes, length, deadline, what);
            });
            CompletableFuture<Response> out = new CompletableFuture<>();
            pending.add(out);
            out.whenComplete((r, e) -> pending.remove(out));
            // The JDK completes "sent" on its common pool; hop to this client's threads where possible.
            sent.whenComplete((r, e) -> {
                Runnable finish = () -> {
                    if (e != null) {
                        out.completeExceptionally(classify(e, what));
                    } else {
                        out.complete(new Response(r.statusCode(), r.body()));
                    }
                };
                try {
                    executor.execute(finish);
                } catch (RejectedExecutionException closing) {
                    finish.run();
                }
            });
            // A safety net beyond the JDK's own timeouts, which do not cover a body that arrives slowly.
            long netMillis = connectTimeout.plus(requestTimeout).plusSeconds(1).toMillis();
            out.orTimeout(netMillis, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
                if (e instanceof TimeoutException) {
                    sent.cancel(true);
                }
            });
            return out.exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                    ? new QrsFailure(QrsFailure.Kind.TIMEOUT, 0, what + ": no complete answer within "
                            + seconds(connectTimeout.plus(requestTimeout)), e) : e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(classify(e, what));
        }
    }

    /**
     * Turns whatever the HTTP client failed with into a {@link QrsFailure} with a message for people.
     *
     * @param e the failure
     * @param what the request, e.g. {@code GET /qrs/task?...}
     * @return the failure
     */
    QrsFailure classify(Throwable e, String what) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof QrsFailure) {
                return (QrsFailure) c;
            }
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new QrsFailure(QrsFailure.Kind.TIMEOUT, 0, what + ": no connection within "
                    + seconds(connectTimeout) + " (is the host right, is port " + portOf() + " open?)", t);
        }
        if (t instanceof HttpTimeoutException) {
            return new QrsFailure(QrsFailure.Kind.TIMEOUT, 0, what + ": no answer within " + seconds(requestTimeout), t);
        }
        if (has(t, UnknownHostException.class) || has(t, UnresolvedAddressException.class)) {
            return new QrsFailure(QrsFailure.Kind.UNREACHABLE, 0, what + ": unknown host in " + base, t);
        }
        if (t instanceof ConnectException || has(t, ConnectException.class)) {
            return new QrsFailure(QrsFailure.Kind.UNREACHABLE, 0, what + ": cannot connect to " + base + " ("
                    + describe(t) + "; is the QRS running and the port open?)", t);
        }
        if (isTlsFailure(t)) {
            return new QrsFailure(QrsFailure.Kind.TLS, 0, what + ": TLS handshake with " + base + " failed ("
                    + describe(t) + "); check cert.clientCertCA (the server's CA, Sense's root.pem), the host name "
                    + "the certificate was issued for, and that the client certificate (client.pem) is one the "
                    + "QRS accepts", t);
        }
        if (t instanceof IOException) {
            return new QrsFailure(QrsFailure.Kind.IO, 0, what + ": " + describe(t), t);
        }
        return new QrsFailure(QrsFailure.Kind.IO, 0, what + ": unexpected " + describe(t), t);
    }

    private static boolean isTlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLHandshakeException || c instanceof CertificateException) {
                return true;
            }
            if (c instanceof SSLException && c.getMessage() != null && c.getMessage().contains("alert")) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        return t.getClass().getSimpleName();
    }

    private String portOf() {
        return base.substring(base.lastIndexOf(':') + 1, base.indexOf('/', base.lastIndexOf(':')));
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Fails every request still under way (their answers are no longer awaited).
     *
     * @param failure what they fail with
     */
    public void failPending(QrsFailure failure) {
        for (CompletableFuture<Response> f : List.copyOf(pending)) {
            f.completeExceptionally(failure);
        }
    }

    /**
     * Stops the client's threads. The JDK 17 HTTP client cannot be shut down: its selector thread is a
     * daemon thread that ends when the client is garbage-collected. On JDK 21 and later the client's
     * {@code shutdownNow()} cancels what is still under way (its {@code close()} would wait for it).
     */
    @Override
    public void close() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // JDK 17: no shutdownNow(); nothing to do
        }
        executor.shutdownNow();
    }

    /** Collects a body up to a size limit and a deadline; cancels the exchange beyond either. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long deadlineNanos;
        private final String what;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out;
        private final long announced;
        private Flow.Subscription subscription;
        private long size;

        LimitedBody(long max, long announced, long deadlineNanos, String what) {
            this.max = max;
            this.announced = announced;
            this.deadlineNanos = deadlineNanos;
            this.what = what;
            this.out = new ByteArrayOutputStream(announced > 0 && announced <= max ? (int) announced : 8192);
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = Objects.requireNonNull(s, "subscription");
            if (announced > max) {
                s.cancel();
                result.completeExceptionally(tooLarge(announced + " bytes announced (Content-Length)"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                size += b.remaining();
                if (size > max) {
                    subscription.cancel();
                    result.completeExceptionally(tooLarge("more than " + max + " bytes received"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                subscription.cancel();
                result.completeExceptionally(new QrsFailure(QrsFailure.Kind.TIMEOUT, 0, what
                        + ": the answer did not arrive in time (" + size + " bytes so far)", null));
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        private QrsFailure tooLarge(String found) {
            return new QrsFailure(QrsFailure.Kind.TOO_LARGE, 0, what + ": the answer is larger than "
                    + "qrs.maxResponseBytes (" + max + " bytes): " + found + "; refused", null);
        }
    }
}
