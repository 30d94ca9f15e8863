package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.testing.ButlerFixtures;
import io.butlermqtt.testing.ButlerFixtures.Published;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The datagrams the real Butler 16.0.4 received, parsed and built with {@link ReloadTaskEnricher#withoutQrs()}:
 * the short messages and everything of the full payloads before the {@code qs_*} parts (which need QRS) equal
 * Butler's bytes. Skipped when Butler's fixtures are absent.
 */
class ButlerPeerFixtureTest {

    private static final byte[] QS_START = ",\"qs_appTags\":".getBytes(StandardCharsets.UTF_8);

    private final SenseEventPublisher butler = SenseEventPublisher.dryRun(MqttSettings.builder()
            .delivery(MqttSettings.Delivery.BUTLER).build());

    @Test
    void exampleDatagrams_giveButlersMessages_apartFromTheQrsParts() throws Exception {
        List<byte[]> datagrams = ButlerFixtures.exampleDatagrams();
        List<Published> expected = new ArrayList<>(ButlerFixtures.butlerOutput());
        expected.removeIf(p -> !p.topic().startsWith("qliksense/task_"));
        assertEquals(2, datagrams.size(), "the fixture has one failed and one aborted reload");
        assertEquals(4, expected.size(), "Butler published a short and a full message for each");

        List<MqttMessage> ours = new ArrayList<>();
        for (byte[] d : datagrams) {
            ParsedDatagram p = SenseDatagramParser.parseTaskDatagram(d);
            assertInstanceOf(ParsedDatagram.ReloadTask.class, p, p::toString);
            Optional<SenseEvent> event = ReloadTaskEnricher.withoutQrs()
                    .enrich(((ParsedDatagram.ReloadTask) p).notice()).toCompletableFuture().get();
            ours.addAll(butler.messagesFor(event.orElseThrow()));
        }
        assertEquals(expected.size(), ours.size());
        for (int i = 0; i < expected.size(); i++) {
            Published b = expected.get(i);
            MqttMessage m = ours.get(i);
            assertEquals(b.topic(), m.topic());
            assertEquals(0, m.qos());
            if (b.topic().endsWith("_full")) {
                int butlerQs = indexOf(b.payload(), QS_START);
                int ourQs = indexOf(m.payload(), QS_START);
                assertTrue(butlerQs > 0 && ourQs > 0, "both full payloads have the qs_* part");
                assertArrayEquals(Arrays.copyOf(b.payload(), butlerQs), Arrays.copyOf(m.payload(), ourQs),
                        () -> "message " + b.topic() + ":\n butler " + new String(b.payload(), StandardCharsets.UTF_8)
                                + "\n ours   " + new String(m.payload(), StandardCharsets.UTF_8));
                String qs = new String(m.payload(), ourQs, m.payload().length - ourQs, StandardCharsets.UTF_8);
                assertTrue(qs.equals(",\"qs_appTags\":[],\"qs_appCustomProperties\":[],\"qs_taskTags\":[],"
                        + "\"qs_taskCustomProperties\":[],\"qs_taskMetadata\":{}}")
                        || qs.equals(",\"qs_appTags\":[],\"qs_appCustomProperties\":[],\"qs_taskTags\":[],"
                        + "\"qs_taskCustomProperties\":[],\"qs_appMetadata\":{},\"qs_taskMetadata\":{}}"), qs);
            } else {
                assertArrayEquals(b.payload(), m.payload(), b.topic());
            }
        }
    }

    @Test
    void serverStart_givesButlersStatusMessage() {
        Published start = ButlerFixtures.butlerOutput().stream()
                .filter(p -> p.topic().equals("qliksense/butler/task_failure_server")).findFirst().orElseThrow();
        List<MqttMessage> ours = butler.messagesFor(EventSourceStatus.builder()
                .source(EventSourceStatus.Source.TASK_EVENTS).status(EventSourceStatus.Status.START).build());
        assertEquals(1, ours.size());
        assertEquals(start.topic(), ours.get(0).topic());
        assertArrayEquals(start.payload(), ours.get(0).payload());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
