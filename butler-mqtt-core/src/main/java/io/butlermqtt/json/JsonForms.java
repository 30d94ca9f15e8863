package io.butlermqtt.json;

import io.butlermqtt.internal.json.EncodedForms;

/**
 * Gives the internal JSON writer the slot in which a {@link JsonObject} or {@link JsonArray} keeps
 * its encoded form, without making it public. Installed once, by whichever of the two classes
 * initializes first.
 */
final class JsonForms {

    private static boolean installed;

    private JsonForms() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        EncodedForms.install(new EncodedForms.Access() {
            @Override
            public Object get(Object container) {
                if (container instanceof JsonObject) {
                    return ((JsonObject) container).encodedForm;
                }
                return ((JsonArray) container).encodedForm;
            }

            @Override
            public void set(Object container, Object form) {
                if (container instanceof JsonObject) {
                    ((JsonObject) container).encodedForm = form;
                } else {
                    ((JsonArray) container).encodedForm = form;
                }
            }
        });
    }
}
