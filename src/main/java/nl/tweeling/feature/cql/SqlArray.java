package nl.tweeling.feature.cql;

import java.util.List;
import java.util.Objects;

/**
 * An array parameter of a {@link SqlFilter}. The SQL always casts it, as in {@code CAST(? AS text[])}, so bind it
 * as a JDBC array: {@code ps.setArray(i, connection.createArrayOf(a.elementType(), a.toArray()))}.
 *
 * <p>Immutable and thread-safe; {@link #toArray()} returns a new array each time.
 *
 * @param elementType the PostgreSQL element type name: {@code text}, {@code bigint}, {@code numeric},
 *                    {@code boolean}, {@code timestamptz} or {@code date}
 * @param elements    the elements as {@code String}, {@code Long}, {@code BigDecimal}, {@code Boolean},
 *                    {@code OffsetDateTime} (UTC) or {@code LocalDate} matching the element type; never null
 */
public record SqlArray(String elementType, List<Object> elements) {

    public SqlArray {
        Objects.requireNonNull(elementType);
        elements = List.copyOf(elements);
    }

    /** A fresh array of the elements, for {@code Connection.createArrayOf}. */
    public Object[] toArray() {
        return elements.toArray();
    }
}
