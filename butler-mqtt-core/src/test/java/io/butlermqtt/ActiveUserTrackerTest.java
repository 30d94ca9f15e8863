package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Butler 5's active-user messages, as its MQTT handler published them after each change. */
class ActiveUserTrackerTest {

    private final ActiveUserTracker tracker = new ActiveUserTracker(MqttSettings.builder().qos(0).build());

    private static UserSessionEvent session(UserSessionEvent.Action a, String host, String user) {
        return UserSessionEvent.builder().action(a).host(host).userDirectory("LAB").userId(user).build();
    }

    private static UserConnectionEvent connection(UserConnectionEvent.Action a, String host, String user) {
        return UserConnectionEvent.builder().action(a).host(host).userDirectory("LAB").userId(user).build();
    }

    private List<String> update(SenseEvent e) {
        return tracker.update(e).stream().map(m -> m.topic() + " " + m.payloadAsString()).collect(Collectors.toList());
    }

    @Test
    void sequence_asButler5PublishedIt() {
        assertEquals(List.of(
                "qliksense/users/activeperserver/sense1/count 1",
                "qliksense/users/active/count 1",
                "qliksense/users/active/usernames [\"anna\"]"),
                update(session(UserSessionEvent.Action.START, "sense1", "anna")));
        assertEquals(List.of(
                "qliksense/users/activeperserver/sense1/count 1",
                "qliksense/users/activeperserver/sense2/count 1",
                "qliksense/users/active/count 2",
                "qliksense/users/active/usernames [\"anna\",\"bob\"]"),
                update(connection(UserConnectionEvent.Action.OPEN, "sense2", "bob")));
        // anna again: her place in the list is kept
        assertEquals(List.of(
                "qliksense/users/activeperserver/sense1/count 1",
                "qliksense/users/activeperserver/sense2/count 1",
                "qliksense/users/active/count 2",
                "qliksense/users/active/usernames [\"anna\",\"bob\"]"),
                update(session(UserSessionEvent.Action.START, "sense1", "anna")));
        assertEquals(List.of(
                "qliksense/users/activeperserver/sense1/count 0",
                "qliksense/users/activeperserver/sense2/count 1",
                "qliksense/users/active/count 1",
                "qliksense/users/active/usernames [\"bob\"]"),
                update(session(UserSessionEvent.Action.STOP, "sense1", "anna")));
        // a stop on a server never seen: no per-server messages, as in Butler 5
        assertEquals(List.of(
                "qliksense/users/active/count 1",
                "qliksense/users/active/usernames [\"bob\"]"),
                update(session(UserSessionEvent.Action.STOP, "sense9", "carl")));
        // connection close and other events change nothing
        assertEquals(List.of(), update(connection(UserConnectionEvent.Action.CLOSE, "sense2", "bob")));
        assertEquals(List.of(), update(EventSourceStatus.builder().source(EventSourceStatus.Source.SESSION_EVENTS)
                .status(EventSourceStatus.Status.START).build()));
        assertEquals(1, tracker.activeUserCount());
        assertEquals(List.of("bob"), tracker.activeUsers());
        assertEquals(Map.of("sense1", 0, "sense2", 1), tracker.activeUsersPerServer());
    }

    @Test
    void userIdWithoutDirectory_sameIdInTwoDirectoriesIsOneUser() {
        tracker.update(UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("s").userDirectory("A")
                .userId("x").build());
        tracker.update(UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("s").userDirectory("B")
                .userId("x").build());
        assertEquals(1, tracker.activeUserCount());
    }

    @Test
    void hostThatIsNotATopicLevel_noPerServerMessage_totalsStillSent() {
        List<String> out = update(session(UserSessionEvent.Action.START, "a/b", "anna"));
        assertEquals(List.of("qliksense/users/active/count 1", "qliksense/users/active/usernames [\"anna\"]"), out);
    }

    @Test
    void messages_useTheSettingsTopicsQosAndRetain_namesAsJson() {
        ActiveUserTracker t = new ActiveUserTracker(MqttSettings.builder()
                .topics(topics -> topics.activeUserCountTopic("u/count").activeUsersTopic("u/names")).delivery(new MqttSettings.Delivery(2, true)).build());
        List<MqttMessage> out = t.update(session(UserSessionEvent.Action.START, "s", "q\"uote"));
        assertEquals("u/count", out.get(1).topic());
        assertEquals("u/names", out.get(2).topic());
        assertEquals("[\"q\\\"uote\"]", out.get(2).payloadAsString());
        assertEquals(2, out.get(2).qos());
        assertEquals(true, out.get(2).retain());
        assertFalse(t.toString().contains("uote"), t.toString());
    }
}
