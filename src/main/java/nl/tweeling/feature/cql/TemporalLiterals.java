package nl.tweeling.feature.cql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

import nl.tweeling.feature.cql.Operand.DateLiteral;
import nl.tweeling.feature.cql.Operand.IntervalLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.TimestampLiteral;
import nl.tweeling.feature.cql.Operand.Unbounded;
import nl.tweeling.feature.cql.TextLexer.Token;
import nl.tweeling.feature.cql.TextLexer.Type;

/**
 * Parses {@code TIMESTAMP('…')}, {@code DATE('…')} and {@code INTERVAL(…, …)} in CQL2 text, and converts instant
 * strings for both encodings. Dates are RFC 3339 full-date ({@code 2024-05-01}); timestamps are RFC 3339 date-time
 * ({@code 2024-05-01T12:00:00Z}, fractional seconds and numeric offsets accepted, normalised to UTC).
 */
final class TemporalLiterals {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private final TextParser parser;

    TemporalLiterals(TextParser parser) {
        this.parser = parser;
    }

    Operand parse(String keyword) {
        parser.take();
        Token open = parser.take();
        Operand result = parser.nested(open, () -> switch (keyword) {
            case "TIMESTAMP" -> timestamp(string("TIMESTAMP"));
            case "DATE" -> date(string("DATE"));
            default -> interval();
        });
        parser.expect(Type.RPAREN, keyword + " takes " + (keyword.equals("INTERVAL") ? "two arguments" : "one string")
                + "; expected ')' but found " + parser.peek().describe());
        return result;
    }

    private Token string(String keyword) {
        Token t = parser.peek();
        if (t.type() != Type.STRING) {
            throw parser.error("expected a quoted string in " + keyword + "(…) but found " + t.describe(), t);
        }
        return parser.take();
    }

    private TimestampLiteral timestamp(Token t) {
        Instant instant = timestamp(t.text());
        if (instant == null) {
            throw parser.error("invalid timestamp " + CqlException.quote(t.text())
                    + "; expected e.g. '2024-05-01T12:00:00Z'", t);
        }
        return new TimestampLiteral(instant);
    }

    private DateLiteral date(Token t) {
        LocalDate date = date(t.text());
        if (date == null) {
            throw parser.error("invalid date " + CqlException.quote(t.text()) + "; expected e.g. '2024-05-01'", t);
        }
        return new DateLiteral(date);
    }

    private Operand interval() {
        Token first = parser.peek();
        Operand start = end();
        parser.expect(Type.COMMA, "INTERVAL takes two arguments; expected ',' but found " + parser.peek().describe());
        Operand end = end();
        return parser.literal(first, () -> new IntervalLiteral(start, end));
    }

    private Operand end() {
        Token t = parser.peek();
        if (t.type() == Type.STRING) {
            parser.take();
            Operand value = instantOrOpen(t.text());
            if (value == null) {
                throw parser.error("invalid INTERVAL end " + CqlException.quote(t.text())
                        + "; expected a date, a timestamp or '..'", t);
            }
            return value;
        }
        if (t.type() == Type.QUOTED_IDENT || t.type() == Type.IDENT && parser.peekAt(1).type() != Type.LPAREN) {
            parser.take();
            return new PropertyRef(t.text());
        }
        throw parser.error("expected a date, a timestamp, '..' or a property in INTERVAL but found " + t.describe(), t);
    }

    /** A date, a timestamp or {@code ..} from its string form; null when it is none of these. */
    static Operand instantOrOpen(String text) {
        if (text.equals("..")) {
            return new Unbounded();
        }
        LocalDate date = date(text);
        if (date != null) {
            return new DateLiteral(date);
        }
        Instant instant = timestamp(text);
        return instant == null ? null : new TimestampLiteral(instant);
    }

    /** The instant of an RFC 3339 date-time, or null. */
    static Instant timestamp(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (!TIMESTAMP.matcher(upper).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(upper, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The day of an RFC 3339 full-date, or null. */
    static LocalDate date(String text) {
        if (!DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
