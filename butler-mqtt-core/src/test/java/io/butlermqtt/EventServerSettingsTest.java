package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.EventServerSettings.Deduplication;
import io.butlermqtt.EventServerSettings.MessageQueue;
import io.butlermqtt.EventServerSettings.RateLimit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Defaults, copies and every validation rule of the event server settings. */
class EventServerSettingsTest {

    private static InvalidSettingsException invalid(UnaryOperator<EventServerSettings.Builder> change) {
        return assertThrows(InvalidSettingsException.class, () -> change.apply(EventServerSettings.builder()).build());
    }

    private static void assertSingleProblem(String property, String message,
            UnaryOperator<EventServerSettings.Builder> change) {
        InvalidSettingsException e = invalid(change);
        assertEquals(List.of(new InvalidSettingsException.Problem(property, message)), e.problems());
    }

    @Test
    void defaults_areButlersTemplate_apartFromEnabledAndHost() {
        EventServerSettings s = EventServerSettings.builder().build();
        assertTrue(s.enabled());
        assertEquals("localhost", s.serverHost());
        assertEquals(9998, s.portTaskFailure());
        assertEquals(OptionalInt.empty(), s.portSessionConnectionEvents());
        assertEquals(65507, s.maxMessageSize());
        assertFalse(s.enableSourceValidation());
        assertEquals(List.of(), s.allowedSources());
        assertEquals(new MessageQueue(10, 200, 80), s.messageQueue());
        assertEquals(new RateLimit(false, 600), s.rateLimit());
        assertEquals(new Deduplication(true, 10), s.deduplication());
        assertEquals(Duration.ofSeconds(60), s.dropLogInterval());
        assertEquals(4 * 1024 * 1024, s.receiveBufferBytes());
        assertEquals(Duration.ofSeconds(60), s.enrichTimeout());
        assertEquals(Duration.ofSeconds(10), s.closeTimeout());
        assertEquals(Duration.ofSeconds(1), s.queueFullWait());
    }

    @Test
    void toBuilder_copiesEveryValue_equalsAndHashCode() {
        EventServerSettings s = EventServerSettings.builder().enabled(false).serverHost("0.0.0.0").portTaskFailure(1)
                .portSessionConnectionEvents(2).maxMessageSize(3).enableSourceValidation(true)
                .allowedSources(List.of("10.0.0.1")).messageQueue(new MessageQueue(4, 5, 6))
                .rateLimit(new RateLimit(true, 7)).deduplication(new Deduplication(false, 8))
                .dropLogInterval(Duration.ofSeconds(9)).receiveBufferBytes(10_000).enrichTimeout(Duration.ofSeconds(11))
                .closeTimeout(Duration.ofSeconds(12)).queueFullWait(Duration.ofMillis(13)).build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().closeTimeout(Duration.ofSeconds(13)).build());
        assertNotEquals(s, s.toBuilder().queueFullWait(Duration.ZERO).build());
        assertNotEquals(s, s.toBuilder().portSessionConnectionEvents(OptionalInt.empty()).build());
        assertEquals("EventServerSettings{enabled=false, serverHost=0.0.0.0, portTaskFailure=1,"
                + " portSessionConnectionEvents=2, maxMessageSize=3, enableSourceValidation=true,"
                + " allowedSources=[10.0.0.1], messageQueue=MessageQueue[maxConcurrent=4, maxSize=5,"
                + " backpressureThreshold=6], rateLimit=RateLimit[enabled=true, maxMessagesPerMinute=7],"
                + " deduplication=Deduplication[enabled=false, ttlMinutes=8], dropLogInterval=PT9S,"
                + " receiveBufferBytes=10000, enrichTimeout=PT11S, closeTimeout=PT12S, queueFullWait=PT0.013S}", s.toString());
    }

    @Test
    void allowedSources_areCopied() {
        java.util.ArrayList<String> list = new java.util.ArrayList<>(List.of("10.0.0.1"));
        EventServerSettings s = EventServerSettings.builder().allowedSources(list).build();
        list.add("10.0.0.2");
        assertEquals(List.of("10.0.0.1"), s.allowedSources());
        assertThrows(NullPointerException.class, () -> EventServerSettings.builder().allowedSources(Arrays.asList("a", null)));
    }

    @Test
    void serverHost_emptyOrPlaceholder_whenEnabled_isAProblem() {
        assertSingleProblem("serverHost", "must be a host name or IP address, but was empty", b -> b.serverHost(" "));
        assertSingleProblem("serverHost", "must be a host name or IP address, but was \"<FQDN or IP>\" (a placeholder"
                + " from Butler's template?)", b -> b.serverHost("<FQDN or IP>"));
    }

    @Test
    void serverHost_placeholder_whenDisabled_isCarried() {
        EventServerSettings s = EventServerSettings.builder().enabled(false).serverHost("<FQDN or IP>").build();
        assertEquals("<FQDN or IP>", s.serverHost());
    }

    @Test
    void portTaskFailure_outOfRange_isAProblem_zeroMeansAnyFreePort() {
        assertSingleProblem("portTaskFailure", "must be 0..65535 (0 for any free port), but was 65536",
                b -> b.portTaskFailure(65_536));
        assertSingleProblem("portTaskFailure", "must be 0..65535 (0 for any free port), but was -1",
                b -> b.portTaskFailure(-1));
        assertEquals(0, EventServerSettings.builder().portTaskFailure(0).build().portTaskFailure());
    }

    @Test
    void portSessionConnectionEvents_outOfRangeOrEqualToTaskPort_isAProblem() {
        assertSingleProblem("portSessionConnectionEvents", "must be 0..65535 (0 for any free port), but was 70000",
                b -> b.portSessionConnectionEvents(70_000));
        assertSingleProblem("portSessionConnectionEvents", "must differ from portTaskFailure (9998): the two kinds"
                + " of datagram need their own ports", b -> b.portSessionConnectionEvents(9998));
        assertEquals(OptionalInt.of(0), EventServerSettings.builder().portTaskFailure(0).portSessionConnectionEvents(0)
                .build().portSessionConnectionEvents());
    }

    @Test
    void maxMessageSize_outOfRange_isAProblem() {
        assertSingleProblem("maxMessageSize", "must be 1..65535 bytes, but was 0", b -> b.maxMessageSize(0));
        assertSingleProblem("maxMessageSize", "must be 1..65535 bytes, but was 65536", b -> b.maxMessageSize(65_536));
    }

    @Test
    void sourceValidation_withoutSources_isAProblem_unlikeButlerWhichAcceptsEverySource() {
        assertSingleProblem("allowedSources", "must list at least one IP address or host name when"
                + " enableSourceValidation is true (Butler would silently accept every source)",
                b -> b.enableSourceValidation(true));
        EventServerSettings.builder().enableSourceValidation(true).enabled(false).build();
    }

    @Test
    void allowedSources_placeholderOrBlank_whenChecked_isAProblem() {
        InvalidSettingsException e = invalid(b -> b.enableSourceValidation(true)
                .allowedSources(List.of("10.0.0.1", "<IP of Sense>", "")));
        assertEquals(List.of(
                new InvalidSettingsException.Problem("allowedSources[1]", "must be a host name or IP address, but was"
                        + " \"<IP of Sense>\" (a placeholder from Butler's template?)"),
                new InvalidSettingsException.Problem("allowedSources[2]",
                        "must be a host name or IP address, but was empty")), e.problems());
        EventServerSettings.builder().allowedSources(List.of("<IP of Sense>")).build(); // validation off: carried
    }

    @Test
    void messageQueue_eachValueOutOfRange_isAProblem() {
        assertSingleProblem("messageQueue.maxConcurrent", "must be 1..1000, but was 0",
                b -> b.messageQueue(new MessageQueue(0, 200, 80)));
        assertSingleProblem("messageQueue.maxConcurrent", "must be 1..1000, but was 1001",
                b -> b.messageQueue(new MessageQueue(1001, 200, 80)));
        assertSingleProblem("messageQueue.maxSize", "must be 1..1000000, but was 0",
                b -> b.messageQueue(new MessageQueue(10, 0, 80)));
        assertSingleProblem("messageQueue.backpressureThreshold", "must be a percentage 0..100, but was 101",
                b -> b.messageQueue(new MessageQueue(10, 200, 101)));
        assertSingleProblem("messageQueue.backpressureThreshold", "must be a percentage 0..100, but was -1",
                b -> b.messageQueue(new MessageQueue(10, 200, -1)));
    }

    @Test
    void rateLimit_enabledWithZero_isAProblem_disabledIsNotChecked() {
        assertSingleProblem("rateLimit.maxMessagesPerMinute", "must be 1 or more when rateLimit is enabled, but was 0",
                b -> b.rateLimit(new RateLimit(true, 0)));
        EventServerSettings.builder().rateLimit(new RateLimit(false, 0)).build();
    }

    @Test
    void deduplication_enabledWithBadTtl_isAProblem() {
        assertSingleProblem("deduplication.ttlMinutes", "must be 1..10080 (a week) when deduplication is enabled,"
                + " but was 0", b -> b.deduplication(new Deduplication(true, 0)));
        assertSingleProblem("deduplication.ttlMinutes", "must be 1..10080 (a week) when deduplication is enabled,"
                + " but was 10081", b -> b.deduplication(new Deduplication(true, 10_081)));
        EventServerSettings.builder().deduplication(new Deduplication(false, 0)).build();
    }

    @Test
    void extensions_outOfRange_areProblems() {
        assertSingleProblem("dropLogInterval", "must be PT1S..PT1H, but was PT0.5S",
                b -> b.dropLogInterval(Duration.ofMillis(500)));
        assertSingleProblem("receiveBufferBytes", "must be 0 (the system default) or 1024..268435456, but was 100",
                b -> b.receiveBufferBytes(100));
        assertEquals(0, EventServerSettings.builder().receiveBufferBytes(0).build().receiveBufferBytes());
        assertSingleProblem("enrichTimeout", "must be PT0.01S..PT1H, but was PT0.001S",
                b -> b.enrichTimeout(Duration.ofMillis(1)));
        assertSingleProblem("closeTimeout", "must be PT0S..PT1H, but was PT-1S",
                b -> b.closeTimeout(Duration.ofSeconds(-1)));
        assertSingleProblem("queueFullWait", "must be PT0S..PT10S, but was PT11S",
                b -> b.queueFullWait(Duration.ofSeconds(11)));
    }

    @Test
    void manyProblems_areAllReportedAtOnce() {
        InvalidSettingsException e = invalid(b -> b.serverHost("").portTaskFailure(-5).maxMessageSize(0)
                .messageQueue(new MessageQueue(0, 0, 200)));
        assertEquals("Invalid event server settings (6 problems):\n"
                + "  - serverHost: must be a host name or IP address, but was empty\n"
                + "  - portTaskFailure: must be 0..65535 (0 for any free port), but was -5\n"
                + "  - maxMessageSize: must be 1..65535 bytes, but was 0\n"
                + "  - messageQueue.maxConcurrent: must be 1..1000, but was 0\n"
                + "  - messageQueue.maxSize: must be 1..1000000, but was 0\n"
                + "  - messageQueue.backpressureThreshold: must be a percentage 0..100, but was 200", e.getMessage());
    }

    @Test
    void setters_rejectNullNamingTheSetting() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> EventServerSettings.builder().serverHost(null));
        assertEquals("serverHost must not be null", e.getMessage());
    }
}
