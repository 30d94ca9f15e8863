package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.butlermqtt.MqttSettings.Tls;
import io.butlermqtt.internal.cloud.CloudClientAssembly;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client without a broker: disabled settings, Butler's status text, the subscription, bad TLS files. */
class QlikCloudEventClientTest {

    @Test
    void disabled_connectsNowhere_closeIsIdempotent() {
        QlikCloudEventClient c = QlikCloudEventClient.start(QlikCloudSettings.builder().build(), ctx -> { });
        assertEquals(ClientState.DISCONNECTED, c.state());
        assertEquals("", c.clientId());
        assertEquals(new QlikCloudStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false), c.stats());
        c.close();
        c.close();
        assertEquals(ClientState.CLOSED, c.state());
    }

    @Test
    void start_nullArguments_refused() {
        assertThrows(NullPointerException.class, () -> QlikCloudEventClient.start(null, ctx -> { }));
        assertThrows(NullPointerException.class, () -> QlikCloudEventClient.start(QlikCloudSettings.builder().build(), null));
        assertThrows(NullPointerException.class,
                () -> QlikCloudEventClient.start(QlikCloudSettings.builder().build(), ctx -> { }, null));
    }

    @Test
    void statusText_isButlers() {
        assertEquals("Connected to MQTT broker \"mqtts://mqtt.example.com:8765\" with client ID butler-1",
                CloudClientAssembly.statusText(true, "mqtt.example.com", 8765, "butler-1"));
        assertEquals("Connected to MQTT broker \"mqtt://10.0.0.5:1883\" with client ID x",
                CloudClientAssembly.statusText(false, "10.0.0.5", 1883, "x"));
    }

    @Test
    void subscriptionFilter_sharedWhenAGroupIsSet() {
        QlikCloudSettings.Builder b = QlikCloudSettings.builder();
        assertEquals("qscloud/#", CloudClientAssembly.subscriptionFilter(b.build()));
        assertEquals("$share/alerts/qscloud/#", CloudClientAssembly.subscriptionFilter(b.sharedSubscriptionGroup("alerts").build()));
    }

    @Test
    void start_missingCaFile_refusedNamingTheSettingAndTheFile() {
        Path missing = Path.of("target", "no-such-dir", "ca.pem");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> QlikCloudEventClient.start(
                QlikCloudSettings.builder().enabled(true).tenantId("t").brokerPort(1)
                        .tls(Tls.DEFAULT_ENABLED.withCaFile(missing)).build(), ctx -> { }));
        assertEquals(List.of("tls.caFile"), e.problems().stream().map(InvalidSettingsException.Problem::property).toList());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
