package io.butlermqtt.yaml;

import java.util.Objects;

/**
 * One problem found in a configuration file: where it is and what is wrong.
 *
 * <p>{@link #toString()} gives the line used in {@link ConfigException#getMessage()}, for example
 * {@code Butler.mqttConfig.brokerPort (line 4, col 21): expected an integer 1..65535, found "18830x"}.
 * A problem never contains the value of a secret (a password or key password).
 *
 * @param path the dotted key path, such as {@code Butler.mqttConfig.brokerPort}; empty when the
 *     problem concerns the whole file (it cannot be read, or is not valid YAML)
 * @param line 1-based line in the file, or 0 when unknown (for example a key that is absent, so
 *     its default applies)
 * @param column 1-based column in the file, or 0 when unknown
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String path, int line, int column, String message) {

    /**
     * Checks the components.
     *
     * @param path the dotted key path, or empty
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param message what is wrong and what was expected
     * @throws NullPointerException if {@code path} or {@code message} is null
     * @throws IllegalArgumentException if {@code line} or {@code column} is negative
     */
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be 0 (unknown) or more, but were "
                    + line + " and " + column);
        }
    }

    /**
     * Formats the problem as {@code path (line L, col C): message}, leaving out the parts that are
     * unknown.
     *
     * @return one line of text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(path);
        if (line > 0) {
            if (!path.isEmpty()) {
                sb.append(" (");
            }
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", col ").append(column);
            }
            if (!path.isEmpty()) {
                sb.append(')');
            }
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
