package nl.tweeling.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import nl.tweeling.feature.Layer;

/**
 * Whether a source fits an existing layer, checked before any work (docs/import.md, "Into an existing layer"):
 * every column the layer requires (NOT NULL, without a default, not the platform's own) must come from a field of
 * the source, a field that lands in an existing column must have a type that column takes without loss, and the
 * geometries must be of the layer's kind (points, lines or areas). The message names every field that is missing
 * or of the wrong type, with the type the layer needs.
 */
final class Compatibility {

    private Compatibility() {
    }

    /**
     * @param required the layer's required columns (NOT NULL without default), platform columns left out
     */
    static void check(Source source, Layer layer, Set<String> required) {
        Map<String, String> names = ColumnNames.of(source.info.fields());
        Map<String, String> columnTypes = new java.util.HashMap<>();
        layer.columns().forEach(c -> columnTypes.put(c.name(), c.type()));
        List<String> problems = new ArrayList<>();
        for (String column : required) {
            if (!names.containsValue(column)) {
                problems.add("field " + column + " is missing (the layer requires it: " + describe(columnTypes.get(column))
                        + ")");
            }
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            String type = columnTypes.get(e.getValue());
            String sourceType = source.info.fieldTypes().getOrDefault(e.getKey(), "String");
            if (type != null && !fits(sourceType, type)) {
                problems.add("field " + e.getKey() + " is " + sourceType + ", but column " + e.getValue() + " takes "
                        + describe(type));
            }
        }
        String sourceKind = kind(source.info.geometry());
        String layerKind = kind(layer.geometryType());
        if (sourceKind != null && layerKind != null && !sourceKind.equals(layerKind)) {
            problems.add("its geometries are " + sourceKind + ", the layer's are " + layerKind);
        }
        if (!problems.isEmpty()) {
            throw ImportException.badImportParameter("layer", "The source does not fit layer " + layer.id() + ": "
                    + String.join("; ", problems) + ". Import it as a new layer (another layer name), or fix the"
                    + " source's fields.");
        }
    }

    /** True when a value of the OGR field type goes into the PostgreSQL column type without loss. */
    static boolean fits(String ogrType, String pgType) {
        String o = ogrType.toLowerCase(Locale.ROOT);
        String t = pgType == null ? "" : pgType.toLowerCase(Locale.ROOT);
        boolean integer = o.startsWith("integer") && !o.contains("list") && !o.contains("boolean");
        boolean bool = o.contains("boolean");
        boolean real = o.startsWith("real") && !o.contains("list");
        return switch (t) {
            case "int2", "int4", "int8" -> integer || bool;
            case "float4", "float8", "numeric" -> integer || real;
            case "bool" -> bool || integer;
            case "date" -> o.equals("date") || o.equals("datetime");
            case "timestamptz", "timestamp" -> o.equals("date") || o.equals("datetime");
            default -> true;   // text, varchar, json: any value has a text form
        };
    }

    private static String describe(String pgType) {
        if (pgType == null) {
            return "a value";
        }
        return switch (pgType) {
            case "int2", "int4", "int8" -> "whole numbers";
            case "float4", "float8", "numeric" -> "numbers";
            case "bool" -> "true/false";
            case "date" -> "dates";
            case "timestamptz", "timestamp" -> "date-times";
            default -> "text";
        };
    }

    /** points, lines or areas, from an OGR geometry name ("3D Multi Polygon") or a layer's ("MultiPolygon"). */
    static String kind(String geometry) {
        if (geometry == null) {
            return null;
        }
        String g = geometry.toLowerCase(Locale.ROOT).replace(" ", "");
        if (g.contains("point")) {
            return "points";
        }
        if (g.contains("line")) {
            return "lines";
        }
        if (g.contains("polygon") || g.contains("surface")) {
            return "areas";
        }
        return null;
    }
}
