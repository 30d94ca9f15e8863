package io.butlermqtt.examples.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's machine-readable last line, {@code RESULT key=value key=value ...}, built by the
 * sections that measure its figures. The keys declared up front keep their order and print
 * {@code na} until a section sets them; a key set without being declared is appended, so a new
 * section adds its figures with one {@link #set} call and the line stays in one place.
 *
 * <pre>{@code
 * ResultLine result = new ResultLine("ratio_q0", "ratio_q1", "encode_ns");
 * result.ratio("ratio_q0", 0.97);
 * result.set("bridge_dps", 21_000);   // a later section: appended
 * System.out.println(result);         // RESULT ratio_q0=0.97 ratio_q1=na encode_ns=na bridge_dps=21000
 * }</pre>
 */
public final class ResultLine {

    /** What an unset figure prints. */
    public static final String NOT_MEASURED = "na";

    private final Map<String, String> fields = new LinkedHashMap<>();

    /**
     * Declares the keys, in the order they print.
     *
     * @param keys the keys, each {@code [a-z0-9_]+}
     */
    public ResultLine(String... keys) {
        for (String key : keys) {
            fields.put(checkKey(key), NOT_MEASURED);
        }
    }

    /**
     * Sets a figure as text.
     *
     * @param key   the key (appended if not declared)
     * @param value the value: no spaces or {@code =}
     * @return this line
     * @throws IllegalArgumentException if the key or value would break the line's format
     */
    public ResultLine set(String key, String value) {
        if (value.isEmpty() || value.contains(" ") || value.contains("=")) {
            throw new IllegalArgumentException("RESULT value for " + key + " must be one word without '=', but was \""
                    + value + "\"");
        }
        fields.put(checkKey(key), value);
        return this;
    }

    /**
     * Sets a whole number; a negative one means "not measured" and prints {@value #NOT_MEASURED}.
     *
     * @param key   the key
     * @param value the value
     * @return this line
     */
    public ResultLine set(String key, long value) {
        return set(key, value < 0 ? NOT_MEASURED : Long.toString(value));
    }

    /**
     * Sets a ratio with two decimals; NaN or infinity prints {@value #NOT_MEASURED}.
     *
     * @param key   the key
     * @param ratio the ratio
     * @return this line
     */
    public ResultLine ratio(String key, double ratio) {
        return set(key, Double.isNaN(ratio) || Double.isInfinite(ratio) ? NOT_MEASURED
                : String.format(Locale.ROOT, "%.2f", ratio));
    }

    /**
     * Returns a figure as it prints.
     *
     * @param key the key
     * @return the value, or {@value #NOT_MEASURED} when unset or undeclared
     */
    public String get(String key) {
        return fields.getOrDefault(key, NOT_MEASURED);
    }

    private static String checkKey(String key) {
        if (!key.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("RESULT key must be [a-z0-9_]+, but was \"" + key + "\"");
        }
        return key;
    }

    /** @return {@code RESULT key=value ...} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RESULT");
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
