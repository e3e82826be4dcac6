package nl.tweeling.feature;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A registered spatial layer, served as an OGC API collection.
 *
 * @param columns the attribute columns exposed as feature properties, in table order (system columns such
 *                as {@code fid}, {@code geom} and {@code content_hash} are not among them)
 * @param extent  {minLon, minLat, maxLon, maxLat} of the current features, or null when the layer is empty
 */
public record Layer(
        String id,
        String title,
        String description,
        String tableSchema,
        String tableName,
        String geometryType,
        String source,
        String licence,
        long featureCount,
        double[] extent,
        OffsetDateTime temporalStart,
        OffsetDateTime temporalEnd,
        List<Column> columns) {

    /**
     * An attribute column: its name in the table, its PostgreSQL type name, and the field name it had in
     * the source it was imported from (the name itself when none is recorded).
     */
    public record Column(String name, String type, String original) {

        public Column(String name, String type) {
            this(name, type, name);
        }
    }
}
