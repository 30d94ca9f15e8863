package io.butlermqtt;

/**
 * A publish failed because the {@link ButlerMqttClient} was closed: either the publish came after
 * {@link ButlerMqttClient#close()}, or the message was still waiting for the broker when close gave up
 * after {@code outbox.closeTimeout}.
 */
public final class ClientClosedException extends PublishFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param topic the topic of the message
     * @param message what happened
     */
    public ClientClosedException(String topic, String message) {
        super(topic, message, null);
    }
}
