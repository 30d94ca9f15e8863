package io.butlermqtt;

/**
 * Called when a Qlik Sense task should be started: a message arrived on exactly
 * {@link MqttSettings#taskStartTopic()} whose payload, trimmed, is a task ID (a UUID). Register it with
 * {@link ButlerMqttClient#start(MqttSettings, TaskStartListener)}.
 *
 * <p><b>Threads.</b> Never called on the network thread. By default each call runs on a thread of a
 * pool the client owns (up to {@value ButlerMqttClient#LISTENER_THREADS} calls at once, so a slow call
 * does not delay the next task start); with {@link ButlerMqttClient#start(MqttSettings, TaskStartListener, java.util.concurrent.Executor)}
 * calls run on your executor. Calls may therefore overlap: make the implementation thread-safe.
 *
 * <p><b>Blocking and acknowledgement.</b> The call may block, for example on the Qlik Repository Service
 * request that starts the task. The message is acknowledged to the broker only after the call returned
 * (or threw), so a crash before that makes the broker deliver it again (with a persistent session, also
 * across a restart of the application): start tasks idempotently where you can. A call that takes longer
 * than {@code taskStart.listenerTimeout} (default 30 s, measured from the arrival of the message) is
 * logged as a warning and counted in {@link ClientStats#listenerTimeouts()}, and the message is
 * acknowledged anyway, because the broker receives acknowledgements in arrival order and one hanging
 * call would otherwise hold back every later one. The call itself is not interrupted (and a call that
 * was still waiting for a thread runs anyway, later).
 *
 * <p><b>Exceptions.</b> An exception thrown here is logged as an ERROR with its stack trace, counted in
 * {@link ClientStats#listenerFailures()}, and the message is acknowledged; the connection is not affected.
 * The broker does not deliver the message again.
 */
@FunctionalInterface
public interface TaskStartListener {

    /**
     * Starts the task, or arranges for it to be started.
     *
     * @param request the task ID and where and when it arrived
     * @throws Exception to report a failure; it is logged and counted, never rethrown
     */
    void onTaskStart(TaskStartRequest request) throws Exception;
}
