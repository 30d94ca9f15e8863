package io.butlermqtt.internal.json;

/**
 * Reaches the slot in which an immutable {@link io.butlermqtt.json.JsonObject} or
 * {@link io.butlermqtt.json.JsonArray} keeps its encoded form for {@link JsonWriter}. The public
 * package installs the access when those classes initialize, so that the slot stays out of their
 * public API (the pattern of {@code Messages}).
 *
 * <p>Internal: may change in any release.
 */
public final class EncodedForms {

    /** Reads and writes the slot of a container; both are plain (racy) field accesses. */
    public interface Access {
        /**
         * Reads the slot.
         *
         * @param container a JsonObject or JsonArray
         * @return what was stored, or null
         */
        Object get(Object container);

        /**
         * Writes the slot.
         *
         * @param container a JsonObject or JsonArray
         * @param form what to store
         */
        void set(Object container, Object form);
    }

    private static volatile Access access;

    private EncodedForms() {
    }

    /**
     * Installs the access; called once, when {@code io.butlermqtt.json} initializes its containers.
     *
     * @param a the access
     * @throws IllegalStateException if an access is already installed
     */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("EncodedForms access already installed");
        }
        access = a;
    }

    /**
     * The installed access; the caller holds a JsonObject or JsonArray, whose class initialization
     * installed it.
     */
    static Access access() {
        return access;
    }
}
