package io.butlermqtt.internal.qrs;

import java.util.Objects;

/**
 * Why a QRS request gave no usable answer. The message says what happened and, where it helps, what to
 * check; it never holds a header value or a key. {@link #retryable()} tells whether trying again may help.
 */
public final class QrsFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No connection: refused, host unknown, network unreachable. Retried. */
        UNREACHABLE(true),
        /** No connection or no complete answer in time. Retried. */
        TIMEOUT(true),
        /** Another I/O error, e.g. the connection was closed mid-answer. Retried. */
        IO(true),
        /** An HTTP status that may heal (5xx, 408, 429). Retried. */
        SERVER_ERROR(true),
        /** An answer that is not the JSON expected (not JSON, not an array, not records). Retried. */
        GARBAGE(true),
        /** The TLS handshake failed: untrusted or misnamed server certificate, or our certificate refused. */
        TLS(false),
        /** An HTTP status that will not heal by itself (400, 401, 403, 404, ...). */
        REFUSED(false),
        /** The body is larger than {@code maxResponseBytes}. */
        TOO_LARGE(false),
        /** The JSON is nested deeper than {@code maxJsonDepth}. */
        TOO_DEEP(false),
        /** The client was closed. */
        CLOSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int status;

    /**
     * Creates a failure.
     *
     * @param kind what went wrong
     * @param status the HTTP status, or 0 when there was no response
     * @param message what happened, for logs and {@code detail()}
     * @param cause the underlying exception, or null
     */
    public QrsFailure(Kind kind, int status, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the HTTP status, or 0 when there was no response */
    public int status() {
        return status;
    }

    /** @return whether trying again may help */
    public boolean retryable() {
        return kind.retryable;
    }
}
