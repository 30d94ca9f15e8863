package io.butlermqtt.event;

/**
 * A Qlik Sense event that Butler publishes to MQTT. Each type maps to the messages of one row of
 * Butler's wire format; {@code SenseEventPublisher.messagesFor(event)} shows them.
 *
 * <table>
 *   <caption>Event types</caption>
 *   <tr><th>Type</th><th>Butler event</th></tr>
 *   <tr><td>{@link ReloadTaskFailed}</td><td>reload task failed (short and full message)</td></tr>
 *   <tr><td>{@link ReloadTaskAborted}</td><td>reload task aborted (short and full message)</td></tr>
 *   <tr><td>{@link EventSourceStatus}</td><td>Butler's UDP event source started or failed</td></tr>
 *   <tr><td>{@link ServiceStatus}</td><td>Windows service state</td></tr>
 *   <tr><td>{@link ServerLicenseStatus}</td><td>server license state and expiry alert</td></tr>
 *   <tr><td>{@link UserSessionEvent}</td><td>user session start / stop (Butler 5 and earlier)</td></tr>
 *   <tr><td>{@link UserConnectionEvent}</td><td>user connection open / close (Butler 5 and earlier)</td></tr>
 * </table>
 *
 * <p>All implementations are immutable and thread-safe, and are built with their static
 * {@code builder()}.
 */
public sealed interface SenseEvent
        permits ReloadTaskFailed, ReloadTaskAborted, EventSourceStatus, ServiceStatus, ServerLicenseStatus,
        UserSessionEvent, UserConnectionEvent {
}
