package nl.tweeling.feature.edit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.locationtech.jts.geom.Geometry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;

/**
 * Turns a request body into a validated {@link FeatureEdit} for one layer as one caller sees it
 * ({@link EditSchema}): a GeoJSON Feature for create and replace, a JSON merge patch (RFC 7396) of one for
 * update. Plain Java, stateless. Every problem of a body is collected and thrown together as one 400
 * ({@link TweelingException#badBody}), each entry naming the member ({@code properties.height_m},
 * {@code geometry.coordinates[0][3]}) and what to send instead. The rules (docs/api.md, "Editing features"):
 *
 * <ul>
 * <li>members of the feature: {@code type} ("Feature"), {@code geometry}, {@code properties}, {@code id}
 * (ignored on create, where the server assigns the id; on replace and update it must equal the path's),
 * {@code bbox} and {@code links} (ignored); any other member is refused;</li>
 * <li>a property must be a writable column of the layer that the caller sees; a property the caller may not
 * see is answered as one that does not exist. Identity, history and lineage names ({@link EditSchema#SERVER_KEPT})
 * are ignored, so a feature read with GET can be sent back;</li>
 * <li>values must fit the column's type: strings for text, integers within range for int2/int4/int8, finite
 * numbers for real/double/numeric, booleans, ISO dates, RFC 3339 date-times with an offset, UUIDs, arrays of
 * strings for text arrays; null empties a column that may be empty;</li>
 * <li>create and replace: a property left out gets the column's default, else stays empty; a column that may
 * not be empty and has no default must be given;</li>
 * <li>the geometry: {@link GeoJsonGeometry} in the request's CRS, then {@link GeometryPolicy}.</li>
 * </ul>
 */
public final class FeatureInput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED_MEMBERS = Set.of("bbox", "links");

    private FeatureInput() {
    }

    /** The problems found in one body, each with the member it concerns. */
    public static final class Errors {
        private final List<Map<String, Object>> list = new ArrayList<>();

        public void add(String name, String reason) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("reason", reason);
            list.add(e);
        }

        public int size() {
            return list.size();
        }

        public List<Map<String, Object>> list() {
            return List.copyOf(list);
        }

        /** Throws them as one 400 when there are any. */
        public void throwIfAny(String what) {
            if (list.isEmpty()) {
                return;
            }
            StringBuilder detail = new StringBuilder(what).append(": ");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    detail.append("; ");
                }
                detail.append(list.get(i).get("name")).append(' ').append(list.get(i).get("reason"));
            }
            detail.append('.');
            throw TweelingException.badBody(detail.toString(), list);
        }
    }

    /** The body as JSON: a 400 naming line and column when it is not JSON, or empty. */
    public static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw TweelingException.badBody("The body is empty: send a GeoJSON Feature (or, for PATCH, a JSON merge"
                    + " patch of one).", List.of());
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw TweelingException.badBody("The body is not valid JSON" + where + ".", List.of());
        }
    }

    /** A feature to create (POST): the whole feature. Its {@code id}, if any, is ignored: the server assigns one. */
    public static FeatureEdit create(JsonNode body, EditSchema schema, CrsChoice crs) {
        return whole(FeatureEdit.Operation.CREATE, body, schema, crs, null);
    }

    /** The new content of feature {@code featureId} (PUT): the whole feature. */
    public static FeatureEdit replace(JsonNode body, EditSchema schema, CrsChoice crs, String featureId) {
        return whole(FeatureEdit.Operation.REPLACE, body, schema, crs, featureId);
    }

    private static FeatureEdit whole(FeatureEdit.Operation op, JsonNode body, EditSchema schema, CrsChoice crs,
            String featureId) {
        Errors errors = new Errors();
        if (body == null || !body.isObject()) {
            errors.add("(body)", "must be a GeoJSON Feature object");
            errors.throwIfAny("The feature is not valid");
        }
        members(body, featureId, errors);
        JsonNode type = body.get("type");
        if (type == null || !"Feature".equals(type.asText(null))) {
            errors.add("type", "must be \"Feature\"");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        JsonNode props = body.get("properties");
        if (props != null && !props.isNull() && !props.isObject()) {
            errors.add("properties", "must be an object of property → value (or null)");
            props = null;
        }
        if (props != null && props.isObject()) {
            properties(props, schema, values, errors, false);
        }
        for (EditSchema.Field f : schema.list()) {
            if (values.containsKey(f.column())) {
                continue;
            }
            if (f.hasDefault()) {
                values.put(f.column(), FeatureEdit.DEFAULT);
            } else if (f.nullable()) {
                values.put(f.column(), null);
            } else {
                errors.add("properties." + f.property(), "is required (" + describe(f) + ")");
            }
        }
        Geometry g = null;
        JsonNode geometry = body.get("geometry");
        if (geometry == null || geometry.isNull()) {
            errors.add("geometry", "is required: every feature of " + schema.layerId() + " has a "
                    + schema.geometryType());
        } else {
            g = geometry(geometry, schema, crs, errors);
        }
        errors.throwIfAny("The feature is not valid");
        return new FeatureEdit(op, values, g);
    }

    /**
     * A JSON merge patch (RFC 7396) of feature {@code featureId} (PATCH): members present change, null empties a
     * property, members left out stay. A geometry given replaces the whole geometry.
     */
    public static FeatureEdit update(JsonNode body, EditSchema schema, CrsChoice crs, String featureId) {
        Errors errors = new Errors();
        if (body == null || !body.isObject()) {
            errors.add("(body)", "must be a JSON object: a merge patch of the feature, e.g."
                    + " {\"properties\": {\"name\": \"new\"}}");
            errors.throwIfAny("The patch is not valid");
        }
        members(body, featureId, errors);
        if (body.has("type") && !"Feature".equals(body.get("type").asText(null))) {
            errors.add("type", "must be \"Feature\" when given");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        JsonNode props = body.get("properties");
        if (props != null) {
            if (props.isNull()) {
                errors.add("properties", "null would empty every property: name the ones to empty instead");
            } else if (!props.isObject()) {
                errors.add("properties", "must be an object of property → new value (null empties it)");
            } else {
                properties(props, schema, values, errors, true);
            }
        }
        Geometry g = null;
        if (body.has("geometry")) {
            JsonNode geometry = body.get("geometry");
            if (geometry.isNull()) {
                errors.add("geometry", "cannot be removed: every feature of " + schema.layerId() + " has a "
                        + schema.geometryType());
            } else {
                g = geometry(geometry, schema, crs, errors);
            }
        }
        errors.throwIfAny("The patch is not valid");
        return new FeatureEdit(FeatureEdit.Operation.UPDATE, values, g);
    }

    private static void members(JsonNode body, String featureId, Errors errors) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!name.equals("type") && !name.equals("id") && !name.equals("geometry") && !name.equals("properties")
                    && !IGNORED_MEMBERS.contains(name)) {
                errors.add(abbreviate(name), "is not a member of a feature here: send type, id, geometry and properties");
            }
        }
        JsonNode id = body.get("id");
        if (featureId != null && id != null && !id.isNull() && !featureId.equals(id.asText())) {
            errors.add("id", "is '" + abbreviate(id.asText()) + "' but the path names feature '" + abbreviate(featureId)
                    + "': leave it out or make them equal");
        }
    }

    private static Geometry geometry(JsonNode node, EditSchema schema, CrsChoice crs, Errors errors) {
        Geometry g = GeoJsonGeometry.read(node, crs, "geometry", errors);
        return g == null ? null : GeometryPolicy.fit(g, schema.geometryType(), "geometry", errors);
    }

    private static void properties(JsonNode props, EditSchema schema, Map<String, Object> values, Errors errors,
            boolean patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = "properties." + abbreviate(name);
            EditSchema.Field f = schema.fields().get(name);
            if (f == null) {
                if (!schema.readOnly().contains(name)) {
                    errors.add(path, "is not a property of " + schema.layerId() + " (its properties: "
                            + String.join(", ", schema.fields().keySet()) + ")");
                }
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                if (!f.nullable()) {
                    errors.add(path, patch ? "cannot be emptied (" + describe(f) + ")" : "may not be null ("
                            + describe(f) + ")");
                } else {
                    values.put(f.column(), null);
                }
                continue;
            }
            Object value = value(v, f);
            if (value == null) {
                errors.add(path, "must be " + describe(f) + "; got " + abbreviate(v.toString()));
            } else {
                values.put(f.column(), value);
            }
        }
    }

    /** The value of {@code v} for the field's column type, or null when it does not fit. */
    static Object value(JsonNode v, EditSchema.Field f) {
        String type = f.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "text", "varchar", "bpchar", "name", "citext" -> {
                return v.isTextual() ? v.asText() : null;
            }
            case "int2", "int4", "int8" -> {
                if (!v.isNumber()) {
                    return null;
                }
                long n;
                try {
                    n = v.decimalValue().longValueExact();
                } catch (ArithmeticException e) {
                    return null;
                }
                long max = type.equals("int2") ? Short.MAX_VALUE : type.equals("int4") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                long min = type.equals("int2") ? Short.MIN_VALUE : type.equals("int4") ? Integer.MIN_VALUE : Long.MIN_VALUE;
                return n < min || n > max ? null : n;
            }
            case "float4", "float8", "numeric" -> {
                if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                    return null;
                }
                double d = v.asDouble();
                return type.equals("float4") && Math.abs(d) > Float.MAX_VALUE ? null : d;
            }
            case "bool" -> {
                return v.isBoolean() ? v.asBoolean() : null;
            }
            case "date" -> {
                try {
                    return v.isTextual() ? LocalDate.parse(v.asText()) : null;
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            case "timestamptz", "timestamp" -> {
                try {
                    return v.isTextual() ? OffsetDateTime.parse(v.asText()) : null;
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            case "uuid" -> {
                try {
                    return v.isTextual() ? UUID.fromString(v.asText()) : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            case "_text", "_varchar" -> {
                if (!v.isArray()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (JsonNode item : v) {
                    if (!item.isTextual()) {
                        return null;
                    }
                    out.add(item.asText());
                }
                return List.copyOf(out);
            }
            default -> {
                return null;
            }
        }
    }

    /** What a field takes, in words. */
    static String describe(EditSchema.Field f) {
        String type = f.type().toLowerCase(Locale.ROOT);
        String what = switch (type) {
            case "text", "varchar", "bpchar", "name", "citext" -> "a string";
            case "int2" -> "an integer from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            case "int4" -> "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case "int8" -> "an integer";
            case "float4", "float8", "numeric" -> "a number";
            case "bool" -> "true or false";
            case "date" -> "a date (YYYY-MM-DD)";
            case "timestamptz", "timestamp" -> "a date-time with offset (RFC 3339, e.g. 2026-01-31T12:00:00Z)";
            case "uuid" -> "a UUID";
            case "_text", "_varchar" -> "an array of strings";
            default -> "a value of type " + type + ", which the API cannot write";
        };
        return f.nullable() ? what + " or null" : what;
    }

    /** A value from the request, shortened for a message. */
    static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }
}
