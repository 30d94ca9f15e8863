package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QrsClient;
import io.butlermqtt.QrsSettings;
import io.butlermqtt.QrsSettings.Header;
import io.butlermqtt.QrsSettings.TaskStartAllowList;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qlik Repository Service part of the configuration ({@link ButlerConfig#qrs()}): Butler's
 * {@code configQRS}, {@code cert} and {@code startTaskFilter} sections, the {@code butlerMqtt.qrs}
 * extensions, when QRS counts as configured, and the certificate files checked at load with their lines.
 */
class QrsConfigTest {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final String T16 = "butler-16.0.4-production_template.yaml";
    private static final String T2021 = "butler-2021-02-production_template.yaml";

    @TempDir
    Path tmp;

    private Path write(String text) throws IOException {
        return Files.writeString(tmp.resolve("butler.yaml"), text);
    }

    private static List<String> problems(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    private static String certSection(Path cert, Path key, Path ca) {
        return "  cert:\n    clientCert: " + cert + "\n    clientCertKey: " + key + "\n    clientCertCA: " + ca + "\n";
    }

    // ------------------------------------------------------------------------------------------
    // Butler's templates
    // ------------------------------------------------------------------------------------------

    @Test
    void templates_asShipped_qrsNotConfigured() {
        assertEquals(Optional.empty(), ButlerYamlConfig.loadConfig(Fixtures.butlerTemplate(T16)).qrs());
        assertEquals(Optional.empty(), ButlerYamlConfig.loadConfig(Fixtures.butlerTemplate(T2021)).qrs());
    }

    @Test
    void template16_withCertificatePaths_readsButlersQrsSettings() throws IOException {
        String text = Fixtures.read(Fixtures.butlerTemplate(T16))
                .replace("clientCert: <path/to/cert/client.pem>", "clientCert: " + CERTS.clientRsaCertFile())
                .replace("clientCertKey: <path/to/cert/client_key.pem>", "clientCertKey: " + CERTS.clientRsaKeyPkcs1File())
                .replace("clientCertCA: <path/to/cert/root.pem>", "clientCertCA: " + CERTS.caCertFile());

        QrsSettings q = ButlerYamlConfig.loadConfig(write(text)).qrs().orElseThrow();

        QrsSettings expected = QrsSettings.builder().host("10.11.12.13").port(4242)
                .headers(List.of(new Header("X-Qlik-User", "UserDirectory=Internal;UserId=sa_repository")))
                .rejectUnauthorized(false).clientCertFile(CERTS.clientRsaCertFile())
                .clientKeyFile(CERTS.clientRsaKeyPkcs1File()).caFile(CERTS.caCertFile())
                .taskStartAllowList(new TaskStartAllowList(false, List.of(), List.of(), List.of())).build();
        assertEquals(expected, q);
        // the MQTT-only methods do not read the QRS sections
        assertEquals(ButlerYamlConfig.loadConfig(write(text)).mqtt(), ButlerYamlConfig.load(write(text)));
    }

    @Test
    void template2021_withCertificatePaths_reportsThePlaceholderHost_readsHeaderKeyAndValue() throws IOException {
        String text = Fixtures.read(Fixtures.butlerTemplate(T2021))
                .replace("clientCert: <path/to/cert/client.pem>", "clientCert: " + CERTS.clientRsaCertFile())
                .replace("clientCertKey: <path/to/cert/client_key.pem>", "clientCertKey: " + CERTS.clientRsaKeyPkcs1File())
                .replace("clientCertCA: <path/to/cert/root.pem>", "clientCertCA: " + CERTS.caCertFile());

        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(text, T2021));
        assertEquals(List.of("Butler.configQRS.host (line 277, col 11): \"<FQDN or IP of Sense server where QRS is"
                + " running>\" is a placeholder from Butler's template; replace it with a host name or IP address"),
                problems(e));

        QrsSettings q = ButlerYamlConfig.parseConfig(text.replace("host: <FQDN or IP of Sense server where QRS is"
                + " running>", "host: sense.example.com"), T2021).qrs().orElseThrow();
        assertEquals("sense.example.com", q.host());
        assertEquals(List.of(new Header("X-Qlik-User", "UserDirectory=Internal; UserId=sa_repository")), q.headers());
        assertTrue(q.rejectUnauthorized(), "the 2021 template has no rejectUnauthorized: the safe default");
    }

    // ------------------------------------------------------------------------------------------
    // Every key
    // ------------------------------------------------------------------------------------------

    @Test
    void everyKey_isRead() {
        UUID id = UUID.fromString("e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e");
        String text = """
                Butler:
                  mqttConfig:
                    enable: true
                    brokerHost: broker.example.com
                  configQRS:
                    authentication: certificates
                    host: sense.example.com
                    useSSL: true
                    port: 4243
                    headers:
                      static:
                        - name: X-Qlik-User
                          value: UserDirectory=CORP;UserId=svc_butler
                        - name: X-Trace
                          value: butler-mqtt
                    rejectUnauthorized: true
                  cert:
                    clientCert: /etc/butler/client.pem
                    clientCertKey: /etc/butler/client_key.pem
                    clientCertCA: /etc/butler/root.pem
                  startTaskFilter:
                    enable: true
                    allowTask:
                      taskId:
                        - e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e
                      tag:
                        - startTask1
                        - startTask2
                      customProperty:
                        - name: taskGroup
                          value: tasks1
                  butlerMqtt:
                    qrs:
                      hostnameVerification: false
                      clientKeyPassword: k3y-pass
                      connectTimeout: 5s
                      requestTimeout: 20s
                      retryBudget: 2m
                      retryInitialDelay: 250ms
                      retryMaxDelay: 10s
                      cacheSize: 50
                      cacheTtl: 1m
                      maxResponseBytes: 1048576
                      maxJsonDepth: 40
                """;

        QrsSettings q = ButlerYamlConfig.parseConfig(text, "every-qrs-key.yaml").qrs().orElseThrow();

        QrsSettings expected = QrsSettings.builder().host("sense.example.com").port(4243)
                .headers(List.of(new Header("X-Qlik-User", "UserDirectory=CORP;UserId=svc_butler"),
                        new Header("X-Trace", "butler-mqtt")))
                .rejectUnauthorized(true).clientCertFile(Path.of("/etc/butler/client.pem"))
                .clientKeyFile(Path.of("/etc/butler/client_key.pem")).caFile(Path.of("/etc/butler/root.pem"))
                .taskStartAllowList(new TaskStartAllowList(true, List.of(id), List.of("startTask1", "startTask2"),
                        List.of(new CustomProperty("taskGroup", "tasks1"))))
                .hostnameVerification(false).clientKeyPassword("k3y-pass").connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(20)).retryBudget(Duration.ofMinutes(2))
                .retryDelay(Duration.ofMillis(250), Duration.ofSeconds(10)).cacheSize(50)
                .cacheTtl(Duration.ofMinutes(1)).maxResponseBytes(1_048_576).maxJsonDepth(40).build();
        assertEquals(expected, q);
        assertFalse(ButlerYamlConfig.parseConfig(text, "x").toString().contains("k3y-pass"));
    }

    @Test
    void enableFalse_turnsQrsOff_enableTrue_demandsIt() {
        String configured = "Butler:\n  mqttConfig:\n    enable: false\n" + certSection(Path.of("/c.pem"),
                Path.of("/k.pem"), Path.of("/r.pem")) + "  configQRS:\n    host: sense\n";
        assertTrue(ButlerYamlConfig.parseConfig(configured, "x").qrs().isPresent());
        assertEquals(Optional.empty(), ButlerYamlConfig.parseConfig(configured
                + "  butlerMqtt:\n    qrs:\n      enable: false\n", "x").qrs());

        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(
                "Butler:\n  mqttConfig:\n    enable: false\n  butlerMqtt:\n    qrs:\n      enable: true\n", "x"));
        assertEquals(List.of(
                "Butler.configQRS (line 1, col 1): missing; QRS is configured (Butler.cert.clientCert is set), so the"
                        + " QRS host is needed: configQRS with host (and port, headers) below Butler:",
                "Butler.cert (line 1, col 1): missing; QRS needs the client certificate exported from the QMC: cert"
                        + " with clientCert, clientCertKey and clientCertCA below Butler:"), problems(e));
    }

    @Test
    void badValues_eachReportedAtItsKeyAndLine() {
        String text = """
                Butler:
                  mqttConfig:
                    enable: false
                  configQRS:
                    authentication: header
                    host: sense.example.com
                    useSSL: false
                    port: 42420000
                    headers:
                      static: []
                    rejectUnauthorized: no
                    hots: x
                  cert:
                    clientCert: /etc/butler/client.pem
                    clientCertCA: <path/to/cert/root.pem>
                  startTaskFilter:
                    enable: true
                    allowTask:
                      taskId:
                        - not-a-guid
                      tag: startTask1
                  butlerMqtt:
                    qrs:
                      cacheSize: -5
                      retryBudget: 30
                """;

        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(text, "bad.yaml"));

        assertEquals(List.of(
                "Butler.configQRS.authentication (line 5, col 21): expected certificates (the only authentication"
                        + " butler-mqtt, like Butler, uses with QRS), found \"header\"",
                "Butler.configQRS.useSSL (line 7, col 13): butler-mqtt talks to QRS over HTTPS only (the QRS port"
                        + " authenticates callers by their client certificate); expected true",
                "Butler.configQRS.port (line 8, col 11): must be 1..65535, but was 42420000",
                "Butler.configQRS.headers.static (line 10, col 15): must contain the header X-Qlik-User, the user QRS"
                        + " calls run as (e.g. UserDirectory=Internal;UserId=sa_repository)",
                "Butler.configQRS.rejectUnauthorized (line 11, col 25): expected true or false, found \"no\", which"
                        + " YAML 1.1 reads as false but YAML 1.2 (and so Butler) reads as text; write false",
                "Butler.configQRS.hots (line 12, col 5): unknown key; did you mean \"host\"?",
                "Butler.cert.clientCertCA (line 15, col 19): \"<path/to/cert/root.pem>\" is a placeholder from"
                        + " Butler's template; replace it with the path of the CA certificate (PEM) file, root.pem",
                "Butler.startTaskFilter.allowTask.taskId[0] (line 20, col 11): expected a task ID (a GUID such as"
                        + " e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e), found \"not-a-guid\"",
                "Butler.startTaskFilter.allowTask.tag (line 21, col 12): expected a list of tag names, found the"
                        + " text \"startTask1\"",
                "Butler.butlerMqtt.qrs.cacheSize (line 24, col 18): must be 0..1000000, but was -5",
                "Butler.butlerMqtt.qrs.retryBudget (line 25, col 20): expected a duration such as 30s, 500ms, 5m or"
                        + " 1h, found \"30\", a number without a unit; add one, such as 30s",
                "Butler.cert.clientCertKey: must be set: the private key of the client certificate (client_key.pem)"
                        + " (the key is not in the file)"),
                problems(e));
    }

    @Test
    void bothHeaderForms_refused() {
        String text = "Butler:\n  mqttConfig:\n    enable: false\n" + certSection(Path.of("/c.pem"), Path.of("/k.pem"),
                Path.of("/r.pem")) + "  configQRS:\n    host: sense\n    headerKey: X-Qlik-User\n    headerValue: a\n"
                + "    headers:\n      static:\n        - name: X-Qlik-User\n          value: b\n";
        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(text, "x"));
        assertEquals(List.of("Butler.configQRS.headerKey (line 10, col 5): give the headers once: either headers.static"
                + " (Butler 16) or headerKey/headerValue (Butler 5), not both"), problems(e));
    }

    @Test
    void shortForm_withQrsExtension_reportedByParseConfig_ignoredByParse() {
        String text = "mqttConfig:\n  enable: true\n  brokerHost: b\nbutlerMqtt:\n  qrs:\n    cacheSize: 5\n";
        assertEquals("b", ButlerYamlConfig.parse(text, "x").brokerHost());
        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.parseConfig(text, "x"));
        assertEquals(List.of("butlerMqtt.qrs (line 6, col 5): the QRS settings need Butler's configQRS and cert"
                + " sections, which only Butler's config file (Butler: at the root) has"), problems(e));
    }

    // ------------------------------------------------------------------------------------------
    // Issue 12 item 3: every certificate file at once, with key and line, at load and at start
    // ------------------------------------------------------------------------------------------

    @Test
    void qrs_missingCaAndMissingClientCertificate_bothReportedAtLoad_andAtStart() throws IOException {
        Path cert = tmp.resolve("client.pem");
        Path ca = tmp.resolve("root.pem");
        Path file = write("Butler:\n  mqttConfig:\n    enable: false\n  configQRS:\n    host: sense.example.com\n"
                + certSection(cert, CERTS.clientRsaKeyPkcs1File(), ca));

        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.loadConfig(file));

        assertEquals(List.of(
                "Butler.cert.clientCert (line 7, col 17): file " + cert + ": file not found (working directory "
                        + Path.of("").toAbsolutePath() + ")",
                "Butler.cert.clientCertCA (line 9, col 19): file " + ca + ": file not found (working directory "
                        + Path.of("").toAbsolutePath() + ")"), problems(e));
        // parse never reads files; the client does, and reports both as well
        QrsSettings parsed = ButlerYamlConfig.parseConfig(Files.readString(file), "x").qrs().orElseThrow();
        InvalidSettingsException atStart = assertThrows(InvalidSettingsException.class, () -> QrsClient.create(parsed));
        assertEquals(List.of("cert.clientCertCA", "cert.clientCert"),
                atStart.problems().stream().map(InvalidSettingsException.Problem::property).toList());
    }

    @Test
    void mqttTls_missingCaAndMissingClientCertificate_bothReportedAtLoad_andAtStart() throws IOException {
        Path ca = tmp.resolve("ca.pem");
        Path cert = tmp.resolve("client.pem");
        Path file = write("Butler:\n  mqttConfig:\n    enable: true\n    brokerHost: broker.example.com\n"
                + "  butlerMqtt:\n    tls:\n      enable: true\n      caFile: " + ca + "\n      clientCertFile: " + cert
                + "\n      clientKeyFile: " + CERTS.clientRsaKeyPkcs8File() + "\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(file));

        assertEquals(List.of(
                "Butler.butlerMqtt.tls.caFile (line 8, col 15): file " + ca + ": file not found (working directory "
                        + Path.of("").toAbsolutePath() + ")",
                "Butler.butlerMqtt.tls.clientCertFile (line 9, col 23): file " + cert + ": file not found (working"
                        + " directory " + Path.of("").toAbsolutePath() + ")"), problems(e));
        MqttSettings parsed = ButlerYamlConfig.parse(Files.readString(file), "x");
        InvalidSettingsException atStart = assertThrows(InvalidSettingsException.class,
                () -> ButlerMqttClient.start(parsed));
        assertEquals(List.of("tls.caFile", "tls.clientCertFile"),
                atStart.problems().stream().map(InvalidSettingsException.Problem::property).toList());
    }

    @Test
    void goodFiles_loadCleanly_andMqttDisabled_filesNotRead() throws IOException {
        Path file = write("Butler:\n  mqttConfig:\n    enable: false\n    brokerHost: b\n  configQRS:\n    host: s\n"
                + certSection(CERTS.clientEcCertFile(), CERTS.clientEcKeySec1File(), CERTS.caCertFile())
                + "  butlerMqtt:\n    tls:\n      enable: true\n      caFile: /nowhere/ca.pem\n");
        ButlerConfig c = ButlerYamlConfig.loadConfig(file);
        assertEquals(CERTS.clientEcCertFile(), c.qrs().orElseThrow().clientCertFile());
    }
}
