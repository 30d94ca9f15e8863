package io.butlermqtt;

import java.util.Objects;

/**
 * Thrown by {@code SenseEventServer.start} when the server cannot start: a port is in use or not
 * allowed, {@code serverHost} does not resolve or is not an address of this machine, or none of
 * {@code allowedSources} resolves. The message names the key, the host and the port. Nothing is left
 * running when it is thrown.
 */
public final class EventServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The key concerned, such as {@code portTaskFailure}. */
    private final String property;
    /** The host (or allowed source) concerned. */
    private final String host;
    /** The port concerned, or 0. */
    private final int port;

    /**
     * Creates the exception.
     *
     * @param property the setting concerned: {@code serverHost}, {@code portTaskFailure},
     *     {@code portSessionConnectionEvents} or {@code allowedSources}
     * @param host the host (or source) concerned
     * @param port the port concerned, or 0
     * @param message what went wrong, without the key, host and port (they are prepended)
     * @param cause the underlying exception, or null
     */
    public EventServerStartException(String property, String host, int port, String message, Throwable cause) {
        super("Cannot start the event server: udpServerConfig." + Objects.requireNonNull(property, "property")
                + " (" + Objects.requireNonNull(host, "host") + (port > 0 ? ":" + port : "") + "): " + message,
                cause);
        this.property = property;
        this.host = host;
        this.port = port;
    }

    /**
     * The setting concerned, Butler's key in {@code udpServerConfig}.
     *
     * @return {@code serverHost}, {@code portTaskFailure}, {@code portSessionConnectionEvents} or
     *     {@code allowedSources}
     */
    public String property() {
        return property;
    }

    /**
     * The host (or the allowed source) concerned.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The port concerned.
     *
     * @return the port, or 0 when none is concerned
     */
    public int port() {
        return port;
    }
}
