package nl.tweeling.feature.cql;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A geometry literal of a filter, from WKT (CQL2 text) or GeoJSON (CQL2 JSON), in the filter CRS's axis order.
 * Constructors validate what PostGIS would otherwise reject at query time: finite coordinates, at least two
 * positions per line string, closed rings of at least four positions, non-empty collections, and the same
 * dimension (2D or 3D) throughout one literal; violations throw {@link IllegalArgumentException} with a message
 * safe to show to users. EMPTY geometries and measures (M) are not represented.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Geometry {

    /** This geometry as OGC WKT, e.g. {@code POINT(5.5 52.5)} or {@code POINT Z(5.5 52.5 3)}. */
    default String toWkt() {
        StringBuilder b = new StringBuilder();
        Wkt.write(this, b);
        return b.toString();
    }

    /** Whether the positions have a third coordinate. */
    boolean hasZ();

    /** A position: x and y, and z or null. */
    record Position(double x, double y, Double z) {
        public Position {
            if (!Double.isFinite(x) || !Double.isFinite(y) || (z != null && !Double.isFinite(z))) {
                throw new IllegalArgumentException("coordinates must be finite numbers");
            }
        }

        public static Position of(double x, double y) {
            return new Position(x, y, null);
        }
    }

    record Point(Position position) implements Geometry {
        public Point {
            Objects.requireNonNull(position);
        }

        @Override
        public boolean hasZ() {
            return position.z() != null;
        }
    }

    record LineString(List<Position> positions) implements Geometry {
        public LineString {
            positions = List.copyOf(positions);
            if (positions.size() < 2) {
                throw new IllegalArgumentException("a line string needs at least 2 positions");
            }
            Wkt.sameDimension(positions);
        }

        @Override
        public boolean hasZ() {
            return positions.get(0).z() != null;
        }
    }

    /** A polygon: the exterior ring first, then holes. */
    record Polygon(List<List<Position>> rings) implements Geometry {
        public Polygon {
            rings = rings.stream().map(List::copyOf).toList();
            if (rings.isEmpty()) {
                throw new IllegalArgumentException("a polygon needs at least one ring");
            }
            for (List<Position> ring : rings) {
                if (ring.size() < 4) {
                    throw new IllegalArgumentException("a polygon ring needs at least 4 positions");
                }
                if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
                    throw new IllegalArgumentException("a polygon ring must end at its first position");
                }
            }
            Wkt.sameDimension(rings.stream().flatMap(List::stream).toList());
        }

        @Override
        public boolean hasZ() {
            return rings.get(0).get(0).z() != null;
        }
    }

    record MultiPoint(List<Point> points) implements Geometry {
        public MultiPoint {
            points = Wkt.members(points, "a multi point");
        }

        @Override
        public boolean hasZ() {
            return points.get(0).hasZ();
        }
    }

    record MultiLineString(List<LineString> lineStrings) implements Geometry {
        public MultiLineString {
            lineStrings = Wkt.members(lineStrings, "a multi line string");
        }

        @Override
        public boolean hasZ() {
            return lineStrings.get(0).hasZ();
        }
    }

    record MultiPolygon(List<Polygon> polygons) implements Geometry {
        public MultiPolygon {
            polygons = Wkt.members(polygons, "a multi polygon");
        }

        @Override
        public boolean hasZ() {
            return polygons.get(0).hasZ();
        }
    }

    record GeometryCollection(List<Geometry> geometries) implements Geometry {
        public GeometryCollection {
            geometries = Wkt.members(geometries, "a geometry collection");
        }

        @Override
        public boolean hasZ() {
            return geometries.get(0).hasZ();
        }
    }

    /** WKT writing and shared checks. */
    final class Wkt {

        private Wkt() {
        }

        static <G extends Geometry> List<G> members(List<G> members, String what) {
            List<G> copy = List.copyOf(members);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException(what + " needs at least one member");
            }
            boolean z = copy.get(0).hasZ();
            for (G g : copy) {
                if (g.hasZ() != z) {
                    throw new IllegalArgumentException("all positions of a geometry must have the same dimension");
                }
            }
            return copy;
        }

        static void sameDimension(List<Position> positions) {
            boolean z = positions.get(0).z() != null;
            for (Position p : positions) {
                if ((p.z() != null) != z) {
                    throw new IllegalArgumentException("all positions of a geometry must have the same dimension");
                }
            }
        }

        static void write(Geometry g, StringBuilder b) {
            String tag;
            if (g instanceof Point) {
                tag = "POINT";
            } else if (g instanceof LineString) {
                tag = "LINESTRING";
            } else if (g instanceof Polygon) {
                tag = "POLYGON";
            } else if (g instanceof MultiPoint) {
                tag = "MULTIPOINT";
            } else if (g instanceof MultiLineString) {
                tag = "MULTILINESTRING";
            } else if (g instanceof MultiPolygon) {
                tag = "MULTIPOLYGON";
            } else {
                tag = "GEOMETRYCOLLECTION";
            }
            b.append(tag).append(g.hasZ() ? " Z" : "");
            body(g, b);
        }

        private static void body(Geometry g, StringBuilder b) {
            if (g instanceof Point p) {
                b.append('(');
                position(p.position(), b);
                b.append(')');
            } else if (g instanceof LineString l) {
                positions(l.positions(), b);
            } else if (g instanceof Polygon p) {
                rings(p.rings(), b);
            } else if (g instanceof MultiPoint m) {
                b.append('(');
                for (int i = 0; i < m.points().size(); i++) {
                    b.append(i == 0 ? "" : ",");
                    body(m.points().get(i), b);
                }
                b.append(')');
            } else if (g instanceof MultiLineString m) {
                rings(m.lineStrings().stream().map(LineString::positions).toList(), b);
            } else if (g instanceof MultiPolygon m) {
                b.append('(');
                for (int i = 0; i < m.polygons().size(); i++) {
                    b.append(i == 0 ? "" : ",");
                    rings(m.polygons().get(i).rings(), b);
                }
                b.append(')');
            } else if (g instanceof GeometryCollection c) {
                b.append('(');
                for (int i = 0; i < c.geometries().size(); i++) {
                    b.append(i == 0 ? "" : ",");
                    write(c.geometries().get(i), b);
                }
                b.append(')');
            }
        }

        private static void rings(List<List<Position>> rings, StringBuilder b) {
            b.append('(');
            for (int i = 0; i < rings.size(); i++) {
                b.append(i == 0 ? "" : ",");
                positions(rings.get(i), b);
            }
            b.append(')');
        }

        private static void positions(List<Position> positions, StringBuilder b) {
            b.append('(');
            for (int i = 0; i < positions.size(); i++) {
                b.append(i == 0 ? "" : ",");
                position(positions.get(i), b);
            }
            b.append(')');
        }

        private static void position(Position p, StringBuilder b) {
            b.append(number(p.x())).append(' ').append(number(p.y()));
            if (p.z() != null) {
                b.append(' ').append(number(p.z()));
            }
        }

        /** Shortest plain decimal that reads back as the same double: no exponent, no trailing zeros. */
        static String number(double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }
}
