package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.QrsSettings.Header;
import io.butlermqtt.QrsSettings.TaskStartAllowList;
import io.butlermqtt.event.CustomProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QrsSettingsTest {

    private static QrsSettings.Builder valid() {
        return QrsSettings.builder().host("sense.example.com").clientCertFile(Path.of("client.pem"))
                .clientKeyFile(Path.of("client_key.pem"));
    }

    private static List<String> problems(QrsSettings.Builder b) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, b::build);
        assertTrue(e.getMessage().startsWith("Invalid QRS settings ("), e.getMessage());
        return e.problems().stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void defaults_areButlersAndSafe() {
        QrsSettings s = valid().build();
        assertEquals(4242, s.port());
        assertEquals(List.of(new Header("X-Qlik-User", "UserDirectory=Internal;UserId=sa_repository")), s.headers());
        assertTrue(s.rejectUnauthorized());
        assertTrue(s.hostnameVerification());
        assertEquals(Optional.empty(), s.caFile());
        assertEquals(Duration.ofSeconds(30), s.retryBudget());
        assertEquals(16L * 1024 * 1024, s.maxResponseBytes());
        assertEquals(32, s.maxJsonDepth());
        assertEquals(1000, s.cacheSize());
        assertEquals(Duration.ofSeconds(10), s.cacheTtl());
        assertFalse(s.taskStartAllowList().enabled());
    }

    @Test
    void build_nothingSet_reportsEveryRequiredSettingAtOnce() {
        assertEquals(List.of(
                "configQRS.host: must be set to the host name of the Sense server running the QRS",
                "cert.clientCert: must be set: QRS authenticates the caller by the client certificate exported from"
                        + " the QMC (client.pem)",
                "cert.clientCertKey: must be set: the private key of the client certificate (client_key.pem)"),
                problems(QrsSettings.builder()));
    }

    @Test
    void build_everyValueWrong_everyProblemNamed() {
        List<String> p = problems(valid().host("<FQDN or IP of Sense server where QRS is running>").port(0)
                .headers(List.of(new Header("X-Qlik-Xrfkey", "abc"), new Header("Host", "x"),
                        new Header("Bad Name", "x"), new Header("X-Custom", "a\r\nInjected: yes")))
                .connectTimeout(Duration.ZERO).requestTimeout(Duration.ofHours(2)).retryBudget(Duration.ofSeconds(-1))
                .retryDelay(Duration.ofSeconds(10), Duration.ofSeconds(1)).cacheSize(-1).cacheTtl(Duration.ofDays(2))
                .maxResponseBytes(10).maxJsonDepth(1)
                .taskStartAllowList(new TaskStartAllowList(true, List.of(), List.of("", "A", "A"),
                        List.of(new CustomProperty("", "v")))));
        assertEquals(List.of(
                "configQRS.host: must be a host name or IP address, but was \"<FQDN or IP of Sense server where QRS is"
                        + " running>\" (a placeholder from Butler's template?)",
                "configQRS.port: must be 1..65535, but was 0",
                "configQRS.headers: header X-Qlik-Xrfkey is set by butler-mqtt for every request; remove it",
                "configQRS.headers: header Host is set by the HTTP client; remove it",
                "configQRS.headers: header name \"Bad Name\" is not a valid HTTP header name (letters, digits and"
                        + " !#$%&'*+-.^_`|~ only)",
                "configQRS.headers: the value of header X-Custom contains a control character (line break, tab or"
                        + " U+0000..U+001F, U+007F); expected one line of text",
                "configQRS.headers: must contain the header X-Qlik-User, the user QRS calls run as (e.g."
                        + " UserDirectory=Internal;UserId=sa_repository)",
                "qrs.connectTimeout: must be PT0.1S..PT10M, but was PT0S",
                "qrs.requestTimeout: must be PT0.1S..PT1H, but was PT2H",
                "qrs.retryBudget: must be PT0S..PT1H, but was PT-1S",
                "qrs.retryInitialDelay: must not be longer than qrs.retryMaxDelay (PT1S), but was PT10S",
                "qrs.cacheSize: must be 0..1000000, but was -1",
                "qrs.cacheTtl: must be PT0S..PT24H, but was PT48H",
                "qrs.maxResponseBytes: must be 1024..1073741824, but was 10",
                "qrs.maxJsonDepth: must be 2..64 (the response's array is depth 1, a record depth 2), but was 1",
                "startTaskFilter.allowTask.tag: a tag name must not be empty",
                "startTaskFilter.allowTask.tag: tag \"A\" is listed twice",
                "startTaskFilter.allowTask.customProperty: a custom property name must not be empty"), p);
    }

    @Test
    void headers_userHeaderReplacedIgnoringCase_duplicatesAndEmptyUserRefused() {
        QrsSettings s = valid().header("x-qlik-user", "UserDirectory=CORP;UserId=svc_butler").header("X-Trace", "1")
                .build();
        assertEquals(List.of(new Header("x-qlik-user", "UserDirectory=CORP;UserId=svc_butler"),
                new Header("X-Trace", "1")), s.headers());
        assertEquals(List.of("configQRS.headers: header x-qlik-user is given twice; expected each header once"),
                problems(valid().headers(List.of(new Header("X-Qlik-User", "a"), new Header("x-qlik-user", "b")))));
        assertEquals(List.of("configQRS.headers: header X-Qlik-User must name the user QRS calls run as, e.g."
                + " UserDirectory=Internal;UserId=sa_repository, but was empty"), problems(valid().header("X-Qlik-User", " ")));
    }

    @Test
    void host_withPort_refused_ipv6Accepted() {
        assertEquals(List.of("configQRS.host: must be a host name or IP address without a port (the port is"
                + " configQRS.port), but was \"sense:4242\""), problems(valid().host("sense:4242")));
        assertEquals("fe80::1", valid().host("fe80::1").build().host());
    }

    @Test
    void toString_hidesKeyPasswordAndOtherHeaderValues() {
        QrsSettings s = valid().clientKeyPassword("s3cret-pass").header("X-Api-Key", "t0ken-value").build();
        String text = s.toString();
        assertFalse(text.contains("s3cret-pass"), text);
        assertFalse(text.contains("t0ken-value"), text);
        assertTrue(text.contains("X-Qlik-User=UserDirectory=Internal;UserId=sa_repository"), text);
        assertTrue(text.contains("X-Api-Key=****"), text);
        assertTrue(text.contains("clientKeyPassword=****"), text);
    }

    @Test
    void toBuilder_equalsAndHashCode() {
        QrsSettings s = valid().port(4243).caFile(Path.of("root.pem")).rejectUnauthorized(false)
                .taskStartAllowList(TaskStartAllowList.ofTaskIds(UUID.randomUUID())).build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().port(4244).build());
    }

    @Test
    void allowList_addsUpIdsTagsAndCustomProperties() {
        UUID listed = UUID.randomUUID();
        TaskStartAllowList allow = new TaskStartAllowList(true, List.of(listed), List.of("Startable"),
                List.of(new CustomProperty("Group", "A")));
        assertTrue(allow.allows(listed, List.of(), List.of()));
        assertTrue(allow.allows(UUID.randomUUID(), List.of("x", "Startable"), List.of()));
        assertTrue(allow.allows(UUID.randomUUID(), List.of(), List.of(new CustomProperty("Group", "A"))));
        assertFalse(allow.allows(UUID.randomUUID(), List.of("startable"), List.of(new CustomProperty("Group", "B"))));
        assertTrue(TaskStartAllowList.DISABLED.allows(UUID.randomUUID(), List.of(), List.of()));
        assertFalse(new TaskStartAllowList(true, List.of(), List.of(), List.of())
                .allows(UUID.randomUUID(), List.of("any"), List.of()));
    }
}
