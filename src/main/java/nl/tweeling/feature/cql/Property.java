package nl.tweeling.feature.cql;

import java.util.Objects;

/**
 * How a queryable appears in SQL. Expressions are trusted SQL written by the resolver (the resolver owns quoting,
 * e.g. {@code t."name"}); they are emitted verbatim, never derived from filter text. Build instances with the
 * factories.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sqlExpression   the value's SQL expression; for an interval given by its ends, null
 * @param type            the type
 * @param elementType     for {@link PropertyType#ARRAY}, the element type, or null when unknown (the builder then
 *                        infers it from array literals); otherwise null
 * @param startExpression for {@link PropertyType#INTERVAL}, the {@code timestamptz} start, NULL meaning unbounded;
 *                        otherwise null
 * @param endExpression   for {@link PropertyType#INTERVAL}, the {@code timestamptz} end, NULL meaning unbounded;
 *                        otherwise null
 */
public record Property(String sqlExpression, PropertyType type, PropertyType elementType, String startExpression,
        String endExpression) {

    public Property {
        Objects.requireNonNull(type, "type");
        if (type == PropertyType.INTERVAL) {
            requireText(startExpression, "startExpression");
            requireText(endExpression, "endExpression");
        } else {
            requireText(sqlExpression, "sqlExpression");
            if (startExpression != null || endExpression != null) {
                throw new IllegalArgumentException("only intervals have start and end expressions");
            }
        }
        if (elementType != null && (type != PropertyType.ARRAY || elementType == PropertyType.ARRAY
                || elementType == PropertyType.GEOMETRY || elementType == PropertyType.INTERVAL)) {
            throw new IllegalArgumentException("element types are for arrays of scalars only");
        }
    }

    /** A scalar or geometry property (not ARRAY with element type, not INTERVAL). */
    public static Property of(String sqlExpression, PropertyType type) {
        if (type == PropertyType.INTERVAL) {
            throw new IllegalArgumentException("use Property.interval for intervals");
        }
        return new Property(sqlExpression, type, null, null, null);
    }

    /** An array property with a known element type. */
    public static Property array(String sqlExpression, PropertyType elementType) {
        return new Property(sqlExpression, PropertyType.ARRAY, Objects.requireNonNull(elementType), null, null);
    }

    /**
     * An interval held as a {@code tstzrange} expression, e.g. {@code tstzrange(t.valid_from, t.valid_to, '[]')}. Its
     * ends are read with {@code lower()} and {@code upper()}, a NULL (unbounded) end meaning open; the range's
     * inclusive/exclusive bound flags are otherwise ignored because CQL2 intervals are closed. Build the range with
     * {@code '[]'} bounds: with the default {@code '[)'} a range whose ends are equal is empty, and an empty range
     * has no ends (both read as open).
     */
    public static Property interval(String tstzrangeExpression) {
        requireText(tstzrangeExpression, "tstzrangeExpression");
        return new Property(tstzrangeExpression, PropertyType.INTERVAL, null, "lower(" + tstzrangeExpression + ")",
                "upper(" + tstzrangeExpression + ")");
    }

    /**
     * An interval held as two {@code timestamptz} expressions, NULL meaning unbounded (e.g. {@code t.valid_to} of
     * the current version). Comparisons on these stay index-friendly. IS NULL is not available for such a property.
     */
    public static Property interval(String startExpression, String endExpression) {
        return new Property(null, PropertyType.INTERVAL, null, startExpression, endExpression);
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
