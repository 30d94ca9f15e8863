package io.butlermqtt.internal.client;

import io.butlermqtt.ClientState;
import io.butlermqtt.ClientStats;
import io.butlermqtt.SenseEventPublisher;

/**
 * What {@code ButlerMqttClient} delegates to: a live client ({@link ClientAssembly}) or a disabled one.
 *
 * <p>Internal: may change in any release.
 */
public interface ClientHandle {

    /** @return the publisher */
    SenseEventPublisher publisher();

    /** @return the connection state now */
    ClientState state();

    /** @return a snapshot of the counters */
    ClientStats stats();

    /** @return the client ID, empty when disabled */
    String clientId();

    /** Closes; idempotent. */
    void close();
}
