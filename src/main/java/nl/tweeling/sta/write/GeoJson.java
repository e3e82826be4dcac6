package nl.tweeling.sta.write;

import java.util.Set;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A GeoJSON geometry a client sends as a Location's {@code location} or a FeatureOfInterest's {@code feature}
 * (encodingType application/geo+json or application/vnd.geo+json): a geometry object, or a Feature holding one.
 * Checked here so that a mistake is a 400 naming the member, not a database error: the type, positions of two or
 * three finite numbers with longitude in [-180, 180] and latitude in [-90, 90] (CRS84), enough positions per
 * line and ring, closed rings. Plain Java, stateless.
 */
public final class GeoJson {

    /** The encodingTypes whose geometry this server reads. */
    public static final Set<String> ENCODINGS = Set.of("application/geo+json", "application/vnd.geo+json");

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private GeoJson() {
    }

    /**
     * A checked geometry.
     *
     * @param json     the geometry object as JSON text (a Feature's geometry, unwrapped), for ST_GeomFromGeoJSON
     * @param envelope its CRS84 bounding box
     */
    public record Parsed(String json, Envelope envelope) {

        /** The envelope as a JTS geometry (CRS84), for {@code ServiceArea.check}. */
        public Geometry box() {
            return FACTORY.toGeometry(envelope);
        }
    }

    /** Reads {@code n} (a geometry or a Feature with one); errors name {@code field}. */
    public static Parsed read(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw Body.invalid(field, "must be a GeoJSON geometry object, e.g. {\"type\": \"Point\", \"coordinates\": [6.09, 52.51]}");
        }
        JsonNode geometry = n;
        String at = field;
        if ("Feature".equals(n.path("type").asText())) {
            geometry = n.get("geometry");
            at = field + ".geometry";
            if (geometry == null || !geometry.isObject()) {
                throw Body.invalid(at, "a GeoJSON Feature needs a geometry object");
            }
        }
        Envelope env = new Envelope();
        geometry(geometry, at, env, 0);
        if (env.isNull()) {
            throw Body.invalid(at, "the geometry is empty: it needs at least one position");
        }
        return new Parsed(geometry.toString(), env);
    }

    private static void geometry(JsonNode g, String at, Envelope env, int depth) {
        JsonNode typeNode = g.get("type");
        String type = typeNode == null ? null : typeNode.asText();
        if (type == null || !typeNode.isTextual()) {
            throw Body.invalid(at + ".type", "is required: Point, MultiPoint, LineString, MultiLineString, Polygon,"
                    + " MultiPolygon or GeometryCollection");
        }
        if (type.equals("GeometryCollection")) {
            JsonNode members = g.get("geometries");
            if (depth > 0 || members == null || !members.isArray() || members.isEmpty()) {
                throw Body.invalid(at + ".geometries", depth > 0 ? "a GeometryCollection may not nest another"
                        : "a GeometryCollection needs a non-empty array of geometries");
            }
            for (int i = 0; i < members.size(); i++) {
                if (!members.get(i).isObject()) {
                    throw Body.invalid(at + ".geometries[" + i + "]", "must be a geometry object");
                }
                geometry(members.get(i), at + ".geometries[" + i + "]", env, depth + 1);
            }
            return;
        }
        int nesting = switch (type) {
            case "Point" -> 0;
            case "MultiPoint", "LineString" -> 1;
            case "MultiLineString", "Polygon" -> 2;
            case "MultiPolygon" -> 3;
            default -> throw Body.invalid(at + ".type", "'" + abbreviate(type) + "' is not a GeoJSON geometry type (Point,"
                    + " MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon, GeometryCollection)");
        };
        JsonNode c = g.get("coordinates");
        if (c == null || !c.isArray()) {
            throw Body.invalid(at + ".coordinates", "is required: an array");
        }
        coordinates(c, type, nesting, at + ".coordinates", env);
    }

    private static void coordinates(JsonNode c, String type, int nesting, String at, Envelope env) {
        if (nesting == 0) {
            position(c, at, env);
            return;
        }
        if (!c.isArray()) {
            throw Body.invalid(at, "must be an array");
        }
        // nesting 1 is a list of positions: a line (LineString, MultiLineString), a ring (Polygon, MultiPolygon)
        // or MultiPoint's points; nesting 2 of a Polygon or MultiPolygon is a polygon's list of rings
        boolean line = nesting == 1 && (type.equals("LineString") || type.equals("MultiLineString"));
        boolean ring = nesting == 1 && (type.equals("Polygon") || type.equals("MultiPolygon"));
        if (nesting == 2 && (type.equals("Polygon") || type.equals("MultiPolygon")) && c.isEmpty()) {
            throw Body.invalid(at, "a polygon needs at least one ring");
        }
        if (line && c.size() < 2) {
            throw Body.invalid(at, "a line needs at least two positions");
        }
        if (ring && c.size() < 4) {
            throw Body.invalid(at, "a polygon ring needs at least four positions (the last repeats the first)");
        }
        for (int i = 0; i < c.size(); i++) {
            coordinates(c.get(i), type, nesting - 1, at + "[" + i + "]", env);
        }
        if (ring && !samePosition(c.get(0), c.get(c.size() - 1))) {
            throw Body.invalid(at, "a polygon ring must end where it starts");
        }
    }

    private static boolean samePosition(JsonNode a, JsonNode b) {
        for (int i = 0; i < 2; i++) {
            if (a.get(i).asDouble() != b.get(i).asDouble()) {
                return false;
            }
        }
        return true;
    }

    private static void position(JsonNode p, String at, Envelope env) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw Body.invalid(at, "a position is an array of two or three numbers: [longitude, latitude]");
        }
        for (int i = 0; i < p.size(); i++) {
            if (!p.get(i).isNumber() || !Double.isFinite(p.get(i).asDouble())) {
                throw Body.invalid(at + "[" + i + "]", "must be a number");
            }
        }
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (lon < -180 || lon > 180) {
            throw Body.invalid(at, "longitude " + lon + " is outside [-180, 180] (positions are [longitude, latitude] in CRS84)");
        }
        if (lat < -90 || lat > 90) {
            throw Body.invalid(at, "latitude " + lat + " is outside [-90, 90] (positions are [longitude, latitude] in CRS84)");
        }
        env.expandToInclude(lon, lat);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
