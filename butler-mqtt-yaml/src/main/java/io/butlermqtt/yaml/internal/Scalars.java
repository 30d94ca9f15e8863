package io.butlermqtt.yaml.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types scalar text the way YAML 1.2's core schema (and so js-yaml, and so Butler) does, and
 * rejects the texts YAML 1.1 reads differently ({@code yes}, {@code on}, {@code 0700}) instead of
 * guessing. Each method returns the value or throws {@link Invalid} with the part of the message
 * after "found ...".
 */
final class Scalars {

    /** Texts a plain scalar is null for. */
    static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private static final Set<String> YAML11_TRUE = Set.of("yes", "y", "on");
    private static final Set<String> YAML11_FALSE = Set.of("no", "n", "off");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9][0-9_]*");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F_]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7_]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12}) ?(ms|s|m|h)");

    private Scalars() {
    }

    /** A text that is not of the expected type. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        /** The text appended after "found <value>": empty, or a hint starting with ", " or ": ". */
        final String detail;

        Invalid(String detail) {
            super(detail, null, false, false);
            this.detail = detail;
        }
    }

    /**
     * @param t the text
     * @return true or false
     * @throws Invalid for anything else; {@code yes/no/on/off/y/n} get their own hint
     */
    static boolean bool(String t) throws Invalid {
        switch (t) {
            case "true", "True", "TRUE" -> {
                return true;
            }
            case "false", "False", "FALSE" -> {
                return false;
            }
            default -> {
                String lower = t.toLowerCase(Locale.ROOT);
                if (YAML11_TRUE.contains(lower) || YAML11_FALSE.contains(lower)) {
                    boolean v = YAML11_TRUE.contains(lower);
                    throw new Invalid(", which YAML 1.1 reads as " + v
                            + " but YAML 1.2 (and so Butler) reads as text; write " + v);
                }
                throw new Invalid("");
            }
        }
    }

    /**
     * @param t the text: decimal, {@code 0x} hexadecimal or {@code 0o} octal, underscores allowed
     * @return the value
     * @throws Invalid for other text, a leading zero (octal in YAML 1.1, decimal in YAML 1.2) or
     *     a value out of the int range
     */
    static int integer(String t) throws Invalid {
        String digits;
        int radix;
        boolean negative = false;
        if (HEX.matcher(t).matches()) {
            digits = t.substring(2);
            radix = 16;
        } else if (OCTAL.matcher(t).matches()) {
            digits = t.substring(2);
            radix = 8;
        } else if (DECIMAL.matcher(t).matches()) {
            negative = t.startsWith("-");
            digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            radix = 10;
            if (digits.length() > 1 && digits.startsWith("0")) {
                String stripped = digits.replaceFirst("^[0_]+", "");
                throw new Invalid(": YAML 1.1 reads a number with a leading zero as octal, YAML 1.2 (and so"
                        + " Butler) as decimal; write " + (negative ? "-" : "") + (stripped.isEmpty() ? "0" : stripped)
                        + " (or 0o" + stripped + " for octal)");
            }
        } else {
            throw new Invalid("");
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            throw new Invalid("");
        }
        try {
            long v = Long.parseLong(digits, radix);
            v = negative ? -v : v;
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new Invalid(", which is out of range");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new Invalid(", which is out of range");
        }
    }

    /**
     * @param t a whole number followed by {@code ms}, {@code s}, {@code m} or {@code h}, such as {@code 30s}
     * @return the duration
     * @throws Invalid for anything else; a bare number gets a hint to add a unit
     */
    static Duration duration(String t) throws Invalid {
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            if (DECIMAL.matcher(t).matches()) {
                throw new Invalid(", a number without a unit; add one, such as " + t + "s");
            }
            throw new Invalid("");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms" -> {
                return Duration.ofMillis(n);
            }
            case "s" -> {
                return Duration.ofSeconds(n);
            }
            case "m" -> {
                return Duration.ofMinutes(n);
            }
            default -> {
                return Duration.ofHours(n);
            }
        }
    }
}
