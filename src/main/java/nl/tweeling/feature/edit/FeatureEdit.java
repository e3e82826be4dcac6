package nl.tweeling.feature.edit;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * A validated edit of one feature, ready for an {@link EditTarget}: typed column values and a geometry that
 * fits the layer. Made by {@link FeatureInput} only.
 *
 * @param operation what the request does
 * @param values    column → value to write: {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 *                  {@code java.time.LocalDate}, {@code java.time.OffsetDateTime}, {@code java.util.UUID},
 *                  {@code java.util.List<String>} (text arrays), null for SQL NULL, or {@link #DEFAULT} for the
 *                  column's default. For {@code CREATE} and {@code REPLACE} it names every column the caller may
 *                  write; columns it leaves out (properties the caller may not see) keep their current value on
 *                  replace and get their default on create. For {@code UPDATE} it names the changed columns only.
 * @param geometry  the geometry in the request's CRS (its SRID set; x east/longitude, y north/latitude), already
 *                  of the layer's type and valid; null when an update leaves the geometry as it is
 */
public record FeatureEdit(Operation operation, Map<String, Object> values, Geometry geometry) {

    /** The four operations of OGC API – Features Part 4. */
    public enum Operation {
        CREATE, REPLACE, UPDATE, DELETE;

        /** Lower-case name, as the edit log stores it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Marker value: write the column's default. */
    public static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /** The delete edit (it carries nothing). */
    public static final FeatureEdit DELETE = new FeatureEdit(Operation.DELETE, Map.of(), null);
}
