package nl.tweeling.feature.edit;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.common.geo.CrsChoice;

/**
 * Reads a GeoJSON geometry object into a JTS geometry in the request's CRS, with x the easting (longitude)
 * and y the northing (latitude) whatever the CRS's axis order: EPSG:4326 positions arrive latitude first and
 * are swapped here. A third coordinate (height) is dropped, since every layer stores two. Plain Java; every
 * problem is added to the caller's list with the JSON path it was found at, and parsing goes on so that one
 * answer names them all.
 */
public final class GeoJsonGeometry {

    private GeoJsonGeometry() {
    }

    /**
     * The geometry {@code node} describes in {@code crs}, its SRID set to the CRS's; null when it has problems
     * (each added to {@code errors}).
     *
     * @param path the JSON path of {@code node} in the request body, for messages ({@code geometry})
     */
    public static Geometry read(JsonNode node, CrsChoice crs, String path, FeatureInput.Errors errors) {
        GeometryFactory factory = new GeometryFactory(new org.locationtech.jts.geom.PrecisionModel(), crs.srid());
        int before = errors.size();
        Geometry g = geometry(node, crs, path, factory, errors);
        return errors.size() > before ? null : g;
    }

    private static Geometry geometry(JsonNode node, CrsChoice crs, String path, GeometryFactory f,
            FeatureInput.Errors errors) {
        if (node == null || !node.isObject()) {
            errors.add(path, "must be a GeoJSON geometry object with type and coordinates");
            return null;
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            errors.add(path + ".type", "is missing: give Point, LineString, Polygon, MultiPoint, MultiLineString,"
                    + " MultiPolygon or GeometryCollection");
            return null;
        }
        String t = type.asText();
        if (t.equals("GeometryCollection")) {
            JsonNode members = node.get("geometries");
            if (members == null || !members.isArray()) {
                errors.add(path + ".geometries", "must be an array of geometries");
                return null;
            }
            List<Geometry> parts = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                parts.add(geometry(members.get(i), crs, path + ".geometries[" + i + "]", f, errors));
            }
            return parts.contains(null) ? null : f.createGeometryCollection(parts.toArray(Geometry[]::new));
        }
        JsonNode c = node.get("coordinates");
        String cp = path + ".coordinates";
        if (c == null || !c.isArray()) {
            errors.add(cp, "must be an array of positions (" + t + ")");
            return null;
        }
        try {
            return switch (t) {
                case "Point" -> f.createPoint(position(c, crs, cp, errors));
                case "LineString" -> line(c, crs, cp, f, errors);
                case "Polygon" -> polygon(c, crs, cp, f, errors);
                case "MultiPoint" -> {
                    List<Point> points = new ArrayList<>();
                    for (int i = 0; i < c.size(); i++) {
                        points.add(f.createPoint(position(c.get(i), crs, cp + "[" + i + "]", errors)));
                    }
                    yield f.createMultiPoint(points.toArray(Point[]::new));
                }
                case "MultiLineString" -> {
                    List<LineString> lines = new ArrayList<>();
                    for (int i = 0; i < c.size(); i++) {
                        lines.add(line(c.get(i), crs, cp + "[" + i + "]", f, errors));
                    }
                    yield lines.contains(null) ? null : f.createMultiLineString(lines.toArray(LineString[]::new));
                }
                case "MultiPolygon" -> {
                    List<Polygon> polygons = new ArrayList<>();
                    for (int i = 0; i < c.size(); i++) {
                        polygons.add(polygon(c.get(i), crs, cp + "[" + i + "]", f, errors));
                    }
                    yield polygons.contains(null) ? null : f.createMultiPolygon(polygons.toArray(Polygon[]::new));
                }
                default -> {
                    errors.add(path + ".type", "'" + FeatureInput.abbreviate(t) + "' is no GeoJSON geometry type");
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            // JTS refuses what cannot be built at all (a ring of fewer than 4 positions, …); the path says where
            errors.add(cp, "cannot be built: " + e.getMessage());
            return null;
        }
    }

    private static LineString line(JsonNode c, CrsChoice crs, String path, GeometryFactory f,
            FeatureInput.Errors errors) {
        Coordinate[] coords = positions(c, crs, path, errors);
        if (coords == null) {
            return null;
        }
        if (coords.length < 2) {
            errors.add(path, "a line needs at least 2 positions");
            return null;
        }
        return f.createLineString(coords);
    }

    private static Polygon polygon(JsonNode c, CrsChoice crs, String path, GeometryFactory f,
            FeatureInput.Errors errors) {
        if (!c.isArray() || c.isEmpty()) {
            errors.add(path, "a polygon needs at least one ring (an array of positions)");
            return null;
        }
        List<LinearRing> rings = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            String rp = path + "[" + i + "]";
            Coordinate[] coords = positions(c.get(i), crs, rp, errors);
            if (coords == null) {
                return null;
            }
            if (coords.length < 4) {
                errors.add(rp, "a ring needs at least 4 positions");
                return null;
            }
            if (!coords[0].equals2D(coords[coords.length - 1])) {
                errors.add(rp, "a ring must end where it starts (its last position equal to its first)");
                return null;
            }
            rings.add(f.createLinearRing(coords));
        }
        return f.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
    }

    private static Coordinate[] positions(JsonNode c, CrsChoice crs, String path, FeatureInput.Errors errors) {
        if (!c.isArray()) {
            errors.add(path, "must be an array of positions");
            return null;
        }
        Coordinate[] out = new Coordinate[c.size()];
        for (int i = 0; i < c.size(); i++) {
            out[i] = position(c.get(i), crs, path + "[" + i + "]", errors);
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    /** One position, as (easting, northing) / (longitude, latitude); null after adding an error. */
    private static Coordinate position(JsonNode p, CrsChoice crs, String path, FeatureInput.Errors errors) {
        if (p == null || !p.isArray() || p.size() < 2 || p.size() > 3 || !p.get(0).isNumber() || !p.get(1).isNumber()
                || (p.size() == 3 && !p.get(2).isNumber())) {
            errors.add(path, "a position is an array of 2 or 3 numbers");
            return null;
        }
        double a = p.get(0).asDouble();
        double b = p.get(1).asDouble();
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            errors.add(path, "coordinates must be finite numbers");
            return null;
        }
        double x = crs.latitudeFirst() ? b : a;
        double y = crs.latitudeFirst() ? a : b;
        if (crs == CrsChoice.CRS84 || crs == CrsChoice.EPSG_4326) {
            if (x < -180 || x > 180 || y < -90 || y > 90) {
                errors.add(path, crs == CrsChoice.EPSG_4326
                        ? "is no latitude, longitude in degrees (EPSG:4326 is latitude first)"
                        : "is no longitude, latitude in degrees (CRS84 is longitude first; send Content-Crs for"
                                + " another CRS)");
                return null;
            }
        }
        return new Coordinate(x, y);
    }
}
