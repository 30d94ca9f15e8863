package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.EventServerSettings;
import io.butlermqtt.EventServerSettings.Deduplication;
import io.butlermqtt.EventServerSettings.MessageQueue;
import io.butlermqtt.EventServerSettings.RateLimit;
import io.butlermqtt.yaml.internal.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code Butler.udpServerConfig} and {@code Butler.butlerMqtt.eventServer}: both of Butler's templates, every
 * key, the Butler-version defaults of absent keys, placeholders, and errors at their keys.
 */
class EventServerConfigTest {

    private static final String T16 = "butler-16.0.4-production_template.yaml";
    private static final String T2021 = "butler-2021-02-production_template.yaml";
    private static final String ENABLE_16 = "enable: false # Should the UDP server responsible for receiving task"
            + " failure/aborted events be started?";
    private static final String ENABLE_2021 = "enable: false                                     # Should the UDP"
            + " server responsible for receving task failure and session events be started?";

    private static String template(String name) {
        return Fixtures.read(Fixtures.butlerTemplate(name));
    }

    private static String switchOn(String text, String enableLine) {
        assertTrue(text.contains(enableLine), "the template changed: " + enableLine);
        return text.replace(enableLine, enableLine.replace("enable: false", "enable: true"));
    }

    private static EventServerSettings parse(String yaml) {
        return ButlerYamlConfig.parseConfig(yaml, "butler.yaml").eventServer();
    }

    private static String fail(String yaml) {
        return assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(yaml, "butler.yaml"))
                .getMessage();
    }

    private static final String MQTT = """
            Butler:
              mqttConfig:
                enable: false
            """;

    // --- Butler's templates ---------------------------------------------------------------------------------

    private static EventServerSettings.Builder expected16() {
        return EventServerSettings.builder().enabled(false).serverHost("10.11.12.13").portTaskFailure(9998)
                .maxMessageSize(65_507).enableSourceValidation(false).allowedSources(List.of())
                .messageQueue(new MessageQueue(10, 200, 80)).rateLimit(new RateLimit(false, 600))
                .deduplication(new Deduplication(true, 10));
    }

    @Test
    void template16_asShipped_isDisabled_withEveryValue() {
        ButlerConfig c = ButlerYamlConfig.loadConfig(Fixtures.butlerTemplate(T16));
        assertEquals(expected16().build(), c.eventServer());
    }

    @Test
    void template16_switchedOn_carriesEveryValue() {
        EventServerSettings s = ButlerYamlConfig.parseConfig(switchOn(template(T16), ENABLE_16), T16).eventServer();
        assertEquals(expected16().enabled(true).build(), s);
        assertEquals(OptionalInt.empty(), s.portSessionConnectionEvents(), "Butler 16 has no user audit port");
    }

    /** Most template values equal the defaults, so change each one to prove it is read, not defaulted. */
    @Test
    void template16_everyValueChanged_isReadFromTheFile() {
        String text = switchOn(template(T16), ENABLE_16)
                .replace("serverHost: 10.11.12.13 # FQDN or IP (or localhost) of server where Butler is running\n",
                        "serverHost: 0.0.0.0\n")
                .replace("portTaskFailure: 9998", "portTaskFailure: 9996")
                .replace("maxMessageSize: 65507", "maxMessageSize: 8192")
                .replace("enableSourceValidation: false", "enableSourceValidation: true")
                .replace("allowedSources: []", "allowedSources: [\"192.168.1.100\", sense-server-01]")
                .replace("maxConcurrent: 10", "maxConcurrent: 4")
                .replace("maxSize: 200", "maxSize: 1000")
                .replace("backpressureThreshold: 80", "backpressureThreshold: 50")
                .replace("enable: false # Enable rate limiting", "enable: true # Enable rate limiting")
                .replace("maxMessagesPerMinute: 600", "maxMessagesPerMinute: 120")
                .replace("enable: true # Set to false to disable executionId", "enable: false # Set to false")
                .replace("ttlMinutes: 10", "ttlMinutes: 30");
        EventServerSettings s = ButlerYamlConfig.parseConfig(text, T16).eventServer();
        assertEquals(EventServerSettings.builder().enabled(true).serverHost("0.0.0.0").portTaskFailure(9996)
                .maxMessageSize(8192).enableSourceValidation(true)
                .allowedSources(List.of("192.168.1.100", "sense-server-01")).messageQueue(new MessageQueue(4, 1000, 50))
                .rateLimit(new RateLimit(true, 120)).deduplication(new Deduplication(false, 30)).build(), s);
    }

    @Test
    void template2021_asShipped_isDisabled_placeholderCarried_butler5Defaults() {
        EventServerSettings s = ButlerYamlConfig.loadConfig(Fixtures.butlerTemplate(T2021)).eventServer();
        assertEquals(EventServerSettings.builder().enabled(false)
                .serverHost("<FQDN or IP (or localhost) of server where Butler is running>")
                .portTaskFailure(9998).portSessionConnectionEvents(9997)
                .maxMessageSize(65_535) // Butler 5 had no limit
                .deduplication(Deduplication.DISABLED) // Butler 5 handled every repeat
                .build(), s);
    }

    @Test
    void template2021_switchedOn_reportsTheServerHostPlaceholder() {
        String text = switchOn(template(T2021), ENABLE_2021);
        int line = lineOf(text, "    serverHost: <FQDN or IP (or localhost) of server where Butler is running>");
        assertEquals("Invalid configuration in " + T2021 + " (1 problem):\n"
                + "  - Butler.udpServerConfig.serverHost (line " + line + ", col 17): \"<FQDN or IP (or localhost) of"
                + " server where Butler is running...\" is a placeholder from Butler's template; replace it with a host"
                + " name or IP address",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(text, T2021)).getMessage());
        EventServerSettings s = ButlerYamlConfig.parseConfig(text.replace(
                "serverHost: <FQDN or IP (or localhost) of server where Butler is running>\n    portSession",
                "serverHost: 0.0.0.0\n    portSession"), T2021).eventServer();
        assertTrue(s.enabled());
        assertEquals(OptionalInt.of(9997), s.portSessionConnectionEvents());
    }

    private static int lineOf(String text, String line) {
        List<String> lines = text.lines().toList();
        int i = lines.indexOf(line);
        assertTrue(i >= 0, line);
        return i + 1;
    }

    // --- absent keys: what the Butler version without them did --------------------------------------------

    @Test
    void noUdpServerConfig_meansNoServer() {
        EventServerSettings s = parse(MQTT);
        assertFalse(s.enabled());
        assertEquals(ButlerConfig.builder().build().eventServer(), s);
    }

    @Test
    void absentKeys_getTheButlerVersionWithoutThem() {
        EventServerSettings s = parse(MQTT + """
                  udpServerConfig:
                    serverHost: 127.0.0.1
                """);
        assertFalse(s.enabled(), "enable absent: off");
        assertEquals(Deduplication.DISABLED, s.deduplication(), "Butler 16.0.4 has no deduplication");
        assertEquals(65_535, s.maxMessageSize(), "no maxMessageSize: no limit");
        assertEquals(MessageQueue.DEFAULT, s.messageQueue(), "Butler 5 had no queue; butler-mqtt always has one");
        assertEquals(RateLimit.DISABLED, s.rateLimit());
        assertFalse(s.enableSourceValidation());
        assertEquals(OptionalInt.empty(), s.portSessionConnectionEvents());
        assertEquals(9998, s.portTaskFailure());
    }

    @Test
    void deduplicationSectionWithoutItsKeys_takesTheTemplateOfTheReleaseThatHasIt() {
        EventServerSettings s = parse(MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    deduplication:
                      ttlMinutes: 5
                """);
        assertEquals(new Deduplication(true, 5), s.deduplication());
    }

    @Test
    void queueMetrics_isAcceptedAndIgnored() {
        EventServerSettings s = parse(MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    queueMetrics:
                      influxdb:
                        enable: true
                        writeFrequency: 20000
                        measurementName: butler_udp_queue
                        tags: [{name: env, value: prod}]
                """);
        assertTrue(s.enabled());
    }

    // --- extension keys -------------------------------------------------------------------------------------

    @Test
    void extensionKeys_areReadFromButlerMqttEventServer() {
        EventServerSettings s = parse(MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                  butlerMqtt:
                    eventServer:
                      dropLogInterval: 5m
                      receiveBufferBytes: 8388608
                      enrichTimeout: 10s
                      closeTimeout: 500ms
                      queueFullWait: 250ms
                """);
        assertEquals(Duration.ofMillis(250), s.queueFullWait());
        assertEquals(Duration.ofMinutes(5), s.dropLogInterval());
        assertEquals(8_388_608, s.receiveBufferBytes());
        assertEquals(Duration.ofSeconds(10), s.enrichTimeout());
        assertEquals(Duration.ofMillis(500), s.closeTimeout());
    }

    @Test
    void extensionKey_inUdpServerConfig_isRedirected_becauseButlerRefusesUnknownKeysThere() {
        assertEquals("""
                Invalid configuration in butler.yaml (1 problem):
                  - Butler.udpServerConfig.dropLogInterval (line 6, col 5): unknown key; Butler refuses unknown keys\
                 in udpServerConfig, so butler-mqtt's event server settings go in Butler.butlerMqtt.eventServer (this\
                 one as Butler.butlerMqtt.eventServer.dropLogInterval)""", fail(MQTT + """
                  udpServerConfig:
                    enable: true
                    dropLogInterval: 5m
                """));
    }

    @Test
    void unknownKeys_getASuggestion() {
        assertEquals("""
                Invalid configuration in butler.yaml (2 problems):
                  - Butler.udpServerConfig.portTaskFail (line 5, col 5): unknown key; did you mean "portTaskFailure"?
                  - Butler.butlerMqtt.eventServer.closeTimout (line 8, col 7): unknown key; did you mean\
                 "closeTimeout"?""", fail(MQTT + """
                  udpServerConfig:
                    portTaskFail: 9998
                  butlerMqtt:
                    eventServer:
                      closeTimout: 1s
                """));
    }

    // --- errors ---------------------------------------------------------------------------------------------

    @Test
    void wrongTypes_areReportedAtTheirKeys_allAtOnce() {
        assertEquals("""
                Invalid configuration in butler.yaml (6 problems):
                  - Butler.udpServerConfig.enable (line 5, col 13): expected true or false, found "yes", which YAML\
                 1.1 reads as true but YAML 1.2 (and so Butler) reads as text; write true
                  - Butler.udpServerConfig.portTaskFailure (line 6, col 22): expected an integer 0..65535, found "abc"
                  - Butler.udpServerConfig.allowedSources (line 7, col 21): expected a list of IP addresses or host\
                 names, such as ["192.168.1.100", "sense-server-01"], found the text "10.0.0.1"
                  - Butler.udpServerConfig.messageQueue (line 8, col 19): expected a mapping (keys below messageQueue),\
                 found the text "big"
                  - Butler.udpServerConfig.rateLimit.maxMessagesPerMinute (line 10, col 29): expected an integer 1 or\
                 more, found "many"
                  - Butler.butlerMqtt.eventServer.enrichTimeout (line 13, col 22): expected a duration such as 30s,\
                 500ms, 5m or 1h, found "soon"
                """.strip(), fail(MQTT + """
                  udpServerConfig:
                    enable: yes
                    portTaskFailure: abc
                    allowedSources: 10.0.0.1
                    messageQueue: big
                    rateLimit:
                      maxMessagesPerMinute: many
                  butlerMqtt:
                    eventServer:
                      enrichTimeout: soon
                """));
    }

    @Test
    void settingsRules_areReportedAtTheKeysTheyConcern() {
        assertEquals("""
                Invalid configuration in butler.yaml (4 problems):
                  - Butler.udpServerConfig.portSessionConnectionEvents (line 8, col 34): must differ from\
                 portTaskFailure (9998): the two kinds of datagram need their own ports
                  - Butler.udpServerConfig.enableSourceValidation (line 9, col 29): value is missing; expected true\
                 or false
                  - Butler.udpServerConfig.allowedSources[1] (line 12, col 9): expected a host name or IP address,\
                 found a mapping
                  - Butler.udpServerConfig.messageQueue.maxConcurrent (line 14, col 22): must be 1..1000, but was 0""",
                fail(MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    portTaskFailure: 9998
                    portSessionConnectionEvents: 9998
                    enableSourceValidation: ~
                    allowedSources:
                      - 10.0.0.1
                      - {ip: 10.0.0.2}
                    messageQueue:
                      maxConcurrent: 0
                """));
    }

    @Test
    void sourceValidationWithAnEmptyList_isReportedAtTheList() {
        assertEquals("""
                Invalid configuration in butler.yaml (1 problem):
                  - Butler.udpServerConfig.allowedSources (line 8, col 21): must list at least one IP address or host\
                 name when enableSourceValidation is true (Butler would silently accept every source)""",
                fail(MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    enableSourceValidation: true
                    allowedSources: []
                """));
    }

    @Test
    void allowedSourcesPlaceholders_carriedWhenValidationIsOff_reportedWhenOn() {
        String off = MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: 127.0.0.1
                    allowedSources: ["<IP of Sense>"]
                """;
        assertEquals(List.of("<IP of Sense>"), parse(off).allowedSources());
        assertEquals("""
                Invalid configuration in butler.yaml (1 problem):
                  - Butler.udpServerConfig.allowedSources[0] (line 8, col 22): "<IP of Sense>" is a placeholder from\
                 Butler's template; replace it with a host name or IP address""",
                fail(off.replace("serverHost: 127.0.0.1", "serverHost: 127.0.0.1\n    enableSourceValidation: true")));
    }

    @Test
    void environmentVariables_areSubstituted() {
        String text = MQTT + """
                  udpServerConfig:
                    enable: true
                    serverHost: ${UDP_HOST}
                    portTaskFailure: ${UDP_PORT:-9998}
                    allowedSources: ["${SENSE_HOST}"]
                """;
        ButlerConfig c = ConfigLoader.parse(text, "b.yaml",
                Map.of("UDP_HOST", "0.0.0.0", "SENSE_HOST", "sense-01")::get);
        assertEquals("0.0.0.0", c.eventServer().serverHost());
        assertEquals(9998, c.eventServer().portTaskFailure());
        assertEquals(List.of("sense-01"), c.eventServer().allowedSources());
    }

    @Test
    void mqttProblemsAndEventServerProblems_areReportedTogether() {
        String message = fail("""
                Butler:
                  mqttConfig:
                    enable: true
                    brokerPort: 0
                  udpServerConfig:
                    enable: true
                    maxMessageSize: 0
                """);
        assertTrue(message.startsWith("Invalid configuration in butler.yaml (2 problems):"), message);
        assertTrue(message.contains("Butler.mqttConfig.brokerPort (line 4, col 17): must be 1..65535, but was 0"),
                message);
        assertTrue(message.contains("Butler.udpServerConfig.maxMessageSize (line 7, col 21): must be 1..65535 bytes,"
                + " but was 0"), message);
    }

    @Test
    void shortForm_hasNoEventServer() {
        ButlerConfig c = ButlerYamlConfig.parseConfig("mqttConfig:\n  enable: false\n", "short.yaml");
        assertFalse(c.eventServer().enabled());
    }

    @Test
    void butlerConfig_carriesTheEventServerPart() {
        EventServerSettings udp = EventServerSettings.builder().serverHost("0.0.0.0").build();
        ButlerConfig c = ButlerConfig.builder().eventServer(udp).build();
        assertEquals(udp, c.eventServer());
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertFalse(c.equals(ButlerConfig.builder().build()));
        assertTrue(c.toString().contains("eventServer=EventServerSettings{enabled=true, serverHost=0.0.0.0"));
        assertThrows(NullPointerException.class, () -> ButlerConfig.builder().eventServer(null));
    }
}
