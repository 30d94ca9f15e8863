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
}
