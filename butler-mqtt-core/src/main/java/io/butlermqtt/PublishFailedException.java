package io.butlermqtt;

/**
 * Why a publish future failed: the message did not reach the broker and will not be retried.
 *
 * <p>The subclasses {@link OutboxFullException} and {@link ClientClosedException} name the two
 * situations a caller can act on; an instance of this class itself means that the broker refused the
 * message (an MQTT 5 reason code such as "not authorized") or that the client could not send it (for
 * example a packet larger than the broker accepts). The message says which, with the topic.
 */
public class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The topic of the message that failed. */
    private final String topic;

    /**
     * Creates the exception.
     *
     * @param topic the topic of the message that failed
     * @param message what happened and what to do
     * @param cause the underlying error, or {@code null}
     */
    public PublishFailedException(String topic, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /**
     * Creates the exception, optionally without a stack trace (for refusals that can happen at a high
     * rate and whose message says everything).
     *
     * @param topic the topic of the message that failed
     * @param message what happened and what to do
     * @param cause the underlying error, or {@code null}
     * @param writableStackTrace whether to record the stack trace
     */
    protected PublishFailedException(String topic, String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.topic = topic;
    }

    /**
     * The topic of the (first) message that failed.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }
}
