package io.butlermqtt.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.json.Json;
import io.butlermqtt.json.JsonArray;
import io.butlermqtt.json.JsonObject;
import io.butlermqtt.testing.QlikCloudSamples;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The typed view of a Qlik Cloud app-reload-finished event, from the samples written from Qlik's field list. */
class QlikCloudAppReloadFinishedTest {

    private static QlikCloudAppReloadFinished sample(String name) {
        return QlikCloudAppReloadFinished.fromJson((JsonObject) Json.parse(QlikCloudSamples.text(name), 64));
    }

    private static IllegalArgumentException refused(String json) {
        return assertThrows(IllegalArgumentException.class,
                () -> QlikCloudAppReloadFinished.fromJson((JsonObject) Json.parse(json, 64)));
    }

    @Test
    void fromJson_failedReload_everyFieldTyped() {
        QlikCloudAppReloadFinished e = sample(QlikCloudSamples.FAILED);
        assertEquals(QlikCloudAppReloadFinished.EVENT_TYPE, e.eventType());
        assertEquals(Optional.of("com.qlik/engine"), e.source());
        assertEquals(Optional.of("2025-03-04T06:15:42Z"), e.eventTime());
        assertEquals(Optional.of("1.0.0"), e.eventTypeVersion());
        assertEquals(Optional.of("5b0e6f2c-9d41-4c8e-a7f3-2e1d0c9b8a76"), e.eventId());

        assertEquals("T3nant-ABC_123", e.extensions().tenantId());
        assertEquals(Optional.of("owner-7Hq2Lm"), e.extensions().ownerId());
        assertEquals(Optional.of("user-9Xk4Pz"), e.extensions().userId());
        assertEquals(Optional.of("0b7c6d5e-4f3a-2b1c-9d8e-7f6a5b4c3d2e"), e.extensions().topLevelResourceId());
        assertEquals(e.extensions().topLevelResourceId(), e.appId());
        assertEquals("64f1a2b3c4d5e6f7a8b9c0d1", e.extensions().json().get("spaceId"));

        QlikCloudAppReloadFinished.ReloadData d = e.data();
        assertTrue(e.failed());
        assertEquals("error", d.status());
        assertEquals(Optional.of("Sales dashboard – Nordics"), d.name());
        assertEquals(d.name(), e.appName());
        assertEquals(Optional.of("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"), d.reloadId());
        assertEquals(Optional.of(Duration.ofMillis(5230)), d.duration());
        assertEquals(Optional.of(false), d.endedWithMemoryConstraint());
        assertEquals(1, d.errors().size());
        assertEquals("Field 'Amount' not found", ((Map<?, ?>) d.errors().get(0)).get("message"));
        assertEquals(List.of(), d.warnings());
        assertEquals(Optional.of(false), d.isDirectQueryMode());
        assertEquals(Optional.of(false), d.isPartialReload());
        assertEquals(Optional.of(false), d.isSessionApp());
        assertEquals(Optional.of(false), d.isSkipStore());
        assertEquals(OptionalLong.of(268_435_456L), d.peakMemoryBytes());
        assertEquals(OptionalLong.of(-1), d.rowLimit());
        assertEquals(OptionalLong.of(73_400_320L), d.sizeMemory());
        assertEquals(Optional.of(List.of()), d.statements());
        assertTrue(d.statements().get() instanceof JsonArray);
        assertEquals(Optional.of("ANALYTICS"), d.usage());
        assertEquals("2025-03-04T06:15:41Z", d.json().get("endTime"));
        assertEquals(List.of(), e.fieldProblems());
        assertEquals("0.1", e.json().get("cloudEventsVersion"));
    }

    @Test
    void fromJson_successfulReload_notFailed() {
        QlikCloudAppReloadFinished e = sample(QlikCloudSamples.SUCCEEDED);
        assertFalse(e.failed());
        assertEquals("ok", e.data().status());
        assertEquals(Optional.of(Duration.ofMillis(48_211)), e.data().duration());
        assertEquals(1, e.data().warnings().size());
    }

    @Test
    void fromJson_partialReload_structuresKeptAsJsonAndWholeDoubleAccepted() {
        QlikCloudAppReloadFinished e = sample(QlikCloudSamples.PARTIAL_FAILED);
        QlikCloudAppReloadFinished.ReloadData d = e.data();
        assertEquals(Optional.of(true), d.isPartialReload());
        assertEquals(Optional.of(true), d.isSkipStore());
        assertEquals(Optional.of(true), d.endedWithMemoryConstraint());
        assertEquals(OptionalLong.of(1000), d.rowLimit());
        assertEquals(OptionalLong.of(1_073_741_824L), d.peakMemoryBytes(), "1.073741824E9 is a whole number");
        assertEquals(OptionalLong.empty(), d.sizeMemory());
        assertEquals(Optional.empty(), d.isSessionApp());
        assertEquals(Optional.empty(), e.extensions().ownerId());
        assertEquals(2, d.errors().size());
        assertTrue(d.statements().get() instanceof JsonArray);
        JsonObject statement = (JsonObject) ((JsonArray) d.statements().get()).get(0);
        assertEquals("Load inventory", statement.get("label"));
        JsonObject usage = (JsonObject) d.usage().get();
        assertEquals(1.5, usage.get("cpuSeconds"));
        assertEquals(List.of(), e.fieldProblems());
    }

    @Test
    void fromJson_unexpectedTypes_treatedAsAbsentAndDescribed() {
        QlikCloudAppReloadFinished e = sample(QlikCloudSamples.UNEXPECTED_TYPES);
        assertEquals(Optional.empty(), e.source());
        assertEquals(Optional.empty(), e.eventTime(), "null is absent, not a problem");
        assertEquals(Optional.empty(), e.eventTypeVersion());
        assertEquals(Optional.empty(), e.extensions().userId());
        assertEquals(Optional.empty(), e.data().duration());
        assertEquals(OptionalLong.empty(), e.data().peakMemoryBytes());
        assertEquals(OptionalLong.empty(), e.data().rowLimit());
        assertEquals(Optional.empty(), e.data().isPartialReload());
        assertEquals(List.of(), e.data().errors());
        assertEquals(List.of(), e.data().warnings());
        assertEquals(OptionalLong.empty(), e.data().sizeMemory());
        assertEquals(Optional.of(0), e.data().statements());
        assertEquals(Optional.of(Map.of()), e.data().usage());
        assertEquals(List.of(
                "source: expected a string, found the number 17; ignored",
                "eventTypeVersion: expected a string, found the number 1; ignored",
                "extensions.userId: expected a string, found an array; ignored",
                "data.duration: expected a whole number, found the string \"5 s\"; ignored",
                "data.errors: expected an array, found the string \"Script error\"; ignored",
                "data.isPartialReload: expected true or false, found the string \"false\"; ignored",
                "data.peakMemoryBytes: expected a whole number, found the string \"256 MB\"; ignored",
                "data.rowLimit: expected a whole number, found the number 12.5; ignored",
                "data.size: expected an object, found the number 42; ignored"), e.fieldProblems());
        assertTrue(e.failed());
        assertEquals("256 MB", e.data().json().get("peakMemoryBytes"), "the raw JSON keeps the value");
    }

    @Test
    void fromJson_missingData_refusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample(QlikCloudSamples.NO_DATA));
        assertEquals("data: missing; expected an object", e.getMessage());
    }

    @Test
    void fromJson_requiredFields_refusedWithFieldFoundAndExpected() {
        assertEquals("eventType: missing; expected \"com.qlik.v1.app.reload.finished\"", refused("{}").getMessage());
        assertEquals("eventType: expected \"com.qlik.v1.app.reload.finished\", found the string \"com.qlik.v1.app.opened\"",
                refused(QlikCloudSamples.text(QlikCloudSamples.APP_OPENED)).getMessage());
        assertTrue(refused(QlikCloudSamples.text(QlikCloudSamples.CLOUDEVENTS_1_0)).getMessage()
                .contains("CloudEvents 1.0 form"));
        String ok = "{\"eventType\":\"com.qlik.v1.app.reload.finished\",\"extensions\":{\"tenantId\":\"t\"},"
                + "\"data\":{\"status\":\"error\"}}";
        assertEquals("t", QlikCloudAppReloadFinished.fromJson((JsonObject) Json.parse(ok, 8)).extensions().tenantId());
        assertEquals("extensions: expected an object, found the string \"t\"",
                refused(ok.replace("{\"tenantId\":\"t\"}", "\"t\"")).getMessage());
        assertEquals("extensions.tenantId: expected a string, found the number 7",
                refused(ok.replace("\"tenantId\":\"t\"", "\"tenantId\":7")).getMessage());
        assertEquals("extensions.tenantId: missing; expected a string",
                refused(ok.replace("\"tenantId\":\"t\"", "\"tenant\":\"t\"")).getMessage());
        assertEquals("data: expected an object, found null", refused(ok.replace("{\"status\":\"error\"}", "null")).getMessage());
        assertEquals("data.status: expected a string, found true",
                refused(ok.replace("\"status\":\"error\"", "\"status\":true")).getMessage());
        assertThrows(NullPointerException.class, () -> QlikCloudAppReloadFinished.fromJson(null));
    }

    @Test
    void describe_longOrControlCharacterStrings_excerptedAndEscaped() {
        String ok = "{\"eventType\":\"com.qlik.v1.app.reload.finished\",\"extensions\":{\"tenantId\":\"t\"},"
                + "\"data\":{\"status\":\"error\",\"name\":42,\"duration\":\"" + "x".repeat(5000) + "\\n\"}}";
        List<String> problems = QlikCloudAppReloadFinished.fromJson((JsonObject) Json.parse(ok, 8)).fieldProblems();
        assertEquals("data.name: expected a string, found the number 42; ignored", problems.get(0));
        assertEquals("data.duration: expected a whole number, found the string \"" + "x".repeat(60)
                + "\" (5001 characters); ignored", problems.get(1));
        assertEquals("the string \"a\\u000ab\\\"\"", QlikCloudAppReloadFinished.describe("a\nb\""));
    }

    @Test
    void equalsHashCodeToString_byJson() {
        QlikCloudAppReloadFinished a = sample(QlikCloudSamples.FAILED);
        QlikCloudAppReloadFinished b = sample(QlikCloudSamples.FAILED);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.data(), b.data());
        assertEquals(a.extensions(), b.extensions());
        assertNotEquals(a, sample(QlikCloudSamples.SUCCEEDED));
        assertEquals("QlikCloudAppReloadFinished{tenantId=T3nant-ABC_123, appId=0b7c6d5e-4f3a-2b1c-9d8e-7f6a5b4c3d2e, "
                + "appName=Sales dashboard – Nordics, reloadId=c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f, status=error, "
                + "eventId=5b0e6f2c-9d41-4c8e-a7f3-2e1d0c9b8a76}", a.toString());
    }
}
