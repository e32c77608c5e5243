package io.vmapkit.api.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one value syntax of every setting, option and plugin setting. Package-private: callers parse
 * through a {@link Setting}. Each method takes the text with surrounding blanks already removed and
 * throws {@link IllegalArgumentException} whose message is the reason only (the caller adds key,
 * value and source). Stateless.
 *
 * <ul>
 *   <li>integers: decimal with an optional {@code -}, or {@code 0x} hex; {@code _} may separate
 *       digits ({@code 1_000}, {@code 0x7fff_ffff}); {@code unsigned} integers are read as unsigned
 *       64-bit values (up to {@code 0xffff_ffff_ffff_ffff}) and take no sign;</li>
 *   <li>sizes: an integer, or a decimal integer followed by a binary unit {@code K}, {@code M},
 *       {@code G}, {@code T} or {@code KiB} … {@code TiB} (case-insensitive, blanks and {@code _}
 *       allowed before it: {@code 64M}, {@code 64_M}, {@code 2 GiB});</li>
 *   <li>booleans: {@code true} or {@code false} in any case;</li>
 *   <li>durations: a decimal integer with a unit {@code ns}, {@code us}, {@code ms}, {@code s},
 *       {@code m}, {@code h} ({@code 250ms}, {@code 2s});</li>
 *   <li>enumerations: the constant's spelling in any case, {@code _} and {@code -} alike.</li>
 * </ul>
 */
final class Syntax {

    static final String NOT_AN_INTEGER = "is not an integer";

    private static final String[][] SIZE_UNITS = {
        {"KIB", "10"}, {"MIB", "20"}, {"GIB", "30"}, {"TIB", "40"}, {"K", "10"}, {"M", "20"}, {"G", "30"}, {"T", "40"}};

    private static final String[][] DURATION_UNITS = {
        {"NS", "NANOS"}, {"US", "MICROS"}, {"MS", "MILLIS"}, {"S", "SECONDS"}, {"M", "MINUTES"}, {"H", "HOURS"}};

    private Syntax() {}

    /** Removes digit separators: {@code _} anywhere but first or last. */
    private static String digits(String text) {
        if (text.isEmpty() || text.startsWith("_") || text.endsWith("_")) {
            throw new IllegalArgumentException(NOT_AN_INTEGER);
        }
        return text.replace("_", "");
    }

    /**
     * A 64-bit integer: signed ({@code -9223372036854775808} to {@code 0x7fff_ffff_ffff_ffff}) or,
     * if {@code unsigned}, unsigned (0 to {@code 0xffff_ffff_ffff_ffff}, returned as the same bits).
     */
    static long integer(String text, boolean unsigned) {
        String t = digits(text);
        boolean negative = t.startsWith("-");
        if (negative && unsigned) {
            throw new IllegalArgumentException("must not be negative");
        }
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        boolean hex = body.startsWith("0x") || body.startsWith("0X");
        String number = hex ? body.substring(2) : body;
        if (number.isEmpty() || number.startsWith("+") || number.startsWith("-")) {
            throw new IllegalArgumentException(NOT_AN_INTEGER);
        }
        int radix = hex ? 16 : 10;
        try {
            if (unsigned) {
                return Long.parseUnsignedLong(number, radix);
            }
            return Long.parseLong(negative ? "-" + number : number, radix);
        } catch (NumberFormatException e) {
            if (number.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
                throw new IllegalArgumentException(unsigned ? "does not fit in 64 bits" : "is too large", e);
            }
            throw new IllegalArgumentException(NOT_AN_INTEGER, e);
        }
    }

    /** A size in bytes: {@link #integer} or a decimal integer with a binary unit. */
    static long size(String text, boolean unsigned) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("0X")) {
            for (String[] u : SIZE_UNITS) {
                if (upper.endsWith(u[0])) {
                    int shift = Integer.parseInt(u[1]);
                    String number = text.substring(0, text.length() - u[0].length()).strip();
                    if (number.endsWith("_")) {
                        number = number.substring(0, number.length() - 1);
                    }
                    long n = integer(number, unsigned);
                    long limit = unsigned ? -1L >>> shift : Long.MAX_VALUE >> shift;
                    if (unsigned ? Long.compareUnsigned(n, limit) > 0 : n > limit || n < -limit - 1) {
                        throw new IllegalArgumentException("does not fit in 64 bits");
                    }
                    return n << shift;
                }
            }
        }
        return integer(text, unsigned);
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    /**
     * A duration: an integer with a unit ({@code 250ms}, {@code 2s}), or a bare integer in
     * {@code bareUnit} ({@code null}: a unit is required). Not negative.
     */
    static Duration duration(String text, ChronoUnit bareUnit) {
        String upper = text.toUpperCase(Locale.ROOT);
        String why = "is not a duration (write e.g. 250ms, 2s, 1m; units ns, us, ms, s, m, h)";
        ChronoUnit unit = null;
        String number = text;
        for (String[] u : DURATION_UNITS) {
            if (upper.endsWith(u[0]) && upper.length() > u[0].length()
                    && Character.isDigit(upper.charAt(upper.length() - u[0].length() - 1))) {
                unit = ChronoUnit.valueOf(u[1]);
                number = text.substring(0, text.length() - u[0].length());
                break;
            }
        }
        if (unit == null) {
            if (bareUnit == null) {
                throw new IllegalArgumentException(why);
            }
            unit = bareUnit;
        }
        long n;
        try {
            n = integer(number, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().equals(NOT_AN_INTEGER) ? why : e.getMessage(), e);
        }
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        try {
            Duration d = Duration.of(n, unit);
            d.toNanos();
            return d;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large", e);
        }
    }

    /** The spelling of a duration: the largest unit that represents it exactly ({@code 0s} for zero). */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        long[] per = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] names = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < per.length; i++) {
            if (nanos % per[i] == 0) {
                return nanos / per[i] + names[i];
            }
        }
        throw new AssertionError(d);
    }

    /** The constant of {@code values} spelled {@code text}, comparing in any case with {@code _} and {@code -} alike. */
    static <E> E choice(String text, List<E> values, java.util.function.Function<E, String> spelling) {
        String wanted = text.replace('_', '-');
        List<String> known = new ArrayList<>();
        for (E e : values) {
            String s = spelling.apply(e);
            if (s.replace('_', '-').equalsIgnoreCase(wanted)) {
                return e;
            }
            known.add(s);
        }
        throw new IllegalArgumentException("unknown value; use one of " + String.join(", ", known));
    }
}
