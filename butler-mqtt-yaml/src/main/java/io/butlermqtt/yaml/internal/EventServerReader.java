package io.butlermqtt.yaml.internal;

import io.butlermqtt.EventServerSettings;
import io.butlermqtt.EventServerSettings.Deduplication;
import io.butlermqtt.EventServerSettings.MessageQueue;
import io.butlermqtt.EventServerSettings.RateLimit;
import io.butlermqtt.InvalidSettingsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code Butler.udpServerConfig} (Butler 16's keys and Butler 5's {@code portSessionConnectionEvents})
 * and the extension section {@code Butler.butlerMqtt.eventServer} into {@link EventServerSettings}, with the
 * {@link Binder}'s scalar readers, so problems get their key path, line and column.
 *
 * <p>A key that is absent gets what the Butler version without it did: no section means no server;
 * {@code enable} absent means off; {@code maxMessageSize} absent means no limit (65535); no
 * {@code deduplication} means none (Butler 16.0.4 handles a repeated datagram again); no
 * {@code messageQueue} gets Butler's template queue (Butler 5 had no queue, butler-mqtt always has one);
 * no {@code rateLimit} means none. {@code queueMetrics} (InfluxDB only) is accepted and ignored.
 */
final class EventServerReader {

    /** Butler's section, under {@code Butler:}. */
    static final String SECTION = "udpServerConfig";

    /** The extension's key in {@code Butler.butlerMqtt}. */
    static final String EXTENSION_KEY = "eventServer";

    private static final String PATH = "Butler." + SECTION;
    /** Prefix of the property names given to {@link Binder#scalar}, apart from the MQTT settings' names. */
    private static final String P = "udpServerConfig:";

    private static final List<String> BUTLER_KEYS = List.of("enable", "serverHost", "portTaskFailure",
            "portSessionConnectionEvents", "maxMessageSize", "enableSourceValidation", "allowedSources",
            "messageQueue", "rateLimit", "deduplication", "queueMetrics");
    private static final List<String> EXTENSION_KEYS = List.of("dropLogInterval", "receiveBufferBytes",
            "enrichTimeout", "closeTimeout", "queueFullWait");
    private static final List<String> KNOWN;

    static {
        List<String> k = new ArrayList<>(BUTLER_KEYS);
        k.addAll(EXTENSION_KEYS);
        KNOWN = List.copyOf(k);
    }

    private static final String HOST = "a host name or IP address";
    private static final String PORT = "an integer 0..65535";

    private final Binder binder;
    /** Where the values that are not scalars were read from (Binder records the scalars). */
    private final Map<String, Binder.Located> located = new HashMap<>();
    private String extensionPath = "Butler.butlerMqtt." + EXTENSION_KEY;

    EventServerReader(Binder binder) {
        this.binder = binder;
    }

    /**
     * Reads both sections and builds the settings.
     *
     * @param udp the value of {@code Butler.udpServerConfig}, or null when absent
     * @param butlerMqtt the value of the extension section {@code Butler.butlerMqtt}, or null
     * @param extensionRoot the extension section's path
     * @return the settings, or null when a problem was reported (by this reader or before it)
     */
    EventServerSettings read(Node udp, Node butlerMqtt, String extensionRoot) {
        extensionPath = extensionRoot + "." + EXTENSION_KEY;
        EventServerSettings.Builder b = EventServerSettings.builder().enabled(false);
        boolean on = false;
        if (udp != null && !Binder.isNull(udp)) {
            b.maxMessageSize(EventServerSettings.MAX_MESSAGE_SIZE_LIMIT).deduplication(Deduplication.DISABLED);
            Binder.Section s = binder.section(PATH, udp, KNOWN, false);
            if (s != null) {
                on = readButlerKeys(s, b);
            }
        }
        if (butlerMqtt != null) {
            Node ext = Binder.find(butlerMqtt, EXTENSION_KEY);
            if (ext != null && !Binder.isNull(ext)) {
                Binder.Section s = binder.section(extensionPath, ext, EXTENSION_KEYS, false);
                if (s != null) {
                    readExtension(s, b, on);
                }
            }
        }
        return build(b);
    }

    private boolean readButlerKeys(Binder.Section s, EventServerSettings.Builder b) {
        for (String k : EXTENSION_KEYS) {
            NodeTuple t = s.entries.remove(k);
            if (t != null) {
                binder.problems().add(s.child(k), t.getKeyNode().getStartMark(), "unknown key; Butler refuses"
                        + " unknown keys in udpServerConfig, so butler-mqtt's event server settings go in "
                        + extensionPath + " (this one as " + extensionPath + "." + k + ")");
            }
        }
        Optional<Boolean> enable = binder.bool(s, "enable", P + "enabled");
        // Absent means off; a broken flag counts as on, so that placeholders are reported together with it.
        boolean on = enable.orElse(s.entries.containsKey("enable"));
        b.enabled(enable.orElse(false));
        binder.string(s, "serverHost", P + "serverHost", HOST, on).ifPresent(b::serverHost);
        binder.integer(s, "portTaskFailure", P + "portTaskFailure", PORT, on).ifPresent(b::portTaskFailure);
        binder.integer(s, "portSessionConnectionEvents", P + "portSessionConnectionEvents", PORT, on)
                .ifPresent(b::portSessionConnectionEvents);
        binder.integer(s, "maxMessageSize", P + "maxMessageSize", "an integer 1.."
                + EventServerSettings.MAX_MESSAGE_SIZE_LIMIT, on).ifPresent(b::maxMessageSize);
        Optional<Boolean> validation = binder.bool(s, "enableSourceValidation", P + "enableSourceValidation");
        validation.ifPresent(b::enableSourceValidation);
        readAllowedSources(s, b, on && validation.orElse(false));

        Binder.Section q = binder.childSection(s, "messageQueue", List.of("maxConcurrent", "maxSize",
                "backpressureThreshold"));
        if (q != null) {
            MessageQueue d = MessageQueue.DEFAULT;
            b.messageQueue(new MessageQueue(
                    binder.integer(q, "maxConcurrent", P + "messageQueue.maxConcurrent", "an integer 1.."
                            + MessageQueue.MAX_CONCURRENT_LIMIT, on).orElse(d.maxConcurrent()),
                    binder.integer(q, "maxSize", P + "messageQueue.maxSize", "an integer 1.."
                            + MessageQueue.MAX_SIZE_LIMIT, on).orElse(d.maxSize()),
                    binder.integer(q, "backpressureThreshold", P + "messageQueue.backpressureThreshold",
                            "a percentage 0..100", on).orElse(d.backpressureThreshold())));
        }
        Binder.Section r = binder.childSection(s, "rateLimit", List.of("enable", "maxMessagesPerMinute"));
        if (r != null) {
            RateLimit d = RateLimit.DISABLED;
            Optional<Boolean> rateOn = binder.bool(r, "enable", P + "rateLimit.enabled");
            b.rateLimit(new RateLimit(rateOn.orElse(d.enabled()),
                    binder.integer(r, "maxMessagesPerMinute", P + "rateLimit.maxMessagesPerMinute",
                            "an integer 1 or more", on).orElse(d.maxMessagesPerMinute())));
        }
        Binder.Section dd = binder.childSection(s, "deduplication", List.of("enable", "ttlMinutes"));
        if (dd != null) {
            // The section exists from the release after 16.0.4 on; its keys default to that release's template.
            Deduplication d = Deduplication.DEFAULT;
            b.deduplication(new Deduplication(
                    binder.bool(dd, "enable", P + "deduplication.enabled").orElse(d.enabled()),
                    binder.integer(dd, "ttlMinutes", P + "deduplication.ttlMinutes", "an integer 1..10080", on)
                            .orElse(d.ttlMinutes())));
        }
        // queueMetrics: Butler writes queue metrics to InfluxDB; butler-mqtt has no InfluxDB. Accepted, ignored.
        return on;
    }

    private void readAllowedSources(Binder.Section s, EventServerSettings.Builder b, boolean checked) {
        NodeTuple t = s.entries.get("allowedSources");
        if (t == null) {
            return;
        }
        String path = s.child("allowedSources");
        Node n = t.getValueNode();
        located.put("allowedSources", new Binder.Located(path, n.getStartMark()));
        if (Binder.isNull(n)) {
            b.allowedSources(List.of());
            return;
        }
        if (!(n instanceof SequenceNode)) {
            binder.typeProblem(path, t, "a list of IP addresses or host names, such as [\"192.168.1.100\","
                    + " \"sense-server-01\"]", Binder.kind(n));
            return;
        }
        List<String> sources = new ArrayList<>();
        List<Node> items = ((SequenceNode) n).getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String key = "allowedSources[" + i + "]";
            if (!(item instanceof ScalarNode) || Binder.isNull(item)) {
                binder.problems().add(s.child(key), item.getStartMark(), "expected " + HOST + ", found "
                        + Binder.kind(item));
                continue;
            }
            Binder.Section one = new Binder.Section(s.path);
            one.entries.put(key, new NodeTuple(t.getKeyNode(), item));
            Optional<Binder.Value> v = binder.scalar(one, key, P + key, HOST, false, false);
            if (v.isPresent()) {
                binder.isReportedPlaceholder(v.get(), HOST, checked);
                sources.add(v.get().text()); // kept, so that the list is not reported as empty as well
            }
        }
        b.allowedSources(sources);
    }

    private void readExtension(Binder.Section s, EventServerSettings.Builder b, boolean on) {
        binder.duration(s, "dropLogInterval", P + "dropLogInterval", on).ifPresent(b::dropLogInterval);
        binder.integer(s, "receiveBufferBytes", P + "receiveBufferBytes", "an integer: 0 (the system default) or"
                + " 1024..268435456", on).ifPresent(b::receiveBufferBytes);
        binder.duration(s, "enrichTimeout", P + "enrichTimeout", on).ifPresent(b::enrichTimeout);
        binder.duration(s, "closeTimeout", P + "closeTimeout", on).ifPresent(b::closeTimeout);
        binder.duration(s, "queueFullWait", P + "queueFullWait", on).ifPresent(b::queueFullWait);
    }

    /** Runs the settings' own checks and reports their problems at the keys they concern. */
    private EventServerSettings build(EventServerSettings.Builder b) {
        Problems problems = binder.problems();
        try {
            EventServerSettings settings = b.build();
            return problems.isEmpty() ? settings : null;
        } catch (InvalidSettingsException e) {
            for (InvalidSettingsException.Problem p : e.problems()) {
                Binder.Located at = located.containsKey(p.property()) ? located.get(p.property())
                        : binder.locatedAt(P + p.property());
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
            return null;
        }
    }

    /** The YAML key path of a settings property that was not read from the file. */
    private String yamlPathOf(String property) {
        String root = property.contains("[") ? property.substring(0, property.indexOf('[')) : property;
        if (EXTENSION_KEYS.contains(root)) {
            return extensionPath + "." + property;
        }
        return PATH + "." + property.replace("enabled", "enable");
    }
}
