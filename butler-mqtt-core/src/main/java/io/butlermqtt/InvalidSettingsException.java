package io.butlermqtt;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link MqttSettings.Builder#build()}, {@link EventServerSettings.Builder#build()} and
 * {@link QrsSettings.Builder#build()} when one or more settings are invalid, and by
 * {@code ButlerMqttClient.start}, {@code QrsClient.create} and the settings' {@code checkFiles()} when
 * files the settings name (TLS certificates or keys) cannot be used. It lists every problem at once, not
 * only the first.
 *
 * <p>Each {@link Problem} names the setting by its property path: Butler's key for Butler's
 * settings ({@code brokerPort}, {@code taskStartTopic}) and {@code <group>.<name>} for the
 * extensions ({@code outbox.capacity}, {@code tls.clientKeyFile}). The YAML loader translates these
 * paths back to the file's keys, lines and columns.
 */
public final class InvalidSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The problems, in the order they were found. Not serialised. */
    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param problems at least one problem
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public InvalidSettingsException(List<Problem> problems) {
        this(problems, null);
    }

    /**
     * Creates the exception with the exception that revealed the problem, e.g. the I/O error of
     * a TLS file that {@code ButlerMqttClient.start} could not read.
     *
     * @param problems at least one problem
     * @param cause the underlying exception, or null
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public InvalidSettingsException(List<Problem> problems, Throwable cause) {
        this("MQTT", problems, cause);
    }

    /**
     * Creates the exception for the settings of another component than the MQTT connection; the
     * message starts with {@code Invalid <component> settings}.
     *
     * @param component what the settings are for, such as {@code event server}
     * @param problems at least one problem
     * @param cause the underlying exception, or null
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public InvalidSettingsException(String component, List<Problem> problems, Throwable cause) {
        super(format(Objects.requireNonNull(component, "component"), problems), cause);
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem found, in the order the settings are documented.
     *
     * @return an immutable, non-empty list
     */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(String component, List<Problem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        StringBuilder sb = new StringBuilder("Invalid ").append(component).append(" settings (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (Problem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }

    /**
     * One invalid setting.
     *
     * @param property the setting's property path, such as {@code brokerPort} or
     *     {@code outbox.capacity}
     * @param message what is wrong and what was expected; never contains a secret's value
     */
    public record Problem(String property, String message) {

        /**
         * Creates a problem.
         *
         * @param property the property path, not null
         * @param message the description, not null
         */
        public Problem {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return property + ": " + message;
        }
    }
}
