package nl.tweeling.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;

/**
 * A scenario edit's body (a GeoJSON Feature, or for PATCH a JSON merge patch of one) checked against the layer as
 * the caller sees it: each property must be a writable attribute of the layer with a value its column can take,
 * the geometry (CRS84) must be of the layer's type (a single geometry goes into a multi layer). Every problem is
 * listed in one 400; nothing is written. Plain Java.
 *
 * @param values   column name → value as text (null: SQL NULL), for the properties the body sets
 * @param geometry the geometry as GeoJSON text, or null when the body has none (PATCH keeps the current one)
 */
public record FeatureBody(Map<String, String> values, String geometry) {

    /** History and lineage columns: the platform writes them, a body may not. */
    static final Set<String> READ_ONLY = Set.of("valid_from", "valid_to", "source", "source_run", "source_id",
            "fetched_at", "ingested_at");

    /**
     * @param patch true for PATCH (a merge patch: members absent stay as they are); else the body is the whole
     *              feature and needs a geometry
     */
    public static FeatureBody parse(JsonNode body, Layer layer, boolean patch) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw TweelingException.badBody("The body must be a GeoJSON Feature (a JSON object).", List.of());
        }
        JsonNode type = body.get("type");
        if (!patch && (type == null || !"Feature".equals(type.asText()))) {
            errors.add(error("type", "A feature's type must be \"Feature\"."));
        }
        Map<String, Layer.Column> writable = new LinkedHashMap<>();
        for (Layer.Column c : layer.columns()) {
            if (!READ_ONLY.contains(c.name())) {
                writable.put(c.property(), c);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode properties = body.get("properties");
        if (properties != null && !properties.isNull()) {
            if (!properties.isObject()) {
                errors.add(error("properties", "properties must be a JSON object."));
            } else {
                properties.fields().forEachRemaining(e -> {
                    Layer.Column c = writable.get(e.getKey());
                    if (c == null) {
                        errors.add(error("properties." + e.getKey(), "Collection " + layer.id() + " has no writable property "
                                + e.getKey() + "; its queryables (/queryables) list the properties."));
                        return;
                    }
                    String problem = check(c, e.getValue());
                    if (problem != null) {
                        errors.add(error("properties." + e.getKey(), problem));
                    } else {
                        values.put(c.name(), text(e.getValue()));
                    }
                });
            }
        }
        String geometry = null;
        JsonNode g = body.get("geometry");
        if (g == null || g.isNull()) {
            if (!patch) {
                errors.add(error("geometry", "A feature of collection " + layer.id() + " needs a geometry ("
                        + layer.geometryType() + ", CRS84 longitude/latitude)."));
            }
        } else if (!g.isObject() || !g.path("type").isTextual()) {
            errors.add(error("geometry", "geometry must be a GeoJSON geometry object."));
        } else {
            String problem = geometryProblem(g.get("type").asText(), layer.geometryType());
            if (problem != null) {
                errors.add(error("geometry", problem));
            } else if (!g.path("coordinates").isArray() && !g.path("geometries").isArray()) {
                errors.add(error("geometry", "A " + g.get("type").asText() + " needs its coordinates."));
            } else {
                geometry = g.toString();
            }
        }
        if (!errors.isEmpty()) {
            throw TweelingException.badBody("The feature does not fit collection " + layer.id()
                    + ": see errors (nothing was changed).", errors);
        }
        return new FeatureBody(values, geometry);
    }

    /** Whether a value of GeoJSON geometry {@code type} fits a layer of {@code layerType}; a reason if not. */
    static String geometryProblem(String type, String layerType) {
        String t = type.toLowerCase(Locale.ROOT);
        String l = layerType == null ? "geometry" : layerType.toLowerCase(Locale.ROOT);
        if (!Set.of("point", "multipoint", "linestring", "multilinestring", "polygon", "multipolygon",
                "geometrycollection").contains(t)) {
            return "Unknown geometry type " + type + ".";
        }
        if (l.equals("geometry") || l.equals(t) || l.equals("multi" + t)) {
            return null;
        }
        return "Collection's features are " + layerType + "s; a " + type + " does not fit.";
    }

    /** Whether the multi layer promotes single geometries. */
    static boolean multi(Layer layer) {
        return layer.geometryType() != null && layer.geometryType().toLowerCase(Locale.ROOT).startsWith("multi");
    }

    /** Null when {@code v} fits the column's type, else what is wrong. */
    static String check(Layer.Column c, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        String type = c.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "int2", "int4", "int8" -> v.isIntegralNumber() && v.canConvertToLong()
                    && fits(v.asLong(), type) ? null : c.property() + " takes a whole number"
                            + (type.equals("int2") ? " from -32768 to 32767" : type.equals("int4") ? " from -2147483648 to 2147483647" : "") + ".";
            case "float4", "float8", "numeric" -> v.isNumber() ? null : c.property() + " takes a number.";
            case "bool" -> v.isBoolean() ? null : c.property() + " takes true or false.";
            case "json", "jsonb" -> null;
            case "date" -> v.isTextual() && v.asText().matches("\\d{4}-\\d{2}-\\d{2}") ? null
                    : c.property() + " takes a date (YYYY-MM-DD).";
            case "timestamptz", "timestamp" -> v.isTextual() && parsesInstant(v.asText()) ? null
                    : c.property() + " takes an RFC 3339 date and time.";
            default -> v.isValueNode() ? null : c.property() + " takes a string.";
        };
    }

    private static boolean fits(long v, String type) {
        return switch (type) {
            case "int2" -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case "int4" -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
    }

    private static boolean parsesInstant(String s) {
        try {
            java.time.OffsetDateTime.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static String text(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static Map<String, Object> error(String pointer, String detail) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pointer", pointer);
        e.put("detail", detail);
        return e;
    }
}
