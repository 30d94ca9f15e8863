package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.TestCertificates;
import io.butlermqtt.testing.UdpSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library glue the bridge is wired from: {@link ReloadTaskEnricher#withQrs(QrsClient)} against the fake
 * QRS, and the event server publishing Butler 5's active-user messages with an {@link ActiveUserTracker}.
 */
@Timeout(60)
class EventServerWiringIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final UUID TASK = UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d");
    private static final UUID APP = UUID.fromString("7a8b9c0d-2222-4e1f-8a2b-3c4d5e6f7a8b");
    private static final UUID EXTERNAL_TASK = UUID.fromString("0b3c7a1e-3333-4a2b-9c3d-4e5f6a7b8c9d");

    private final List<AutoCloseable> open = new ArrayList<>();
    private final UdpSender sender = new UdpSender();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        sender.close();
    }

    private <T extends AutoCloseable> T keep(T t) {
        open.add(t);
        return t;
    }

    private static ReloadTaskNotice notice(ReloadTaskNotice.Kind kind, UUID task, String app) {
        return ReloadTaskNotice.builder().kind(kind).taskId(task).appId(app).taskName("Reload of Sales")
                .hostName("sense-1").user("LAB\\\\anna").executionId("x").logMessage("Max retries reached").build();
    }

    @Test
    void withQrs_aKnownReloadTask_givesTheEventWithTheQsParts_asApplyToBuildsIt() throws Exception {
        FakeQrs fake = keep(FakeQrs.start(CERTS).addTask(QrsClientIT.taskRecord(TASK, "0")).addApp(QrsClientIT.appRecord(APP)));
        QrsClient qrs = keep(QrsClient.create(fake.clientSettings(CERTS).build()));
        ReloadTaskEnricher enricher = ReloadTaskEnricher.withQrs(qrs);

        ReloadTaskNotice failed = notice(ReloadTaskNotice.Kind.FAILED, TASK, APP.toString());
        Optional<SenseEvent> e = enricher.enrich(failed).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ReloadTaskDetails d = qrs.lookupReloadTask(TASK, APP.toString()).get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(d.applyTo(failed.failedBuilder()).build()), e);
        assertEquals(List.of("Finance", "Nightly"), ((ReloadTaskFailed) e.orElseThrow()).taskTags());

        ReloadTaskNotice aborted = notice(ReloadTaskNotice.Kind.ABORTED, TASK, APP.toString());
        SenseEvent a = enricher.enrich(aborted).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(d.applyTo(aborted.abortedBuilder()).build(), a);
        assertTrue(a instanceof ReloadTaskAborted);
        assertEquals(3, fake.requests().size(), "the second enrichment came from the cache");
        assertTrue(enricher.enrich(aborted).toCompletableFuture().isDone(), "a cached lookup completes at once");
    }

    @Test
    void withQrs_unknownTask_unknownApp_notAReloadTask_publishNothing_asButler() throws Exception {
        FakeQrs fake = keep(FakeQrs.start(CERTS).addTask(QrsClientIT.taskRecord(TASK, "0"))
                .addTask(QrsClientIT.taskRecord(EXTERNAL_TASK, "1")).addApp(QrsClientIT.appRecord(APP)));
        QrsClient qrs = keep(QrsClient.create(fake.clientSettings(CERTS).build()));
        ReloadTaskEnricher enricher = ReloadTaskEnricher.withQrs(qrs);
        ReloadTaskNotice.Kind k = ReloadTaskNotice.Kind.FAILED;
        assertEquals(Optional.empty(), enricher.enrich(notice(k, UUID.randomUUID(), APP.toString()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), enricher.enrich(notice(k, TASK, UUID.randomUUID().toString()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), enricher.enrich(notice(k, EXTERNAL_TASK, APP.toString()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> ReloadTaskEnricher.withQrs(null));
    }

    @Test
    void withQrs_qrsDown_stillGivesTheEvent_withEmptyQsParts() throws Exception {
        FakeQrs fake = FakeQrs.start(CERTS);
        QrsClient qrs = keep(QrsClient.create(fake.clientSettings(CERTS).retryBudget(Duration.ofMillis(300)).build()));
        fake.close();
        ReloadTaskNotice n = notice(ReloadTaskNotice.Kind.FAILED, TASK, APP.toString());
        SenseEvent e = ReloadTaskEnricher.withQrs(qrs).enrich(n).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .orElseThrow();
        assertEquals(n.toEvent(), e);
    }

    /** Records every publish call in order: events by type, messages by topic and text. */
    static final class RecordingPublisher implements SenseEventPublisher {
        final CopyOnWriteArrayList<String> calls = new CopyOnWriteArrayList<>();
        private final SenseEventPublisher mapping = SenseEventPublisher.dryRun(MqttSettings.builder().build());

        @Override
        public List<MqttMessage> messagesFor(SenseEvent event) {
            return mapping.messagesFor(event);
        }

        @Override
        public CompletableFuture<PublishResult> publish(SenseEvent event) {
            if (!(event instanceof EventSourceStatus)) {
                for (MqttMessage m : mapping.messagesFor(event)) {
                    calls.add(m.topic() + " " + m.payloadAsString());
                }
            }
            return mapping.publish(event);
        }

        @Override
        public CompletableFuture<PublishResult> publish(String topic, String message) {
            calls.add(topic + " " + message);
            if (message.contains("carol")) {
                return CompletableFuture.failedFuture(new OutboxFullException(topic, 1));
            }
            return mapping.publish(topic, message);
        }
    }

    @Test
    void activeUsers_eachUserAuditEvent_isFollowedByButler5sActiveUserMessages_countedAsPublishes() {
        RecordingPublisher publisher = new RecordingPublisher();
        // one worker, so that the datagrams are handled in the order sent
        EventServerSettings settings = SenseEventServerIT.settings().portSessionConnectionEvents(0)
                .messageQueue(new EventServerSettings.MessageQueue(1, 200, 80)).build();
        SenseEventServer server = keep(SenseEventServer.start(settings, ReloadTaskEnricher.withoutQrs(), publisher,
                new ActiveUserTracker(MqttSettings.builder().build())));
        var audit = server.userAuditAddress().orElseThrow();
        sender.send(audit, "sense-1;Start session;LAB;anna");
        sender.send(audit, "sense-1;Open connection;LAB;bob");
        sender.send(audit, "sense-1;Stop session;LAB;anna");
        sender.send(audit, "sense-1;Close connection;LAB;bob");
        Await.until(WAIT, () -> server.stats().processed() == 4 && server.stats().publishPending() == 0,
                () -> "4 processed, stats " + server.stats());
        assertEquals(List.of(
                "qliksense/session/start sense-1: LAB/anna",
                "qliksense/users/activeperserver/sense-1/count 1",
                "qliksense/users/active/count 1",
                "qliksense/users/active/usernames [\"anna\"]",
                "qliksense/connection/open sense-1: LAB/bob",
                "qliksense/users/activeperserver/sense-1/count 2",
                "qliksense/users/active/count 2",
                "qliksense/users/active/usernames [\"anna\",\"bob\"]",
                "qliksense/session/stop sense-1: LAB/anna",
                "qliksense/users/activeperserver/sense-1/count 1",
                "qliksense/users/active/count 1",
                "qliksense/users/active/usernames [\"bob\"]",
                "qliksense/connection/close sense-1: LAB/bob"), publisher.calls);
        // 2 START statuses + 4 events + 9 active-user messages
        assertEquals(15, server.stats().published());
        assertEquals(0, server.stats().publishFailed());
    }

    @Test
    void activeUsers_aFailedActiveUserPublish_isCountedAsPublishFailed() {
        RecordingPublisher publisher = new RecordingPublisher();
        EventServerSettings settings = SenseEventServerIT.settings().portSessionConnectionEvents(0).build();
        SenseEventServer server = keep(SenseEventServer.start(settings, ReloadTaskEnricher.withoutQrs(), publisher,
                new ActiveUserTracker(MqttSettings.builder().build())));
        sender.send(server.userAuditAddress().orElseThrow(), "sense-1;Start session;LAB;carol");
        Await.until(WAIT, () -> server.stats().processed() == 1 && server.stats().publishPending() == 0,
                () -> "processed, stats " + server.stats());
        assertEquals(1, server.stats().publishFailed(), "the user list naming carol");
        assertEquals(2 + 1 + 2, server.stats().published(), "two STARTs, the session event, the two counts");
        assertThrows(NullPointerException.class, () -> SenseEventServer.start(settings,
                ReloadTaskEnricher.withoutQrs(), publisher, null));
    }
}
