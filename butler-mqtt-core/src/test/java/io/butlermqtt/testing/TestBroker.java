package io.butlermqtt.testing;

import java.util.OptionalInt;

/**
 * A real MQTT broker that a test can connect to and, where supported, stop and start again.
 *
 * <p>Implementations: {@link EmbeddedHiveMq} (always available), {@link Mosquitto} (when the binary is
 * installed) and a Testcontainers HiveMQ CE container (when Docker is available); see {@link Brokers}.
 * Instances are shared within a test JVM: use unique topics and client IDs per test, and leave a broker
 * running when the test ends.
 */
public interface TestBroker {

    /**
     * Short name for test display names and messages, e.g. {@code hivemq-ce} or {@code mosquitto}.
     *
     * @return the name
     */
    String name();

    /**
     * Host to connect to (a loopback address for local brokers).
     *
     * @return the host
     */
    String host();

    /**
     * Plain MQTT (TCP) port.
     *
     * @return the port
     */
    int port();

    /**
     * Port of the mutual-TLS listener (server certificate from {@link TestCertificates#shared()}, client
     * certificate required), if this broker has one.
     *
     * @return the TLS port, or empty
     */
    default OptionalInt tlsPort() {
        return OptionalInt.empty();
    }

    /**
     * Whether {@link #stop()}, {@link #start()} and {@link #restart()} are supported.
     *
     * @return true when the broker can be stopped and started again, keeping persistent sessions
     */
    boolean supportsRestart();

    /**
     * Stops the broker gracefully (persistent sessions and their queued messages are kept). Idempotent.
     */
    void stop();

    /**
     * Starts the broker again on the same port(s) and data; returns when it accepts connections.
     * Idempotent.
     */
    void start();

    /**
     * {@link #stop()} followed by {@link #start()}.
     */
    default void restart() {
        stop();
        start();
    }

    /**
     * Whether the broker is running now.
     *
     * @return true when started and not stopped
     */
    boolean isRunning();
}
