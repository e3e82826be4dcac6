package nl.tweeling.common.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import nl.tweeling.common.param.ParameterValues;
import nl.tweeling.common.problem.TweelingException;

/**
 * A closed time interval with optional open ends, parsed from the OGC API {@code datetime} form:
 * an instant ({@code 2026-11-28T10:00:00Z}), or {@code start/end} where either end may be {@code ..} or
 * empty. Instants must carry a zone offset (RFC 3339). A date ({@code 2026-11-28}, RFC 3339 full-date) is
 * that whole day in UTC; one end of an interval may be an ISO 8601 duration counted from the other end
 * ({@code 2026-11-28/P2D}, {@code PT1H/2026-11-28T10:00:00Z}), as the OGC test suite sends. Every instant,
 * also one reached by a duration, lies within the years 0000 to 9999 (RFC 3339's four-digit years), else
 * the value is a 400: PostgreSQL would fail on {@code +999999999-12-31T23:59:59Z}.
 *
 * @param start inclusive start, or null when open
 * @param end   inclusive end, or null when open
 */
public record TimeInterval(Instant start, Instant end) {

    public static final TimeInterval ALL = new TimeInterval(null, null);

    /** Parses {@code raw}; a malformed value is a 400 naming {@code parameter}. Null or blank means unbounded. */
    public static TimeInterval parse(String parameter, String raw) {
        if (raw == null || raw.isBlank()) {
            return ALL;
        }
        String s = raw.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return new TimeInterval(first(parameter, s), last(parameter, s));
        }
        if (s.indexOf('/', slash + 1) >= 0) {
            throw TweelingException.badParameter(parameter, parameter + " has more than one '/'.");
        }
        String left = s.substring(0, slash);
        String right = s.substring(slash + 1);
        if (isDuration(left) && isDuration(right)) {
            throw TweelingException.badParameter(parameter, parameter + " needs a date-time at one end at least.");
        }
        Instant a = isDuration(left) ? null : open(left) ? null : first(parameter, left);
        Instant b = isDuration(right) ? null : open(right) ? null : last(parameter, right);
        if (isDuration(right)) {
            if (a == null) {
                throw TweelingException.badParameter(parameter, parameter + ": a duration needs a date-time before it.");
            }
            b = plus(parameter, a, right);
        } else if (isDuration(left)) {
            if (b == null) {
                throw TweelingException.badParameter(parameter, parameter + ": a duration needs a date-time after it.");
            }
            a = minus(parameter, b, left);
        }
        if (a == null && b == null) {
            throw TweelingException.badParameter(parameter, parameter + " cannot be open at both ends; omit it instead.");
        }
        if (a != null && b != null && a.isAfter(b)) {
            throw TweelingException.badParameter(parameter, parameter + " starts after it ends.");
        }
        return new TimeInterval(a, b);
    }

    private static boolean open(String s) {
        return s.isEmpty() || s.equals("..");
    }

    private static boolean isDuration(String s) {
        return s.startsWith("P") || s.startsWith("p");
    }

    /** The first instant of {@code s}: the instant itself, or the start of the day (UTC) for a date. */
    private static Instant first(String parameter, String s) {
        LocalDate day = date(s);
        return day != null ? day.atStartOfDay(ZoneOffset.UTC).toInstant() : instant(parameter, s);
    }

    /** The last instant of {@code s}: the instant itself, or the last microsecond of the day (UTC) for a date. */
    private static Instant last(String parameter, String s) {
        LocalDate day = date(s);
        return day != null ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(1, ChronoUnit.MICROS)
                : instant(parameter, s);
    }

    private static LocalDate date(String s) {
        if (s.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant plus(String parameter, Instant t, String duration) {
        return shift(parameter, t, duration, 1);
    }

    private static Instant minus(String parameter, Instant t, String duration) {
        return shift(parameter, t, duration, -1);
    }

    /** {@code t} moved by an ISO 8601 duration: P[n]Y[n]M[n]W[n]D (calendar, in UTC) or with a time part. */
    private static Instant shift(String parameter, Instant t, String duration, int sign) {
        String d = duration.toUpperCase(java.util.Locale.ROOT);
        Period period;
        Duration time;
        try {
            int tPart = d.indexOf('T');
            period = tPart == 1 ? Period.ZERO : Period.parse(tPart < 0 ? d : d.substring(0, tPart));
            time = tPart < 0 ? Duration.ZERO : Duration.parse("PT" + d.substring(tPart + 1));
            if (period.isNegative() || time.isNegative()) {
                throw new DateTimeParseException("negative", d, 0);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw TweelingException.badParameter(parameter, parameter + " value '" + abbreviate(duration)
                    + "' is not an ISO 8601 duration such as P2D or PT1H30M.");
        }
        try {
            OffsetDateTime at = t.atOffset(ZoneOffset.UTC);
            return ParameterValues.instant(parameter,
                    (sign > 0 ? at.plus(period).plus(time) : at.minus(period).minus(time)).toInstant());
        } catch (DateTimeException | ArithmeticException e) {
            // beyond what java.time holds (year ±999,999,999): certainly outside 0000-9999
            throw TweelingException.badParameter(parameter, parameter + " lies outside the years 0000 to 9999.");
        }
    }

    private static Instant instant(String parameter, String s) {
        try {
            return ParameterValues.instant(parameter, OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeException e) {
            throw TweelingException.badParameter(parameter,
                    parameter + " value '" + abbreviate(s) + "' is not an RFC 3339 date-time such as 2026-11-28T10:00:00Z.");
        }
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\p{Print}]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
