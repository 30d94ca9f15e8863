package io.butlermqtt.testing;

import io.butlermqtt.MqttSettings.MqttVersion;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Brokers for parameterised tests. Each kind starts lazily when a test asks for it, and a test for a kind
 * that is not available here is skipped with the reason, not failed:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "[{0}]")
 * @MethodSource("io.butlermqtt.testing.Brokers#local")
 * @Timeout(60)
 * void publish_arrives(Brokers.Kind kind) {
 *     TestBroker broker = kind.broker(); // skips when e.g. mosquitto is not installed
 *     ...
 * }
 * }</pre>
 */
public final class Brokers {

    private Brokers() {
    }

    /** The broker implementations tests run against. {@code toString()} is the display name. */
    public enum Kind {
        /** Embedded HiveMQ CE: always available. */
        HIVEMQ_CE("hivemq-ce", EmbeddedHiveMq::shared),
        /** Mosquitto child process: when the binary is installed. */
        MOSQUITTO("mosquitto", Mosquitto::shared),
        /** HiveMQ CE in Docker via Testcontainers: when a Docker engine is available. */
        HIVEMQ_CE_DOCKER("hivemq-ce-docker", ContainerHiveMq::shared);

        private final String displayName;
        private final Supplier<TestBroker> broker;

        Kind(String displayName, Supplier<TestBroker> broker) {
            this.displayName = displayName;
            this.broker = broker;
        }

        /**
         * The shared, running broker of this kind.
         *
         * @return the broker
         * @throws org.opentest4j.TestAbortedException (a skip) when this kind is not available here
         */
        public TestBroker broker() {
            return broker.get();
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    /**
     * The local brokers that support stop/start and a mutual-TLS listener: hivemq-ce and mosquitto.
     *
     * @return the kinds
     */
    public static Stream<Kind> local() {
        return Stream.of(Kind.HIVEMQ_CE, Kind.MOSQUITTO);
    }

    /**
     * An MQTT version as a test argument that shows as {@code MQTT 3.1.1} or {@code MQTT 5} in the test name.
     *
     * @param version the version
     * @return the named argument
     */
    public static Named<MqttVersion> named(MqttVersion version) {
        return Named.of(version == MqttVersion.MQTT_5 ? "MQTT 5" : "MQTT 3.1.1", version);
    }

    /**
     * {@link #local()} brokers with both MQTT versions, for tests named {@code "[{0}, {1}]"}:
     * {@code [mosquitto, MQTT 5]}.
     *
     * @return the pairs
     */
    public static Stream<Arguments> localWithVersions() {
        return local().flatMap(k -> Stream.of(Arguments.of(k, named(MqttVersion.MQTT_3_1_1)),
                Arguments.of(k, named(MqttVersion.MQTT_5))));
    }

    /**
     * Every kind, including the Docker container (plain TCP only, no restart).
     *
     * @return the kinds
     */
    public static Stream<Kind> all() {
        return Stream.of(Kind.values());
    }
}
