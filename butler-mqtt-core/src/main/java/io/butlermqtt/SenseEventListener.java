package io.butlermqtt;

/**
 * Where {@link SenseEventServer} hands its events: for an application that wants the events themselves,
 * not MQTT. (To publish them to MQTT, start the server with a {@link SenseEventPublisher} instead.)
 *
 * <p><b>Which events.</b> A {@code ReloadTaskFailed} or {@code ReloadTaskAborted} (what the
 * {@link ReloadTaskEnricher} made of a scheduler datagram), a {@code UserSessionEvent} or
 * {@code UserConnectionEvent} (user audit datagrams), and {@code EventSourceStatus}: {@code START} for each
 * port once it is bound, {@code ERROR} when binding fails or the socket fails later.
 *
 * <p><b>Threads.</b> Events from datagrams and a later {@code ERROR} are delivered on the server's worker
 * threads ({@code butler-mqtt-event-worker-N}), never on the thread that receives datagrams; up to
 * {@code messageQueue.maxConcurrent} calls (at most 64) may run at once, so make the implementation
 * thread-safe, and
 * events may arrive in another order than their datagrams. {@code START} (and the {@code ERROR} of a port
 * that cannot be bound) is delivered on the thread that calls {@code SenseEventServer.start}, before it
 * returns, so it precedes every event from that port.
 *
 * <p><b>Blocking.</b> A call may block, but it holds one of the {@code maxConcurrent} processing slots
 * meanwhile: a slow listener lets the queue fill up, and datagrams that find it full are dropped and
 * counted ({@link EventServerStats#queueFull()}). Keep calls short, or hand the work on.
 *
 * <p><b>Exceptions.</b> An exception thrown here is logged as an ERROR (the first with its stack trace,
 * then a count per {@code dropLogInterval}) and counted in {@link EventServerStats#listenerFailures()}; the
 * server goes on.
 */
@FunctionalInterface
public interface SenseEventListener {

    /**
     * Handles one event.
     *
     * @param received the event, and where and when its datagram arrived
     * @throws Exception to report a failure; it is logged and counted, never rethrown
     */
    void onEvent(ReceivedEvent received) throws Exception;
}
