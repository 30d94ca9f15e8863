package io.butlermqtt.event;

/**
 * A Qlik Sense custom property value on an app or task, as Butler sends it:
 * {@code {"name": ..., "value": ...}}.
 *
 * @param name  the custom property's name (its definition's name), not null
 * @param value the value, not null
 */
public record CustomProperty(String name, String value) {

    /**
     * Checks the components.
     *
     * @param name the custom property's name
     * @param value the value
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public CustomProperty {
        Checks.notNull(name, "CustomProperty.name");
        Checks.notNull(value, "CustomProperty.value");
    }
}
