package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.butlermqtt.ReloadTaskDetails.Status;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * {@link QrsClient} against the fake QRS: what Butler reads, and every failure of the policy (QRS down,
 * slow, 5xx, garbage, too large, too deep, TLS problems), each completing with the documented status
 * within its bounds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QrsClientIT {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final UUID TASK = UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d");
    private static final UUID APP = UUID.fromString("7a8b9c0d-2222-4e1f-8a2b-3c4d5e6f7a8b");
    private static final UUID EXTERNAL_TASK = UUID.fromString("0b3c7a1e-3333-4a2b-9c3d-4e5f6a7b8c9d");

    private final List<AutoCloseable> open = new ArrayList<>();

    static String taskRecord(UUID id, String taskType) {
        return "{\"id\":\"" + id + "\",\"name\":\"Reload of \\\"Sales\\\" \u00e5\u00e4\u00f6\",\"customProperties\":["
                + "{\"id\":\"c1\",\"value\":\"Yes\",\"definition\":{\"id\":\"d1\",\"name\":\"Alert\"}},"
                + "{\"id\":\"c2\",\"value\":17,\"definition\":{\"id\":\"d2\",\"name\":\"NotText\"}}],"
                + "\"operational\":{\"lastExecutionResult\":{\"status\":8,\"duration\":1.5e3,\"details\":[]}},"
                + (taskType == null ? "" : "\"taskType\":" + taskType + ",")
                + "\"tags\":[{\"id\":\"t1\",\"name\":\"Finance\"},{\"id\":\"t2\"},{\"id\":\"t3\",\"name\":\"Nightly\"}],"
                + "\"privileges\":null}";
    }

    static String appRecord(UUID id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Sales\",\"customProperties\":[{\"value\":\"Sales\","
                + "\"definition\":{\"name\":\"BusinessUnit\"}}],\"tags\":[{\"name\":\"Tier 1\"}],\"fileSize\":1234567}";
    }

    private FakeQrs fake() {
        FakeQrs fake = FakeQrs.start(CERTS).addTask(taskRecord(TASK, "0")).addTask(taskRecord(EXTERNAL_TASK, "1"))
                .addApp(appRecord(APP));
        open.add(fake);
        return fake;
    }

    private QrsClient client(QrsSettings settings) {
        QrsClient c = QrsClient.create(settings);
        open.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static ReloadTaskDetails lookup(QrsClient qrs, UUID task, String app) throws Exception {
        return qrs.lookupReloadTask(task, app).get(30, TimeUnit.SECONDS);
    }

    private static String fullPayload(ReloadTaskDetails d, boolean aborted) {
        SenseEventPublisher dry = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        List<MqttMessage> m = aborted
                ? dry.messagesFor(d.applyTo(ReloadTaskAborted.builder().hostName("h").taskName("t")
                        .taskId(d.taskId().toString())).build())
                : dry.messagesFor(d.applyTo(ReloadTaskFailed.builder().hostName("h").taskName("t")
                        .taskId(d.taskId().toString())).build());
        return m.get(1).payloadAsString();
    }

    /** Captures what a logger logs at WARN and above while the action runs. */
    private static List<ILoggingEvent> warnings(Class<?> logger, Runnable action) {
        Logger l = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        l.addAppender(appender);
        try {
            action.run();
        } finally {
            l.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------------------
    // What Butler reads
    // ------------------------------------------------------------------------------------------

    @Test
    void found_readsTagsCustomPropertiesAndRecordsAsButler() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.FOUND, d.status(), d.detail());
        assertTrue(d.publishable());
        assertEquals(List.of("Finance", "Nightly"), d.taskTags(), "a tag without a name is left out");
        assertEquals(List.of(new CustomProperty("Alert", "Yes")), d.taskCustomProperties(),
                "a custom property whose value is not text is left out");
        assertEquals(List.of("Tier 1"), d.appTags());
        assertEquals(List.of(new CustomProperty("BusinessUnit", "Sales")), d.appCustomProperties());
        assertEquals(1234567, d.appRecord().orElseThrow().get("fileSize"));
        String failed = fullPayload(d, false);
        assertTrue(failed.endsWith(",\"qs_appTags\":[\"Tier 1\"],\"qs_appCustomProperties\":[{\"name\":\"BusinessUnit\","
                + "\"value\":\"Sales\"}],\"qs_taskTags\":[\"Finance\",\"Nightly\"],\"qs_taskCustomProperties\":[{\"name\":"
                + "\"Alert\",\"value\":\"Yes\"}],\"qs_taskMetadata\":" + JsonText.of(taskRecord(TASK, "0")) + "}"), failed);
        String aborted = fullPayload(d, true);
        assertTrue(aborted.contains(",\"qs_appMetadata\":" + JsonText.of(appRecord(APP)) + ",\"qs_taskMetadata\":"),
                aborted);
        assertEquals(List.of(), fake.violations());
        QrsStats s = qrs.stats();
        assertEquals(3, s.requests());
        assertEquals(0, s.errors());
        assertEquals(1L, s.lookups().get(Status.FOUND));
    }

    @Test
    void unknownTask_emptyArray_nothingPublishedAfterOneRequest() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, UUID.randomUUID(), APP.toString());

        assertEquals(Status.UNKNOWN_TASK, d.status());
        assertFalse(d.publishable());
        assertEquals(1, fake.requests().size());
        assertEquals(0, qrs.stats().errors());
    }

    @Test
    void unknownApp_notFoundEmptyOrMalformed_nothingPublished() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        assertEquals(Status.UNKNOWN_APP, lookup(qrs, TASK, UUID.randomUUID().toString()).status());
        assertEquals(1, fake.count("GET", "/qrs/app/full"));
        ReloadTaskDetails empty = lookup(qrs, TASK, "");
        assertEquals(Status.UNKNOWN_APP, empty.status());
        assertFalse(empty.publishable());
        assertEquals(List.of("Finance", "Nightly"), empty.taskTags(), "what is known of the task is kept");
        ReloadTaskDetails injected = lookup(qrs, TASK, APP + " or name eq 'x'");
        assertEquals(Status.UNKNOWN_APP, injected.status(), "a malformed app ID never reaches QRS's filter");
        assertEquals(1, fake.count("GET", "/qrs/app/full"), "no request for an empty or malformed app ID");
    }

    @Test
    void notAReloadTask_nothingPublished_noAppLookup() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, EXTERNAL_TASK, APP.toString());

        assertEquals(Status.NOT_A_RELOAD_TASK, d.status());
        assertFalse(d.publishable());
        assertTrue(d.detail().contains("taskType 1 (external program)"), d.detail());
        assertEquals(0, fake.count("GET", "/qrs/app/full"));
    }

    /** Butler reads the type of the {@code []} it keeps when /qrs/task/full does not give one record: a reload. */
    @Test
    void taskFullNotExactlyOne_publishedWithEmptyArrayAsTaskMetadata_asButler() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> r.path().equals("/qrs/task/full") ? FakeQrs.Reply.of(200, "[]") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.FOUND, d.status());
        assertTrue(d.taskRecord().isEmpty());
        assertTrue(fullPayload(d, false).endsWith(",\"qs_taskTags\":[],\"qs_taskCustomProperties\":[],"
                + "\"qs_taskMetadata\":[]}"), fullPayload(d, false));
    }

    // ------------------------------------------------------------------------------------------
    // Failure policy: retried, then published with what is known
    // ------------------------------------------------------------------------------------------

    @Test
    void qrsDown_retriedWithinBudget_thenPublishableWithEmptyParts() throws Exception {
        int port = TestDirs.freeLoopbackPort();
        QrsSettings settings = QrsSettings.builder().host("127.0.0.1").port(port)
                .clientCertFile(CERTS.clientRsaCertFile()).clientKeyFile(CERTS.clientRsaKeyPkcs1File())
                .caFile(CERTS.caCertFile()).retryBudget(Duration.ofSeconds(1))
                .retryDelay(Duration.ofMillis(50), Duration.ofMillis(200)).build();
        QrsClient qrs = client(settings);

        List<ILoggingEvent> warnings = new ArrayList<>();
        ReloadTaskDetails[] d = new ReloadTaskDetails[1];
        warnings.addAll(warnings(io.butlermqtt.internal.qrs.QrsEngine.class, () -> {
            try {
                d[0] = lookup(qrs, TASK, APP.toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));

        assertEquals(Status.QRS_UNAVAILABLE, d[0].status());
        assertTrue(d[0].publishable());
        assertTrue(d[0].detail().contains("cannot connect to https://127.0.0.1:" + port + "/qrs/"), d[0].detail());
        assertTrue(d[0].detail().matches(".*\\(\\d+ attempts in \\d+\\.\\d s\\)$"), d[0].detail());
        assertTrue(qrs.stats().retries() >= 2, qrs.stats().toString());
        assertEquals(qrs.stats().requests(), qrs.stats().errors());
        assertTrue(fullPayload(d[0], false).endsWith(",\"qs_appTags\":[],\"qs_appCustomProperties\":[],\"qs_taskTags\":[],"
                + "\"qs_taskCustomProperties\":[],\"qs_taskMetadata\":{}}"));
        assertTrue(fullPayload(d[0], true).endsWith(",\"qs_appMetadata\":{},\"qs_taskMetadata\":{}}"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).getFormattedMessage().contains("Publishing with empty qs_* parts (Butler would"
                + " publish nothing)"), warnings.get(0).getFormattedMessage());
    }

    @Test
    void qrsSlow_beyondTheRequestTimeout_givesUpWithinBudget() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.stalled());
        QrsClient qrs = client(fake.clientSettings(CERTS).requestTimeout(Duration.ofMillis(300))
                .retryBudget(Duration.ofMillis(500)).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("no answer within 0.3 s") || d.detail().contains("no complete answer"),
                d.detail());
    }

    @Test
    void serverError_retriedUntilItHeals() throws Exception {
        FakeQrs fake = fake();
        AtomicInteger failures = new AtomicInteger(2);
        fake.behave(r -> failures.getAndDecrement() > 0 ? FakeQrs.Reply.of(503, "Service Unavailable") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).retryBudget(Duration.ofSeconds(20)).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.FOUND, d.status(), d.detail());
        assertEquals(2, qrs.stats().retries());
        assertEquals(5, qrs.stats().requests());
        assertEquals(2, qrs.stats().errors());
    }

    @Test
    void serverError_always_qrsUnavailableWithStatusAndBody() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.of(500, "{\"error\":\"database\\nunavailable\"}"));
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("GET /qrs/task?filter=id%20eq%20" + TASK + ": HTTP 500; body: "
                + "\"{\"error\":\"database\\nunavailable\"}\""), d.detail());
        assertTrue(fake.requests().size() >= 2, "retried");
    }

    @Test
    void appLookupFails_taskPartsKept() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> r.path().equals("/qrs/app/full") ? FakeQrs.Reply.of(502, "Bad Gateway") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.publishable());
        assertEquals(List.of("Finance", "Nightly"), d.taskTags());
        assertTrue(d.appRecord().isEmpty());
        assertTrue(fullPayload(d, true).contains("\"qs_appTags\":[],\"qs_appCustomProperties\":[],\"qs_taskTags\":"
                + "[\"Finance\",\"Nightly\"]"));
    }

    @Test
    void invalidJson_retried_thenQrsUnavailable() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.of(200, "<html><body>Proxy error</body></html>"));
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("the answer is not JSON (invalid JSON at line 1, column 1"), d.detail());
        assertTrue(d.detail().contains("body: \"<html><body>Proxy error</body></html>\""), d.detail());
        assertTrue(qrs.stats().retries() >= 1);
    }

    @Test
    void jsonThatIsNotAnArrayOfRecords_isGarbage() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> r.path().equals("/qrs/task/full") ? FakeQrs.Reply.of(200, "[\"" + TASK + "\"]")
                : r.path().equals("/qrs/app/full") ? FakeQrs.Reply.of(200, "{\"id\":\"" + APP + "\"}") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("expected an array of records (JSON objects), but an element is not an"
                + " object"), d.detail());
    }

    @Test
    void hugeBody_withContentLength_refusedWithoutRetry() throws Exception {
        FakeQrs fake = fake();
        byte[] huge = new byte[(int) QrsSettings.DEFAULT_MAX_RESPONSE_BYTES + 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        fake.behave(r -> new FakeQrs.Reply(200, huge, false, false));
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("the answer is larger than qrs.maxResponseBytes (16777216 bytes): "
                + huge.length + " bytes announced (Content-Length); refused"), d.detail());
        assertEquals(1, fake.requests().size(), "not retried");
        assertEquals(0, qrs.stats().retries());
    }

    @Test
    void hugeBody_chunked_refusedOnceTheLimitIsPassed() throws Exception {
        FakeQrs fake = fake();
        byte[] big = ("[" + "0,".repeat(200_000) + "0]").getBytes(StandardCharsets.US_ASCII);
        fake.behave(r -> new FakeQrs.Reply(200, big, true, false));
        QrsClient qrs = client(fake.clientSettings(CERTS).maxResponseBytes(64 * 1024).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("larger than qrs.maxResponseBytes (65536 bytes): more than 65536 bytes"
                + " received"), d.detail());
    }

    @Test
    void deepJson_refusedWithoutRetry() throws Exception {
        FakeQrs fake = fake();
        String deep = "[{\"id\":\"x\",\"a\":" + "[".repeat(40) + "]".repeat(40) + "}]";
        fake.behave(r -> r.path().equals("/qrs/task/full") ? FakeQrs.Reply.of(200, deep) : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("nested more than qrs.maxJsonDepth (32) levels deep; refused"), d.detail());
        assertEquals(1, fake.count("GET", "/qrs/task/full"));
    }

    @Test
    void forbidden_notRetried_errorLogged() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.of(403, "Forbidden"));
        QrsClient qrs = client(fake.clientSettings(CERTS).build());

        List<ILoggingEvent> logged = warnings(io.butlermqtt.internal.qrs.QrsEngine.class, () -> {
            try {
                ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());
                assertEquals(Status.QRS_UNAVAILABLE, d.status());
                assertTrue(d.detail().contains("HTTP 403 (check the X-Qlik-User header"), d.detail());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1, fake.requests().size());
        assertEquals(Level.ERROR, logged.get(0).getLevel());
    }

    // ------------------------------------------------------------------------------------------
    // TLS
    // ------------------------------------------------------------------------------------------

    @Test
    void wrongCa_tlsFailure_notRetried_noRequestReachesQrs() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).caFile(CERTS.wrongCaCertFile()).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains(": TLS handshake with https://127.0.0.1:" + fake.port() + "/qrs/ failed"),
                d.detail());
        assertTrue(d.detail().contains("check cert.clientCertCA"), d.detail());
        assertEquals(0, fake.requests().size());
        assertEquals(0, qrs.stats().retries());
    }

    @Test
    void clientCertificateRefusedByServer_qrsUnavailable() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).clientCertFile(CERTS.clientWrongCaCertFile())
                .clientKeyFile(CERTS.clientWrongCaKeyFile()).build());

        ReloadTaskDetails d = lookup(qrs, TASK, APP.toString());

        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.publishable());
        assertEquals(0, fake.requests().size());
    }

    @Test
    void hostnameVerification_onByDefault_refusesAMisnamedCertificate_offAcceptsIt() throws Exception {
        FakeQrs fake = FakeQrs.startWithMisnamedCertificate(CERTS).addTask(taskRecord(TASK, "0")).addApp(appRecord(APP));
        open.add(fake);
        QrsClient strict = client(fake.clientSettings(CERTS).build());
        ReloadTaskDetails refused = lookup(strict, TASK, APP.toString());
        assertEquals(Status.QRS_UNAVAILABLE, refused.status());
        assertTrue(refused.detail().contains("No subject alternative names matching IP address 127.0.0.1"),
                refused.detail());

        QrsClient[] lax = new QrsClient[1];
        List<ILoggingEvent> logged = warnings(QrsClient.class,
                () -> lax[0] = client(fake.clientSettings(CERTS).hostnameVerification(false).build()));
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getFormattedMessage().startsWith("qrs.hostnameVerification is false"));
        assertEquals(Status.FOUND, lookup(lax[0], TASK, APP.toString()).status());

        // without hostname verification the chain is still checked
        QrsClient wrongCa = client(fake.clientSettings(CERTS).hostnameVerification(false)
                .caFile(CERTS.wrongCaCertFile()).build());
        assertEquals(Status.QRS_UNAVAILABLE, lookup(wrongCa, TASK, APP.toString()).status());
    }

    @Test
    void rejectUnauthorizedFalse_trustsAnyServer_andWarnsOnceAtCreate() throws Exception {
        FakeQrs fake = FakeQrs.startWithMisnamedCertificate(CERTS).addTask(taskRecord(TASK, "0")).addApp(appRecord(APP));
        open.add(fake);
        QrsClient[] qrs = new QrsClient[1];
        List<ILoggingEvent> logged = warnings(QrsClient.class, () -> qrs[0] = client(fake.clientSettings(CERTS)
                .rejectUnauthorized(false).caFile(CERTS.wrongCaCertFile()).build()));

        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getFormattedMessage().startsWith("configQRS.rejectUnauthorized is false (as in"
                + " Butler's template): the QRS server's certificate is not checked at all"));
        assertEquals(Status.FOUND, lookup(qrs[0], TASK, APP.toString()).status());
        assertEquals(Status.FOUND, lookup(qrs[0], TASK, APP.toString()).status());
    }

    @Test
    void create_everyBadFile_reportedAtOnce() {
        Path dir = TestDirs.newDirectory("qrs-files");
        QrsSettings settings = QrsSettings.builder().host("qrs.example.com")
                .clientCertFile(dir.resolve("client.pem")).clientKeyFile(CERTS.clientRsaCertFile())
                .caFile(dir.resolve("root.pem")).build();

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> QrsClient.create(settings));

        assertEquals(List.of("cert.clientCertCA", "cert.clientCert", "cert.clientCertKey"),
                e.problems().stream().map(InvalidSettingsException.Problem::property).toList(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid QRS settings (3 problems):\n  - cert.clientCertCA: file "
                + dir.resolve("root.pem") + ": file not found"), e.getMessage());
        assertTrue(e.problems().get(2).message().contains("no private key found"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------
    // Cache and close
    // ------------------------------------------------------------------------------------------

    @Test
    void burstOfFailuresOfOneTask_costsOneSetOfRequests() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        int n = 200;
        List<CompletableFuture<ReloadTaskDetails>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(qrs.lookupReloadTask(TASK, APP.toString()));
        }
        for (CompletableFuture<ReloadTaskDetails> f : all) {
            assertEquals(Status.FOUND, f.get(30, TimeUnit.SECONDS).status());
        }
        assertEquals(3, fake.requests().size());
        QrsStats s = qrs.stats();
        assertEquals(2, s.cacheMisses(), s.toString());
        assertEquals(2L * n - 2, s.cacheHits(), s.toString());
        assertEquals((long) n, s.lookups().get(Status.FOUND));
    }

    @Test
    void cacheTtlZero_everyLookupAsksQrs_butConcurrentOnesShare() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).cacheTtl(Duration.ZERO).build());
        lookup(qrs, TASK, APP.toString());
        lookup(qrs, TASK, APP.toString());
        assertEquals(6, fake.requests().size());
    }

    @Test
    void failuresAreNotCached() throws Exception {
        FakeQrs fake = fake();
        AtomicInteger failing = new AtomicInteger(1);
        fake.behave(r -> failing.get() > 0 ? FakeQrs.Reply.of(500, "") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).retryBudget(Duration.ZERO).build());
        assertEquals(Status.QRS_UNAVAILABLE, lookup(qrs, TASK, APP.toString()).status());
        failing.set(0);
        assertEquals(Status.FOUND, lookup(qrs, TASK, APP.toString()).status());
    }

    @Test
    void close_completesLookupsUnderWay_andLaterOnes() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.stalled());
        QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).requestTimeout(Duration.ofSeconds(30))
                .retryBudget(Duration.ofSeconds(30)).build());
        CompletableFuture<ReloadTaskDetails> running = qrs.lookupReloadTask(TASK, APP.toString());
        CompletableFuture<TaskStartResult> starting = qrs.startTask(TASK);
        io.butlermqtt.testing.Await.until(Duration.ofSeconds(20), () -> fake.requests().size() == 2, "both requests sent");

        qrs.close();

        ReloadTaskDetails d = running.get(5, TimeUnit.SECONDS);
        assertEquals(Status.QRS_UNAVAILABLE, d.status());
        assertTrue(d.detail().contains("closed"), d.detail());
        assertEquals(TaskStartResult.Outcome.FAILED, starting.get(5, TimeUnit.SECONDS).outcome());
        assertEquals(Status.QRS_UNAVAILABLE, qrs.lookupReloadTask(TASK, APP.toString()).get(5, TimeUnit.SECONDS).status());
        assertEquals(TaskStartResult.Outcome.FAILED, qrs.startTask(TASK).get(5, TimeUnit.SECONDS).outcome());
    }

    /** The README's wiring of the event server's enricher, verbatim: the event, or nothing as Butler. */
    @Test
    void readmeEnricher_eventOrNothing() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        ReloadTaskEnricher enricher = notice -> qrs.lookupReloadTask(notice.taskId(), notice.appId())
                .thenApply(d -> !d.publishable() ? java.util.Optional.empty() : java.util.Optional.of(
                        notice.kind() == ReloadTaskNotice.Kind.FAILED ? d.applyTo(notice.failedBuilder()).build()
                                                                      : d.applyTo(notice.abortedBuilder()).build()));
        ReloadTaskNotice aborted = ReloadTaskNotice.builder().kind(ReloadTaskNotice.Kind.ABORTED).hostName("h")
                .taskName("t").taskId(TASK).appId(APP.toString()).build();

        io.butlermqtt.event.SenseEvent e = enricher.enrich(aborted).toCompletableFuture().get(30, TimeUnit.SECONDS)
                .orElseThrow();

        assertEquals(List.of("Tier 1"), ((ReloadTaskAborted) e).appTags());
        assertEquals(List.of("Finance", "Nightly"), ((ReloadTaskAborted) e).taskTags());
        assertTrue(enricher.enrich(aborted.toBuilder().taskId(EXTERNAL_TASK).build()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS).isEmpty());
    }

    /** The JSON text of a record as our writer (and JavaScript's JSON.stringify) writes it. */
    static final class JsonText {
        static String of(String json) {
            ReloadTaskFailed e = ReloadTaskFailed.builder().hostName("h").taskName("t").taskId("x")
                    .taskMetadata(io.butlermqtt.json.Json.parse(json, 64)).build();
            String full = SenseEventPublisher.dryRun(MqttSettings.builder().build()).messagesFor(e).get(1)
                    .payloadAsString();
            return full.substring(full.indexOf("\"qs_taskMetadata\":") + "\"qs_taskMetadata\":".length(),
                    full.length() - 1);
        }
    }
}
