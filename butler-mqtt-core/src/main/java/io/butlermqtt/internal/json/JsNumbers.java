package io.butlermqtt.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers as JavaScript's {@code Number.prototype.toString} (and so {@code JSON.stringify})
 * prints them.
 *
 * <p>Every number is treated as JavaScript would after converting it to a double
 * ({@code Number(x)}): integers whose magnitude is at most 2<sup>53</sup> print exactly; a
 * {@code long}, {@link BigInteger} or {@link BigDecimal} beyond that is rounded to the nearest
 * double first (so {@code 9007199254740993L} prints as {@code 9007199254740992}); a
 * {@code float} is widened exactly ({@code 0.1f} prints as {@code 0.10000000149011612}).
 * {@code NaN} and the infinities print as {@code null}, {@code -0.0} as {@code 0}, exactly as
 * {@code JSON.stringify} does.
 *
 * <p>Doubles use the shortest decimal that reads back as the same double, the closest one
 * when several are equally short (ECMAScript Number::toString), then JavaScript's layout: plain
 * digits for decimal exponents from -6 to 20, otherwise {@code 1.5e-7} / {@code 1e+21}.
 * Java 17's {@link Double#toString(double)} is not always shortest, so it is not used.
 * Integers (the numbers in Qlik Repository Service records) take a fast path; a double with a
 * fraction goes through {@link BigDecimal} and costs about 1 to 10 microseconds.
 *
 * <p>Internal: may change in any release.
 */
public final class JsNumbers {

    /** 2^53: integers up to this magnitude are exact in a double. */
    private static final long MAX_SAFE = 1L << 53;

    private JsNumbers() {
    }

    /**
     * Returns how JavaScript prints the number.
     *
     * @param number any {@link Number}; {@code null} gives {@code "null"}
     * @return JavaScript's text of the number, as it appears in JSON
     */
    public static String toJs(Number number) {
        StringBuilder sb = new StringBuilder(24);
        append(sb, number);
        return sb.toString();
    }

    /**
     * Returns how JavaScript prints the double, as it appears in JSON.
     *
     * @param d the value
     * @return the text, {@code null} for NaN and the infinities
     */
    public static String toJs(double d) {
        StringBuilder sb = new StringBuilder(24);
        appendDouble(sb, d);
        return sb.toString();
    }

    /** Appends the JSON text of a number (see the class comment). */
    static void append(StringBuilder sb, Number number) {
        if (number == null) {
            sb.append("null");
        } else if (number instanceof Integer || number instanceof Short || number instanceof Byte
                || number instanceof AtomicInteger) {
            sb.append(number.intValue());
        } else if (number instanceof Long || number instanceof AtomicLong) {
            appendLong(sb, number.longValue());
        } else if (number instanceof BigInteger) {
            BigInteger b = (BigInteger) number;
            if (b.bitLength() < 63) {
                appendLong(sb, b.longValue());
            } else {
                appendDouble(sb, b.doubleValue());
            }
        } else {
            // Double, Float (widened exactly), BigDecimal (correctly rounded), anything else.
            appendDouble(sb, number.doubleValue());
        }
    }

    /** Appends a long as JavaScript prints {@code Number(v)}. */
    static void appendLong(StringBuilder sb, long v) {
        if (v >= -MAX_SAFE && v <= MAX_SAFE) {
            sb.append(v);
        } else {
            appendDouble(sb, (double) v);
        }
    }

    /** Appends a double as JavaScript's {@code JSON.stringify} prints it. */
    static void appendDouble(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append("null");
            return;
        }
        if (d == 0) {
            sb.append('0'); // also -0
            return;
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) {
            sb.append((long) d);
            return;
        }
        if (d < 0) {
            sb.append('-');
            d = -d;
        }
        // Shortest digits s (k of them) and exponent n with value = 0.s * 10^n: for each digit
        // count p, the nearest p-digit decimals below and above d's exact value; the first p for
        // which one reads back as d wins, the closer one (the even one on a tie) if both do.
        BigDecimal exact = new BigDecimal(d);
        String digits = null;
        int n = 0;
        for (int p = 1; p <= 17; p++) {
            BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean loOk = lo.doubleValue() == d;
            boolean hiOk = hi.doubleValue() == d;
            if (!loOk && !hiOk) {
                continue;
            }
            BigDecimal pick;
            if (loOk && hiOk) {
                int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
                if (cmp < 0) {
                    pick = lo;
                } else if (cmp > 0) {
                    pick = hi;
                } else {
                    pick = lo.unscaledValue().testBit(0) ? hi : lo;
                }
            } else {
                pick = loOk ? lo : hi;
            }
            pick = pick.stripTrailingZeros();
            digits = pick.unscaledValue().toString();
            n = digits.length() - pick.scale();
            break;
        }
        if (digits == null) { // cannot happen: 17 significant digits always read back
            throw new AssertionError("no round-trip digits for " + d);
        }
        layout(sb, digits, n);
    }

    /** ECMAScript Number::toString layout for digits s (k = s.length()) and exponent n. */
    private static void layout(StringBuilder sb, String s, int n) {
        int k = s.length();
        if (k <= n && n <= 21) {
            sb.append(s);
            for (int i = k; i < n; i++) {
                sb.append('0');
            }
        } else if (0 < n && n <= 21) {
            sb.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.");
            for (int i = n; i < 0; i++) {
                sb.append('0');
            }
            sb.append(s);
        } else {
            int e = n - 1;
            sb.append(s.charAt(0));
            if (k > 1) {
                sb.append('.').append(s, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
