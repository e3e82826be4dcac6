package nl.tweeling.feature.cql;

/**
 * Parses CQL2 text (OGC 21-065, media type {@code text/cql2}) into a {@link Predicate}.
 *
 * <p>Supported: AND, OR, NOT with the usual precedence (NOT, then AND, then OR) and parentheses; comparisons
 * {@code = <> < <= > >=}; [NOT] LIKE, [NOT] BETWEEN, [NOT] IN, IS [NOT] NULL; the S_, T_ and A_ functions; CASEI and
 * ACCENTI; literals: strings ({@code 'it''s'} or {@code 'it\'s'}), numbers (signed, decimal, scientific), TRUE/FALSE,
 * {@code TIMESTAMP('…')}, {@code DATE('…')}, {@code INTERVAL(…, …)} with {@code '..'} for an open end or property
 * names as ends, WKT geometries, {@code BBOX(…)} and arrays {@code (…)}. Keywords and function names are
 * case-insensitive; property names are case-sensitive and may be double-quoted. A boolean property or literal may
 * stand alone as a condition.
 *
 * <p>Not supported: arithmetic ({@code + - * / % div ^}), custom functions (reported as unknown functions),
 * EMPTY geometries, comparisons whose operand is itself a parenthesised condition.
 *
 * <p>Failures are {@link CqlException}s with the 0-based character position (and line/column for multi-line
 * text). Nesting is limited to {@link #MAX_DEPTH} levels so hostile input cannot exhaust the stack; limiting the
 * input length is the caller's job. Thread-safe: parsing has no shared state.
 */
public final class Cql2Text {

    /** The deepest nesting of parentheses, NOT, function arguments, arrays and geometry collections accepted. */
    public static final int MAX_DEPTH = 100;

    private Cql2Text() {
    }

    /**
     * Parses a CQL2 text filter.
     *
     * @param text the filter; null or blank is an error
     * @return the filter as an AST
     * @throws CqlException when the text is not a supported CQL2 filter
     */
    public static Predicate parse(String text) {
        return new TextParser(text == null ? "" : text).parse();
    }
}
