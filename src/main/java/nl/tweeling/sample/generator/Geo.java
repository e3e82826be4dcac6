package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * Geometry helpers shared by the sample generator: the sample extent in RD New (EPSG:28992),
 * rounding to 1 cm, robust overlay shortcuts and conversion to the multi-geometries the CSV
 * files carry. All methods are pure and deterministic.
 */
public final class Geo {
    /** Extent of the sample in RD New metres: x 196,000–211,000, y 495,000–509,000. */
    public static final double MIN_X = 196_000, MAX_X = 211_000, MIN_Y = 495_000, MAX_Y = 509_000;
    /** The SRID all geometries are expressed in. */
    public static final int SRID = 28992;
    /** Floating geometry factory with SRID 28992. */
    public static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), SRID);
    /** Precision model of the written coordinates: 0.01 m. */
    public static final PrecisionModel CM = new PrecisionModel(100);

    private Geo() {
    }

    public static Envelope extentEnvelope() {
        return new Envelope(MIN_X, MAX_X, MIN_Y, MAX_Y);
    }

    public static Polygon extentPolygon() {
        return (Polygon) GF.toGeometry(extentEnvelope());
    }

    /** Rounds a value to 2 decimals (1 cm). */
    public static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    public static Coordinate c(double x, double y) {
        return new Coordinate(x, y);
    }

    public static Point point(double x, double y) {
        return GF.createPoint(new Coordinate(round2(x), round2(y)));
    }

    public static LineString line(Coordinate... cs) {
        return GF.createLineString(cs);
    }

    public static Polygon polygon(Coordinate[] ring) {
        return GF.createPolygon(ring);
    }

    /**
     * Rounds every vertex of a polygonal geometry to 1 cm without changing shared vertices
     * differently (pure per-coordinate rounding), dropping repeated points. Used where
     * neighbouring polygons must keep identical shared edges (the tiling, footprints).
     */
    public static Geometry roundSimple(Geometry g) {
        if (g instanceof Polygon p) {
            return roundPolygon(p);
        }
        if (g instanceof MultiPolygon mp) {
            List<Polygon> ps = new ArrayList<>();
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                Polygon r = roundPolygon((Polygon) mp.getGeometryN(i));
                if (r != null) {
                    ps.add(r);
                }
            }
            return GF.createMultiPolygon(ps.toArray(new Polygon[0]));
        }
        throw new IllegalArgumentException("not polygonal: " + g.getGeometryType());
    }

    private static Polygon roundPolygon(Polygon p) {
        LinearRing shell = roundRing(p.getExteriorRing().getCoordinates());
        if (shell == null) {
            return null;
        }
        List<LinearRing> holes = new ArrayList<>();
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            LinearRing h = roundRing(p.getInteriorRingN(i).getCoordinates());
            if (h != null) {
                holes.add(h);
            }
        }
        return GF.createPolygon(shell, holes.toArray(new LinearRing[0]));
    }

    private static LinearRing roundRing(Coordinate[] cs) {
        Coordinate[] r = new Coordinate[cs.length];
        for (int i = 0; i < cs.length; i++) {
            r[i] = new Coordinate(round2(cs[i].x), round2(cs[i].y));
        }
        r = CoordinateArrays.removeRepeatedPoints(r);
        if (r.length < 4) {
            return null;
        }
        return GF.createLinearRing(r);
    }

    /**
     * Reduction of a polygonal geometry to 1 cm: plain vertex rounding when that stays valid,
     * otherwise the topology-safe {@link GeometryPrecisionReducer}.
     */
    public static Geometry reduce(Geometry g) {
        Geometry r = roundSimple(toMultiPolygon(g));
        if (!r.isValid()) {
            r = GeometryPrecisionReducer.reduce(g, CM);
        }
        r.setSRID(SRID);
        return r;
    }

    /** Rounds the vertices of a lineal geometry to 1 cm. */
    public static MultiLineString roundLines(Geometry g) {
        List<LineString> out = new ArrayList<>();
        for (LineString ls : lines(g)) {
            Coordinate[] cs = ls.getCoordinates();
            Coordinate[] r = new Coordinate[cs.length];
            for (int i = 0; i < cs.length; i++) {
                r[i] = new Coordinate(round2(cs[i].x), round2(cs[i].y));
            }
            r = CoordinateArrays.removeRepeatedPoints(r);
            if (r.length >= 2) {
                out.add(GF.createLineString(r));
            }
        }
        return GF.createMultiLineString(out.toArray(new LineString[0]));
    }

    /** All polygons of a geometry (any type), in their stored order. */
    public static List<Polygon> polygons(Geometry g) {
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry p = g.getGeometryN(i);
            if (p instanceof Polygon poly && !poly.isEmpty()) {
                out.add(poly);
            } else if (p instanceof GeometryCollection) {
                out.addAll(polygons(p));
            }
        }
        return out;
    }

    /** All line strings of a geometry (any type), in their stored order. */
    public static List<LineString> lines(Geometry g) {
        List<LineString> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry p = g.getGeometryN(i);
            if (p instanceof LineString ls && !ls.isEmpty()) {
                out.add(ls);
            } else if (p instanceof GeometryCollection) {
                out.addAll(lines(p));
            }
        }
        return out;
    }

    public static MultiPolygon toMultiPolygon(Geometry g) {
        if (g instanceof MultiPolygon mp) {
            return mp;
        }
        return GF.createMultiPolygon(polygons(g).toArray(new Polygon[0]));
    }

    /** Intersection, keeping only components of the highest dimension present (no touching slivers). */
    public static Geometry intersection(Geometry a, Geometry b) {
        return homogeneous(OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION));
    }

    /** Difference, keeping only components of the highest dimension present. */
    public static Geometry difference(Geometry a, Geometry b) {
        return homogeneous(OverlayNGRobust.overlay(a, b, OverlayNG.DIFFERENCE));
    }

    /** Drops lower-dimension parts of a mixed collection (e.g. touching edges of an area intersection). */
    static Geometry homogeneous(Geometry g) {
        if (!(g instanceof GeometryCollection) || g instanceof MultiPolygon || g instanceof MultiLineString
                || g.isEmpty()) {
            return g;
        }
        int dim = g.getDimension();
        if (dim == 2) {
            return GF.createMultiPolygon(polygons(g).toArray(new Polygon[0]));
        }
        if (dim == 1) {
            return GF.createMultiLineString(lines(g).toArray(new LineString[0]));
        }
        return g;
    }

    public static Geometry union(Collection<Geometry> gs) {
        if (gs.isEmpty()) {
            return GF.createMultiPolygon();
        }
        return OverlayNGRobust.union(gs, GF);
    }

    /** Buffer with flat end caps and coarse joins (corridors along lines). */
    public static Geometry corridor(Geometry lines, double halfWidth) {
        BufferParameters bp = new BufferParameters(2, BufferParameters.CAP_FLAT, BufferParameters.JOIN_ROUND, 5);
        return BufferOp.bufferOp(lines, halfWidth, bp);
    }

    /** Polygon approximating a circle or ellipse with radial noise, vertices counter-clockwise. */
    public static Polygon blob(double cx, double cy, double rx, double ry, double rot, int n, double[] noise) {
        Coordinate[] cs = new Coordinate[n + 1];
        double cr = Math.cos(rot), sr = Math.sin(rot);
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            double f = noise == null ? 1.0 : noise[i];
            double u = rx * f * Math.cos(a), v = ry * f * Math.sin(a);
            cs[i] = new Coordinate(cx + u * cr - v * sr, cy + u * sr + v * cr);
        }
        cs[n] = new Coordinate(cs[0]);
        return GF.createPolygon(cs);
    }

    public static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    public static boolean inExtent(double x, double y) {
        return x >= MIN_X && x <= MAX_X && y >= MIN_Y && y <= MAX_Y;
    }
}
