package io.butlermqtt;

import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import io.butlermqtt.internal.Topics;
import io.butlermqtt.internal.json.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Butler 5's active-user lists: who has a Qlik Sense session, overall and per proxy server, kept from
 * the user-audit events and published on {@link MqttSettings#activeUserCountTopic()},
 * {@link MqttSettings#activeUsersTopic()} and {@value #PER_SERVER_TOPIC_PREFIX}{@code <server>/count}.
 *
 * <p>Butler 5 (the last Butler with user-audit events) kept these lists from the session and
 * connection messages it received and, after each change, published: one message per proxy server
 * seen so far on {@code qliksense/users/activeperserver/<server>/count} with that server's number
 * of active users; the total number of active users on {@code activeUserCountTopic}
 * ({@code qliksense/users/active/count}); and the user IDs as a JSON array on
 * {@code activeUsersTopic} ({@code qliksense/users/active/usernames}), in the order the users became
 * active. This class does the same:
 * <ul>
 *   <li>a session start ({@link UserSessionEvent.Action#START}) or a connection open
 *       ({@link UserConnectionEvent.Action#OPEN}) adds the user to the overall list and to the
 *       server's list;</li>
 *   <li>a session stop removes the user from the overall list and, when the server is known, from
 *       the server's list; per-server counts are then published only when the server was known (as
 *       Butler 5 did);</li>
 *   <li>a connection close changes nothing and publishes nothing, and neither does any other event.</li>
 * </ul>
 * As in Butler 5, a user is identified by the user ID alone (without the user directory), and a
 * server stays in the per-server list with a count of 0 when its last user left.
 *
 * <p>Use it beside a publisher: {@code tracker.update(event)} returns the messages to publish after
 * the event's own. A host name that cannot be one level of an MQTT topic (it contains {@code /},
 * {@code +}, {@code #} or is empty) gets no per-server message (a WARN says so); the overall
 * messages are still sent. Thread-safe: updates are serialized.
 */
public final class ActiveUserTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveUserTracker.class);

    /** Start of Butler 5's fixed per-server topic: {@code qliksense/users/activeperserver/<server>/count}. */
    public static final String PER_SERVER_TOPIC_PREFIX = "qliksense/users/activeperserver/";

    private final String countTopic;
    private final String usersTopic;
    private final int qos;
    private final boolean retain;
    /** User ID to the server it was last seen on; insertion order is Butler 5's list order. */
    private final Map<String, String> users = new LinkedHashMap<>();
    /** Server to its users, servers in the order they were first seen. */
    private final Map<String, Set<String>> usersPerServer = new LinkedHashMap<>();

    /**
     * Creates an empty tracker that publishes on the settings' topics with their QoS and retain flag.
     *
     * @param settings the settings ({@code activeUserCountTopic}, {@code activeUsersTopic}, {@code delivery})
     * @throws NullPointerException if {@code settings} is null
     */
    public ActiveUserTracker(MqttSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.countTopic = settings.activeUserCountTopic();
        this.usersTopic = settings.activeUsersTopic();
        this.qos = settings.delivery().qos();
        this.retain = settings.delivery().retain();
    }

    /**
     * Updates the lists from an event and returns the messages Butler 5 published for it.
     *
     * @param event any event; only session start/stop and connection open change the lists
     * @return the messages to publish, in order: per-server counts, the total count, the user list;
     *     empty when the event changes nothing
     * @throws NullPointerException if {@code event} is null
     */
    public synchronized List<MqttMessage> update(SenseEvent event) {
        Objects.requireNonNull(event, "event");
        String server;
        String user;
        boolean add;
        if (event instanceof UserSessionEvent) {
            UserSessionEvent e = (UserSessionEvent) event;
            server = e.host();
            user = e.userId();
            add = e.action() == UserSessionEvent.Action.START;
        } else if (event instanceof UserConnectionEvent
                && ((UserConnectionEvent) event).action() == UserConnectionEvent.Action.OPEN) {
            UserConnectionEvent e = (UserConnectionEvent) event;
            server = e.host();
            user = e.userId();
            add = true;
        } else {
            return List.of();
        }
        boolean perServer;
        if (add) {
            users.put(user, server);
            usersPerServer.computeIfAbsent(server, s -> new LinkedHashSet<>()).add(user);
            perServer = true;
        } else {
            users.remove(user);
            Set<String> onServer = usersPerServer.get(server);
            perServer = onServer != null;
            if (onServer != null) {
                onServer.remove(user);
            }
        }
        List<MqttMessage> out = new ArrayList<>(usersPerServer.size() + 2);
        if (perServer) {
            for (Map.Entry<String, Set<String>> s : usersPerServer.entrySet()) {
                String topic = PER_SERVER_TOPIC_PREFIX + s.getKey() + "/count";
                if (isTopicLevel(s.getKey()) && Topics.topicNameProblem(topic) == null) {
                    out.add(MqttMessage.of(topic, Integer.toString(s.getValue().size()), qos, retain));
                } else if (s.getKey().equals(server)) {
                    LOG.warn("Not publishing the active user count of server {}: the name cannot be one level of the"
                            + " topic {}<server>/count", Topics.quote(server), PER_SERVER_TOPIC_PREFIX);
                }
            }
        }
        out.add(MqttMessage.of(countTopic, Integer.toString(users.size()), qos, retain));
        out.add(MqttMessage.of(usersTopic, JsonWriter.stringify(new ArrayList<>(users.keySet())), qos, retain));
        LOG.debug("Active users: {}", users.size());
        return Collections.unmodifiableList(out);
    }

    private static boolean isTopicLevel(String s) {
        return !s.isEmpty() && s.indexOf('/') < 0 && s.indexOf('+') < 0 && s.indexOf('#') < 0;
    }

    /**
     * The number of active users now.
     *
     * @return the number of user IDs in the overall list
     */
    public synchronized int activeUserCount() {
        return users.size();
    }

    /**
     * The active users now, in the order they became active.
     *
     * @return the user IDs (an immutable copy)
     */
    public synchronized List<String> activeUsers() {
        return List.copyOf(users.keySet());
    }

    /**
     * The number of active users per proxy server, servers in the order they were first seen (a server
     * whose users all left stays, with 0).
     *
     * @return server name to count (an immutable copy, in that order)
     */
    public synchronized Map<String, Integer> activeUsersPerServer() {
        Map<String, Integer> m = new LinkedHashMap<>();
        usersPerServer.forEach((server, set) -> m.put(server, set.size()));
        return Collections.unmodifiableMap(m);
    }

    /** Shows the counts, never the user IDs. */
    @Override
    public synchronized String toString() {
        return "ActiveUserTracker{users=" + users.size() + ", servers=" + usersPerServer.size() + '}';
    }
}
