package io.butlermqtt.json;

/**
 * Thrown by {@link Json#parse(String, int)} when the text is not JSON, or is JSON beyond the limits
 * (nesting depth, number of values, characters). The message says where (line and column) and why.
 */
public final class InvalidJsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where and why
     */
    public InvalidJsonException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message where and why
     * @param cause the parser's exception
     */
    public InvalidJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
