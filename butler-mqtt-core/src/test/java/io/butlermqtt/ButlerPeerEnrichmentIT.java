package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.testing.FakeQrs;
import io.butlermqtt.testing.ButlerFixtures;
import io.butlermqtt.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the real Butler 16.0.4 published for two datagrams against a fake QRS serving
 * {@code qrs-fixtures.json}: the same datagrams, enriched by {@link QrsClient} against our fake QRS serving
 * the same records, give the same bytes, full payloads included. Skipped when Butler's recorded run
 * ({@code shared/fixtures/butler-peer}) is absent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ButlerPeerEnrichmentIT {

    private static final TestCertificates CERTS = TestCertificates.shared();

    /** One datagram's 11 fields, as Sense's scheduler log appender sends them. */
    private static List<String[]> datagrams() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(ButlerFixtures.butlerPeer("datagrams-example.txt"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split(";", 11));
            }
        }
        return out;
    }

    /** Butler's published messages: topic and payload bytes. */
    private static List<MqttMessage> butlerOutput() throws IOException {
        List<MqttMessage> out = new ArrayList<>();
        for (String line : Files.readAllLines(ButlerFixtures.butlerPeer("butler-16.0.4-mqtt-output.tsv"),
                StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t", 2);
                out.add(MqttMessage.of(parts[0], HexFormat.of().parseHex(parts[1].strip()), 0, false));
            }
        }
        return out;
    }

    private static SenseEvent event(String[] f, ReloadTaskDetails d) {
        if (f[0].toLowerCase().contains("aborted")) {
            return d.applyTo(ReloadTaskAborted.builder().hostName(f[1]).taskName(f[2]).appName(f[3]).user(f[4])
                    .taskId(f[5]).appId(f[6]).logTimeStamp(f[7]).logLevel(f[8]).executionId(f[9]).logMessage(f[10]))
                    .build();
        }
        return d.applyTo(ReloadTaskFailed.builder().hostName(f[1]).taskName(f[2]).appName(f[3]).user(f[4])
                .taskId(f[5]).appId(f[6]).logTimeStamp(f[7]).logLevel(f[8]).executionId(f[9]).logMessage(f[10]))
                .build();
    }

    @Test
    void twoDatagrams_enrichedLikeButler_publishButlersBytes() throws Exception {
        List<String[]> datagrams = datagrams();
        List<MqttMessage> butler = butlerOutput().stream()
                .filter(m -> m.topic().startsWith("qliksense/task_")).toList();
        assertEquals(2, datagrams.size());
        assertEquals(4, butler.size(), "Butler's run published a short and a full message per datagram");

        SenseEventPublisher dry = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        List<MqttMessage> ours = new ArrayList<>();
        try (FakeQrs fake = FakeQrs.start(CERTS).loadFixtures(ButlerFixtures.butlerPeer("qrs-fixtures.json"));
                QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).build())) {
            for (String[] f : datagrams) {
                ReloadTaskDetails d = qrs.lookupReloadTask(UUID.fromString(f[5]), f[6]).get(30, TimeUnit.SECONDS);
                assertEquals(ReloadTaskDetails.Status.FOUND, d.status(), d.detail());
                assertTrue(d.publishable());
                ours.addAll(dry.messagesFor(event(f, d)));
            }
            assertEquals(List.of(), fake.violations());
        }

        assertEquals(butler.size(), ours.size());
        for (int i = 0; i < butler.size(); i++) {
            assertEquals(butler.get(i).topic(), ours.get(i).topic(), "message " + i);
            assertArrayEquals(butler.get(i).payload(), ours.get(i).payload(), () -> "payload of "
                    + butler.get(0).topic() + "\nButler: " + new String(butler.get(0).payload(), StandardCharsets.UTF_8));
        }
    }

    /** With the cache off, each datagram costs Butler's three requests, in Butler's order and form. */
    @Test
    void eachLookup_makesButlersThreeRequests_inOrder() throws Exception {
        String[] f = datagrams().get(0);
        try (FakeQrs fake = FakeQrs.start(CERTS).loadFixtures(ButlerFixtures.butlerPeer("qrs-fixtures.json"));
                QrsClient qrs = QrsClient.create(fake.clientSettings(CERTS).cacheTtl(Duration.ZERO).build())) {
            for (int round = 0; round < 2; round++) {
                assertEquals(ReloadTaskDetails.Status.FOUND,
                        qrs.lookupReloadTask(UUID.fromString(f[5]), f[6]).get(30, TimeUnit.SECONDS).status());
            }
            List<FakeQrs.Request> requests = fake.requests();
            assertEquals(6, requests.size());
            for (int round = 0; round < 2; round++) {
                List<FakeQrs.Request> r = requests.subList(3 * round, 3 * round + 3);
                assertEquals(List.of("/qrs/task", "/qrs/task/full", "/qrs/app/full"),
                        r.stream().map(FakeQrs.Request::path).toList());
                assertTrue(r.get(0).rawQuery().startsWith("filter=id%20eq%20" + f[5] + "&xrfkey="), r.get(0).rawQuery());
                assertTrue(r.get(2).rawQuery().startsWith("filter=id%20eq%20" + f[6] + "&xrfkey="), r.get(2).rawQuery());
                for (FakeQrs.Request q : r) {
                    assertEquals("GET", q.method());
                    assertEquals("UserDirectory=Internal;UserId=sa_repository", q.header("X-Qlik-User"));
                    assertEquals("application/json", q.header("Content-Type"));
                    assertEquals("CN=butler-mqtt-client-rsa", q.clientSubject());
                }
            }
            // a new xrfkey for every request
            assertEquals(6, requests.stream().map(q -> q.query().get("xrfkey")).distinct().count());
            assertEquals(List.of(), fake.violations());
        }
    }
}
