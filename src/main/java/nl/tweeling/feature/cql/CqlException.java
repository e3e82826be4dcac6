package nl.tweeling.feature.cql;

import java.util.Objects;

/**
 * A CQL2 filter that cannot be parsed or translated. The {@linkplain #getMessage() message} is written for API
 * users: it names the problem, never contains SQL, class names or stack details, and ends with where the problem is
 * when that is known: {@code "at position 17"} (0-based character offset into CQL2 text, with line and column when
 * the text has several lines) or {@code "at $.args[1]"} (JSON path into CQL2 JSON). Filter text quoted in messages is
 * shortened and stripped of control characters.
 *
 * <p>One unchecked type for every failure, so callers map it to a single "400 Bad Request" answer; {@link #kind()}
 * says which failure it is, e.g. to link the queryables page for {@link Kind#UNKNOWN_PROPERTY}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CqlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The text or JSON does not follow the CQL2 grammar. */
        SYNTAX,
        /** A property name the resolver does not know. */
        UNKNOWN_PROPERTY,
        /** A function name that is neither standard CQL2 nor supported. */
        UNKNOWN_FUNCTION,
        /** Operands of the wrong type, e.g. LIKE on a number. */
        TYPE_MISMATCH,
        /** Valid CQL2 that this implementation does not support. */
        UNSUPPORTED,
        /** The filter is nested more deeply than allowed. */
        TOO_COMPLEX
    }

    private final Kind kind;
    private final String reason;
    private final int position;
    private final int line;
    private final int column;
    private final String jsonPath;

    private CqlException(Kind kind, String reason, int position, int line, int column, String jsonPath,
            String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.reason = Objects.requireNonNull(reason);
        this.position = position;
        this.line = line;
        this.column = column;
        this.jsonPath = jsonPath;
    }

    /** A failure without a location, e.g. an unknown property found while building SQL. */
    public static CqlException of(Kind kind, String reason) {
        return new CqlException(kind, reason, -1, 0, 0, null, reason);
    }

    /**
     * A failure at a 0-based character offset of CQL2 text; line and column (1-based) are computed from
     * {@code source} and mentioned in the message when the text has more than one line.
     */
    public static CqlException at(Kind kind, String reason, int position, String source) {
        int line = 1;
        int column = 1;
        int end = Math.min(position, source == null ? 0 : source.length());
        for (int i = 0; i < end; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        boolean multiline = source != null && source.indexOf('\n') >= 0;
        String message = reason + " at position " + position
                + (multiline ? " (line " + line + ", column " + column + ")" : "");
        return new CqlException(kind, reason, position, line, column, null, message);
    }

    /** A failure at a JSON path such as {@code $.args[1]} of CQL2 JSON. */
    public static CqlException atPath(Kind kind, String reason, String jsonPath) {
        return new CqlException(kind, reason, -1, 0, 0, jsonPath, reason + " at " + jsonPath);
    }

    public Kind kind() {
        return kind;
    }

    /** The message without its location. */
    public String reason() {
        return reason;
    }

    /** 0-based character offset into CQL2 text, or -1 when not known or not text. */
    public int position() {
        return position;
    }

    /** 1-based line of {@link #position()}, or 0 when the position is not known. */
    public int line() {
        return line;
    }

    /** 1-based column of {@link #position()}, or 0 when the position is not known. */
    public int column() {
        return column;
    }

    /** The JSON path of the failure in CQL2 JSON, or null. */
    public String jsonPath() {
        return jsonPath;
    }

    /**
     * User text made safe for messages: control characters replaced, at most 60 characters, in single quotes.
     */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        int n = 0;
        for (int i = 0; i < text.length() && n < 60; i++, n++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > 60) {
            b.append('…');
        }
        return b.append('\'').toString();
    }
}
