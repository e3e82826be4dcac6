package nl.tweeling.feature;

import java.util.List;

/**
 * A filter as a SQL boolean expression over the layer's table (alias {@code t}) with {@code ?} placeholders,
 * and the values to bind to them, in order.
 */
public record FeatureFilter(String sql, List<Object> parameters) {
}
