package io.butlermqtt.internal.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.internal.cloud.AppReloadFilter.Outcome;
import io.butlermqtt.internal.cloud.AppReloadFilter.Verdict;
import io.butlermqtt.testing.QlikCloudSamples;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Butler's filter rules, each on its own, on the sample events. */
class AppReloadFilterTest {

    private static final String TOPIC = "qscloud/app/reload/" + QlikCloudSamples.TENANT;

    private static QlikCloudSettings.Builder settings() {
        return QlikCloudSettings.builder().enabled(true).tenantId(QlikCloudSamples.TENANT);
    }

    private static Verdict judge(QlikCloudSettings.Builder s, String topic, byte[] payload) {
        return new AppReloadFilter(s.build()).judge(topic, ByteBuffer.wrap(payload).asReadOnlyBuffer());
    }

    private static Verdict judge(String topic, byte[] payload) {
        return judge(settings(), topic, payload);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void failedReload_ofTheTenant_onTheTopic_delivered() {
        Verdict v = judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
        assertEquals(Outcome.DELIVER, v.outcome());
        assertEquals("Sales dashboard – Nordics", v.event().appName().orElseThrow());
        assertTrue(v.validUtf8());
    }

    @Test
    void topic_mustStartWithAppReloadTopic_asPlainTextPrefix() {
        byte[] failed = QlikCloudSamples.bytes(QlikCloudSamples.FAILED);
        assertEquals(Outcome.DELIVER, judge("qscloud/app/reload", failed).outcome());
        assertEquals(Outcome.DELIVER, judge("qscloud/app/reloadXYZ", failed).outcome(), "Butler: startsWith");
        Verdict other = judge("qscloud/app/opened/" + QlikCloudSamples.TENANT, failed);
        assertEquals(Outcome.IGNORED, other.outcome());
        assertEquals("the topic does not start with qscloud/app/reload", other.reason());
        assertEquals(Outcome.IGNORED, judge("qscloud/other", utf8("not json at all")).outcome(),
                "another topic's payload is not read");
        assertEquals(Outcome.DELIVER, judge(settings().subscriptionRootTopic("gw/#").appReloadTopic("gw/reload"), "gw/reload/t", failed).outcome());
    }

    @Test
    void eventType_otherTypeIgnored_missingOrCloudEvents10Invalid() {
        Verdict opened = judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.APP_OPENED));
        assertEquals(Outcome.IGNORED, opened.outcome());
        assertEquals("eventType is \"com.qlik.v1.app.opened\"", opened.reason());
        Verdict ce10 = judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.CLOUDEVENTS_1_0));
        assertEquals(Outcome.INVALID, ce10.outcome());
        assertTrue(ce10.reason().contains("CloudEvents 1.0 form"), ce10.reason());
        assertEquals("no eventType", judge(TOPIC, utf8("{\"data\":{}}")).reason());
        assertEquals("eventType is not a string", judge(TOPIC, utf8("{\"eventType\":1}")).reason());
    }

    @Test
    void status_successIgnoredByDefault_deliveredWithTheOption() {
        byte[] ok = QlikCloudSamples.bytes(QlikCloudSamples.SUCCEEDED);
        Verdict off = judge(TOPIC, ok);
        assertEquals(Outcome.IGNORED, off.outcome());
        assertEquals("data.status is \"ok\" (only failed reloads are delivered; see deliverSuccessfulReloads)",
                off.reason());
        Verdict on = judge(settings().deliverSuccessfulReloads(true), TOPIC, ok);
        assertEquals(Outcome.DELIVER, on.outcome());
        assertFalse(on.event().failed());
        assertEquals(Outcome.DELIVER, judge(settings().deliverSuccessfulReloads(true), TOPIC,
                QlikCloudSamples.bytes(QlikCloudSamples.FAILED)).outcome());
    }

    @Test
    void tenant_mustEqualTheConfiguredOne() {
        Verdict v = judge(TOPIC, QlikCloudSamples.withTenant(QlikCloudSamples.FAILED, "other-tenant"));
        assertEquals(Outcome.WRONG_TENANT, v.outcome());
        assertEquals("extensions.tenantId \"other-tenant\" is not the configured tenant \"T3nant-ABC_123\"", v.reason());
        assertEquals("other-tenant", v.event().extensions().tenantId());
        assertEquals(Outcome.WRONG_TENANT, judge(TOPIC,
                QlikCloudSamples.withTenant(QlikCloudSamples.FAILED, "t3nant-abc_123")).outcome(), "case matters");
        assertEquals(Outcome.IGNORED, judge(TOPIC,
                QlikCloudSamples.withTenant(QlikCloudSamples.SUCCEEDED, "other")).outcome(),
                "as in Butler, the status is checked before the tenant");
    }

    @Test
    void alertsDisabled_failedReloadNotDelivered() {
        Verdict v = judge(settings().alertsEnabled(false), TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.FAILED));
        assertEquals(Outcome.ALERTS_DISABLED, v.outcome());
        assertEquals("Sales dashboard – Nordics", v.event().appName().orElseThrow());
    }

    @Test
    void partialReload_delivered_unexpectedTypes_deliveredWithFieldProblems() {
        assertEquals(Outcome.DELIVER, judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.PARTIAL_FAILED)).outcome());
        Verdict odd = judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.UNEXPECTED_TYPES));
        assertEquals(Outcome.DELIVER, odd.outcome());
        assertEquals(9, odd.event().fieldProblems().size());
    }

    @Test
    void missingOrMistypedRequiredFields_invalid() {
        assertEquals(new Verdict(Outcome.INVALID, null, "no data", true),
                judge(TOPIC, QlikCloudSamples.bytes(QlikCloudSamples.NO_DATA)));
        String base = "{\"eventType\":\"com.qlik.v1.app.reload.finished\",\"extensions\":{\"tenantId\":\"" + QlikCloudSamples.TENANT
                + "\"},\"data\":{\"status\":\"error\"}}";
        assertEquals(Outcome.DELIVER, judge(TOPIC, utf8(base)).outcome());
        assertEquals("data is not an object", judge(TOPIC, utf8(base.replace("{\"status\":\"error\"}", "[]"))).reason());
        assertEquals("no data.status", judge(TOPIC, utf8(base.replace("\"status\"", "\"state\""))).reason());
        assertEquals("data.status is not a string", judge(TOPIC, utf8(base.replace("\"error\"", "500"))).reason());
        assertEquals("extensions: missing; expected an object",
                judge(TOPIC, utf8(base.replace("\"extensions\"", "\"ext\""))).reason());
        assertEquals("extensions.tenantId: expected a string, found null",
                judge(TOPIC, utf8(base.replace("\"" + QlikCloudSamples.TENANT + "\"", "null"))).reason());
    }

    @Test
    void notJson_orNotAnObject_invalid() {
        Verdict v = judge(TOPIC, utf8("{\"eventType\": \"com.qlik.v1.app.reload.finished\","));
        assertEquals(Outcome.INVALID, v.outcome());
        assertTrue(v.reason().startsWith("not JSON: invalid JSON at line 1"), v.reason());
        assertEquals("not JSON: invalid JSON: no value (the text is empty or only whitespace)",
                judge(TOPIC, new byte[0]).reason());
        assertEquals("expected a JSON object (a CloudEvent), found an array", judge(TOPIC, utf8("[1,2]")).reason());
        assertEquals("expected a JSON object (a CloudEvent), found null", judge(TOPIC, utf8("null")).reason());
        assertEquals(Outcome.INVALID, judge(TOPIC, utf8("\uFEFF" + QlikCloudSamples.text(QlikCloudSamples.FAILED)))
                .outcome(), "a BOM makes JSON.parse fail in Node.js too");
    }

    @Test
    void size_tenMegabytes_tooLargeUnread_withinALargerLimit_delivered() {
        byte[] tenMb = QlikCloudSamples.failedOfSize(10 * 1024 * 1024);
        Verdict v = judge(TOPIC, tenMb);
        assertEquals(Outcome.TOO_LARGE, v.outcome());
        assertEquals("10485760 bytes, more than maxPayloadBytes (1048576)", v.reason());
        assertEquals(Outcome.DELIVER, judge(settings().maxPayloadBytes(16 * 1024 * 1024), TOPIC, tenMb).outcome());
        byte[] exact = QlikCloudSamples.failedOfSize(4096);
        assertEquals(Outcome.DELIVER, judge(settings().maxPayloadBytes(4096), TOPIC, exact).outcome());
        assertEquals(Outcome.TOO_LARGE, judge(settings().maxPayloadBytes(4095), TOPIC, exact).outcome());
    }

    @Test
    void depth_deeperThanMaxDepth_invalid() {
        // the event object is depth 0, data 1, usage 2: n arrays inside usage reach depth n + 1
        assertEquals(Outcome.DELIVER, judge(TOPIC, QlikCloudSamples.deeplyNested(30)).outcome());
        Verdict deep = judge(TOPIC, QlikCloudSamples.deeplyNested(31));
        assertEquals(Outcome.INVALID, deep.outcome());
        assertTrue(deep.reason().contains("nested more than 32 levels deep"), deep.reason());
        Verdict hostile = judge(TOPIC, QlikCloudSamples.deeplyNested(100_000));
        assertEquals(Outcome.INVALID, hostile.outcome(), "no StackOverflowError");
        assertEquals(Outcome.DELIVER, judge(settings().maxDepth(64), TOPIC, QlikCloudSamples.deeplyNested(62)).outcome());
    }

    @Test
    void invalidUtf8_decodedAsNodeJs_stillDelivered() {
        Verdict v = judge(TOPIC, QlikCloudSamples.invalidUtf8());
        assertEquals(Outcome.DELIVER, v.outcome());
        assertFalse(v.validUtf8());
        assertEquals(QlikCloudSamples.INVALID_UTF8_APP_NAME, v.event().appName().orElseThrow());
        Verdict garbage = judge(TOPIC, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00});
        assertEquals(Outcome.INVALID, garbage.outcome());
        assertFalse(garbage.validUtf8());
    }

    @Test
    void judge_doesNotMoveTheBuffer() {
        ByteBuffer b = ByteBuffer.wrap(QlikCloudSamples.bytes(QlikCloudSamples.FAILED)).asReadOnlyBuffer();
        new AppReloadFilter(settings().build()).judge(TOPIC, b);
        assertEquals(0, b.position());
        assertNull(judge("x", new byte[0]).event());
    }

    @Test
    void excerpt_boundedAndEscaped() {
        assertEquals("a\\u000ab", AppReloadFilter.excerpt("a\nb"));
        assertEquals("x".repeat(200) + "... (1000 characters)", AppReloadFilter.excerpt("x".repeat(1000)));
        assertEquals("\uD83D\uDE00 \\ud83d", AppReloadFilter.excerpt("\uD83D\uDE00 \uD83D"));
    }
}
