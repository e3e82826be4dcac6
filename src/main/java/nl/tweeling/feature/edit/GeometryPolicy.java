package nl.tweeling.feature.edit;

import java.util.Locale;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * What a geometry sent to the API must be before it is stored (docs/api.md, "Editing features (Part 4)"):
 *
 * <ul>
 * <li>not empty, and of the layer's geometry type; a single geometry sent to a layer of multi-geometries
 * (a Polygon to a MultiPolygon layer) becomes a multi-geometry of one part; a layer registered as
 * {@code Geometry} takes any type;</li>
 * <li>valid (OGC simple features, as JTS and PostGIS check it). An invalid geometry is repaired
 * ({@link GeometryFixer}, the same rules as PostGIS' {@code ST_MakeValid}) when the repair keeps its type and,
 * for polygons, changes its area by less than {@value #MAX_AREA_CHANGE_PERCENT} % (a ring that touches itself, a
 * duplicated vertex, a hole drawn the wrong way); else it is refused with the reason JTS gives and where
 * (a bow-tie polygon, whose repair halves or doubles it).</li>
 * </ul>
 *
 * The check runs in the CRS the geometry arrived in (areas compare as ratios, so degrees do as well as
 * metres). Plain Java, stateless, thread-safe.
 */
public final class GeometryPolicy {

    /** A repair may change a polygon's area by less than this much, in percent. */
    public static final double MAX_AREA_CHANGE_PERCENT = 1.0;

    private GeometryPolicy() {
    }

    /**
     * The geometry as it will be stored (promoted, maybe repaired), or null after adding the reason to
     * {@code errors} under {@code path}.
     *
     * @param layerType the layer's registered geometry type ({@code MultiPolygon}, {@code Point}, …)
     */
    public static Geometry fit(Geometry g, String layerType, String path, FeatureInput.Errors errors) {
        if (g.isEmpty()) {
            errors.add(path, "is empty; a feature of this layer needs a " + layerType);
            return null;
        }
        Geometry typed = promote(g, layerType);
        if (typed == null) {
            errors.add(path + ".type", "is a " + g.getGeometryType() + "; this layer holds " + layerType
                    + (layerType.startsWith("Multi") ? " (or " + layerType.substring(5) + ") geometries"
                            : " geometries"));
            return null;
        }
        IsValidOp check = new IsValidOp(typed);
        if (check.isValid()) {
            return typed;
        }
        TopologyValidationError why = check.getValidationError();
        String reason = why.getMessage().toLowerCase(Locale.ROOT) + " at (" + why.getCoordinate().x + ", "
                + why.getCoordinate().y + ")";
        Geometry fixed = promote(GeometryFixer.fix(typed), layerType);
        if (fixed == null || fixed.isEmpty() || !fixed.isValid()) {
            errors.add(path, "is invalid (" + reason + ") and its repair would change its type: send a valid "
                    + layerType);
            return null;
        }
        if (typed.getDimension() == 2) {
            double before = typed.getArea();
            double after = fixed.getArea();
            double change = before == 0 ? Double.POSITIVE_INFINITY : Math.abs(after - before) / before * 100;
            if (!(change < MAX_AREA_CHANGE_PERCENT)) {
                errors.add(path, "is invalid (" + reason + "); repairing it would change its area by "
                        + (Double.isInfinite(change) ? "more than " + MAX_AREA_CHANGE_PERCENT : String.format(Locale.ROOT, "%.1f", change))
                        + " %, more than the " + MAX_AREA_CHANGE_PERCENT + " % allowed: send a valid " + layerType);
                return null;
            }
        }
        fixed.setSRID(typed.getSRID());
        return fixed;
    }

    /** {@code g} as the layer's type (a single geometry as a multi of one), or null when it does not fit. */
    static Geometry promote(Geometry g, String layerType) {
        String type = g.getGeometryType();
        if (layerType == null || layerType.equalsIgnoreCase("Geometry") || layerType.equalsIgnoreCase(type)) {
            return g;
        }
        var f = g.getFactory();
        String canonical = switch (layerType.toLowerCase(java.util.Locale.ROOT)) {
            case "multipolygon" -> "MultiPolygon";
            case "multilinestring" -> "MultiLineString";
            case "multipoint" -> "MultiPoint";
            case "polygon" -> "Polygon";
            case "linestring" -> "LineString";
            case "point" -> "Point";
            case "geometrycollection" -> "GeometryCollection";
            default -> layerType;
        };
        return switch (canonical) {
            case "MultiPolygon" -> g instanceof Polygon p ? f.createMultiPolygon(new Polygon[] {p}) : null;
            case "MultiLineString" -> g instanceof LineString l ? f.createMultiLineString(new LineString[] {l}) : null;
            case "MultiPoint" -> g instanceof Point p ? f.createMultiPoint(new Point[] {p}) : null;
            // a repair may turn a polygon into a multipolygon of one part: that still is a polygon
            case "Polygon" -> g instanceof MultiPolygon m && m.getNumGeometries() == 1 ? m.getGeometryN(0) : null;
            case "LineString" -> g instanceof MultiLineString m && m.getNumGeometries() == 1 ? m.getGeometryN(0) : null;
            case "Point" -> g instanceof MultiPoint m && m.getNumGeometries() == 1 ? m.getGeometryN(0) : null;
            case "GeometryCollection" -> g instanceof GeometryCollection ? g : null;
            default -> null;
        };
    }
}
