package io.butlermqtt.yaml.internal;

import io.butlermqtt.ButlerTopics;
import io.butlermqtt.EventServerSettings;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.AzureEventGrid;
import io.butlermqtt.MqttSettings.Availability;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.Delivery;
import io.butlermqtt.MqttSettings.MqttVersion;
import io.butlermqtt.MqttSettings.Outbox;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.TaskStart;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.QrsSettings;
import io.butlermqtt.yaml.ButlerConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Maps the node tree to a {@link ButlerConfig} ({@link MqttSettings} so far): Butler's {@code mqttConfig} keys, the
 * {@code butlerMqtt} extension section and Butler's license alert threshold. Reports every
 * problem with its key path and position, then runs {@link MqttSettings.Builder#build()} and
 * reports its problems at the keys they concern.
 */
final class Binder {

    /** Name of the extension section, under {@code Butler:} (or at the root of the short form). */
    static final String EXTENSION_SECTION = "butlerMqtt";

    private static final String LICENSE_PATH = "Butler.qlikSenseLicense.serverLicenseMonitor.alert.thresholdDays";

    // Expectations, used as "expected <x>".
    private static final String BOOL = "true or false";
    private static final String HOST = "a host name or IP address";
    private static final String PORT = "an integer 1..65535";
    private static final String TOPIC = "an MQTT topic name";
    private static final String FILTER = "an MQTT topic filter";
    private static final String TEXT = "a string";
    private static final String DURATION = "a duration such as 30s, 500ms, 5m or 1h";
    private static final String PASSWORD = "a password";
    private static final String USER = "a user name";
    private static final String CLIENT_ID = "the client ID registered in Event Grid";
    private static final String CERT_FILE = "the path of the client certificate (PEM) file";
    private static final String KEY_FILE = "the path of the client key (PEM) file";

    /** Butler's topic keys in mqttConfig, each with its builder setter. Order: Butler 16 template, then Butler 5. */
    private static final Map<String, BiConsumer<ButlerTopics.Builder, String>> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("taskFailureTopic", ButlerTopics.Builder::taskFailureTopic);
        TOPICS.put("taskFailureFullTopic", ButlerTopics.Builder::taskFailureFullTopic);
        TOPICS.put("taskFailureServerStatusTopic", ButlerTopics.Builder::taskFailureServerStatusTopic);
        TOPICS.put("taskAbortedTopic", ButlerTopics.Builder::taskAbortedTopic);
        TOPICS.put("taskAbortedFullTopic", ButlerTopics.Builder::taskAbortedFullTopic);
        TOPICS.put("serviceRunningTopic", ButlerTopics.Builder::serviceRunningTopic);
        TOPICS.put("serviceStoppedTopic", ButlerTopics.Builder::serviceStoppedTopic);
        TOPICS.put("serviceStatusTopic", ButlerTopics.Builder::serviceStatusTopic);
        TOPICS.put("qlikSenseServerLicenseTopic", ButlerTopics.Builder::qlikSenseServerLicenseTopic);
        TOPICS.put("qlikSenseServerLicenseExpireTopic", ButlerTopics.Builder::qlikSenseServerLicenseExpireTopic);
        TOPICS.put("sessionStartTopic", ButlerTopics.Builder::sessionStartTopic);
        TOPICS.put("sessionStopTopic", ButlerTopics.Builder::sessionStopTopic);
        TOPICS.put("connectionOpenTopic", ButlerTopics.Builder::connectionOpenTopic);
        TOPICS.put("connectionCloseTopic", ButlerTopics.Builder::connectionCloseTopic);
        TOPICS.put("sessionServerStatusTopic", ButlerTopics.Builder::sessionServerStatusTopic);
        TOPICS.put("activeUserCountTopic", ButlerTopics.Builder::activeUserCountTopic);
        TOPICS.put("activeUsersTopic", ButlerTopics.Builder::activeUsersTopic);
    }

    /** Topic keys for which an empty value means "do not send". */
    private static final Set<String> EMPTY_MEANS_OFF = Set.of("serviceRunningTopic", "serviceStoppedTopic",
            "serviceStatusTopic");

    /** Every key Butler knows in mqttConfig (both templates). */
    static final List<String> MQTT_KEYS;

    static {
        List<String> k = new ArrayList<>(List.of("enable", "brokerHost", "brokerPort", "azureEventGrid",
                "taskFailureSendFull", "taskAbortedSendFull", "subscriptionRootTopic", "taskStartTopic"));
        k.addAll(TOPICS.keySet());
        k.add("qlikSenseCloud");
        MQTT_KEYS = List.copyOf(k);
    }

    static final List<String> EXTENSION_KEYS = List.of("delivery", "connection", "credentials", "tls",
            "reconnect", "outbox", "taskStart", "availability", EventServerReader.EXTENSION_KEY, "qrs",
            QlikCloudReader.SECTION);
    private static final List<String> DELIVERY_KEYS = List.of("qos", "retain", "maxMessageBytes");
    private static final List<String> CONNECTION_KEYS = List.of("mqttVersion", "clientId", "keepAlive",
            "connectTimeout", "persistentSession", "sessionExpiry");
    private static final List<String> CREDENTIALS_KEYS = List.of("username", "password");
    private static final List<String> TLS_KEYS = List.of("enable", "caFile", "clientCertFile", "clientKeyFile",
            "clientKeyPassword", "hostnameVerification");
    private static final List<String> RECONNECT_KEYS = List.of("initialDelay", "maxDelay");
    private static final List<String> OUTBOX_KEYS = List.of("capacity", "closeTimeout");
    private static final List<String> TASK_START_KEYS = List.of("sharedSubscriptionGroup", "listenerTimeout",
            "maxPayloadBytes");
    private static final List<String> AVAILABILITY_KEYS = List.of("enable", "topic", "onlinePayload",
            "offlinePayload");

    /** Where each extension key lives in the extension section, to redirect keys put into mqttConfig. */
    private static final Map<String, String> EXTENSION_HOME = new HashMap<>();

    static {
        EXTENSION_KEYS.forEach(k -> EXTENSION_HOME.put(k, k));
        DELIVERY_KEYS.forEach(k -> EXTENSION_HOME.put(k, "delivery." + k));
        CONNECTION_KEYS.forEach(k -> EXTENSION_HOME.put(k, "connection." + k));
        CREDENTIALS_KEYS.forEach(k -> EXTENSION_HOME.put(k, "credentials." + k));
        for (String k : List.of("caFile", "clientKeyPassword", "hostnameVerification")) {
            EXTENSION_HOME.put(k, "tls." + k);
        }
        TASK_START_KEYS.forEach(k -> EXTENSION_HOME.put(k, "taskStart." + k));
        EXTENSION_HOME.put("qos", "delivery.qos");
    }

    private final String text;
    private final Problems problems;
    private final Function<String, String> env;
    /** Whether every part is read (loadConfig), or the MQTT settings only (load). */
    private final boolean allParts;
    /** Whether the files the settings name are read and checked too (loading from a file). */
    private final boolean checkFiles;
    private final Map<String, Located> located = new HashMap<>();
    private String[] lines;
    private String mqttRoot = "Butler.mqttConfig";
    private String extensionRoot = "Butler." + EXTENSION_SECTION;
    /** Butler's enable flag, for placeholder checks: on when absent (the default) or invalid. */
    private boolean mqttEnabled = true;

    /** Where a property was read from. */
    record Located(String path, Mark mark) {
    }

    /** A mapping being read: its path and its entries, merge keys applied. */
    static final class Section {
        final String path;
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        Section(String path) {
            this.path = path;
        }

        String child(String key) {
            return path + "." + key;
        }
    }

    /** A scalar's text after environment substitution. */
    record Value(String text, List<String> variables, Node node, String path, boolean secret) {
    }

    Binder(String text, Problems problems, Function<String, String> env) {
        this(text, problems, env, true, false);
    }

    Binder(String text, Problems problems, Function<String, String> env, boolean allParts, boolean checkFiles) {
        this.text = text;
        this.problems = problems;
        this.env = env;
        this.allParts = allParts;
        this.checkFiles = checkFiles;
    }

    // ------------------------------------------------------------------------------------------
    // Document structure
    // ------------------------------------------------------------------------------------------

    /**
     * Binds the document.
     *
     * @param root the root node, or null for an empty document
     * @return the configuration, or null when a problem was reported
     */
    ButlerConfig bind(Node root) {
        if (root == null) {
            problems.add("", 0, 0, "the file is empty; expected Butler's config (Butler: with mqttConfig: below it)"
                    + " or mqttConfig: at the root");
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.add("", root.getStartMark(), "expected a mapping with the key Butler: (Butler's config) or"
                    + " mqttConfig: at the root, found " + kind(root));
            return null;
        }
        Map<String, NodeTuple> top = plainEntries((MappingNode) root);
        Node mqtt;
        Node extension;
        Node license = null;
        MappingNode butlerNode = null;
        Mark butlerMark = null;
        Node butlerSection; // where Butler's sections beside mqttConfig are: Butler:, or the root of the short form
        Node udp = null;
        if (top.containsKey("Butler")) {
            NodeTuple butlerTuple = top.get("Butler");
            Node butler = butlerTuple.getValueNode();
            if (!(butler instanceof MappingNode)) {
                problems.add("Butler", valueMark(butlerTuple), "expected a mapping with Butler's settings, found "
                        + kind(butler));
                return null;
            }
            for (String misplaced : List.of("mqttConfig", EXTENSION_SECTION)) {
                if (top.containsKey(misplaced)) {
                    problems.add(misplaced, top.get(misplaced).getKeyNode().getStartMark(),
                            "must be inside Butler: (as Butler." + misplaced + ") in a file with a Butler: section"
                            + (misplaced.equals(EXTENSION_SECTION)
                                    ? "; Butler refuses unknown keys at the root" : ""));
                }
            }
            butlerSection = butler;
            butlerNode = (MappingNode) butler;
            butlerMark = butlerTuple.getKeyNode().getStartMark();
            Map<String, NodeTuple> b = plainEntries((MappingNode) butler);
            for (Map.Entry<String, NodeTuple> e : b.entrySet()) {
                String norm = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                for (String ours : List.of("mqttConfig", EXTENSION_SECTION)) {
                    if (norm.equals(ours.toLowerCase(Locale.ROOT)) && !e.getKey().equals(ours)) {
                        problems.add("Butler." + e.getKey(), e.getValue().getKeyNode().getStartMark(),
                                "unknown key; did you mean \"" + ours + "\"?");
                    }
                }
            }
            NodeTuple mqttTuple = b.get("mqttConfig");
            if (mqttTuple == null) {
                problems.add("Butler.mqttConfig", butlerTuple.getKeyNode().getStartMark(),
                        "missing; expected Butler's mqttConfig section below Butler:");
                return null;
            }
            mqtt = mqttTuple.getValueNode();
            if (isNull(mqtt)) {
                problems.add("Butler.mqttConfig", valueMark(mqttTuple), "expected a mapping of MQTT settings,"
                        + " found nothing");
                return null;
            }
            extension = b.containsKey(EXTENSION_SECTION) ? b.get(EXTENSION_SECTION).getValueNode() : null;
            license = find(butler, "qlikSenseLicense", "serverLicenseMonitor", "alert");
            udp = find(butler, EventServerReader.SECTION);
        } else if (top.containsKey("mqttConfig")) {
            mqttRoot = "mqttConfig";
            extensionRoot = EXTENSION_SECTION;
            for (Map.Entry<String, NodeTuple> e : top.entrySet()) {
                if (!e.getKey().equals("mqttConfig") && !e.getKey().equals(EXTENSION_SECTION)
                        && !e.getKey().equals(QlikCloudReader.BUTLER_SECTION)) {
                    problems.add(e.getKey(), e.getValue().getKeyNode().getStartMark(), unknownKeyMessage(
                            e.getKey(), List.of("mqttConfig", EXTENSION_SECTION, "Butler"), false));
                }
            }
            butlerSection = root;
            mqtt = top.get("mqttConfig").getValueNode();
            if (isNull(mqtt)) {
                problems.add("mqttConfig", valueMark(top.get("mqttConfig")),
                        "expected a mapping of MQTT settings, found nothing");
                return null;
            }
            extension = top.containsKey(EXTENSION_SECTION) ? top.get(EXTENSION_SECTION).getValueNode() : null;
        } else {
            String suggestion = null;
            for (String k : top.keySet()) {
                suggestion = suggestion != null ? suggestion : Texts.nearest(k, List.of("Butler", "mqttConfig"));
            }
            problems.add("", root.getStartMark(), "expected the key Butler: (Butler's config) or mqttConfig: at"
                    + " the root, found " + (top.isEmpty() ? "no keys" : "only " + keyList(top.keySet()))
                    + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?"));
            return null;
        }

        MqttSettings.Builder builder = MqttSettings.builder();
        readMqttConfig(mqtt, builder);
        if (extension != null && !isNull(extension)) {
            readExtension(extension, builder);
        }
        if (license instanceof MappingNode) {
            Section s = new Section(LICENSE_PATH.substring(0, LICENSE_PATH.lastIndexOf('.')));
            s.entries.putAll(plainEntries((MappingNode) license));
            integer(s, "thresholdDays", "serverLicenseAlertThresholdDays", "an integer 0 or more", true)
                    .ifPresent(builder::serverLicenseAlertThresholdDays);
        }
        MqttSettings mqttSettings = build(builder);
        if (mqttSettings != null && checkFiles) {
            try {
                mqttSettings.checkFiles();
            } catch (InvalidSettingsException e) {
                reportSettingsProblems(e);
                mqttSettings = null;
            }
        }
        EventServerSettings eventServer = allParts
                ? new EventServerReader(this).read(udp, extension, extensionRoot)
                : ButlerConfig.builder().build().eventServer();
        Optional<QrsSettings> qrs = Optional.empty();
        Node qrsNode = extension instanceof MappingNode ? find(extension, "qrs") : null;
        if (allParts && butlerNode != null) {
            qrs = new QrsReader(this, problems, extensionRoot + ".qrs").read(butlerNode, butlerMark, qrsNode,
                    checkFiles);
        } else if (allParts && qrsNode != null) {
            problems.add(extensionRoot + ".qrs", qrsNode.getStartMark(), "the QRS settings need Butler's configQRS"
                    + " and cert sections, which only Butler's config file (Butler: at the root) has");
        }
        QlikCloudSettings qlikCloud = allParts ? new QlikCloudReader(this).read(butlerSection,
                mqttRoot.equals("mqttConfig") ? "" : "Butler.", isNull(extension) ? null : extension, extensionRoot,
                mqttSettings) : ButlerConfig.builder().build().qlikCloud();
        if (mqttSettings == null || eventServer == null || qlikCloud == null || !problems.isEmpty()) {
            return null;
        }
        return ButlerConfig.builder().mqtt(mqttSettings).eventServer(eventServer).qrs(qrs.orElse(null))
                .qlikCloud(qlikCloud).build();
    }


    // ------------------------------------------------------------------------------------------
    // Butler's mqttConfig
    // ------------------------------------------------------------------------------------------

    private void readMqttConfig(Node node, MqttSettings.Builder b) {
        Section s = section(mqttRoot, node, MQTT_KEYS, true);
        if (s == null) {
            return;
        }
        Optional<Boolean> enable = bool(s, "enable", "enabled");
        enable.ifPresent(b::enabled);
        // Absent means on (MqttSettings' default); a broken flag counts as on, so that
        // placeholders are reported together with it.
        mqttEnabled = enable.orElse(true);
        string(s, "brokerHost", "brokerHost", HOST, mqttEnabled).ifPresent(b::brokerHost);
        integer(s, "brokerPort", "brokerPort", PORT, mqttEnabled).ifPresent(b::brokerPort);
        bool(s, "taskFailureSendFull", "taskFailureSendFull").ifPresent(b::taskFailureSendFull);
        bool(s, "taskAbortedSendFull", "taskAbortedSendFull").ifPresent(b::taskAbortedSendFull);
        ButlerTopics.Builder topics = ButlerTopics.builder();
        string(s, "subscriptionRootTopic", "subscriptionRootTopic", FILTER, mqttEnabled)
                .ifPresent(topics::subscriptionRootTopic);
        string(s, "taskStartTopic", "taskStartTopic", TOPIC, mqttEnabled).ifPresent(topics::taskStartTopic);
        for (Map.Entry<String, BiConsumer<ButlerTopics.Builder, String>> t : TOPICS.entrySet()) {
            string(s, t.getKey(), t.getKey(), TOPIC, mqttEnabled).ifPresent(v -> t.getValue().accept(topics, v));
        }
        b.topics(topics.build());
        readAzure(s, b);
        readCloudForward(s, b);
    }

    private void readAzure(Section parent, MqttSettings.Builder b) {
        Section s = childSection(parent, "azureEventGrid", List.of("enable", "clientId", "clientCertFile",
                "clientKeyFile"));
        if (s == null) {
            return;
        }
        AzureEventGrid d = AzureEventGrid.DISABLED;
        Optional<Boolean> enable = bool(s, "enable", "azureEventGrid.enabled");
        boolean on = enable.orElse(s.entries.containsKey("enable"));
        String clientId = string(s, "clientId", "azureEventGrid.clientId", CLIENT_ID, on).orElse(d.clientId());
        Optional<Path> cert = path(s, "clientCertFile", "azureEventGrid.clientCertFile", CERT_FILE, on);
        Optional<Path> key = path(s, "clientKeyFile", "azureEventGrid.clientKeyFile", KEY_FILE, on);
        b.azureEventGrid(new AzureEventGrid(enable.orElse(false), clientId, cert, key));
    }

    private void readCloudForward(Section parent, MqttSettings.Builder b) {
        Section cloud = childSection(parent, "qlikSenseCloud", List.of("event"));
        Section event = cloud == null ? null : childSection(cloud, "event", List.of("mqttForward"));
        Section s = event == null ? null : childSection(event, "mqttForward", List.of("enable", "broker", "topic"));
        if (s == null) {
            return;
        }
        QlikSenseCloudForward d = QlikSenseCloudForward.DISABLED;
        Optional<Boolean> enable = bool(s, "enable", "qlikSenseCloudForward.enabled");
        boolean on = enable.orElse(s.entries.containsKey("enable"));
        String host = d.host();
        int port = d.port();
        Optional<Credentials> credentials = d.credentials();
        Section broker = childSection(s, "broker", List.of("host", "port", "username", "password"));
        if (broker != null) {
            host = string(broker, "host", "qlikSenseCloudForward.host", HOST, on).orElse(host);
            port = integer(broker, "port", "qlikSenseCloudForward.port", PORT, on).orElse(port);
            Optional<String> user = optionalString(broker, "username", "qlikSenseCloudForward.username", USER, on);
            Optional<String> password = optionalString(broker, "password", "qlikSenseCloudForward.password", PASSWORD, on);
            if (user.isPresent() || password.isPresent()) {
                credentials = Optional.of(new Credentials(user.orElse(""), password.orElse("")));
            }
        }
        String root = d.subscriptionRootTopic();
        String appReload = d.appReloadTopic();
        Section topic = childSection(s, "topic", List.of("subscriptionRoot", "appReload"));
        if (topic != null) {
            root = string(topic, "subscriptionRoot", "qlikSenseCloudForward.subscriptionRootTopic", FILTER, on)
                    .orElse(root);
            appReload = string(topic, "appReload", "qlikSenseCloudForward.appReloadTopic", TOPIC, on)
                    .orElse(appReload);
        }
        b.qlikSenseCloudForward(new QlikSenseCloudForward(enable.orElse(false), host, port, credentials, root,
                appReload));
    }

    // ------------------------------------------------------------------------------------------
    // The extension section
    // ------------------------------------------------------------------------------------------

    private void readExtension(Node node, MqttSettings.Builder b) {
        Section s = section(extensionRoot, node, EXTENSION_KEYS, false);
        if (s == null) {
            return;
        }
        boolean on = mqttEnabled;

        Section delivery = childSection(s, "delivery", DELIVERY_KEYS);
        if (delivery != null) {
            Delivery d = Delivery.DEFAULT;
            d = d.withQos(integer(delivery, "qos", "delivery.qos", "0, 1 or 2", on).orElse(d.qos()));
            d = d.withRetain(bool(delivery, "retain", "delivery.retain").orElse(d.retain()));
            d = d.withMaxMessageBytes(integer(delivery, "maxMessageBytes", "delivery.maxMessageBytes",
                    "an integer 1..268435455 (bytes)", on).orElse(d.maxMessageBytes()));
            b.delivery(d);
        }

        Section connection = childSection(s, "connection", CONNECTION_KEYS);
        if (connection != null) {
            Connection c = Connection.DEFAULT;
            Optional<String> version = string(connection, "mqttVersion", "connection.mqttVersion", "3.1.1 or 5", on);
            if (version.isPresent()) {
                switch (version.get()) {
                    case "3.1.1" -> c = c.withMqttVersion(MqttVersion.MQTT_3_1_1);
                    case "5", "5.0" -> c = c.withMqttVersion(MqttVersion.MQTT_5);
                    default -> typeProblem(connection.child("mqttVersion"), connection.entries.get("mqttVersion"),
                            "3.1.1 or 5", Texts.quote(version.get()));
                }
            }
            c = c.withClientId(optionalString(connection, "clientId", "connection.clientId", "a client ID", on)
                    .orElse(null));
            c = c.withKeepAlive(duration(connection, "keepAlive", "connection.keepAlive", on).orElse(c.keepAlive()));
            c = c.withConnectTimeout(duration(connection, "connectTimeout", "connection.connectTimeout", on)
                    .orElse(c.connectTimeout()));
            c = c.withPersistentSession(bool(connection, "persistentSession", "connection.persistentSession")
                    .orElse(c.persistentSession()));
            c = c.withSessionExpiry(duration(connection, "sessionExpiry", "connection.sessionExpiry", on)
                    .orElse(c.sessionExpiry()));
            b.connection(c);
        }

        Section credentials = childSection(s, "credentials", CREDENTIALS_KEYS);
        if (credentials != null) {
            Optional<String> user = optionalString(credentials, "username", "credentials.username", USER, on);
            Optional<String> password = optionalString(credentials, "password", "credentials.password", PASSWORD, on);
            if (user.isPresent() || password.isPresent()) {
                b.credentials(Optional.of(new Credentials(user.orElse(""), password.orElse(""))));
            }
        }

        Section tlsSection = childSection(s, "tls", TLS_KEYS);
        if (tlsSection != null) {
            Tls t = Tls.DISABLED;
            Optional<Boolean> enable = bool(tlsSection, "enable", "tls.enabled");
            boolean tlsOn = enable.orElse(tlsSection.entries.containsKey("enable"));
            t = t.withEnabled(enable.orElse(false));
            t = t.withCaFile(path(tlsSection, "caFile", "tls.caFile", "the path of a CA certificate (PEM) file", tlsOn).orElse(null));
            t = t.withClientCertificate(path(tlsSection, "clientCertFile", "tls.clientCertFile", CERT_FILE, tlsOn).orElse(null),
                    path(tlsSection, "clientKeyFile", "tls.clientKeyFile", KEY_FILE, tlsOn).orElse(null));
            t = t.withClientKeyPassword(optionalString(tlsSection, "clientKeyPassword", "tls.clientKeyPassword",
                    PASSWORD, tlsOn).orElse(null));
            t = t.withHostnameVerification(bool(tlsSection, "hostnameVerification", "tls.hostnameVerification")
                    .orElse(t.hostnameVerification()));
            b.tls(t);
        }

        Section reconnect = childSection(s, "reconnect", RECONNECT_KEYS);
        if (reconnect != null) {
            Reconnect r = Reconnect.DEFAULT;
            b.reconnect(new Reconnect(
                    duration(reconnect, "initialDelay", "reconnect.initialDelay", on).orElse(r.initialDelay()),
                    duration(reconnect, "maxDelay", "reconnect.maxDelay", on).orElse(r.maxDelay())));
        }

        Section outbox = childSection(s, "outbox", OUTBOX_KEYS);
        if (outbox != null) {
            Outbox o = Outbox.DEFAULT;
            b.outbox(new Outbox(
                    integer(outbox, "capacity", "outbox.capacity", "an integer 1.." + Outbox.MAX_CAPACITY, on)
                            .orElse(o.capacity()),
                    duration(outbox, "closeTimeout", "outbox.closeTimeout", on).orElse(o.closeTimeout())));
        }

        Section taskStart = childSection(s, "taskStart", TASK_START_KEYS);
        if (taskStart != null) {
            TaskStart t = TaskStart.DEFAULT;
            b.taskStart(new TaskStart(
                    optionalString(taskStart, "sharedSubscriptionGroup", "taskStart.sharedSubscriptionGroup",
                            "a group name", on),
                    duration(taskStart, "listenerTimeout", "taskStart.listenerTimeout", on).orElse(t.listenerTimeout()),
                    integer(taskStart, "maxPayloadBytes", "taskStart.maxPayloadBytes", "an integer 36..1048576", on)
                            .orElse(t.maxPayloadBytes())));
        }

        Section availability = childSection(s, "availability", AVAILABILITY_KEYS);
        if (availability != null) {
            Availability a = Availability.DISABLED;
            Optional<Boolean> enable = bool(availability, "enable", "availability.enabled");
            boolean availabilityOn = enable.orElse(availability.entries.containsKey("enable"));
            b.availability(new Availability(enable.orElse(false),
                    string(availability, "topic", "availability.topic", TOPIC, availabilityOn).orElse(a.topic()),
                    string(availability, "onlinePayload", "availability.onlinePayload", TEXT, availabilityOn)
                            .orElse(a.onlinePayload()),
                    string(availability, "offlinePayload", "availability.offlinePayload", TEXT, availabilityOn)
                            .orElse(a.offlinePayload())));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Settings-level problems
    // ------------------------------------------------------------------------------------------

    private MqttSettings build(MqttSettings.Builder builder) {
        try {
            MqttSettings settings = builder.build();
            return problems.isEmpty() ? settings : null;
        } catch (InvalidSettingsException e) {
            reportSettingsProblems(e);
            return null;
        }
    }

    /** Reports the MQTT settings' own problems at the keys they concern. */
    private void reportSettingsProblems(InvalidSettingsException e) {
        for (InvalidSettingsException.Problem p : e.problems()) {
            Located at = located.get(p.property());
            String path = at != null ? at.path() : yamlPathOf(p.property());
            if (problems.hasProblemAt(path)) {
                continue; // already reported, more precisely
            }
            if (at != null) {
                problems.add(path, at.mark(), p.message());
            } else {
                problems.add(path, 0, 0, p.message() + " (the key is not in the file)");
            }
        }
    }

    /** The YAML key path of a settings property that was not read from the file. */
    String yamlPathOf(String property) {
        if (property.equals("serverLicenseAlertThresholdDays")) {
            return LICENSE_PATH;
        }
        if (property.equals("enabled")) {
            return mqttRoot + ".enable";
        }
        if (MQTT_KEYS.contains(property) || property.startsWith("azureEventGrid.")) {
            return mqttRoot + "." + property.replace(".enabled", ".enable");
        }
        if (property.startsWith("qlikSenseCloudForward.")) {
            String leaf = property.substring("qlikSenseCloudForward.".length());
            String rel = switch (leaf) {
                case "host", "port", "username", "password" -> "broker." + leaf;
                case "subscriptionRootTopic" -> "topic.subscriptionRoot";
                case "appReloadTopic" -> "topic.appReload";
                default -> leaf.equals("enabled") ? "enable" : leaf;
            };
            return mqttRoot + ".qlikSenseCloud.event.mqttForward." + rel;
        }
        return extensionRoot + "." + property.replace(".enabled", ".enable");
    }

    /** @return the problem list, for the other sections' readers */
    Problems problems() {
        return problems;
    }

    /**
     * @param property a property name as given to {@link #scalar}
     * @return where it was read from, or null when it was not in the file
     */
    Located locatedAt(String property) {
        return located.get(property);
    }

    // ------------------------------------------------------------------------------------------
    // Mappings
    // ------------------------------------------------------------------------------------------

    /** Reads a mapping's entries, applying merge keys, and reports unknown keys. */
    Section section(String path, Node node, List<String> known, boolean butlerSection) {
        if (!(node instanceof MappingNode)) {
            problems.add(path, node.getStartMark(), "expected a mapping (keys below " + last(path) + "), found "
                    + kind(node));
            return null;
        }
        Section s = new Section(path);
        collect((MappingNode) node, s, Collections.newSetFromMap(new IdentityHashMap<>()));
        for (Map.Entry<String, NodeTuple> e : s.entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                problems.add(s.child(e.getKey()), e.getValue().getKeyNode().getStartMark(),
                        unknownKeyMessage(e.getKey(), known, butlerSection));
            }
        }
        s.entries.keySet().retainAll(known);
        return s;
    }

    Section childSection(Section parent, String key, List<String> known) {
        NodeTuple t = parent.entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        if (isNull(v)) {
            if (missingValueIsComment(t)) {
                problems.add(parent.child(key), commentMark(t), "value is missing (the \" #\" on this line starts"
                        + " a comment); expected a mapping of " + key + " settings");
            }
            return null; // an empty section: defaults apply
        }
        return section(parent.child(key), v, known, false);
    }

    private void collect(MappingNode node, Section s, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        List<Node> merges = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode)) {
                problems.add(s.path, k.getStartMark(), "keys must be plain text, found " + kind(k) + " as a key");
                continue;
            }
            ScalarNode key = (ScalarNode) k;
            if ((key.isPlain() && key.getValue().equals("<<")) || key.getTag().equals(Tag.MERGE)) {
                merges.add(t.getValueNode());
                continue;
            }
            s.entries.putIfAbsent(key.getValue(), t); // a duplicate is reported by TreeChecker
        }
        for (Node m : merges) {
            if (m instanceof MappingNode) {
                collect((MappingNode) m, s, seen);
            } else if (m instanceof SequenceNode && ((SequenceNode) m).getValue().stream()
                    .allMatch(n -> n instanceof MappingNode)) {
                for (Node item : ((SequenceNode) m).getValue()) {
                    collect((MappingNode) item, s, seen);
                }
            } else {
                problems.add(s.path + ".<<", m.getStartMark(), "expected an alias of a mapping (or a list of them)"
                        + " after the merge key <<, found " + kind(m));
            }
        }
    }

    /** The plain-text keys of a mapping, without reporting anything (for sections we do not own). */
    static Map<String, NodeTuple> plainEntries(MappingNode node) {
        Map<String, NodeTuple> m = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode) {
                m.putIfAbsent(((ScalarNode) t.getKeyNode()).getValue(), t);
            }
        }
        return m;
    }

    /** Follows a path of keys through mappings; null when any step is missing or not a mapping. */
    static Node find(Node node, String... keys) {
        Node n = node;
        for (String k : keys) {
            if (!(n instanceof MappingNode)) {
                return null;
            }
            NodeTuple t = plainEntries((MappingNode) n).get(k);
            n = t == null ? null : t.getValueNode();
        }
        return n;
    }

    private String unknownKeyMessage(String key, List<String> known, boolean butlerSection) {
        if (butlerSection && EXTENSION_HOME.containsKey(key)) {
            return "unknown key; Butler refuses unknown keys in mqttConfig, so butler-mqtt settings go in "
                    + extensionRoot + " (this one as " + extensionRoot + "." + EXTENSION_HOME.get(key) + ")";
        }
        String suggestion = Texts.nearest(key, known);
        if (suggestion != null) {
            return "unknown key; did you mean \"" + suggestion + "\"?";
        }
        if (known.size() <= 8) {
            return "unknown key; expected one of: " + String.join(", ", known);
        }
        return "unknown key" + (butlerSection ? " (Butler refuses unknown keys in mqttConfig too)" : "");
    }

    // ------------------------------------------------------------------------------------------
    // Scalars
    // ------------------------------------------------------------------------------------------

    /**
     * Reads a scalar: reports a collection, a missing value, an explicit non-string tag and
     * environment variable problems. Records where the property was read.
     *
     * @param optional whether a missing (null) value simply means "not set"
     * @return the value, or empty when absent, missing or invalid
     */
    Optional<Value> scalar(Section s, String key, String property, String expected, boolean optional,
            boolean secret) {
        NodeTuple t = s.entries.get(key);
        if (t == null) {
            return Optional.empty();
        }
        String path = s.child(key);
        Node node = t.getValueNode();
        located.put(property, new Located(path, node.getStartMark()));
        if (!(node instanceof ScalarNode)) {
            problems.add(path, node.getStartMark(), "expected " + expected + ", found " + kind(node));
            return Optional.empty();
        }
        ScalarNode scalar = (ScalarNode) node;
        if (!TreeChecker.isStandard(scalar.getTag())) {
            return Optional.empty(); // reported by TreeChecker
        }
        boolean quoted = !scalar.isPlain() || scalar.getTag().equals(Tag.STR);
        String raw = scalar.getValue();
        if (!quoted && Scalars.NULLS.contains(raw)) {
            if (!optional) {
                if (missingValueIsComment(t)) {
                    problems.add(path, commentMark(t), "value is missing (the \" #\" on this line starts a comment);"
                            + " expected " + expected + (EMPTY_MEANS_OFF.contains(key) ? ", or '' to send nothing" : ""));
                } else {
                    problems.add(path, node.getStartMark(), "value is missing; expected " + expected
                            + (EMPTY_MEANS_OFF.contains(key) ? ", or '' to send nothing" : ""));
                }
            }
            return Optional.empty();
        }
        List<String> variables = List.of();
        String value = raw;
        if (EnvSubstitution.needed(raw)) {
            EnvSubstitution.Result r = EnvSubstitution.apply(raw, env);
            if (!r.errors().isEmpty()) {
                r.errors().forEach(m -> problems.add(path, node.getStartMark(), m));
                return Optional.empty();
            }
            value = r.value();
            variables = r.variables();
        }
        return Optional.of(new Value(value, variables, node, path, secret));
    }

    /** Whether a null value is null because a " #" comment follows the colon. */
    private boolean missingValueIsComment(NodeTuple t) {
        return commentColumn(t) >= 0;
    }

    private Mark commentMark(NodeTuple t) {
        Mark m = t.getValueNode().getStartMark();
        int col = commentColumn(t);
        return new Mark(m.getName(), m.getIndex(), m.getLine(), col, m.getBuffer(), m.getPointer());
    }

    private int commentColumn(NodeTuple t) {
        Mark key = t.getKeyNode().getEndMark();
        String line = line(key.getLine());
        int i = key.getColumn();
        if (i < line.length() && line.charAt(i) == ':') {
            i++;
        }
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i < line.length() && line.charAt(i) == '#' ? i : -1;
    }

    private String line(int zeroBased) {
        if (lines == null) {
            lines = text.split("\n", -1);
        }
        return zeroBased < lines.length ? lines[zeroBased] : "";
    }

    /** Reads a string, reporting a placeholder when its feature is on. */
    Optional<String> string(Section s, String key, String property, String expected, boolean ownerOn) {
        Optional<Value> v = scalar(s, key, property, expected, false, false);
        if (v.isEmpty() || isReportedPlaceholder(v.get(), expected, ownerOn)) {
            return Optional.empty();
        }
        return Optional.of(v.get().text());
    }

    /** Reads a string where missing or empty means "not set"; a password is a secret, never shown. */
    Optional<String> optionalString(Section s, String key, String property, String expected,
            boolean ownerOn) {
        boolean secret = expected.equals(PASSWORD);
        Optional<Value> v = scalar(s, key, property, expected, true, secret);
        if (v.isEmpty() || v.get().text().isEmpty() || isReportedPlaceholder(v.get(), expected, ownerOn)) {
            return Optional.empty();
        }
        return Optional.of(v.get().text());
    }

    Optional<Boolean> bool(Section s, String key, String property) {
        Optional<Value> v = scalar(s, key, property, BOOL, false, false);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Scalars.bool(v.get().text()));
        } catch (Scalars.Invalid e) {
            invalid(v.get(), BOOL, e);
            return Optional.empty();
        }
    }

    Optional<Integer> integer(Section s, String key, String property, String expected, boolean ownerOn) {
        Optional<Value> v = scalar(s, key, property, expected, false, false);
        if (v.isEmpty() || isReportedPlaceholder(v.get(), expected, ownerOn)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Scalars.integer(v.get().text()));
        } catch (Scalars.Invalid e) {
            if (!ownerOn && isPlaceholder(v.get().text())) {
                return Optional.empty(); // a placeholder of a feature that is off
            }
            invalid(v.get(), expected, e);
            return Optional.empty();
        }
    }

    Optional<Duration> duration(Section s, String key, String property, boolean ownerOn) {
        Optional<Value> v = scalar(s, key, property, DURATION, false, false);
        if (v.isEmpty() || isReportedPlaceholder(v.get(), DURATION, ownerOn)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Scalars.duration(v.get().text()));
        } catch (Scalars.Invalid e) {
            invalid(v.get(), DURATION, e);
            return Optional.empty();
        }
    }

    /** Reads a file path; missing or empty means "not set". */
    Optional<Path> path(Section s, String key, String property, String expected, boolean ownerOn) {
        Optional<Value> v = scalar(s, key, property, expected, true, false);
        if (v.isEmpty() || v.get().text().isEmpty() || isReportedPlaceholder(v.get(), expected, ownerOn)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(v.get().text()));
        } catch (InvalidPathException e) {
            if (ownerOn) {
                problems.add(v.get().path(), v.get().node().getStartMark(), "expected " + expected + ", found "
                        + found(v.get()) + ": " + e.getReason());
            }
            return Optional.empty(); // a placeholder of a feature that is off, for instance, on Windows
        }
    }

    static boolean isPlaceholder(String text) {
        String t = text.trim();
        return t.length() > 2 && t.startsWith("<") && t.endsWith(">") && t.indexOf('<', 1) < 0
                && t.indexOf('>') == t.length() - 1;
    }

    boolean isReportedPlaceholder(Value v, String expected, boolean ownerOn) {
        if (!ownerOn || !isPlaceholder(v.text())) {
            return false;
        }
        String what = v.secret() ? "the value" : Texts.quote(v.text());
        problems.add(v.path(), v.node().getStartMark(), what + " is a placeholder from Butler's template; replace it"
                + " with " + expected);
        return true;
    }

    void invalid(Value v, String expected, Scalars.Invalid e) {
        problems.add(v.path(), v.node().getStartMark(), "expected " + expected + ", found " + found(v) + e.detail);
    }

    void typeProblem(String path, NodeTuple t, String expected, String found) {
        problems.add(path, t.getValueNode().getStartMark(), "expected " + expected + ", found " + found);
    }

    /** Describes a found value; a secret is never shown. */
    static String found(Value v) {
        if (v.secret()) {
            return v.variables().isEmpty() ? "a value" : "the value of ${" + v.variables().get(0) + "}";
        }
        String q = Texts.quote(v.text());
        return v.variables().isEmpty() ? q : q + " (from ${" + String.join("}, ${", v.variables()) + "})";
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "nothing" : "the text " + Texts.quote(((ScalarNode) n).getValue());
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode && ((ScalarNode) n).isPlain() && Scalars.NULLS.contains(((ScalarNode) n).getValue());
    }

    static Mark valueMark(NodeTuple t) {
        return t.getValueNode().getStartMark();
    }

    /** At most five keys, each quoted (so cut and escaped). */
    private static String keyList(java.util.Collection<String> keys) {
        List<String> shown = new ArrayList<>();
        for (String k : keys) {
            if (shown.size() == 5) {
                shown.add("... (" + keys.size() + " keys)");
                break;
            }
            shown.add(Texts.quote(k));
        }
        return String.join(", ", shown);
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
