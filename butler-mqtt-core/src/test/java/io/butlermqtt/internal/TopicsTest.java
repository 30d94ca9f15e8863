package io.butlermqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "qliksense/#, qliksense/start_task, true",
        "qliksense/#, qliksense, true",
        "qliksense/#, other/start_task, false",
        "qliksense/+, qliksense/start_task, true",
        "qliksense/+, qliksense/a/b, false",
        "+/+, a/b, true",
        "#, a/b/c, true",
        "#, $SYS/x, false",
        "+/x, $SYS/x, false",
        "a/b, a/b, true",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
    })
    void matches_followsMqttRules(String filter, String topic, boolean expected) {
        assertNull(Topics.topicFilterProblem(filter));
        assertEquals(expected, Topics.matches(filter, topic));
    }

    @ParameterizedTest
    @CsvSource({"a/b", "a//b", "/a", "a/", "é/ü/日本"})
    void topicName_valid(String topic) {
        assertNull(Topics.topicNameProblem(topic));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | must not be empty",
        "a/+ | must not contain the wildcard '+' (a topic name, not a filter), but was \"a/+\"",
    })
    void topicName_invalid(String topic, String message) {
        assertEquals(message, Topics.topicNameProblem(topic));
    }

    @org.junit.jupiter.api.Test
    void topicName_loneSurrogate_isRejected() {
        assertEquals("must be well-formed UTF-16 (lone surrogate at index 2)", Topics.topicNameProblem("a/\ud800"));
    }

    @ParameterizedTest(name = "[U+{0}]")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f})
    void topicNameAndFilter_controlCharacter_isRejected(int cp) {
        String topic = "qliksense/task" + Character.toString(cp) + "failure";
        String expected = String.format("must not contain control characters (MQTT: they should not be used in topics, "
                + "and a broker may drop the connection for them), but has U+%04X at index 14", cp);
        assertEquals(expected, Topics.topicNameProblem(topic));
        assertEquals(expected, Topics.topicFilterProblem(topic));
    }

    @ParameterizedTest(name = "[U+{0}]")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x10ffff})
    void topicNameAndFilter_nonCharacter_isRejected(int cp) {
        String topic = "a/" + Character.toString(cp);
        String expected = String.format("must not contain Unicode non-characters (MQTT: they should not be used in "
                + "topics, and a broker may drop the connection for them), but has U+%04X at index 2", cp);
        assertEquals(expected, Topics.topicNameProblem(topic));
        assertEquals(expected, Topics.topicFilterProblem(topic + "/#"));
    }

    @ParameterizedTest(name = "[U+{0}]")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0x20, 0x7e, 0xa0, 0xfdcf, 0xfdf0, 0xfffd, 0x1f600, 0x10fffd})
    void topicName_neighboursOfTheRefusedRanges_areAccepted(int cp) {
        assertNull(Topics.topicNameProblem("a/" + Character.toString(cp)));
    }

    @org.junit.jupiter.api.Test
    void quote_cutsLongValues_andEscapesLineBreaks() {
        String huge = "x".repeat(1_000_000);
        String q = Topics.quote(huge);
        assertEquals('"' + "x".repeat(200) + "\"... (1000000 characters)", q);
        assertEquals("\"a\\nb\\r\\u0000\\\"c\"", Topics.quote("a\nb\r\u0000\"c"));
    }
}
