package io.butlermqtt.internal.settings;

import io.butlermqtt.ButlerTopics;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.MqttSettings.AzureEventGrid;
import io.butlermqtt.MqttSettings.Delivery;
import io.butlermqtt.MqttSettings.Outbox;
import io.butlermqtt.MqttSettings.QlikSenseCloudForward;
import io.butlermqtt.MqttSettings.TaskStart;
import io.butlermqtt.internal.Topics;
import java.time.Duration;

/**
 * The rules {@link MqttSettings.Builder#build()} applies, in the order the settings are documented, so that
 * {@link InvalidSettingsException} lists the problems in that order. Problems name Butler's keys
 * ({@code brokerPort}, {@code taskStartTopic}) and the extensions' {@code <group>.<name>}
 * ({@code outbox.capacity}).
 *
 * <p>Internal: may change in any release.
 */
public final class MqttSettingsRules {

    private MqttSettingsRules() {
    }

    /**
     * Checks every value and every rule between values.
     *
     * @param s the settings, not yet handed out
     * @throws InvalidSettingsException listing every problem
     */
    public static void check(MqttSettings s) {
        SettingsProblems p = new SettingsProblems();
        p.host("brokerHost", s.brokerHost(), s.enabled());
        p.port("brokerPort", s.brokerPort());
        azureEventGrid(p, s.azureEventGrid());
        topics(p, s.topics(), s.serverLicenseAlertThresholdDays());
        cloudForward(p, s.qlikSenseCloudForward());
        delivery(p, s.delivery());
        s.connection().clientId().ifPresent(id -> {
            p.clientId("connection.clientId", id);
            AzureEventGrid azure = s.azureEventGrid();
            if (azure.enabled() && !id.equals(azure.clientId())) {
                p.add("connection.clientId", "must be empty or equal to azureEventGrid.clientId "
                        + Topics.quote(azure.clientId()) + " when azureEventGrid is enabled, but was "
                        + Topics.quote(id));
            }
        });
        p.connectionTimes(s.connection());
        p.username("credentials.username", s.credentials());
        p.tls(s.tls());
        p.reconnect(s.reconnect());
        outbox(p, s.outbox());
        taskStart(p, s.taskStart());
        if (s.availability().enabled()) {
            p.topicName("availability.topic", s.availability().topic(), false);
            if (s.availability().topic().equals(s.taskStartTopic())) {
                p.add("availability.topic", "must differ from taskStartTopic");
            }
        }
        p.throwIfAny("MQTT");
    }

    private static void azureEventGrid(SettingsProblems p, AzureEventGrid a) {
        if (!a.enabled()) {
            return;
        }
        if (a.clientId().isBlank()) {
            p.add("azureEventGrid.clientId", "must not be empty when azureEventGrid is enabled");
        } else {
            p.clientId("azureEventGrid.clientId", a.clientId());
        }
        if (a.clientCertFile().isEmpty()) {
            p.add("azureEventGrid.clientCertFile", "must be set when azureEventGrid is enabled");
        }
        if (a.clientKeyFile().isEmpty()) {
            p.add("azureEventGrid.clientKeyFile", "must be set when azureEventGrid is enabled");
        }
    }

    /** Butler's topics, with the license threshold where Butler's template has it, among the topics. */
    private static void topics(SettingsProblems p, ButlerTopics t, int licenseThresholdDays) {
        boolean rootValid = p.topicFilter("subscriptionRootTopic", t.subscriptionRootTopic());
        if (p.topicName("taskStartTopic", t.taskStartTopic(), false) && rootValid
                && !Topics.matches(t.subscriptionRootTopic(), t.taskStartTopic())) {
            p.add("taskStartTopic", Topics.quote(t.taskStartTopic()) + " is not under subscriptionRootTopic "
                    + Topics.quote(t.subscriptionRootTopic()) + ", so it would never be received");
        }
        p.topicName("taskFailureTopic", t.taskFailureTopic(), false);
        p.topicName("taskFailureFullTopic", t.taskFailureFullTopic(), false);
        p.topicName("taskFailureServerStatusTopic", t.taskFailureServerStatusTopic(), false);
        p.topicName("taskAbortedTopic", t.taskAbortedTopic(), false);
        p.topicName("taskAbortedFullTopic", t.taskAbortedFullTopic(), false);
        p.topicName("serviceRunningTopic", t.serviceRunningTopic(), true);
        p.topicName("serviceStoppedTopic", t.serviceStoppedTopic(), true);
        p.topicName("serviceStatusTopic", t.serviceStatusTopic(), true);
        p.topicName("qlikSenseServerLicenseTopic", t.qlikSenseServerLicenseTopic(), false);
        p.topicName("qlikSenseServerLicenseExpireTopic", t.qlikSenseServerLicenseExpireTopic(), false);
        if (licenseThresholdDays < 0) {
            p.add("serverLicenseAlertThresholdDays", "must be 0 or more, but was " + licenseThresholdDays);
        }
        p.topicName("sessionStartTopic", t.sessionStartTopic(), false);
        p.topicName("sessionStopTopic", t.sessionStopTopic(), false);
        p.topicName("connectionOpenTopic", t.connectionOpenTopic(), false);
        p.topicName("connectionCloseTopic", t.connectionCloseTopic(), false);
        p.topicName("sessionServerStatusTopic", t.sessionServerStatusTopic(), false);
        p.topicName("activeUserCountTopic", t.activeUserCountTopic(), false);
        p.topicName("activeUsersTopic", t.activeUsersTopic(), false);
    }

    private static void cloudForward(SettingsProblems p, QlikSenseCloudForward q) {
        if (!q.enabled()) {
            return;
        }
        p.host("qlikSenseCloudForward.host", q.host(), true);
        p.port("qlikSenseCloudForward.port", q.port());
        p.username("qlikSenseCloudForward.username", q.credentials());
        p.topicFilter("qlikSenseCloudForward.subscriptionRootTopic", q.subscriptionRootTopic());
        p.topicName("qlikSenseCloudForward.appReloadTopic", q.appReloadTopic(), false);
    }

    private static void delivery(SettingsProblems p, Delivery d) {
        if (d.qos() < 0 || d.qos() > 2) {
            p.add("delivery.qos", "must be 0, 1 or 2, but was " + d.qos());
        }
        if (d.maxMessageBytes() < 1 || d.maxMessageBytes() > MqttSettings.DEFAULT_MAX_MESSAGE_BYTES) {
            p.add("delivery.maxMessageBytes", "must be 1.." + MqttSettings.DEFAULT_MAX_MESSAGE_BYTES
                    + " (bytes of payload), but was " + d.maxMessageBytes());
        }
    }

    private static void outbox(SettingsProblems p, Outbox o) {
        if (o.capacity() < 1 || o.capacity() > Outbox.MAX_CAPACITY) {
            p.add("outbox.capacity", "must be 1.." + Outbox.MAX_CAPACITY + ", but was " + o.capacity());
        }
        p.duration("outbox.closeTimeout", o.closeTimeout(), Duration.ZERO, Duration.ofHours(1));
    }

    private static void taskStart(SettingsProblems p, TaskStart t) {
        p.sharedSubscriptionGroup("taskStart.sharedSubscriptionGroup", t.sharedSubscriptionGroup());
        p.duration("taskStart.listenerTimeout", t.listenerTimeout(), Duration.ofMillis(1), Duration.ofHours(24));
        if (t.maxPayloadBytes() < 36 || t.maxPayloadBytes() > 1_048_576) {
            p.add("taskStart.maxPayloadBytes",
                    "must be 36..1048576 (a UUID has 36 characters), but was " + t.maxPayloadBytes());
        }
    }
}
