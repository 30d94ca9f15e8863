package io.butlermqtt.yaml.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} in a scalar value from the environment.
 * {@code $${} stands for a literal {@code ${}. As in a POSIX shell, the default is used when the
 * variable is unset or empty. An unset variable without a default is an error, never an empty
 * string.
 */
final class EnvSubstitution {

    /**
     * The outcome.
     *
     * @param value the resolved text, or null when {@code errors} is not empty
     * @param variables the names of the variables used, in order
     * @param errors what went wrong, one message each
     */
    record Result(String value, List<String> variables, List<String> errors) {
    }

    private EnvSubstitution() {
    }

    /**
     * @param text the raw scalar text
     * @return whether the text needs {@link #apply}
     */
    static boolean needed(String text) {
        return text.indexOf('$') >= 0 && text.contains("${");
    }

    /**
     * Resolves every reference in {@code text}.
     *
     * @param text the raw text
     * @param env the environment lookup, returning null for an unset variable
     * @return the result
     */
    static Result apply(String text, Function<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> variables = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (c != '$' || !text.startsWith("${", i)) {
                out.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                errors.add("unterminated ${ at character " + (i + 1)
                        + "; expected ${NAME} or ${NAME:-default} (write $${ for a literal ${)");
                break;
            }
            String body = text.substring(i + 2, end);
            int sep = body.indexOf(":-");
            String name = sep < 0 ? body : body.substring(0, sep);
            String fallback = sep < 0 ? null : body.substring(sep + 2);
            if (!validName(name)) {
                errors.add("invalid reference at character " + (i + 1) + "; expected ${NAME} or"
                        + " ${NAME:-default}, where NAME is letters, digits and _, not starting with a digit"
                        + " (write $${ for a literal ${)");
                i = end + 1;
                continue;
            }
            variables.add(name);
            String value = env.apply(name);
            if (value == null || (value.isEmpty() && fallback != null)) {
                if (fallback == null) {
                    errors.add("environment variable " + name + " is not set and ${" + name
                            + "} has no default; set it, or write ${" + name + ":-default}");
                } else {
                    out.append(fallback);
                }
            } else {
                out.append(value);
            }
            i = end + 1;
        }
        return new Result(errors.isEmpty() ? out.toString() : null, List.copyOf(variables), List.copyOf(errors));
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
