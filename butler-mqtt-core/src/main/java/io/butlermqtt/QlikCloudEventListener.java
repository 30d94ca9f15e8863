package io.butlermqtt;

/**
 * Called for a Qlik Cloud app reload that finished and passed Butler's filters: it arrived on a topic
 * starting with {@link QlikCloudSettings#appReloadTopic()}, its {@code eventType} is
 * {@code com.qlik.v1.app.reload.finished}, its {@code extensions.tenantId} is
 * {@link QlikCloudSettings#tenantId()}, and the reload failed ({@code data.status} {@code error}; also
 * successful ones with {@link QlikCloudSettings#deliverSuccessfulReloads()}). This is where Butler sends
 * its Teams, Slack or e-mail alert; register it with
 * {@link QlikCloudEventClient#start(QlikCloudSettings, QlikCloudEventListener)}.
 *
 * <p><b>Threads.</b> Never called on the network thread. By default each call runs on a thread of a pool
 * the client owns (up to {@value QlikCloudEventClient#LISTENER_THREADS} calls at once); with
 * {@link QlikCloudEventClient#start(QlikCloudSettings, QlikCloudEventListener, java.util.concurrent.Executor)}
 * on your executor. Calls may overlap and their order is not guaranteed: make the implementation
 * thread-safe.
 *
 * <p><b>Blocking and acknowledgement.</b> The call may block (sending an alert over HTTP, say). The
 * message is acknowledged to the broker only after the call returned or threw, so with a persistent
 * session an event that arrived while the application was down, or that was being handled when it
 * crashed, is delivered (again) when it is back: delivery is at least once, and
 * {@link io.butlermqtt.event.QlikCloudAppReloadFinished#eventId()} tells a repeat. A call that takes
 * longer than {@link QlikCloudSettings#listenerTimeout()} (measured from the arrival of the message) is
 * logged as a warning and counted in {@link QlikCloudStats#listenerTimeouts()}, and the message is
 * acknowledged anyway, because the broker receives acknowledgements in arrival order; the call itself
 * is not interrupted.
 *
 * <p><b>Exceptions.</b> An exception thrown here is logged as an ERROR with its stack trace, counted in
 * {@link QlikCloudStats#listenerFailures()}, and the message is acknowledged; the connection is not
 * affected and the event is not delivered again.
 */
@FunctionalInterface
public interface QlikCloudEventListener {

    /**
     * Handles a finished app reload, e.g. sends the application's alert.
     *
     * @param context the event, and where and when it arrived
     * @throws Exception to report a failure; it is logged and counted, never rethrown
     */
    void onAppReloadFinished(QlikCloudEventContext context) throws Exception;
}
