package io.butlermqtt.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventBuildersTest {

    private static ReloadTaskFailed.Builder minimalFailed() {
        return ReloadTaskFailed.builder().hostName("h").taskName("t").taskId("i");
    }

    private static void assertMissing(String message, Runnable build) {
        IllegalStateException e = assertThrows(IllegalStateException.class, build::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void reloadTaskFailed_missingRequired_namesTheField() {
        assertMissing("ReloadTaskFailed.hostName is required, but was not set",
                () -> ReloadTaskFailed.builder().taskName("t").taskId("i").build());
        assertMissing("ReloadTaskFailed.taskName is required, but was not set",
                () -> ReloadTaskFailed.builder().hostName("h").taskId("i").build());
        assertMissing("ReloadTaskFailed.taskId is required, but was not set",
                () -> ReloadTaskFailed.builder().hostName("h").taskName("t").build());
    }

    @Test
    void reloadTaskAborted_missingRequired_namesTheField() {
        assertMissing("ReloadTaskAborted.hostName is required, but was not set",
                () -> ReloadTaskAborted.builder().taskName("t").taskId("i").build());
        assertMissing("ReloadTaskAborted.taskName is required, but was not set",
                () -> ReloadTaskAborted.builder().hostName("h").taskId("i").build());
        assertMissing("ReloadTaskAborted.taskId is required, but was not set",
                () -> ReloadTaskAborted.builder().hostName("h").taskName("t").build());
    }

    @Test
    void serviceStatus_missingRequired_namesTheField() {
        assertMissing("ServiceStatus.serviceHost is required, but was not set",
                () -> ServiceStatus.builder().serviceName("n").serviceStatus("RUNNING").build());
        assertMissing("ServiceStatus.serviceName is required, but was not set",
                () -> ServiceStatus.builder().serviceHost("h").serviceStatus("RUNNING").build());
        assertMissing("ServiceStatus.serviceStatus is required, but was not set",
                () -> ServiceStatus.builder().serviceHost("h").serviceName("n").build());
    }

    @Test
    void serverLicense_missingRequired_namesTheField() {
        assertMissing("ServerLicenseStatus.licenseExpired is required, but was not set",
                () -> ServerLicenseStatus.builder().expiryDateStr("d").daysUntilExpiry(1).build());
        assertMissing("ServerLicenseStatus.expiryDateStr is required, but was not set",
                () -> ServerLicenseStatus.builder().licenseExpired(false).daysUntilExpiry(1).build());
        assertMissing("ServerLicenseStatus.daysUntilExpiry is required, but was not set",
                () -> ServerLicenseStatus.builder().licenseExpired(false).expiryDateStr("d").build());
    }

    @Test
    void serverLicense_negativeDays_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerLicenseStatus.builder().daysUntilExpiry(-1));
        assertEquals("daysUntilExpiry must be at least 0 (Butler sends the absolute number of days), but was -1",
                e.getMessage());
    }

    @Test
    void eventSourceStatus_missingRequired_namesTheField() {
        assertMissing("EventSourceStatus.source is required, but was not set",
                () -> EventSourceStatus.builder().status(EventSourceStatus.Status.START).build());
        assertMissing("EventSourceStatus.status is required, but was not set",
                () -> EventSourceStatus.builder().source(EventSourceStatus.Source.TASK_EVENTS).build());
    }

    @Test
    void userSessionAndConnection_missingRequired_namesTheField() {
        assertMissing("UserSessionEvent.action is required, but was not set",
                () -> UserSessionEvent.builder().host("h").userDirectory("d").userId("u").build());
        assertMissing("UserSessionEvent.host is required, but was not set",
                () -> UserSessionEvent.builder().action(UserSessionEvent.Action.START).userDirectory("d").userId("u").build());
        assertMissing("UserSessionEvent.userDirectory is required, but was not set",
                () -> UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("h").userId("u").build());
        assertMissing("UserSessionEvent.userId is required, but was not set",
                () -> UserSessionEvent.builder().action(UserSessionEvent.Action.START).host("h").userDirectory("d").build());
        assertMissing("UserConnectionEvent.action is required, but was not set",
                () -> UserConnectionEvent.builder().host("h").userDirectory("d").userId("u").build());
        assertMissing("UserConnectionEvent.userId is required, but was not set",
                () -> UserConnectionEvent.builder().action(UserConnectionEvent.Action.OPEN).host("h").userDirectory("d").build());
    }

    @Test
    void requiredSetter_null_throwsNamingTheField() {
        assertEquals("taskName must not be null",
                assertThrows(NullPointerException.class, () -> ReloadTaskFailed.builder().taskName(null)).getMessage());
        assertEquals("serviceHost must not be null",
                assertThrows(NullPointerException.class, () -> ServiceStatus.builder().serviceHost(null)).getMessage());
        assertEquals("CustomProperty.value must not be null",
                assertThrows(NullPointerException.class, () -> new CustomProperty("n", null)).getMessage());
    }

    @Test
    void tags_nullElement_rejectedNamingIndex() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> minimalFailed().taskTags(Arrays.asList("a", null)).build());
        assertEquals("taskTags[1] must not be null", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qs/node", "+", "node#1", "a\u0000b", "", "x\ud800"})
    void serviceHost_topicBreaking_rejectedAtBuild(String host) {
        ServiceStatus.Builder b = ServiceStatus.builder().serviceHost(host).serviceName("QlikSenseEngineService")
                .serviceStatus("RUNNING");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals(true, e.getMessage().startsWith("ServiceStatus.serviceHost must "), e.getMessage());
    }

    @Test
    void serviceName_topicBreaking_messagesSayWhy() {
        ServiceStatus.Builder b = ServiceStatus.builder().serviceHost("qs-node-01").serviceStatus("RUNNING");
        assertEquals("ServiceStatus.serviceName must not contain '/': it becomes one level of the MQTT topic, "
                        + "but was \"Qlik/Engine\"",
                assertThrows(IllegalArgumentException.class, () -> b.serviceName("Qlik/Engine").build()).getMessage());
        assertEquals("ServiceStatus.serviceName must not contain '#': it becomes one level of the MQTT topic, "
                        + "but was \"Engine#2\"",
                assertThrows(IllegalArgumentException.class, () -> b.serviceName("Engine#2").build()).getMessage());
        assertEquals("ServiceStatus.serviceName must not be empty: it becomes a level of the MQTT topic",
                assertThrows(IllegalArgumentException.class, () -> b.serviceName("").build()).getMessage());
        assertEquals("ServiceStatus.serviceName must not contain U+0000 (not allowed in MQTT topics), but has it at index 1",
                assertThrows(IllegalArgumentException.class, () -> b.serviceName("a\u0000").build()).getMessage());
        assertEquals("ServiceStatus.serviceName must not contain control characters (MQTT: they should not be used in "
                        + "topics, and a broker may drop the connection for them), but has U+000A at index 6 (it becomes "
                        + "part of the MQTT topic): \"Engine\\nService\"",
                assertThrows(IllegalArgumentException.class, () -> b.serviceName("Engine\nService").build()).getMessage());
        // a huge, multi-line value is quoted in part, on one line
        String message = assertThrows(IllegalArgumentException.class,
                () -> b.serviceName("Qlik/\n" + "e".repeat(1_000_000)).build()).getMessage();
        assertEquals(true, message.length() < 500, message.length() + " characters");
        assertEquals(false, message.contains("\n"), message);
        // non-ASCII and spaces are fine
        assertEquals("Qlik Sense Motor \u00e5\u00e4\u00f6 \ud83d\ude00",
                b.serviceName("Qlik Sense Motor \u00e5\u00e4\u00f6 \ud83d\ude00").build().serviceName());
    }

    @Test
    void user_doubledBackslash_normalisedLikeButler() {
        assertEquals(Optional.of("DOMAIN\\svc_qlik"), minimalFailed().user("DOMAIN\\\\svc_qlik").build().user());
        assertEquals(Optional.of("DOMAIN\\svc_qlik"), minimalFailed().user("DOMAIN\\svc_qlik").build().user());
        // like JavaScript's replace(/\\\\/g, '\\'): pairs left to right
        assertEquals(Optional.of("a\\\\b"), minimalFailed().user("a\\\\\\\\b").build().user());
        assertEquals(Optional.of("a\\\\b"), minimalFailed().user("a\\\\\\b").build().user());
        assertEquals(Optional.empty(), minimalFailed().build().user());
        assertEquals(Optional.of("INTERNAL\\sa_scheduler"),
                ReloadTaskAborted.builder().hostName("h").taskName("t").taskId("i").user("INTERNAL\\\\sa_scheduler")
                        .build().user());
    }

    @Test
    void metadata_unsupportedType_rejectedNamingThePath() {
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("details", new ArrayList<>(List.of(Map.of("ok", 1), Map.of("when", java.time.Instant.EPOCH))));
        meta.put("operational", op);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(meta).build());
        assertEquals("taskMetadata.operational.details[1].when: unsupported type java.time.Instant; expected a Map "
                + "with String keys, a List, a String, a Number, a Boolean or null", e.getMessage());
    }

    @Test
    void metadata_setAndNonStringKey_rejected() {
        IllegalArgumentException set = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().appMetadata(Map.of("tags", new HashSet<>(List.of("a")))).build());
        assertEquals(true, set.getMessage().startsWith("appMetadata.tags: unsupported type java.util.HashSet"),
                set.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(Map.of("m", Map.of(1, "x"))).build());
        assertEquals("taskMetadata.m: map keys must be Strings, but found a key of type java.lang.Integer",
                key.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(Map.of("a b", List.of(new Object()))).build());
        assertEquals(true, odd.getMessage().startsWith("taskMetadata[\"a b\"][0]: unsupported type java.lang.Object"),
                odd.getMessage());
    }

    @Test
    void metadata_cycle_rejected() {
        Map<String, Object> meta = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        list.add(meta);
        meta.put("self", list);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(meta).build());
        assertEquals("taskMetadata.self[0]: cycle: this map contains itself", e.getMessage());
    }

    @Test
    void metadata_tooDeep_rejected_64levelsAccepted() {
        Object ok = "leaf";
        for (int i = 0; i < 64; i++) {
            ok = List.of(ok);
        }
        Object fine = ok;
        minimalFailed().taskMetadata(fine).build();
        Object deep = List.of(ok);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(deep).build());
        assertEquals("taskMetadata" + "[0]".repeat(64) + ": nested more than 64 levels deep", e.getMessage());
    }

    @Test
    void metadata_sharedReferencesExpandingWithoutLimit_rejectedAtBuild() {
        Object prev = Map.of("k", "v");
        for (int i = 0; i < 40; i++) {
            prev = List.of(prev, prev); // a few dozen objects, 2^40 as JSON
        }
        Object meta = Map.of("operational", prev);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> minimalFailed().taskMetadata(meta).build());
        assertEquals(true, e.getMessage().startsWith("taskMetadata.operational[0]"), e.getMessage());
        assertEquals(true, e.getMessage().contains("more than 2000000 values as JSON writes it"), e.getMessage());
    }

    @Test
    void metadata_deepCopiedAndImmutable() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", 1);
        List<Object> list = new ArrayList<>(Arrays.asList(inner, null, "x"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("list", list);
        ReloadTaskFailed e = minimalFailed().taskMetadata(meta).build();
        inner.put("n", 2);
        list.add("later");
        meta.put("extra", true);
        assertEquals("{list=[{n=1}, null, x]}", e.taskMetadata().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) e.taskMetadata();
        assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) copy.get("list")).clear());
    }

    @Test
    void metadata_arrayIndexKeysFirstAscending_likeAJavaScriptObject() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("b", 1);
        meta.put("10", 2);
        meta.put("a", 3);
        meta.put("2", 4);
        meta.put("01", 5);
        meta.put("4294967295", 6);
        ReloadTaskFailed e = minimalFailed().taskMetadata(meta).build();
        assertEquals(List.of("2", "10", "b", "a", "01", "4294967295"),
                new ArrayList<>(((Map<?, ?>) e.taskMetadata()).keySet()));
    }

    @Test
    void metadata_defaults_emptyObject_nullAllowed() {
        assertEquals(Map.of(), minimalFailed().build().taskMetadata());
        assertEquals(Map.of(), minimalFailed().build().appMetadata());
        assertEquals(null, minimalFailed().taskMetadata(null).build().taskMetadata());
        assertEquals(List.of(), minimalFailed().build().appTags());
    }

    @Test
    void toBuilder_roundTripsAndModifies() {
        ReloadTaskFailed f = minimalFailed().user("D\\\\u").appTags(List.of("x")).taskMetadata(Map.of("k", "v")).build();
        assertEquals(f, f.toBuilder().build());
        assertEquals(f.hashCode(), f.toBuilder().build().hashCode());
        assertNotEquals(f, f.toBuilder().taskName("other").build());
        ReloadTaskAborted a = ReloadTaskAborted.builder().hostName("h").taskName("t").taskId("i").build();
        assertEquals(a, a.toBuilder().build());
        ServiceStatus s = ServiceStatus.builder().serviceHost("h").serviceName("n").serviceStatus("RUNNING")
                .serviceStatusChanged(true).serviceDependencies(List.of("HTTP")).build();
        assertEquals(s, s.toBuilder().build());
        ServerLicenseStatus l = ServerLicenseStatus.builder().licenseExpired(true).expiryDateStr("d").daysUntilExpiry(3).build();
        assertEquals(l, l.toBuilder().build());
        EventSourceStatus es = EventSourceStatus.builder().source(EventSourceStatus.Source.SESSION_EVENTS)
                .status(EventSourceStatus.Status.ERROR).build();
        assertEquals(es, es.toBuilder().build());
        UserSessionEvent us = UserSessionEvent.builder().action(UserSessionEvent.Action.STOP).host("h")
                .userDirectory("d").userId("u").build();
        assertEquals(us, us.toBuilder().build());
        UserConnectionEvent uc = UserConnectionEvent.builder().action(UserConnectionEvent.Action.CLOSE).host("h")
                .userDirectory("d").userId("u").build();
        assertEquals(uc, uc.toBuilder().build());
    }

    @Test
    void toString_hidesLogMessageText() {
        String s = minimalFailed().logMessage("secret-ish script line").build().toString();
        assertEquals(false, s.contains("secret-ish"), s);
        assertEquals(true, s.contains("logMessage=22 chars"), s);
    }
}
