package io.butlermqtt.internal.wire;

import io.butlermqtt.MqttMessage;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.EventSourceStatus;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import io.butlermqtt.event.ServerLicenseStatus;
import io.butlermqtt.event.ServiceStatus;
import io.butlermqtt.event.UserConnectionEvent;
import io.butlermqtt.event.UserSessionEvent;
import io.butlermqtt.internal.Topics;
import io.butlermqtt.internal.json.JsonWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Butler's wire format: the pure mapping from a {@link SenseEvent} to the MQTT messages Butler
 * sends for it (topics, exact payload bytes, order), with QoS and retain from
 * {@link MqttSettings#delivery()}. Used by the dry-run publisher and the live client.
 *
 * <p>Thread-safe. JSON payloads are written into a per-thread reusable buffer and copied out once.
 * A reload task's metadata record is written with {@link JsonWriter#valueKeepingForm(Object)}: an
 * event published a second time (a retry, another broker) copies the record's bytes instead of
 * encoding it again.
 *
 * <p>Internal: may change in any release.
 */
public final class WireFormat {

    /** A per-thread buffer that grew beyond this many bytes is dropped after use. */
    private static final int MAX_RETAINED_BUFFER = 256 * 1024;
    private static final int INITIAL_BUFFER = 8 * 1024;
    private static final ThreadLocal<JsonWriter> WRITER = ThreadLocal.withInitial(() -> new JsonWriter(INITIAL_BUFFER));

    private static final byte[] HOST_NAME = JsonWriter.encodeName("hostName");
    private static final byte[] USER = JsonWriter.encodeName("user");
    private static final byte[] TASK_NAME = JsonWriter.encodeName("taskName");
    private static final byte[] TASK_ID = JsonWriter.encodeName("taskId");
    private static final byte[] APP_NAME = JsonWriter.encodeName("appName");
    private static final byte[] APP_ID = JsonWriter.encodeName("appId");
    private static final byte[] LOG_TIME_STAMP = JsonWriter.encodeName("logTimeStamp");
    private static final byte[] LOG_LEVEL = JsonWriter.encodeName("logLevel");
    private static final byte[] EXECUTION_ID = JsonWriter.encodeName("executionId");
    private static final byte[] LOG_MESSAGE = JsonWriter.encodeName("logMessage");
    private static final byte[] QS_APP_TAGS = JsonWriter.encodeName("qs_appTags");
    private static final byte[] QS_APP_CUSTOM_PROPERTIES = JsonWriter.encodeName("qs_appCustomProperties");
    private static final byte[] QS_TASK_TAGS = JsonWriter.encodeName("qs_taskTags");
    private static final byte[] QS_TASK_CUSTOM_PROPERTIES = JsonWriter.encodeName("qs_taskCustomProperties");
    private static final byte[] QS_APP_METADATA = JsonWriter.encodeName("qs_appMetadata");
    private static final byte[] QS_TASK_METADATA = JsonWriter.encodeName("qs_taskMetadata");
    private static final byte[] NAME = JsonWriter.encodeName("name");
    private static final byte[] VALUE = JsonWriter.encodeName("value");

    private static final byte[] SERVICE_HOST = JsonWriter.encodeName("serviceHost");
    private static final byte[] SERVICE_NAME = JsonWriter.encodeName("serviceName");
    private static final byte[] SERVICE_FRIENDLY_NAME = JsonWriter.encodeName("serviceFriendlyName");
    private static final byte[] SERVICE_DISPLAY_NAME = JsonWriter.encodeName("serviceDisplayName");
    private static final byte[] SERVICE_DEPENDENCIES = JsonWriter.encodeName("serviceDependencies");
    private static final byte[] SERVICE_START_TYPE = JsonWriter.encodeName("serviceStartType");
    private static final byte[] SERVICE_EXE_PATH = JsonWriter.encodeName("serviceExePath");
    private static final byte[] SERVICE_STATUS = JsonWriter.encodeName("serviceStatus");
    private static final byte[] SERVICE_PREV_STATUS = JsonWriter.encodeName("servicePrevStatus");
    private static final byte[] SERVICE_STATUS_CHANGED = JsonWriter.encodeName("serviceStatusChanged");

    private static final byte[] LICENSE_EXPIRED = JsonWriter.encodeName("licenseExpired");
    private static final byte[] EXPIRY_DATE_STR = JsonWriter.encodeName("expiryDateStr");
    private static final byte[] DAYS_UNTIL_EXPIRY = JsonWriter.encodeName("daysUntilExpiry");

    private final MqttSettings settings;
    private final int qos;
    private final boolean retain;

    /**
     * Creates the mapping for the given settings.
     *
     * @param settings topics, send-full flags, license alert threshold and delivery options
     */
    public WireFormat(MqttSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.qos = settings.delivery().qos();
        this.retain = settings.delivery().retain();
    }

    /**
     * Returns the messages Butler sends for the event, in Butler's order.
     *
     * @param event the event
     * @return the messages (immutable, possibly empty)
     * @throws NullPointerException     if {@code event} is null
     * @throws IllegalArgumentException if a service topic built from the event is not a valid topic name
     */
    public List<MqttMessage> messagesFor(SenseEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof ReloadTaskFailed) {
            return reloadTaskFailed((ReloadTaskFailed) event);
        } else if (event instanceof ReloadTaskAborted) {
            return reloadTaskAborted((ReloadTaskAborted) event);
        } else if (event instanceof ServiceStatus) {
            return serviceStatus((ServiceStatus) event);
        } else if (event instanceof ServerLicenseStatus) {
            return serverLicense((ServerLicenseStatus) event);
        } else if (event instanceof EventSourceStatus) {
            EventSourceStatus e = (EventSourceStatus) event;
            String topic = e.source() == EventSourceStatus.Source.TASK_EVENTS
                    ? settings.taskFailureServerStatusTopic() : settings.sessionServerStatusTopic();
            return List.of(text(topic, e.status().payload()));
        } else if (event instanceof UserSessionEvent) {
            UserSessionEvent e = (UserSessionEvent) event;
            String topic = e.action() == UserSessionEvent.Action.START
                    ? settings.sessionStartTopic() : settings.sessionStopTopic();
            return List.of(text(topic, userText(e.host(), e.userDirectory(), e.userId())));
        } else if (event instanceof UserConnectionEvent) {
            UserConnectionEvent e = (UserConnectionEvent) event;
            String topic = e.action() == UserConnectionEvent.Action.OPEN
                    ? settings.connectionOpenTopic() : settings.connectionCloseTopic();
            return List.of(text(topic, userText(e.host(), e.userDirectory(), e.userId())));
        }
        throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
    }

    /**
     * Butler's "any message" (REST {@code PUT /v4/mqttpublishmessage}): the text as UTF-8 on the topic.
     *
     * @param topic the topic name
     * @param text  the text
     * @return the message
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException naming the topic and the rule, if it is not a valid topic name
     */
    public MqttMessage message(String topic, String text) {
        return MqttMessage.of(topic, text, qos, retain);
    }

    /**
     * Butler's "connected" message on {@link MqttSettings#BUTLER_STATUS_TOPIC}:
     * {@code Connected to MQTT broker <host>:<port> with client ID <clientId>}.
     *
     * @param host     the broker host as configured
     * @param port     the broker port
     * @param clientId the client ID in use
     * @return the message
     */
    public MqttMessage connectedMessage(String host, int port, String clientId) {
        return text(MqttSettings.BUTLER_STATUS_TOPIC,
                "Connected to MQTT broker " + host + ":" + port + " with client ID " + clientId);
    }

    // --- reload tasks ---------------------------------------------------------------------------

    private List<MqttMessage> reloadTaskFailed(ReloadTaskFailed e) {
        MqttMessage shortMessage = text(settings.taskFailureTopic(), e.taskName());
        if (!settings.taskFailureSendFull()) {
            return List.of(shortMessage);
        }
        JsonWriter w = writer();
        try {
            w.beginObject();
            taskFields(w, e.hostName(), e.user(), e.taskName(), e.taskId(), e.appName(), e.appId(),
                    e.logTimeStamp(), e.logLevel(), e.executionId(), e.logMessage());
            tagsAndProperties(w, e.appTags(), e.appCustomProperties(), e.taskTags(), e.taskCustomProperties());
            w.rawName(QS_TASK_METADATA).valueKeepingForm(e.taskMetadata());
            w.endObject();
            return List.of(shortMessage, Messages.wrap(settings.taskFailureFullTopic(), w.toByteArray(), qos, retain));
        } finally {
            release(w);
        }
    }

    private List<MqttMessage> reloadTaskAborted(ReloadTaskAborted e) {
        MqttMessage shortMessage = text(settings.taskAbortedTopic(), e.taskName());
        if (!settings.taskAbortedSendFull()) {
            return List.of(shortMessage);
        }
        JsonWriter w = writer();
        try {
            w.beginObject();
            taskFields(w, e.hostName(), e.user(), e.taskName(), e.taskId(), e.appName(), e.appId(),
                    e.logTimeStamp(), e.logLevel(), e.executionId(), e.logMessage());
            tagsAndProperties(w, e.appTags(), e.appCustomProperties(), e.taskTags(), e.taskCustomProperties());
            w.rawName(QS_APP_METADATA).valueKeepingForm(e.appMetadata());
            w.rawName(QS_TASK_METADATA).valueKeepingForm(e.taskMetadata());
            w.endObject();
            return List.of(shortMessage, Messages.wrap(settings.taskAbortedFullTopic(), w.toByteArray(), qos, retain));
        } finally {
            release(w);
        }
    }

    private static void tagsAndProperties(JsonWriter w, List<String> appTags, List<CustomProperty> appProperties,
            List<String> taskTags, List<CustomProperty> taskProperties) {
        w.rawName(QS_APP_TAGS);
        strings(w, appTags);
        w.rawName(QS_APP_CUSTOM_PROPERTIES);
        properties(w, appProperties);
        w.rawName(QS_TASK_TAGS);
        strings(w, taskTags);
        w.rawName(QS_TASK_CUSTOM_PROPERTIES);
        properties(w, taskProperties);
    }

    private static void taskFields(JsonWriter w, String hostName, Optional<String> user, String taskName,
            String taskId, Optional<String> appName, Optional<String> appId, Optional<String> logTimeStamp,
            Optional<String> logLevel, Optional<String> executionId, Optional<String> logMessage) {
        w.rawName(HOST_NAME).value(hostName);
        w.rawName(USER).value(user.orElse(""));
        w.rawName(TASK_NAME).value(taskName);
        w.rawName(TASK_ID).value(taskId);
        w.rawName(APP_NAME).value(appName.orElse(""));
        w.rawName(APP_ID).value(appId.orElse(""));
        w.rawName(LOG_TIME_STAMP).value(logTimeStamp.orElse(""));
        w.rawName(LOG_LEVEL).value(logLevel.orElse(""));
        w.rawName(EXECUTION_ID).value(executionId.orElse(""));
        w.rawName(LOG_MESSAGE).value(logMessage.orElse(""));
    }

    private static void strings(JsonWriter w, List<String> list) {
        w.beginArray();
        for (int i = 0, n = list.size(); i < n; i++) { // the events' lists are random-access
            w.value(list.get(i));
        }
        w.endArray();
    }

    private static void properties(JsonWriter w, List<CustomProperty> list) {
        w.beginArray();
        for (int i = 0, n = list.size(); i < n; i++) {
            CustomProperty p = list.get(i);
            w.beginObject();
            w.rawName(NAME).value(p.name());
            w.rawName(VALUE).value(p.value());
            w.endObject();
        }
        w.endArray();
    }

    // --- Windows services -----------------------------------------------------------------------

    private List<MqttMessage> serviceStatus(ServiceStatus e) {
        List<MqttMessage> out = new ArrayList<>(2);
        String suffix = "/" + e.serviceHost() + "/" + e.serviceName();
        if (e.serviceStatusChanged()) {
            boolean stopped = ServiceStatus.STOPPED.equals(e.serviceStatus());
            boolean running = ServiceStatus.RUNNING.equals(e.serviceStatus());
            String prefix = stopped ? settings.serviceStoppedTopic() : running ? settings.serviceRunningTopic() : "";
            if (!prefix.isEmpty()) {
                JsonWriter w = writer();
                try {
                    w.beginObject();
                    w.rawName(SERVICE_HOST).value(e.serviceHost());
                    w.rawName(SERVICE_NAME).value(e.serviceName());
                    if (stopped) {
                        w.rawName(SERVICE_FRIENDLY_NAME).value(e.serviceFriendlyName().orElse(""));
                        w.rawName(SERVICE_DISPLAY_NAME).value(e.serviceDisplayName().orElse(""));
                    } else {
                        w.rawName(SERVICE_DISPLAY_NAME).value(e.serviceDisplayName().orElse(""));
                        w.rawName(SERVICE_FRIENDLY_NAME).value(e.serviceFriendlyName().orElse(""));
                    }
                    serviceDetails(w, e);
                    w.rawName(SERVICE_PREV_STATUS).value(e.servicePrevStatus().orElse(""));
                    w.rawName(SERVICE_STATUS_CHANGED).value(true);
                    w.endObject();
                    out.add(Messages.wrap(serviceTopic(prefix, suffix), w.toByteArray(), qos, retain));
                } finally {
                    release(w);
                }
            }
        }
        String statusPrefix = settings.serviceStatusTopic();
        if (!statusPrefix.isEmpty()) {
            JsonWriter w = writer();
            try {
                w.beginObject();
                w.rawName(SERVICE_HOST).value(e.serviceHost());
                w.rawName(SERVICE_NAME).value(e.serviceName());
                w.rawName(SERVICE_DISPLAY_NAME).value(e.serviceDisplayName().orElse(""));
                w.rawName(SERVICE_FRIENDLY_NAME).value(e.serviceFriendlyName().orElse(""));
                serviceDetails(w, e);
                w.endObject();
                out.add(Messages.wrap(serviceTopic(statusPrefix, suffix), w.toByteArray(), qos, retain));
            } finally {
                release(w);
            }
        }
        return List.copyOf(out);
    }

    private static void serviceDetails(JsonWriter w, ServiceStatus e) {
        w.rawName(SERVICE_DEPENDENCIES);
        strings(w, e.serviceDependencies());
        w.rawName(SERVICE_START_TYPE).value(e.serviceStartType().orElse(""));
        w.rawName(SERVICE_EXE_PATH).value(e.serviceExePath().orElse(""));
        w.rawName(SERVICE_STATUS).value(e.serviceStatus());
    }

    private static String serviceTopic(String prefix, String suffix) {
        String topic = prefix + suffix;
        String problem = Topics.topicNameProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException("service topic " + Topics.quote(topic)
                    + " is not a valid MQTT topic name: it " + problem);
        }
        return topic;
    }

    // --- license --------------------------------------------------------------------------------

    private List<MqttMessage> serverLicense(ServerLicenseStatus e) {
        JsonWriter w = writer();
        MqttMessage status;
        try {
            w.beginObject();
            w.rawName(LICENSE_EXPIRED).value(e.licenseExpired());
            w.rawName(EXPIRY_DATE_STR).value(e.expiryDateStr());
            w.rawName(DAYS_UNTIL_EXPIRY).value((long) e.daysUntilExpiry());
            w.endObject();
            status = Messages.wrap(settings.qlikSenseServerLicenseTopic(), w.toByteArray(), qos, retain);
        } finally {
            release(w);
        }
        String alert = null;
        if (e.licenseExpired()) {
            alert = "Qlik Sense server license expired on " + e.expiryDateStr();
        } else if (e.daysUntilExpiry() <= settings.serverLicenseAlertThresholdDays()) {
            alert = "Qlik Sense server license is about to expire in " + e.daysUntilExpiry() + " days, on "
                    + e.expiryDateStr();
        }
        if (alert == null) {
            return List.of(status);
        }
        return List.of(status, text(settings.qlikSenseServerLicenseExpireTopic(), alert));
    }

    // --- helpers --------------------------------------------------------------------------------

    private static String userText(String host, String userDirectory, String userId) {
        return host + ": " + userDirectory + "/" + userId;
    }

    /** A text message on a topic from the settings (already validated there). */
    private MqttMessage text(String topic, String text) {
        return Messages.wrap(topic, JsonWriter.utf8(text), qos, retain);
    }

    private static JsonWriter writer() {
        return WRITER.get().reset();
    }

    private static void release(JsonWriter w) {
        if (w.capacity() > MAX_RETAINED_BUFFER) {
            WRITER.remove();
        }
    }
}
