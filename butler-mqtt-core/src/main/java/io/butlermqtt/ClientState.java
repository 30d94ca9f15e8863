package io.butlermqtt;

/**
 * The connection state of a {@link ButlerMqttClient}, as returned by {@link ButlerMqttClient#state()}.
 *
 * <p>Publishing works in every state but {@link #CLOSED}: while the client is not connected, messages
 * wait in the outbox and go out, in order, once it is.
 */
public enum ClientState {

    /** Started; the first connection has not been made yet (the client keeps trying in the background). */
    CONNECTING,

    /** Connected to the broker. */
    CONNECTED,

    /**
     * The connection was lost and the client reconnects in the background, or it stopped trying because
     * another client with the same client ID keeps taking the session over (logged as an ERROR; see
     * {@link ClientStats#sessionTakenOver()}), or MQTT is disabled in the settings.
     */
    DISCONNECTED,

    /** {@link ButlerMqttClient#close()} was called; publishes fail with {@link ClientClosedException}. */
    CLOSED
}
