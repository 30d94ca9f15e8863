package io.butlermqtt;

/**
 * A snapshot of a {@link QlikCloudEventClient}'s counters, from {@link QlikCloudEventClient#stats()}.
 * Every message the client does not hand to the listener is counted in exactly one of the counters
 * after {@code received}, so that nothing is dropped silently. Counters start at 0 and only grow.
 *
 * @param received messages received on the subscription
 * @param delivered events handed to the {@link QlikCloudEventListener} (whatever the outcome of the call)
 * @param ignored messages that are not for the listener, as Butler ignores them: a topic that does not
 *     start with {@code appReloadTopic}, another {@code eventType}, or a successful reload while
 *     {@link QlikCloudSettings#deliverSuccessfulReloads()} is off
 * @param wrongTenant failed (or delivered successful) reloads of another tenant than
 *     {@link QlikCloudSettings#tenantId()}
 * @param alertsDisabled failed reloads of the right tenant not handed to the listener because
 *     {@link QlikCloudSettings#alertsEnabled()} ({@code Butler.qlikSenseCloud.enable}) is off; logged at
 *     INFO, as Butler logs them without alerting
 * @param invalid messages on the app-reload topic that are not an app-reload event this client can read:
 *     not JSON, not an object, nested deeper than {@link QlikCloudSettings#maxDepth()}, no string
 *     {@code eventType}, or a required field ({@code data}, {@code data.status}, {@code extensions},
 *     {@code extensions.tenantId}) missing or of the wrong type
 * @param tooLarge messages larger than {@link QlikCloudSettings#maxPayloadBytes()}, dropped unread
 * @param notUtf8 payloads that were not valid UTF-8; decoded as Node.js (and so Butler) decodes them,
 *     each bad sequence becoming U+FFFD, and handled further (so also counted elsewhere)
 * @param fieldProblems delivered events with an optional field of the wrong type, treated as absent
 *     (see {@link io.butlermqtt.event.QlikCloudAppReloadFinished#fieldProblems()})
 * @param listenerFailures listener calls that threw an exception (or could not be started)
 * @param listenerTimeouts listener calls still running after {@link QlikCloudSettings#listenerTimeout()}
 * @param reconnects connections made after the first one
 * @param sessionTakenOver whether the client stopped reconnecting because another client with the same
 *     client ID kept taking the session over
 */
public record QlikCloudStats(
        long received,
        long delivered,
        long ignored,
        long wrongTenant,
        long alertsDisabled,
        long invalid,
        long tooLarge,
        long notUtf8,
        long fieldProblems,
        long listenerFailures,
        long listenerTimeouts,
        long reconnects,
        boolean sessionTakenOver) {
}
