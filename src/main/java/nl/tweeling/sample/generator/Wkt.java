package nl.tweeling.sample.generator;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes WKT with coordinates rounded to 1 cm and printed with {@link Fmt} (no trailing zeros).
 * Polygons are always written as {@code MULTIPOLYGON}, line strings as {@code MULTILINESTRING},
 * points as {@code POINT}.
 */
public final class Wkt {
    private Wkt() {
    }

    public static String of(Geometry g) {
        StringBuilder sb = new StringBuilder(128);
        if (g instanceof Point p) {
            sb.append("POINT (");
            coord(sb, p.getCoordinate());
            sb.append(')');
        } else if (g instanceof Polygon || g instanceof MultiPolygon) {
            sb.append("MULTIPOLYGON (");
            var ps = Geo.polygons(g);
            for (int i = 0; i < ps.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                polygon(sb, ps.get(i));
            }
            sb.append(')');
        } else if (g instanceof LineString || g instanceof MultiLineString) {
            sb.append("MULTILINESTRING (");
            var ls = Geo.lines(g);
            for (int i = 0; i < ls.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                ring(sb, ls.get(i).getCoordinates());
            }
            sb.append(')');
        } else {
            throw new IllegalArgumentException("unsupported geometry " + g.getGeometryType());
        }
        return sb.toString();
    }

    private static void polygon(StringBuilder sb, Polygon p) {
        sb.append('(');
        ring(sb, p.getExteriorRing().getCoordinates());
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            sb.append(", ");
            ring(sb, p.getInteriorRingN(i).getCoordinates());
        }
        sb.append(')');
    }

    private static void ring(StringBuilder sb, Coordinate[] cs) {
        sb.append('(');
        for (int i = 0; i < cs.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            coord(sb, cs[i]);
        }
        sb.append(')');
    }

    private static void coord(StringBuilder sb, Coordinate c) {
        Fmt.append(sb, c.x, 2);
        sb.append(' ');
        Fmt.append(sb, c.y, 2);
    }
}
