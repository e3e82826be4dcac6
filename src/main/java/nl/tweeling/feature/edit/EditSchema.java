package nl.tweeling.feature.edit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tweeling.feature.Layer;

/**
 * What a request body may write into a layer, as one caller sees it: the layer's geometry type and its
 * writable properties with their column types and whether the column may be left empty. Built from the layer
 * <em>as the caller sees it</em> ({@code Layer#seenBy}), so a restricted property the caller may not see is
 * absent here and a body naming it is answered exactly as for a property that does not exist.
 *
 * @param layerId      the layer's id
 * @param geometryType the layer's registered geometry type
 * @param fields       writable properties by property name, in table order
 * @param readOnly     names a body may carry but that the server keeps (identity, history, lineage): ignored
 */
public record EditSchema(String layerId, String geometryType, Map<String, Field> fields, Set<String> readOnly) {

    /**
     * Names that are never written from a request: identity, history and lineage (docs/api.md). A body may carry
     * them (a feature read with GET and sent back), and they are ignored.
     */
    public static final Set<String> SERVER_KEPT = Set.of("fid", "feature_id", "geom", "geom_crs84", "content_hash",
            "valid_from", "valid_to", "source", "source_run", "source_id", "fetched_at", "ingested_at");

    /**
     * A writable property.
     *
     * @param property   its name in GeoJSON
     * @param column     its column
     * @param type       the column's PostgreSQL type name ({@code text}, {@code int4}, {@code float8}, …)
     * @param nullable   whether the column takes NULL
     * @param hasDefault whether the column has a default (used when a created or replaced feature leaves it out)
     */
    public record Field(String property, String column, String type, boolean nullable, boolean hasDefault) {
    }

    /** How a column is declared in the catalog: what {@link #of} needs beyond the registry's column list. */
    public record ColumnRule(boolean nullable, boolean hasDefault, boolean generated) {
    }

    /**
     * The schema of {@code seen} (the layer as the caller sees it), with the catalog's rules per column name;
     * a column the catalog does not describe counts as nullable without default, a generated one as server-kept.
     */
    public static EditSchema of(Layer seen, Map<String, ColumnRule> rules) {
        Map<String, Field> fields = new LinkedHashMap<>();
        java.util.Set<String> readOnly = new java.util.HashSet<>(SERVER_KEPT);
        for (Layer.Column c : seen.columns()) {
            ColumnRule r = rules.getOrDefault(c.name(), new ColumnRule(true, false, false));
            if (SERVER_KEPT.contains(c.name()) || r.generated()) {
                readOnly.add(c.property());
                continue;
            }
            fields.put(c.property(), new Field(c.property(), c.name(), c.type(), r.nullable(), r.hasDefault()));
        }
        return new EditSchema(seen.id(), seen.geometryType(), java.util.Collections.unmodifiableMap(fields),
                Set.copyOf(readOnly));
    }

    /** The writable properties, in table order. */
    public List<Field> list() {
        return List.copyOf(fields.values());
    }
}
