package io.butlermqtt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.butlermqtt.QrsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fake Qlik Repository Service on the JDK's HTTPS server, for tests: loopback, a server certificate from
 * {@link TestCertificates} (for {@code 127.0.0.1} and {@code localhost}, or one naming only
 * {@code broker.invalid}), and, like the real QRS on port 4242, a client certificate signed by the test CA
 * required.
 *
 * <p>It answers as QRS does: {@code GET /qrs/task?filter=id eq X} and {@code GET /qrs/task/full?filter=id eq X}
 * with an array of the task's record (empty when unknown), {@code GET /qrs/app/full?filter=id eq X} likewise
 * for apps, {@code POST /qrs/task/<id>/start} with 204 (known task) or 404, {@code GET /qrs/about}. Records come
 * from Butler's {@code qrs-fixtures.json} ({@link #loadFixtures(Path)}) or from the test
 * ({@link #addTask(String)}). Every request is recorded ({@link #requests()}), and checked as QRS checks it:
 * the {@code xrfkey} query parameter must equal the {@code X-Qlik-Xrfkey} header (16 letters or digits),
 * {@code X-Qlik-User} must be present; a request that fails the check gets 400 and is listed in
 * {@link #violations()}. A test changes the answers with {@link #behave(Behaviour)}.
 */
public final class FakeQrs implements AutoCloseable {

    static {
        // The JDK's HTTP server writes headers and body separately; with Nagle's algorithm on, each answer then
        // waits for the client's delayed ACK (about 40 ms). Read once, when the first server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("id eq ([0-9a-fA-F-]{36})");
    private static final Pattern START = Pattern.compile("/qrs/task/([0-9a-fA-F-]{36})/start");
    private static final Pattern XRFKEY = Pattern.compile("[A-Za-z0-9]{16}");
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** One request as the fake received it. */
    public record Request(String method, String path, String rawQuery, Map<String, String> query,
            Map<String, List<String>> headers, String body, String clientSubject) {

        /**
         * The first value of a header (names compared ignoring case).
         *
         * @param name the header name
         * @return the value, or null
         */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /**
     * An answer chosen by a test.
     *
     * @param status the HTTP status
     * @param body the body
     * @param chunked send without Content-Length (so the client cannot know the size in advance)
     * @param stall hold the answer until the fake is closed (a QRS that does not answer)
     */
    public record Reply(int status, byte[] body, boolean chunked, boolean stall) {

        /**
         * A JSON answer with Content-Length.
         *
         * @param status the status
         * @param body the body text
         * @return the reply
         */
        public static Reply of(int status, String body) {
            return new Reply(status, body.getBytes(StandardCharsets.UTF_8), false, false);
        }

        /**
         * An answer that never comes (until the fake is closed).
         *
         * @return the reply
         */
        public static Reply stalled() {
            return new Reply(200, "[]".getBytes(StandardCharsets.UTF_8), false, true);
        }
    }

    /** Chooses the answer to a request, or null to answer as QRS would. */
    @FunctionalInterface
    public interface Behaviour {
        /**
         * The answer.
         *
         * @param request the request
         * @return the reply, or null for the normal answer
         */
        Reply reply(Request request);
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, String> tasks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> apps = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Behaviour behaviour = r -> null;

    private FakeQrs(TestCertificates certs, boolean serverCertWithIp) {
        try {
            Path dir = TestDirs.newDirectory("fake-qrs");
            Path keyStore = dir.resolve("server.p12");
            Path trustStore = dir.resolve("ca.p12");
            if (serverCertWithIp) {
                certs.writeServerKeyStore(keyStore, "changeit");
            } else {
                certs.writeServerNoIpKeyStore(keyStore, "changeit");
            }
            certs.writeCaTrustStore(trustStore, "changeit");
            SSLContext ssl = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore), "changeit".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore));
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-qrs-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake QRS", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the fake QRS", e);
        }
    }

    /**
     * Starts a fake QRS whose certificate names {@code 127.0.0.1} and {@code localhost}.
     *
     * @param certs the test certificates
     * @return the running fake
     */
    public static FakeQrs start(TestCertificates certs) {
        return new FakeQrs(certs, true);
    }

    /**
     * Starts a fake QRS whose certificate names only {@code broker.invalid} (for hostname-verification tests).
     *
     * @param certs the test certificates
     * @return the running fake
     */
    public static FakeQrs startWithMisnamedCertificate(TestCertificates certs) {
        return new FakeQrs(certs, false);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** @return the loopback address it listens on */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves the tasks and apps of Butler's {@code qrs-fixtures.json}, each record as written there.
     *
     * @param qrsFixtures the file
     * @return this fake
     */
    public FakeQrs loadFixtures(Path qrsFixtures) {
        try {
            JsonNode root = JSON.readTree(qrsFixtures.toFile());
            for (JsonNode t : root.path("tasks")) {
                tasks.put(t.path("id").asText(), JSON.writeValueAsString(t));
            }
            for (JsonNode a : root.path("apps")) {
                apps.put(a.path("id").asText(), JSON.writeValueAsString(a));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves a task record (its {@code id} is the key).
     *
     * @param json the record, a JSON object
     * @return this fake
     */
    public FakeQrs addTask(String json) {
        tasks.put(idOf(json), json);
        return this;
    }

    /**
     * Serves an app record (its {@code id} is the key).
     *
     * @param json the record, a JSON object
     * @return this fake
     */
    public FakeQrs addApp(String json) {
        apps.put(idOf(json), json);
        return this;
    }

    private static String idOf(String json) {
        try {
            return JSON.readTree(json).path("id").asText();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON record: " + json, e);
        }
    }

    /**
     * Sets how the fake answers from now on (null answers are the normal ones).
     *
     * @param b the behaviour
     */
    public void behave(Behaviour b) {
        behaviour = Objects.requireNonNull(b, "behaviour");
    }

    /** @return every request received so far, in order */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Requests received so far whose path is exactly this one.
     *
     * @param method e.g. {@code GET}
     * @param path e.g. {@code /qrs/task/full}
     * @return how many
     */
    public long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    /** @return the requests QRS would have refused (xrfkey or headers wrong), as messages */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            String rawQuery = ex.getRequestURI().getRawQuery();
            Map<String, String> query = new LinkedHashMap<>();
            if (rawQuery != null) {
                for (String part : rawQuery.split("&")) {
                    int eq = part.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                    query.put(k, v);
                }
            }
            String subject = "";
            if (ex instanceof HttpsExchange) {
                try {
                    subject = ((X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    subject = "";
                }
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), rawQuery,
                    Map.copyOf(query), headers, new String(in, StandardCharsets.UTF_8), subject);
            requests.add(r);
            String violation = violation(r);
            if (violation != null) {
                violations.add(violation + ": " + r.method() + " " + r.path() + "?" + rawQuery);
                send(ex, Reply.of(400, "XSRF prevention check failed. Possible XSRF discovered."));
                return;
            }
            Reply reply = behaviour.reply(r);
            send(ex, reply != null ? reply : normal(r));
        }
    }

    private static String violation(Request r) {
        String key = r.query().get("xrfkey");
        String header = r.header("X-Qlik-Xrfkey");
        if (key == null || !XRFKEY.matcher(key).matches()) {
            return "xrfkey query parameter missing or not 16 letters/digits (" + key + ")";
        }
        if (!key.equals(header)) {
            return "xrfkey " + key + " differs from the X-Qlik-Xrfkey header " + header;
        }
        if (r.header("X-Qlik-User") == null) {
            return "no X-Qlik-User header";
        }
        if (!"application/json".equals(r.header("Content-Type"))) {
            return "Content-Type is " + r.header("Content-Type") + ", not application/json";
        }
        return null;
    }

    private Reply normal(Request r) {
        if (r.method().equals("GET")) {
            String filter = r.query().getOrDefault("filter", "");
            Matcher m = FILTER.matcher(filter);
            switch (r.path()) {
                case "/qrs/task":
                case "/qrs/task/full":
                    return m.matches() ? array(tasks.get(m.group(1))) : Reply.of(400, "bad filter");
                case "/qrs/app/full":
                    return m.matches() ? array(apps.get(m.group(1))) : Reply.of(400, "bad filter");
                case "/qrs/about":
                    return Reply.of(200, "{\"buildVersion\":\"14.173.4\",\"schemaPath\":\"About\"}");
                default:
                    return Reply.of(404, "");
            }
        }
        Matcher start = START.matcher(r.path());
        if (r.method().equals("POST") && start.matches()) {
            return tasks.containsKey(start.group(1)) ? new Reply(204, new byte[0], false, false) : Reply.of(404, "");
        }
        return Reply.of(405, "");
    }

    private static Reply array(String record) {
        return Reply.of(200, record == null ? "[]" : "[" + record + "]");
    }

    private void send(HttpExchange ex, Reply reply) throws IOException {
        if (reply.stall()) {
            try {
                closed.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (reply.status() == 204) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        ex.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                int chunk = 64 * 1024;
                for (int off = 0; off < reply.body().length; off += chunk) {
                    out.write(reply.body(), off, Math.min(chunk, reply.body().length - off));
                }
            } catch (IOException e) {
                // the client gave up reading (e.g. a body over its limit): expected in those tests
            }
        }
    }

    /** Stops the server; stalled answers are released first. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Client settings for this fake: its address, the test CA, the RSA client certificate with its PKCS#1 key
     * (as the QMC exports it), and short timeouts and retry budget (2 s) so that failure tests end quickly.
     *
     * @param certs the certificates the fake was started with
     * @return a builder to adjust
     */
    public QrsSettings.Builder clientSettings(TestCertificates certs) {
        return QrsSettings.builder().host(host()).port(port())
                .clientCertFile(certs.clientRsaCertFile()).clientKeyFile(certs.clientRsaKeyPkcs1File())
                .caFile(certs.caCertFile())
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2))
                .retryBudget(Duration.ofSeconds(2)).retryDelay(Duration.ofMillis(50), Duration.ofMillis(200));
    }
}
