package io.butlermqtt;

/**
 * A message was refused at once because it is larger than a limit: {@code delivery.maxMessageBytes}
 * (payload bytes) from the settings, or, with MQTT 5, the maximum packet size the broker announced when
 * the client connected. Nothing of the refused event was queued or sent.
 *
 * <p>It has no stack trace: the message names the topic, the size and the limit.
 */
public final class MessageTooLargeException extends PublishFailedException {

    private static final long serialVersionUID = 1L;

    /** The size that exceeded the limit, in bytes. */
    private final long size;
    /** The limit that was exceeded, in bytes. */
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param topic the topic of the message that is too large
     * @param message what happened, naming the size and the limit
     * @param size the size that was measured, in bytes (payload, or whole packet for the broker's limit)
     * @param limit the limit, in bytes
     */
    public MessageTooLargeException(String topic, String message, long size, long limit) {
        super(topic, message, null, false);
        this.size = size;
        this.limit = limit;
    }

    /**
     * The size that exceeded the limit: the payload size for {@code delivery.maxMessageBytes}, the MQTT
     * packet size for the broker's maximum packet size.
     *
     * @return the size, in bytes
     */
    public long size() {
        return size;
    }

    /**
     * The limit that was exceeded.
     *
     * @return the limit, in bytes
     */
    public long limit() {
        return limit;
    }
}
