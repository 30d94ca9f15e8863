package io.butlermqtt.yaml.internal;

import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.QrsSettings;
import io.butlermqtt.QrsSettings.Header;
import io.butlermqtt.QrsSettings.TaskStartAllowList;
import io.butlermqtt.event.CustomProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the Qlik Repository Service settings: Butler's {@code Butler.configQRS} (16.0.4: {@code host},
 * {@code port}, {@code headers.static}, {@code rejectUnauthorized}, {@code useSSL}, {@code authentication};
 * 2021: {@code headerKey}/{@code headerValue}), {@code Butler.cert} ({@code clientCert}, {@code clientCertKey},
 * {@code clientCertCA}), {@code Butler.startTaskFilter}, and butler-mqtt's {@code Butler.butlerMqtt.qrs}.
 *
 * <p><b>When QRS counts as configured.</b> Butler's templates always hold {@code configQRS} and {@code cert}
 * (Butler's schema requires them), with a placeholder or an example host, so their presence says nothing.
 * The client certificate does: no request reaches QRS without it, and both templates ship it as the
 * placeholder {@code <path/to/cert/client.pem>}. So QRS is configured when {@code Butler.cert.clientCert}
 * is set to something other than a placeholder, or when {@code Butler.butlerMqtt.qrs.enable} is
 * {@code true}; {@code enable: false} turns it off. Only then are the sections checked, and then every
 * placeholder left in them is an error.
 */
final class QrsReader {

    static final List<String> EXTENSION_KEYS = List.of("enable", "hostnameVerification", "clientKeyPassword",
            "connectTimeout", "requestTimeout", "retryBudget", "retryInitialDelay", "retryMaxDelay", "cacheSize",
            "cacheTtl", "maxResponseBytes", "maxJsonDepth");
    private static final List<String> CONFIG_QRS_KEYS = List.of("authentication", "host", "useSSL", "port", "headers",
            "rejectUnauthorized", "headerKey", "headerValue");
    private static final List<String> CERT_KEYS = List.of("clientCert", "clientCertKey", "clientCertCA");
    private static final List<String> FILTER_KEYS = List.of("enable", "allowTask");
    private static final List<String> ALLOW_KEYS = List.of("taskId", "tag", "customProperty");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String HOST = "a host name or IP address";
    private static final String PORT = "an integer 1..65535";
    private static final String DURATION = "a duration such as 30s, 500ms, 5m or 1h";

    private final Binder b;
    private final Problems problems;
    private final String extensionPath;
    private final Map<String, Located> located = new HashMap<>();
    /** Sections reported as missing: the settings' problems about their keys would say it again. */
    private final List<String> missingSections = new ArrayList<>();

    /** Where a setting was read. */
    private record Located(String path, Mark mark) {
    }

    QrsReader(Binder binder, Problems problems, String extensionPath) {
        this.b = binder;
        this.problems = problems;
        this.extensionPath = extensionPath;
    }

    /**
     * Reads the QRS settings of a full Butler file.
     *
     * @param butler the {@code Butler:} mapping
     * @param butlerKeyMark where {@code Butler:} is, for a missing section
     * @param extension the {@code qrs} node of the extension section, or null
     * @param checkFiles whether to read the certificate files too (as {@code QrsClient.create} does)
     * @return the settings, or empty when QRS is not configured or a problem was reported
     */
    Optional<QrsSettings> read(MappingNode butler, Mark butlerKeyMark, Node extension, boolean checkFiles) {
        Binder.Section ext = extension == null || Binder.isNull(extension) ? null
                : b.section(extensionPath, extension, EXTENSION_KEYS, false);
        Optional<Boolean> enable = ext == null ? Optional.empty() : b.bool(ext, "enable", "qrs.enabled");
        if (enable.isPresent() && !enable.get()) {
            return Optional.empty();
        }
        Node cert = Binder.find(butler, "cert");
        if (!enable.orElse(false) && !clientCertSet(cert)) {
            return Optional.empty();
        }
        int before = problems.sorted().size();
        QrsSettings.Builder builder = QrsSettings.builder();
        readConfigQrs(Binder.find(butler, "configQRS"), butlerKeyMark, builder);
        readCert(cert, butlerKeyMark, builder);
        Node filter = Binder.find(butler, "startTaskFilter");
        if (filter != null && !Binder.isNull(filter)) {
            readFilter(filter, builder);
        }
        if (ext != null) {
            readExtension(ext, builder);
        }
        QrsSettings settings;
        try {
            settings = builder.build();
        } catch (InvalidSettingsException e) {
            report(e);
            return Optional.empty();
        }
        if (problems.sorted().size() != before) {
            return Optional.empty();
        }
        if (checkFiles) {
            try {
                settings.checkFiles();
            } catch (InvalidSettingsException e) {
                report(e);
                return Optional.empty();
            }
        }
        return Optional.of(settings);
    }

    /** Whether {@code cert.clientCert} is set to something other than a placeholder (environment variables count as set). */
    private static boolean clientCertSet(Node cert) {
        if (!(cert instanceof MappingNode)) {
            return false;
        }
        NodeTuple t = Binder.plainEntries((MappingNode) cert).get("clientCert");
        if (t == null || !(t.getValueNode() instanceof ScalarNode) || Binder.isNull(t.getValueNode())) {
            return false;
        }
        String raw = ((ScalarNode) t.getValueNode()).getValue();
        return !raw.isBlank() && !Binder.isPlaceholder(raw);
    }

    private void readConfigQrs(Node node, Mark butlerKeyMark, QrsSettings.Builder builder) {
        if (node == null || Binder.isNull(node)) {
            missingSections.add("Butler.configQRS.");
            problems.add("Butler.configQRS", butlerKeyMark, "missing; QRS is configured (Butler.cert.clientCert is"
                    + " set), so the QRS host is needed: configQRS with host (and port, headers) below Butler:");
            return;
        }
        Binder.Section q = b.section("Butler.configQRS", node, CONFIG_QRS_KEYS, false);
        if (q == null) {
            return;
        }
        b.string(q, "host", "configQRS.host", HOST, true).ifPresent(builder::host);
        locate("configQRS.host", q, "host");
        b.integer(q, "port", "configQRS.port", PORT, true).ifPresent(builder::port);
        locate("configQRS.port", q, "port");
        b.bool(q, "rejectUnauthorized", "configQRS.rejectUnauthorized").ifPresent(builder::rejectUnauthorized);
        Optional<Boolean> ssl = b.bool(q, "useSSL", "configQRS.useSSL");
        if (ssl.isPresent() && !ssl.get()) {
            problems.add(q.child("useSSL"), Binder.valueMark(q.entries.get("useSSL")), "butler-mqtt talks to QRS"
                    + " over HTTPS only (the QRS port authenticates callers by their client certificate); expected"
                    + " true");
        }
        Optional<String> auth = b.string(q, "authentication", "configQRS.authentication", "certificates", true);
        if (auth.isPresent() && !auth.get().equals("certificates")) {
            problems.add(q.child("authentication"), Binder.valueMark(q.entries.get("authentication")),
                    "expected certificates (the only authentication butler-mqtt, like Butler, uses with QRS), found "
                    + Texts.quote(auth.get()));
        }
        readHeaders(q, builder);
    }

    private void readHeaders(Binder.Section q, QrsSettings.Builder builder) {
        boolean butler5 = q.entries.containsKey("headerKey") || q.entries.containsKey("headerValue");
        if (q.entries.containsKey("headers") && butler5) {
            problems.add(q.child("headerKey"), q.entries.getOrDefault("headerKey", q.entries.get("headerValue"))
                    .getKeyNode().getStartMark(), "give the headers once: either headers.static (Butler 16) or"
                    + " headerKey/headerValue (Butler 5), not both");
            return;
        }
        if (butler5) {
            String key = b.string(q, "headerKey", "configQRS.headers", "a header name", true).orElse(null);
            String value = b.string(q, "headerValue", "configQRS.headers", "a header value", true).orElse(null);
            locate("configQRS.headers", q, q.entries.containsKey("headerKey") ? "headerKey" : "headerValue");
            if (key != null && value != null) {
                builder.headers(List.of(new Header(key, value)));
            } else if (key == null && value != null) {
                problems.add(q.child("headerKey"), Binder.valueMark(q.entries.get("headerValue")),
                        "missing; headerValue needs headerKey (the header name, X-Qlik-User)");
            }
            return;
        }
        Binder.Section h = b.childSection(q, "headers", List.of("static"));
        locate("configQRS.headers", q, "headers");
        if (h == null || !h.entries.containsKey("static")) {
            return; // absent: the default X-Qlik-User header
        }
        NodeTuple st = h.entries.get("static");
        locate("configQRS.headers", h, "static");
        Node list = st.getValueNode();
        if (Binder.isNull(list)) {
            builder.headers(List.of());
            return;
        }
        if (!(list instanceof SequenceNode)) {
            b.typeProblem(h.child("static"), st, "a list of {name, value} headers", Binder.kind(list));
            return;
        }
        List<Header> headers = new ArrayList<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            Binder.Section item = b.section(h.child("static") + "[" + i + "]", items.get(i), List.of("name", "value"),
                    false);
            if (item == null) {
                continue;
            }
            Optional<String> name = b.string(item, "name", "configQRS.headers", "a header name", true);
            Optional<String> value = b.string(item, "value", "configQRS.headers", "a header value", true);
            missing(item, items.get(i), "name", "a header name");
            missing(item, items.get(i), "value", "a header value");
            if (name.isPresent() && value.isPresent()) {
                headers.add(new Header(name.get(), value.get()));
            }
        }
        builder.headers(headers);
    }

    private void readCert(Node node, Mark butlerKeyMark, QrsSettings.Builder builder) {
        if (node == null || Binder.isNull(node)) {
            missingSections.add("Butler.cert.");
            problems.add("Butler.cert", butlerKeyMark, "missing; QRS needs the client certificate exported from"
                    + " the QMC: cert with clientCert, clientCertKey and clientCertCA below Butler:");
            return;
        }
        Binder.Section c = b.section("Butler.cert", node, CERT_KEYS, false);
        if (c == null) {
            return;
        }
        b.path(c, "clientCert", "cert.clientCert", "the path of the client certificate (PEM) file, client.pem", true)
                .ifPresent(builder::clientCertFile);
        locate("cert.clientCert", c, "clientCert");
        b.path(c, "clientCertKey", "cert.clientCertKey", "the path of the client key (PEM) file, client_key.pem", true)
                .ifPresent(builder::clientKeyFile);
        locate("cert.clientCertKey", c, "clientCertKey");
        Optional<Path> ca = b.path(c, "clientCertCA", "cert.clientCertCA",
                "the path of the CA certificate (PEM) file, root.pem", true);
        ca.ifPresent(builder::caFile);
        locate("cert.clientCertCA", c, "clientCertCA");
    }

    private void readFilter(Node node, QrsSettings.Builder builder) {
        Binder.Section f = b.section("Butler.startTaskFilter", node, FILTER_KEYS, false);
        if (f == null) {
            return;
        }
        boolean on = b.bool(f, "enable", "startTaskFilter.enable").orElse(false);
        Binder.Section allow = b.childSection(f, "allowTask", ALLOW_KEYS);
        List<UUID> ids = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<CustomProperty> properties = new ArrayList<>();
        if (allow != null) {
            for (ScalarItem item : scalars(allow, "taskId", "a task ID (GUID)")) {
                if (GUID.matcher(item.text).matches()) {
                    ids.add(UUID.fromString(item.text));
                } else if (on) {
                    problems.add(item.path, item.mark, "expected a task ID (a GUID such as"
                            + " e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e), found " + Texts.quote(item.text));
                }
            }
            for (ScalarItem item : scalars(allow, "tag", "a tag name")) {
                tags.add(item.text);
            }
            locate("startTaskFilter.allowTask.tag", allow, "tag");
            NodeTuple cps = allow.entries.get("customProperty");
            locate("startTaskFilter.allowTask.customProperty", allow, "customProperty");
            if (cps != null && !Binder.isNull(cps.getValueNode())) {
                if (cps.getValueNode() instanceof SequenceNode) {
                    List<Node> items = ((SequenceNode) cps.getValueNode()).getValue();
                    for (int i = 0; i < items.size(); i++) {
                        Binder.Section item = b.section(allow.child("customProperty") + "[" + i + "]", items.get(i),
                                List.of("name", "value"), false);
                        if (item == null) {
                            continue;
                        }
                        Optional<String> name = b.string(item, "name", "startTaskFilter.allowTask.customProperty",
                                "a custom property name", on);
                        Optional<String> value = b.string(item, "value", "startTaskFilter.allowTask.customProperty",
                                "a custom property value", on);
                        missing(item, items.get(i), "name", "a custom property name");
                        missing(item, items.get(i), "value", "a custom property value");
                        if (name.isPresent() && value.isPresent()) {
                            properties.add(new CustomProperty(name.get(), value.get()));
                        }
                    }
                } else {
                    b.typeProblem(allow.child("customProperty"), cps, "a list of {name, value}",
                            Binder.kind(cps.getValueNode()));
                }
            }
        }
        builder.taskStartAllowList(new TaskStartAllowList(on, ids, tags, properties));
    }

    /** One scalar of a list, after environment substitution. */
    private record ScalarItem(String text, String path, Mark mark) {
    }

    /** The scalars of a list key ({@code key:} with {@code - item} lines); null or absent is an empty list. */
    private List<ScalarItem> scalars(Binder.Section s, String key, String expected) {
        NodeTuple t = s.entries.get(key);
        if (t == null || Binder.isNull(t.getValueNode())) {
            return List.of();
        }
        if (!(t.getValueNode() instanceof SequenceNode)) {
            b.typeProblem(s.child(key), t, "a list of " + expected.replaceFirst("^an? ", "") + "s",
                    Binder.kind(t.getValueNode()));
            return List.of();
        }
        List<ScalarItem> out = new ArrayList<>();
        List<Node> items = ((SequenceNode) t.getValueNode()).getValue();
        for (int i = 0; i < items.size(); i++) {
            // each item read as a one-entry section, so that it gets the same checks as any value
            Binder.Section one = new Binder.Section(s.path);
            String itemKey = key + "[" + i + "]";
            Node item = items.get(i);
            one.entries.put(itemKey, new NodeTuple(new ScalarNode(Tag.STR, itemKey, item.getStartMark(),
                    item.getEndMark(), DumperOptions.ScalarStyle.PLAIN), item));
            Optional<String> v = b.string(one, itemKey, "startTaskFilter.allowTask." + key, expected, true);
            v.ifPresent(text -> out.add(new ScalarItem(text, one.child(itemKey), item.getStartMark())));
        }
        return out;
    }

    private void missing(Binder.Section s, Node item, String key, String expected) {
        if (!s.entries.containsKey(key)) {
            problems.add(s.path, item.getStartMark(), "missing " + key + "; expected " + expected);
        }
    }

    private void readExtension(Binder.Section ext, QrsSettings.Builder builder) {
        b.bool(ext, "hostnameVerification", "qrs.hostnameVerification").ifPresent(builder::hostnameVerification);
        b.optionalString(ext, "clientKeyPassword", "qrs.clientKeyPassword", "a password", true)
                .ifPresent(builder::clientKeyPassword);
        locate("qrs.clientKeyPassword", ext, "clientKeyPassword");
        b.duration(ext, "connectTimeout", "qrs.connectTimeout", true).ifPresent(builder::connectTimeout);
        b.duration(ext, "requestTimeout", "qrs.requestTimeout", true).ifPresent(builder::requestTimeout);
        b.duration(ext, "retryBudget", "qrs.retryBudget", true).ifPresent(builder::retryBudget);
        builder.retryDelay(
                b.duration(ext, "retryInitialDelay", "qrs.retryInitialDelay", true)
                        .orElse(QrsSettings.DEFAULT_RETRY_INITIAL_DELAY),
                b.duration(ext, "retryMaxDelay", "qrs.retryMaxDelay", true).orElse(QrsSettings.DEFAULT_RETRY_MAX_DELAY));
        b.integer(ext, "cacheSize", "qrs.cacheSize", "an integer 0..1000000", true).ifPresent(builder::cacheSize);
        b.duration(ext, "cacheTtl", "qrs.cacheTtl", true).ifPresent(builder::cacheTtl);
        b.integer(ext, "maxResponseBytes", "qrs.maxResponseBytes", "a number of bytes, 1024.."
                + QrsSettings.MAX_RESPONSE_BYTES_LIMIT, true).ifPresent(v -> builder.maxResponseBytes(v));
        b.integer(ext, "maxJsonDepth", "qrs.maxJsonDepth", "an integer 2..64", true).ifPresent(builder::maxJsonDepth);
        for (String key : List.of("hostnameVerification", "connectTimeout", "requestTimeout", "retryBudget",
                "retryInitialDelay", "retryMaxDelay", "cacheSize", "cacheTtl", "maxResponseBytes", "maxJsonDepth")) {
            locate("qrs." + key, ext, key);
        }
    }

    private void locate(String property, Binder.Section s, String key) {
        if (s != null && s.entries.containsKey(key)) {
            located.put(property, new Located(s.child(key), s.entries.get(key).getValueNode().getStartMark()));
        }
    }

    /** Reports the settings' own problems at the keys they concern. */
    private void report(InvalidSettingsException e) {
        for (InvalidSettingsException.Problem p : e.problems()) {
            Located at = located.get(p.property());
            String path = at != null ? at.path() : yamlPathOf(p.property());
            if (problems.hasProblemAt(path) || missingSections.stream().anyMatch(path::startsWith)) {
                continue; // already reported, more precisely
            }
            if (at != null) {
                problems.add(at.path(), at.mark(), p.message());
            } else {
                problems.add(yamlPathOf(p.property()), 0, 0, p.message() + " (the key is not in the file)");
            }
        }
    }

    private String yamlPathOf(String property) {
        return property.startsWith("qrs.") ? extensionPath + property.substring(3) : "Butler." + property;
    }
}
