package io.butlermqtt;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One start-task command, handed to {@link TaskStartListener#onTaskStart(TaskStartRequest)}. Immutable.
 *
 * <p>A final class rather than a record, so that later versions can add information (MQTT 5 user
 * properties, say) without breaking code that uses it.
 */
public final class TaskStartRequest {

    private final UUID taskId;
    private final String topic;
    private final Instant receivedAt;

    private TaskStartRequest(UUID taskId, String topic, Instant receivedAt) {
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * Creates a request, for example in a test of a listener.
     *
     * @param taskId the Sense task ID
     * @param topic the topic the command arrived on
     * @param receivedAt when it arrived
     * @return the request
     * @throws NullPointerException naming a null argument
     */
    public static TaskStartRequest of(UUID taskId, String topic, Instant receivedAt) {
        return new TaskStartRequest(taskId, topic, receivedAt);
    }

    /**
     * The ID of the Qlik Sense task to start: the message payload, trimmed, parsed as a UUID.
     *
     * @return the task ID
     */
    public UUID taskId() {
        return taskId;
    }

    /**
     * The topic the command arrived on ({@link MqttSettings#taskStartTopic()}).
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
        if (!(o instanceof TaskStartRequest)) {
            return false;
        }
        TaskStartRequest r = (TaskStartRequest) o;
        return taskId.equals(r.taskId) && topic.equals(r.topic) && receivedAt.equals(r.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskId, topic, receivedAt);
    }

    @Override
    public String toString() {
        return "TaskStartRequest{taskId=" + taskId + ", topic=" + topic + ", receivedAt=" + receivedAt + '}';
    }
}
