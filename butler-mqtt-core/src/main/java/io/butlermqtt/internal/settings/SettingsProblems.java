package io.butlermqtt.internal.settings;

import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.InvalidSettingsException.Problem;
import io.butlermqtt.MqttSettings.Connection;
import io.butlermqtt.MqttSettings.Credentials;
import io.butlermqtt.MqttSettings.Reconnect;
import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.internal.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects the problems of one settings object, with the checks that {@code MqttSettings},
 * {@code QlikCloudSettings}, {@code EventServerSettings} and {@code QrsSettings} share, so that one rule gives
 * one message everywhere. Each problem names the setting by its property path, which the YAML module maps to
 * the file's key.
 *
 * <p>Internal: may change in any release.
 */
public final class SettingsProblems {

    private final List<Problem> problems = new ArrayList<>();

    /**
     * Rejects a null setter argument with the message {@code <name> must not be null}.
     *
     * @param <T> the value's type
     * @param value the value
     * @param name the setting's name
     * @return the value
     * @throws NullPointerException if {@code value} is null
     */
    public static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    /**
     * Adds a problem.
     *
     * @param property the setting's property path
     * @param message what is wrong and what was expected
     */
    public void add(String property, String message) {
        problems.add(new Problem(property, message));
    }

    /**
     * Throws when a problem was found.
     *
     * @param component what the settings are for ({@code MQTT}, {@code event server}, {@code QRS})
     * @throws InvalidSettingsException listing every problem, in the order they were added
     */
    public void throwIfAny(String component) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(component, problems, null);
        }
    }

    /**
     * A host name or IP address: not blank and, when {@code strict} (the component is enabled), without
     * white space or {@code < > / \ "}, so that a placeholder of Butler's template is caught.
     *
     * @param property the property path
     * @param host the value
     * @param strict whether more than blankness is checked
     */
    public void host(String property, String host, boolean strict) {
        if (host.isBlank()) {
            add(property, "must be a host name or IP address, but was empty");
        } else if (strict && host.chars().anyMatch(c -> Character.isWhitespace(c) || "<>/\\\"".indexOf(c) >= 0)) {
            add(property, "must be a host name or IP address, but was " + Topics.quote(host)
                    + (host.startsWith("<") ? " (a placeholder from Butler's template?)" : ""));
        }
    }

    /**
     * A TCP port a client connects to: 1..65535.
     *
     * @param property the property path
     * @param port the value
     */
    public void port(String property, int port) {
        if (port < 1 || port > 65_535) {
            add(property, "must be 1..65535, but was " + port);
        }
    }

    /**
     * A duration within bounds, both included.
     *
     * @param property the property path
     * @param d the value
     * @param min the shortest allowed
     * @param max the longest allowed
     */
    public void duration(String property, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            add(property, "must be " + min + ".." + max + ", but was " + d);
        }
    }

    /**
     * An MQTT topic name (what is published to).
     *
     * @param property the property path
     * @param topic the value
     * @param emptyMeansOff whether an empty value is allowed, meaning "not sent"
     * @return whether the topic is valid
     */
    public boolean topicName(String property, String topic, boolean emptyMeansOff) {
        if (topic.isEmpty() && emptyMeansOff) {
            return true;
        }
        String problem = Topics.topicNameProblem(topic);
        if (problem != null) {
            add(property, "is not a valid MQTT topic name: " + problem);
        }
        return problem == null;
    }

    /**
     * An MQTT topic filter (what is subscribed to).
     *
     * @param property the property path
     * @param filter the value
     * @return whether the filter is valid
     */
    public boolean topicFilter(String property, String filter) {
        String problem = Topics.topicFilterProblem(filter);
        if (problem != null) {
            add(property, "is not a valid MQTT topic filter: " + problem);
        }
        return problem == null;
    }

    /**
     * An MQTT client ID that was given: not empty, at most 65,535 UTF-8 bytes, no U+0000.
     *
     * @param property the property path
     * @param id the value
     */
    public void clientId(String property, String id) {
        if (id.isEmpty()) {
            add(property, "must not be empty (leave it unset for a generated one)");
        } else if (id.getBytes(StandardCharsets.UTF_8).length > Topics.MAX_TOPIC_BYTES || id.indexOf('\u0000') >= 0) {
            add(property, "must be at most 65535 UTF-8 bytes without U+0000");
        }
    }

    /**
     * Credentials, when given, have a user name.
     *
     * @param property the property path of the user name
     * @param credentials the value
     */
    public void username(String property, Optional<Credentials> credentials) {
        if (credentials.isPresent() && credentials.get().username().isEmpty()) {
            add(property, "must not be empty when credentials are given");
        }
    }

    /**
     * The {@code connection.*} settings: client ID, keep-alive, connect timeout, session expiry.
     *
     * @param c the value
     */
    public void connection(Connection c) {
        c.clientId().ifPresent(id -> clientId("connection.clientId", id));
        connectionTimes(c);
    }

    /**
     * The {@code connection.*} durations: keep-alive, connect timeout, session expiry.
     *
     * @param c the value
     */
    public void connectionTimes(Connection c) {
        duration("connection.keepAlive", c.keepAlive(), Duration.ofSeconds(1), Duration.ofSeconds(65_535));
        duration("connection.connectTimeout", c.connectTimeout(), Duration.ofMillis(100), Duration.ofMinutes(10));
        duration("connection.sessionExpiry", c.sessionExpiry(), Duration.ofSeconds(1),
                Duration.ofSeconds(4_294_967_295L));
    }

    /**
     * The {@code tls.*} settings, when TLS is on: client certificate and key both or neither, a key password
     * only with a key.
     *
     * @param tls the value
     */
    public void tls(Tls tls) {
        if (!tls.enabled()) {
            return;
        }
        if (tls.clientCertFile().isPresent() != tls.clientKeyFile().isPresent()) {
            String missing = tls.clientCertFile().isPresent() ? "tls.clientKeyFile" : "tls.clientCertFile";
            String present = tls.clientCertFile().isPresent() ? "tls.clientCertFile" : "tls.clientKeyFile";
            add(missing, "must be set because " + present + " is set");
        }
        if (tls.clientKeyPassword().isPresent() && tls.clientKeyFile().isEmpty()) {
            add("tls.clientKeyPassword", "is set but tls.clientKeyFile is not");
        }
    }

    /**
     * The {@code reconnect.*} settings: both delays 10 ms..1 h, the first not longer than the largest.
     *
     * @param r the value
     */
    public void reconnect(Reconnect r) {
        duration("reconnect.initialDelay", r.initialDelay(), Duration.ofMillis(10), Duration.ofHours(1));
        duration("reconnect.maxDelay", r.maxDelay(), Duration.ofMillis(10), Duration.ofHours(1));
        if (r.initialDelay().compareTo(r.maxDelay()) > 0) {
            add("reconnect.initialDelay", "must not be longer than reconnect.maxDelay (" + r.maxDelay()
                    + "), but was " + r.initialDelay());
        }
    }

    /**
     * A shared-subscription group, when given: one topic level ({@code $share/<group>/...}), so not empty,
     * without {@code /}, {@code +}, {@code #}, and with the characters a topic may have.
     *
     * @param property the property path
     * @param group the value
     */
    public void sharedSubscriptionGroup(String property, Optional<String> group) {
        if (group.isEmpty()) {
            return;
        }
        String g = group.get();
        if (g.isEmpty() || g.contains("/") || g.contains("+") || g.contains("#") || g.indexOf('\u0000') >= 0) {
            add(property, "must be a non-empty name without '/', '+', '#' or U+0000, but was " + Topics.quote(g));
        } else if (Topics.characterProblem(g) != null) {
            add(property, Topics.characterProblem(g));
        }
    }
}
