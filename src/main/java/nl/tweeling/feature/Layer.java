package nl.tweeling.feature;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import nl.tweeling.platform.security.Caller;

/**
 * A registered spatial layer, served as an OGC API collection.
 *
 * @param columns the attribute columns exposed as feature properties, in table order (system columns such
 *                as {@code fid}, {@code geom} and {@code content_hash} are not among them)
 * @param extent  {minLon, minLat, maxLon, maxLat} of the current features, or null when the layer is empty
 * @param access  who sees the layer: {@code public}, {@code authenticated} or a role ({@link Caller#sees})
 * @param restricted properties only some callers see: property → {@code authenticated} or a role
 * @param maintainedBy null for a layer that imports (and edits) write; else the part of the platform that keeps
 *                its rows current (e.g. {@code sensors}), and no import may write it
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
        List<Column> columns,
        List<String> keywords,
        String attribution,
        String licenceUrl,
        String access,
        Map<String, String> restricted,
        String maintainedBy) {

    public static final String PUBLIC = "public";

    /** A public layer without keywords, attribution or restricted properties. */
    public Layer(String id, String title, String description, String tableSchema, String tableName,
            String geometryType, String source, String licence, long featureCount, double[] extent,
            OffsetDateTime temporalStart, OffsetDateTime temporalEnd, List<Column> columns) {
        this(id, title, description, tableSchema, tableName, geometryType, source, licence, featureCount, extent,
                temporalStart, temporalEnd, columns, List.of(), "", null, PUBLIC, Map.of(), null);
    }

    /** A base layer of the city model (schema {@code tweeling}), not an imported one: it cannot be removed. */
    public boolean base() {
        return "tweeling".equals(tableSchema);
    }

    /** True when the platform keeps this layer's rows (see {@code maintainedBy}): imports may not write it. */
    public boolean maintained() {
        return maintainedBy != null;
    }

    /** True when {@code caller} may see this layer at all. */
    public boolean visibleTo(Caller caller) {
        return caller.sees(access);
    }

    /**
     * This layer as {@code caller} sees it: without the restricted properties the caller may not see, so that
     * they are absent from every surface built on it (items, queryables, filters, sorting, /api, HTML).
     */
    public Layer seenBy(Caller caller) {
        if (restricted.isEmpty() || caller.admin()) {
            return this;
        }
        List<Column> visible = columns.stream().filter(c -> caller.sees(restricted.getOrDefault(c.property(), PUBLIC)))
                .toList();
        return visible.size() == columns.size() ? this : new Layer(id, title, description, tableSchema, tableName,
                geometryType, source, licence, featureCount, extent, temporalStart, temporalEnd, visible, keywords,
                attribution, licenceUrl, access, restricted, maintainedBy);
    }

    /**
     * An attribute column: its name in the table, its PostgreSQL type name, the field name it had in the
     * source it was imported from (the name itself when none is recorded), and the property name the API serves
     * it under (the column name, or the whole safe name of a source field longer than 63 bytes).
     */
    public record Column(String name, String type, String original, String property) {

        public Column(String name, String type) {
            this(name, type, name, name);
        }

        public Column(String name, String type, String original) {
            this(name, type, original, name);
        }
    }
}
