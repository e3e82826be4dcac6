package nl.tweeling.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A property of a layer that requests may filter and sort on, with its JSON Schema type. Derived from
 * the layer's columns: every attribute, history and lineage column whose type maps to a JSON Schema type,
 * plus the geometry.
 *
 * @param name   property name, as in GeoJSON output and CQL2 filters (the column name, or the whole name of a
 *               source field longer than 63 bytes)
 * @param type   JSON Schema type: string, integer, number, boolean, array, or null for the geometry
 * @param format JSON Schema format (date-time, date, uuid, geometry-any…), or null
 * @param column the column behind it
 * @param sqlType the column's PostgreSQL type name ({@code int2}, {@code float8}, …), or null when unknown;
 *               request values compared with it are range-checked against it first
 */
public record Queryable(String name, String type, String format, String column, String sqlType) {

    public Queryable(String name, String type, String format, String column) {
        this(name, type, format, column, null);
    }

    /** Name of the geometry queryable, as OGC API – Features Part 3 recommends. */
    public static final String GEOMETRY = "geometry";

    /** The layer's queryables: attributes in table order, then the geometry. */
    public static List<Queryable> of(Layer layer) {
        List<Queryable> out = new ArrayList<>();
        for (Layer.Column c : layer.columns()) {
            Queryable q = forColumn(c);
            if (q != null) {
                out.add(q);
            }
        }
        out.add(new Queryable(GEOMETRY, null, geometryFormat(layer.geometryType()), "geom"));
        return out;
    }

    static Queryable forColumn(Layer.Column c) {
        String t = c.type().toLowerCase(Locale.ROOT);
        String p = c.property();
        Queryable q = switch (t) {
            case "text", "varchar", "bpchar", "name" -> new Queryable(p, "string", null, c.name());
            case "int2", "int4", "int8" -> new Queryable(p, "integer", null, c.name());
            case "float4", "float8", "numeric" -> new Queryable(p, "number", null, c.name());
            case "bool" -> new Queryable(p, "boolean", null, c.name());
            case "timestamptz", "timestamp" -> new Queryable(p, "string", "date-time", c.name());
            case "date" -> new Queryable(p, "string", "date", c.name());
            case "uuid" -> new Queryable(p, "string", "uuid", c.name());
            case "_text", "_varchar" -> new Queryable(p, "array", null, c.name());
            default -> null;
        };
        return q == null ? null : new Queryable(q.name(), q.type(), q.format(), q.column(), t);
    }

    static String geometryFormat(String geometryType) {
        return switch (geometryType) {
            case "Point" -> "geometry-point";
            case "MultiPoint" -> "geometry-multipoint";
            case "LineString" -> "geometry-linestring";
            case "MultiLineString" -> "geometry-multilinestring";
            case "Polygon" -> "geometry-polygon";
            case "MultiPolygon" -> "geometry-multipolygon";
            default -> "geometry-any";
        };
    }
}
