package io.butlermqtt.internal.wire;

import io.butlermqtt.MqttMessage;

/**
 * Creates {@link MqttMessage}s from a payload array the caller hands over, without the defensive
 * copy the public factory makes: the wire format builds each payload into a fresh array that
 * nobody else holds. {@code MqttMessage} installs the factory when its class initializes.
 *
 * <p>Internal: may change in any release.
 */
public final class Messages {

    /** Creates a message that owns the given payload array. */
    @FunctionalInterface
    public interface Factory {
        /**
         * Creates the message.
         *
         * @param topic   a valid topic name
         * @param payload the payload; the message takes ownership
         * @param qos     0..2
         * @param retain  the retain flag
         * @return the message
         */
        MqttMessage create(String topic, byte[] payload, int qos, boolean retain);
    }

    private static volatile Factory factory;

    private Messages() {
    }

    /**
     * Installs the factory; called once, by {@code MqttMessage}'s static initializer.
     *
     * @param f the factory
     * @throws IllegalStateException if a factory is already installed
     */
    public static synchronized void install(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("MqttMessage factory already installed");
        }
        factory = f;
    }

    /**
     * Creates a message that takes ownership of {@code payload}. The caller guarantees that the
     * topic is a valid topic name, the QoS is 0..2 and no one else holds or changes the array.
     *
     * @param topic   a valid topic name
     * @param payload the payload, not shared
     * @param qos     0..2
     * @param retain  the retain flag
     * @return the message
     */
    public static MqttMessage wrap(String topic, byte[] payload, int qos, boolean retain) {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(MqttMessage.class.getName(), true, MqttMessage.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f.create(topic, payload, qos, retain);
    }
}
