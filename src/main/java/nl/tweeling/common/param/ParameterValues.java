package nl.tweeling.common.param;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

import nl.tweeling.common.problem.TweelingException;

/**
 * Checks for request values that the database would refuse, made before any SQL runs, so that a value out of
 * range, an overflow or a NUL character is a {@code 400} naming its parameter instead of a failed statement.
 * Plain Java; every method throws {@link TweelingException#badParameter} and is safe to call from any thread.
 *
 * <ul>
 * <li>whole numbers are ASCII digits only ({@link Integer#parseInt} also takes other scripts' digits, such as
 * the full-width {@code １０});</li>
 * <li>instants lie within RFC 3339's four-digit years, {@link #EARLIEST} to {@link #LATEST} (PostgreSQL's
 * {@code timestamptz} holds more, but {@code java.time} arithmetic and clients do not);</li>
 * <li>a value compared with a column fits that column's type ({@code int2}, {@code int4}, {@code int8},
 * {@code float4}, {@code float8}): PostgreSQL would fail the statement instead of matching nothing;</li>
 * <li>text holds no NUL ({@code U+0000}), which PostgreSQL's {@code text} cannot store.</li>
 * </ul>
 */
public final class ParameterValues {

    /** The first instant a request may name: 0000-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The last instant a request may name: 9999-12-31T23:59:59.999999Z. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private ParameterValues() {
    }

    /**
     * {@code raw} as an int between {@code min} and {@code max}: an optional sign and ASCII digits, nothing else
     * (surrounding blanks are ignored).
     */
    public static int wholeNumber(String parameter, String raw, int min, int max) {
        String s = raw == null ? "" : raw.strip();
        String problem = parameter + " must be a whole number between " + min + " and " + max + ".";
        if (!isAsciiInteger(s)) {
            throw TweelingException.badParameter(parameter, problem);
        }
        try {
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw TweelingException.badParameter(parameter, problem);
            }
            return n;
        } catch (NumberFormatException e) {
            throw TweelingException.badParameter(parameter, problem);
        }
    }

    /** An optional sign and at least one ASCII digit. */
    public static boolean isAsciiInteger(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code t} itself when it lies between {@link #EARLIEST} and {@link #LATEST}, else a 400. */
    public static Instant instant(String parameter, Instant t) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw TweelingException.badParameter(parameter, parameter + " lies outside the years 0000 to 9999.");
        }
        return t;
    }

    /**
     * {@code value} (a Long, Double or BigDecimal as a request gave it) when the column type {@code sqlType} (the
     * PostgreSQL name: {@code int2}, {@code int4}, {@code float8}, …) can hold it; other types are not checked.
     */
    public static Object fitsColumn(String parameter, String sqlType, Object value) {
        if (sqlType == null || !(value instanceof Number n)) {
            return value;
        }
        boolean fits = (!(n instanceof Double d) || Double.isFinite(d)) && switch (sqlType.toLowerCase(Locale.ROOT)) {
            case "int2" -> isWhole(n) && between(n, Short.MIN_VALUE, Short.MAX_VALUE);
            case "int4" -> isWhole(n) && between(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "int8" -> isWhole(n) && between(n, Long.MIN_VALUE, Long.MAX_VALUE);
            case "float4" -> fitsDouble(decimal(n)) && Math.abs(decimal(n).doubleValue()) <= Float.MAX_VALUE;
            case "float8" -> fitsDouble(decimal(n));
            default -> true;
        };
        if (!fits) {
            throw TweelingException.badParameter(parameter, parameter + " is out of range for this property ("
                    + describe(sqlType) + ").");
        }
        return value;
    }

    /** Whether {@code v} becomes a finite double that is not 0 unless {@code v} is (PostgreSQL fails on both). */
    public static boolean fitsDouble(BigDecimal v) {
        double d = v.doubleValue();
        return Double.isFinite(d) && (d != 0 || v.signum() == 0);
    }

    /** {@code raw} when it holds no NUL character, else a 400. */
    public static String text(String parameter, String raw) {
        if (raw != null && raw.indexOf('\0') >= 0) {
            throw noNul(parameter);
        }
        return raw;
    }

    /** The 400 for a NUL character in {@code parameter}. */
    public static TweelingException noNul(String parameter) {
        return TweelingException.badParameter(printable(parameter),
                printable(parameter) + " contains a NUL character (%00), which this server does not store or match.");
    }

    /** {@code s} for a log line or a problem detail: control characters as '?', at most 80 characters. */
    public static String printable(String s) {
        if (s == null) {
            return null;
        }
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 80 ? p.substring(0, 80) + "…" : p;
    }

    private static String describe(String sqlType) {
        return switch (sqlType.toLowerCase(Locale.ROOT)) {
            case "int2" -> "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            case "int4" -> "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case "int8" -> "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            case "float4" -> "a single-precision number";
            default -> "a double-precision number";
        };
    }

    private static boolean isWhole(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short
                || decimal(n).stripTrailingZeros().scale() <= 0;
    }

    private static boolean between(Number n, long min, long max) {
        BigDecimal d = decimal(n);
        return d.compareTo(BigDecimal.valueOf(min)) >= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
