package io.butlermqtt;

import io.butlermqtt.event.QlikCloudAppReloadFinished;
import java.time.Instant;
import java.util.Objects;

/**
 * One Qlik Cloud event received over MQTT, handed to
 * {@link QlikCloudEventListener#onAppReloadFinished(QlikCloudEventContext)}. Immutable.
 *
 * <p>A final class rather than a record, so that later versions can add information without breaking
 * code that uses it.
 */
public final class QlikCloudEventContext {

    private final QlikCloudAppReloadFinished event;
    private final String topic;
    private final Instant receivedAt;

    private QlikCloudEventContext(QlikCloudAppReloadFinished event, String topic, Instant receivedAt) {
        this.event = Objects.requireNonNull(event, "event");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * Creates a context, for example in a test of a listener.
     *
     * @param event the event
     * @param topic the topic it arrived on
     * @param receivedAt when it arrived
     * @return the context
     * @throws NullPointerException naming a null argument
     */
    public static QlikCloudEventContext of(QlikCloudAppReloadFinished event, String topic, Instant receivedAt) {
        return new QlikCloudEventContext(event, topic, receivedAt);
    }

    /**
     * The app reload that finished: failed, unless {@link QlikCloudSettings#deliverSuccessfulReloads()} is on.
     *
     * @return the event
     */
    public QlikCloudAppReloadFinished event() {
        return event;
    }

    /**
     * The MQTT topic the event arrived on (under {@link QlikCloudSettings#appReloadTopic()}, e.g.
     * {@code qscloud/app/reload/<tenantId>}).
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * When the client received the message.
     *
     * @return the arrival time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QlikCloudEventContext)) {
            return false;
        }
        QlikCloudEventContext c = (QlikCloudEventContext) o;
        return event.equals(c.event) && topic.equals(c.topic) && receivedAt.equals(c.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, topic, receivedAt);
    }

    @Override
    public String toString() {
        return "QlikCloudEventContext{" + event + ", topic=" + topic + ", receivedAt=" + receivedAt + '}';
    }
}
