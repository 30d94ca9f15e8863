package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.QrsSettings.TaskStartAllowList;
import io.butlermqtt.TaskStartResult.Outcome;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.Brokers;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestBroker;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.TestDirs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Task starts through the fake QRS: Butler's POST, each outcome, the allow-list, and the MQTT path end to end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QrsTaskStarterIT {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final UUID TASK = UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d");
    private static final UUID OTHER = UUID.fromString("0b3c7a1e-4444-4a2b-9c3d-4e5f6a7b8c9d");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FakeQrs fake() {
        FakeQrs fake = FakeQrs.start(CERTS).addTask(QrsClientIT.taskRecord(TASK, "0"))
                .addTask(QrsClientIT.taskRecord(OTHER, "0").replace("\"Finance\"", "\"Marketing\"")
                        .replace("\"Nightly\"", "\"Weekly\"").replace("\"Alert\"", "\"Other\""));
        open.add(fake);
        return fake;
    }

    private QrsClient client(QrsSettings settings) {
        QrsClient c = QrsClient.create(settings);
        open.add(c);
        return c;
    }

    private static TaskStartResult start(QrsTaskStarter starter, QrsClient qrs, UUID task) throws Exception {
        starter.onTaskStart(TaskStartRequest.of(task, "qliksense/start_task", Instant.now()));
        return qrs.startTask(task).get(30, TimeUnit.SECONDS);
    }

    @Test
    void knownTask_204_started_asButlerPostsIt() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);

        starter.onTaskStart(TaskStartRequest.of(TASK, "qliksense/start_task", Instant.now()));

        assertEquals(1L, starter.counts().get(Outcome.STARTED));
        List<FakeQrs.Request> requests = fake.requests();
        assertEquals(1, requests.size());
        FakeQrs.Request post = requests.get(0);
        assertEquals("POST", post.method());
        assertEquals("/qrs/task/" + TASK + "/start", post.path());
        assertTrue(post.rawQuery().matches("xrfkey=[A-Za-z0-9]{16}"), post.rawQuery());
        assertEquals("{}", post.body());
        assertEquals("application/json", post.header("Content-Type"));
        assertEquals(List.of(), fake.violations());
        TaskStartResult r = qrs.startTask(TASK).get(30, TimeUnit.SECONDS);
        assertEquals(new TaskStartResult(TASK, Outcome.STARTED, OptionalInt.of(204), "started (QRS answered 204)"), r);
        assertEquals(2L, qrs.stats().taskStarts().get(Outcome.STARTED));
    }

    @Test
    void unknownTask_404_noSuchTask() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);

        TaskStartResult r = start(starter, qrs, UUID.randomUUID());

        assertEquals(Outcome.NO_SUCH_TASK, r.outcome());
        assertEquals(OptionalInt.of(404), r.httpStatus());
        assertEquals(1L, starter.counts().get(Outcome.NO_SUCH_TASK));
    }

    @Test
    void serverError_500_failedWithStatusAndBody_notRetried() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.of(500, "{\"message\":\"Task is disabled\"}"));
        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);

        TaskStartResult r = start(starter, qrs, TASK);

        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(OptionalInt.of(500), r.httpStatus());
        assertEquals("not started: QRS answered HTTP 500 to POST /qrs/task/" + TASK + "/start; body: "
                + "\"{\"message\":\"Task is disabled\"}\"", r.detail());
        assertEquals(1L, starter.counts().get(Outcome.FAILED));
        assertEquals(2, fake.requests().size(), "one POST per start, never retried");
    }

    @Test
    void noAnswerInTime_failed_notRetried() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> FakeQrs.Reply.stalled());
        QrsClient qrs = client(fake.clientSettings(CERTS).requestTimeout(Duration.ofMillis(300)).build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);

        TaskStartResult r = start(starter, qrs, TASK);

        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.detail().startsWith("start request failed: POST /qrs/task/" + TASK + "/start: no"), r.detail());
        assertEquals(OptionalInt.empty(), r.httpStatus());
        assertEquals(2, fake.requests().size());
    }

    @Test
    void qrsDown_failed() throws Exception {
        QrsClient qrs = client(QrsSettings.builder().host("127.0.0.1").port(TestDirs.freeLoopbackPort())
                .clientCertFile(CERTS.clientRsaCertFile()).clientKeyFile(CERTS.clientRsaKeyPkcs1File())
                .caFile(CERTS.caCertFile()).build());

        TaskStartResult r = qrs.startTask(TASK).get(30, TimeUnit.SECONDS);

        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.detail().contains("cannot connect to"), r.detail());
    }

    @Test
    void allowList_taskId_hitStartsWithoutLookup_missIsRefusedWithoutRequest() throws Exception {
        FakeQrs fake = fake();
        QrsClient qrs = client(fake.clientSettings(CERTS).taskStartAllowList(TaskStartAllowList.ofTaskIds(TASK))
                .build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);

        assertEquals(Outcome.STARTED, start(starter, qrs, TASK).outcome());
        TaskStartResult miss = start(starter, qrs, OTHER);

        assertEquals(Outcome.NOT_ALLOWED, miss.outcome());
        assertTrue(miss.detail().contains("its ID is not in startTaskFilter.allowTask.taskId"), miss.detail());
        assertEquals(Map.of(Outcome.STARTED, 1L, Outcome.NOT_ALLOWED, 1L, Outcome.NO_SUCH_TASK, 0L,
                Outcome.FAILED, 0L), starter.counts());
        assertEquals(2, fake.requests().size(), "only the two POSTs of the allowed task");
        assertTrue(fake.requests().stream().allMatch(r -> r.method().equals("POST")
                && r.path().equals("/qrs/task/" + TASK + "/start")));
    }

    @Test
    void allowList_tagAndCustomProperty_lookedUpInQrs() throws Exception {
        FakeQrs fake = fake();
        QrsClient byTag = client(fake.clientSettings(CERTS).taskStartAllowList(new TaskStartAllowList(true,
                List.of(), List.of("Nightly"), List.of())).build());
        assertEquals(Outcome.STARTED, byTag.startTask(TASK).get(30, TimeUnit.SECONDS).outcome());
        TaskStartResult miss = byTag.startTask(OTHER).get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.NOT_ALLOWED, miss.outcome());
        assertTrue(miss.detail().contains("tags [Marketing, Weekly]"), miss.detail());
        assertEquals(Outcome.NO_SUCH_TASK, byTag.startTask(UUID.randomUUID()).get(30, TimeUnit.SECONDS).outcome());
        assertEquals(1, fake.count("POST", "/qrs/task/" + TASK + "/start"));
        assertEquals(0, fake.count("POST", "/qrs/task/" + OTHER + "/start"));

        QrsClient byProperty = client(fake.clientSettings(CERTS).taskStartAllowList(new TaskStartAllowList(true,
                List.of(), List.of(), List.of(new CustomProperty("Other", "Yes")))).build());
        assertEquals(Outcome.STARTED, byProperty.startTask(OTHER).get(30, TimeUnit.SECONDS).outcome());
        assertEquals(Outcome.NOT_ALLOWED, byProperty.startTask(TASK).get(30, TimeUnit.SECONDS).outcome());
    }

    @Test
    void allowList_qrsFailsDuringTheCheck_notStarted() throws Exception {
        FakeQrs fake = fake();
        fake.behave(r -> r.method().equals("GET") ? FakeQrs.Reply.of(503, "") : null);
        QrsClient qrs = client(fake.clientSettings(CERTS).retryBudget(Duration.ZERO).taskStartAllowList(
                new TaskStartAllowList(true, List.of(), List.of("Nightly"), List.of())).build());

        TaskStartResult r = qrs.startTask(TASK).get(30, TimeUnit.SECONDS);

        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.detail().startsWith("not started: the allow-list needs the task's tags"), r.detail());
        assertEquals(0, fake.count("POST", "/qrs/task/" + TASK + "/start"));
    }

    static Stream<Arguments> brokers() {
        return Brokers.local().map(k -> Arguments.of(k, MqttVersion.MQTT_3_1_1));
    }

    /** The README's two lines: a task ID on the start-task topic starts the task through QRS. */
    @ParameterizedTest(name = "[{0}, MQTT 3.1.1]")
    @MethodSource("brokers")
    void endToEnd_taskIdOnStartTopic_postsTheStart(Brokers.Kind kind, MqttVersion version) throws Exception {
        TestBroker broker = kind.broker();
        FakeQrs fake = fake();
        String root = "it/" + UUID.randomUUID();
        MqttSettings mqtt = ButlerMqttClientIT.settings(broker, version).topics(t -> t.subscriptionRootTopic(root + "/#")
                .taskStartTopic(root + "/start_task")).build();

        QrsClient qrs = client(fake.clientSettings(CERTS).build());
        QrsTaskStarter starter = QrsTaskStarter.of(qrs);
        try (ButlerMqttClient client = ButlerMqttClient.start(mqtt, starter);
                RawClient sender = RawClient.connect(broker)) {
            Await.until(Duration.ofSeconds(30), () -> client.state() == ClientState.CONNECTED, "connected");
            sender.publish(root + "/start_task", TASK.toString());
            sender.publish(root + "/start_task", OTHER.toString().replace("4444", "5555"));
            Await.until(Duration.ofSeconds(30), () -> starter.counts().get(Outcome.STARTED) == 1
                    && starter.counts().get(Outcome.NO_SUCH_TASK) == 1, () -> "counts " + starter.counts());
        }
        assertEquals(1, fake.count("POST", "/qrs/task/" + TASK + "/start"));
    }
}
