package nl.tweeling.common.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import nl.tweeling.common.problem.TweelingException;

/**
 * A closed time interval with optional open ends, parsed from the OGC API {@code datetime} form:
 * an instant ({@code 2026-11-28T10:00:00Z}), or {@code start/end} where either end may be {@code ..} or
 * empty. Instants must carry a zone offset (RFC 3339).
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
            Instant t = instant(parameter, s);
            return new TimeInterval(t, t);
        }
        if (s.indexOf('/', slash + 1) >= 0) {
            throw TweelingException.badParameter(parameter, parameter + " has more than one '/'.");
        }
        Instant a = openOrInstant(parameter, s.substring(0, slash));
        Instant b = openOrInstant(parameter, s.substring(slash + 1));
        if (a == null && b == null) {
            throw TweelingException.badParameter(parameter, parameter + " cannot be open at both ends; omit it instead.");
        }
        if (a != null && b != null && a.isAfter(b)) {
            throw TweelingException.badParameter(parameter, parameter + " starts after it ends.");
        }
        return new TimeInterval(a, b);
    }

    private static Instant openOrInstant(String parameter, String s) {
        return s.isEmpty() || s.equals("..") ? null : instant(parameter, s);
    }

    private static Instant instant(String parameter, String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw TweelingException.badParameter(parameter,
                    parameter + " value '" + abbreviate(s) + "' is not an RFC 3339 date-time such as 2026-11-28T10:00:00Z.");
        }
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\p{Print}]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
