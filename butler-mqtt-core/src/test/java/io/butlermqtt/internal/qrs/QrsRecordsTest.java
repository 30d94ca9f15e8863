package io.butlermqtt.internal.qrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QrsRecordsTest {

    private static JsonObject record(String json) {
        return (JsonObject) Json.parse(json, 64);
    }

    /** Butler: {@code taskMetadata?.taskType || 0}, then a reload task when that is 0. */
    @ParameterizedTest(name = "taskType {0}: reload task {1}")
    @CsvSource(delimiter = '|', value = {
        "absent | true",
        "null | true",
        "0 | true",
        "0.0 | true",
        "-0 | true",
        "false | true",
        "\"\" | true",
        "1 | false",
        "4 | false",
        "5 | false",
        "\"0\" | false",
        "true | false",
        "[] | false",
        "{} | false"})
    void isReloadTask_followsJavaScriptTruthiness(String type, boolean reload) {
        JsonObject r = record(type.equals("absent") ? "{\"id\":\"x\"}" : "{\"id\":\"x\",\"taskType\":" + type + "}");
        assertEquals(reload, QrsRecords.isReloadTask(r));
    }

    @Test
    void isReloadTask_noRecord_isAReload_asButlerReadsTheTypeOfAnEmptyArray() {
        assertEquals(true, QrsRecords.isReloadTask(null));
    }

    @Test
    void tagsAndCustomProperties_onlyTextNamesAndValues_inOrder() {
        JsonObject r = record("{\"tags\":[{\"name\":\"B\"},{\"name\":null},{\"id\":1},\"C\",{\"name\":\"A\"},{\"name\":\"B\"}],"
                + "\"customProperties\":[{\"value\":\"1\",\"definition\":{\"name\":\"x\"}},{\"value\":\"2\"},"
                + "{\"value\":3,\"definition\":{\"name\":\"y\"}},{\"value\":\"4\",\"definition\":{\"name\":\"z\"}}]}");
        assertEquals(List.of("B", "A", "B"), QrsRecords.tags(r));
        assertEquals(List.of(new CustomProperty("x", "1"), new CustomProperty("z", "4")), QrsRecords.customProperties(r));
        assertEquals(List.of(), QrsRecords.tags(record("{\"tags\":{\"name\":\"x\"}}")));
        assertEquals(List.of(), QrsRecords.customProperties(record("{}")));
    }

    @Test
    void parseArray_malformedUtf8BecomesReplacementCharacter_bomDropped() {
        byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '"', 'a', (byte) 0xC3, '"', ']'};
        assertEquals(List.of("a\uFFFD"), QrsRecords.parseArray(body, 32, "GET x"));
    }

    @Test
    void parseArray_notAnArray_notJson_tooDeep() {
        QrsFailure notArray = assertThrows(QrsFailure.class,
                () -> QrsRecords.parseArray("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 32, "GET /qrs/x"));
        assertEquals(QrsFailure.Kind.GARBAGE, notArray.kind());
        assertEquals("GET /qrs/x: expected a JSON array of records, got an object; body: \"{\"a\":1}\"",
                notArray.getMessage());
        QrsFailure empty = assertThrows(QrsFailure.class, () -> QrsRecords.parseArray(new byte[0], 32, "GET /qrs/x"));
        assertEquals("GET /qrs/x: the answer is not JSON (invalid JSON: no value (the text is empty or only"
                + " whitespace)); empty body", empty.getMessage());
        QrsFailure deep = assertThrows(QrsFailure.class,
                () -> QrsRecords.parseArray("[[[1]]]".getBytes(StandardCharsets.UTF_8), 2, "GET /qrs/x"));
        assertEquals(QrsFailure.Kind.TOO_DEEP, deep.kind());
    }

    @Test
    void excerpt_cutAndEscaped() {
        assertEquals("body: \"a\\u000ab\"", QrsRecords.excerpt("a\nb"));
        String cut = QrsRecords.excerpt("x".repeat(300));
        assertEquals("body: \"" + "x".repeat(200) + "...\" (300 chars)", cut);
    }

    @Test
    void filter_isWhatAxiosSends() {
        UUID id = UUID.fromString("e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e");
        assertEquals("filter=id%20eq%20e3b27f50-b1c0-4879-88fc-c7cdd9c1cf3e", QrsEngine.filter(id));
    }
}
