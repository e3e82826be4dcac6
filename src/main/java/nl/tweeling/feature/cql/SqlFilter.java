package nl.tweeling.feature.cql;

import java.util.List;
import java.util.Objects;

/**
 * A translated filter: a PostgreSQL/PostGIS boolean expression for a WHERE clause and its parameters, one per
 * {@code ?} in order. The expression can be appended with {@code AND} without extra parentheses. It contains no
 * value from the filter text: values are parameters, identifiers come from the {@link PropertyResolver}, and the only
 * constants are SRIDs, SQL type names, {@code TRUE}/{@code FALSE} and {@code 'UTC'}.
 *
 * <p>Parameters and how to bind them ({@code PreparedStatement.setObject} works for all but {@link SqlArray}):
 * <ul>
 * <li>{@code String}: string literals, LIKE patterns (backslash escapes, PostgreSQL's default) and WKT geometry
 * literals (inside {@code ST_GeomFromText(?, srid)});</li>
 * <li>{@code Long}: integer literals that fit in 64 bits; {@code BigDecimal}: all other numbers, exact;</li>
 * <li>{@code Double}: BBOX coordinates (inside {@code ST_MakeEnvelope});</li>
 * <li>{@code Boolean}: TRUE/FALSE compared with a value;</li>
 * <li>{@code java.time.OffsetDateTime} with offset UTC: timestamps, and dates compared with timestamps (start of the
 * day, UTC) — binds as {@code timestamptz};</li>
 * <li>{@code java.time.LocalDate}: dates compared with dates — binds as {@code date};</li>
 * <li>{@link SqlArray}: array literals, bound with {@code createArrayOf} (the SQL casts it to the array type).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param sql        the boolean SQL expression
 * @param parameters the values for its {@code ?} placeholders, in order; immutable, no nulls
 */
public record SqlFilter(String sql, List<Object> parameters) {

    public SqlFilter {
        Objects.requireNonNull(sql);
        parameters = List.copyOf(parameters);
    }
}
