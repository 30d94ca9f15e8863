package io.butlermqtt;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ready {@link TaskStartListener} that starts the task through the Qlik Repository Service, as Butler
 * does when a task ID arrives on {@code taskStartTopic}:
 *
 * <pre>{@code
 * QrsClient qrs = QrsClient.create(config.qrs().orElseThrow());
 * ButlerMqttClient client = ButlerMqttClient.start(config.mqtt(), QrsTaskStarter.of(qrs));
 * }</pre>
 *
 * <p>Each call waits for {@link QrsClient#startTask(java.util.UUID)}, so the MQTT message is acknowledged after QRS
 * answered (or the timeouts passed); the outcome is logged by the client and counted here. It never throws:
 * a failed start is not retried and not delivered again. The allow-list ({@code startTaskFilter}) is the
 * client's: without it, anyone who can publish on the start-task topic can start any task.
 *
 * <p>Thread-safe; calls may overlap.
 */
public final class QrsTaskStarter implements TaskStartListener {

    private final QrsClient qrs;
    private final Map<TaskStartResult.Outcome, AtomicLong> counts = new EnumMap<>(TaskStartResult.Outcome.class);

    private QrsTaskStarter(QrsClient qrs) {
        this.qrs = qrs;
        for (TaskStartResult.Outcome o : TaskStartResult.Outcome.values()) {
            counts.put(o, new AtomicLong());
        }
    }

    /**
     * A listener that starts tasks through this client. The client is not closed by the listener.
     *
     * @param qrs the QRS client
     * @return the listener
     * @throws NullPointerException if {@code qrs} is null
     */
    public static QrsTaskStarter of(QrsClient qrs) {
        return new QrsTaskStarter(Objects.requireNonNull(qrs, "qrs"));
    }

    /**
     * Starts the task and waits for the outcome.
     *
     * @param request the task to start
     */
    @Override
    public void onTaskStart(TaskStartRequest request) {
        TaskStartResult result = qrs.startTask(request.taskId()).join();
        counts.get(result.outcome()).incrementAndGet();
    }

    /**
     * How the starts made by this listener ended.
     *
     * @return an immutable snapshot with every outcome (possibly 0)
     */
    public Map<TaskStartResult.Outcome, Long> counts() {
        Map<TaskStartResult.Outcome, Long> m = new EnumMap<>(TaskStartResult.Outcome.class);
        counts.forEach((k, v) -> m.put(k, v.get()));
        return Collections.unmodifiableMap(m);
    }

    /** Shows the client and the counts. */
    @Override
    public String toString() {
        return "QrsTaskStarter{" + qrs + ", " + counts() + '}';
    }
}
