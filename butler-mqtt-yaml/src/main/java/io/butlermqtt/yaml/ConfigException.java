package io.butlermqtt.yaml;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when a configuration file cannot be read or is invalid. It lists every problem found, not
 * only the first, each with its key path, line and column ({@link #problems()}).
 *
 * <p>The message starts with the file and the number of problems, then has one line per problem:
 *
 * <pre>
 * Invalid configuration in /etc/butler/production.yaml (2 problems):
 *   - Butler.mqttConfig.brokerPort (line 4, col 21): expected an integer 1..65535, found "18830x"
 *   - Butler.mqttConfig.taskFailureTopc (line 11, col 9): unknown key; did you mean "taskFailureTopic"?
 * </pre>
 *
 * <p>Unchecked, like {@link io.butlermqtt.InvalidSettingsException}: a bad configuration file is
 * usually fatal at start-up, and callers that can do something about it catch it explicitly. The
 * message and the problems never contain a secret's value.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file or source name. */
    private final String source;

    /** The problems, in file order. Not serialised. */
    private final transient List<ConfigProblem> problems;

    /**
     * Creates the exception.
     *
     * @param source the file name or source name shown in the message
     * @param problems at least one problem
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public ConfigException(String source, List<ConfigProblem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the file or source name the problems were found in.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * Returns every problem found, ordered by position in the file; problems without a position
     * (such as a rule about a key the file does not set) come last.
     *
     * @return an immutable, non-empty list
     */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(String source, List<ConfigProblem> problems) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        StringBuilder sb = new StringBuilder("Invalid configuration in ").append(source)
                .append(" (").append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
