package io.butlermqtt;

/**
 * A snapshot of a {@link ButlerMqttClient}'s counters, from {@link ButlerMqttClient#stats()}. Every
 * message the client drops or refuses is counted here, so that nothing is lost silently. Counters start
 * at 0 when the client starts and only grow, except {@link #outboxSize()}.
 *
 * @param published messages the broker acknowledged (QoS 1 and 2) or that were written to the
 *     connection (QoS 0)
 * @param publishFailed messages whose future failed for another reason than a full outbox or a close:
 *     the broker refused them, they could not be sent, or they were larger than
 *     {@code delivery.maxMessageBytes} or the broker's maximum packet size ({@link MessageTooLargeException})
 * @param outboxSize messages accepted but not yet acknowledged: waiting in the outbox or in flight
 * @param outboxRejected messages refused with {@link OutboxFullException} because the outbox was full
 * @param closedUndelivered messages that were still waiting when {@link ButlerMqttClient#close()} gave
 *     up, or published after it, and failed with {@link ClientClosedException}
 * @param taskStartsDelivered start-task commands handed to the {@link TaskStartListener} (whatever the
 *     outcome of the call)
 * @param taskStartsDropped start-task messages dropped because the payload was not a task ID (not a
 *     UUID, empty, not UTF-8, or larger than {@code taskStart.maxPayloadBytes}), or because no listener
 *     was registered
 * @param listenerFailures listener calls that threw an exception (or could not be started)
 * @param listenerTimeouts listener calls still running after {@code taskStart.listenerTimeout}
 * @param reconnects connections made after the first one
 * @param sessionTakenOver whether the client stopped reconnecting because another client with the same
 *     client ID kept taking the session over
 * @param messagesGivenUp messages given up because the connection was lost several times right after
 *     they were sent (a "poison" message the broker refuses by dropping the connection, e.g. one larger
 *     than it accepts); their futures failed with {@link PublishFailedException} and the messages behind
 *     them were sent on. Not counted in {@code publishFailed}
 */
public record ClientStats(
        long published,
        long publishFailed,
        int outboxSize,
        long outboxRejected,
        long closedUndelivered,
        long taskStartsDelivered,
        long taskStartsDropped,
        long listenerFailures,
        long listenerTimeouts,
        long reconnects,
        boolean sessionTakenOver,
        long messagesGivenUp) {
}
