package nl.tweeling.feature.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import nl.tweeling.feature.cql.Geometry.GeometryCollection;
import nl.tweeling.feature.cql.Geometry.LineString;
import nl.tweeling.feature.cql.Geometry.MultiLineString;
import nl.tweeling.feature.cql.Geometry.MultiPoint;
import nl.tweeling.feature.cql.Geometry.MultiPolygon;
import nl.tweeling.feature.cql.Geometry.Point;
import nl.tweeling.feature.cql.Geometry.Polygon;
import nl.tweeling.feature.cql.Geometry.Position;
import nl.tweeling.feature.cql.Operand.BboxLiteral;
import nl.tweeling.feature.cql.Operand.GeometryLiteral;
import nl.tweeling.feature.cql.TextLexer.Token;
import nl.tweeling.feature.cql.TextLexer.Type;

/**
 * Parses WKT geometry literals (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON,
 * GEOMETRYCOLLECTION, each optionally tagged Z) and {@code BBOX(…)} in CQL2 text. MULTIPOINT accepts both
 * {@code ((1 2),(3 4))} and {@code (1 2, 3 4)}. EMPTY is not supported.
 */
final class SpatialLiterals {

    private final TextParser parser;

    SpatialLiterals(TextParser parser) {
        this.parser = parser;
    }

    Operand geometryLiteral() {
        Token first = parser.peek();
        Geometry g = geometry();
        return parser.literal(first, () -> new GeometryLiteral(g));
    }

    private Geometry geometry() {
        Token tag = parser.take();
        String type = tag.text().toUpperCase(Locale.ROOT);
        if (parser.peek().is("Z")) {
            parser.take();
        }
        if (parser.peek().is("EMPTY")) {
            throw parser.error("EMPTY geometries are not supported", parser.peek());
        }
        Token open = parser.peek();
        if (open.type() != Type.LPAREN) {
            throw parser.error("expected '(' after " + type + " but found " + open.describe(), open);
        }
        return parser.nested(open, () -> switch (type) {
            case "POINT" -> build(tag, () -> new Point(pointText()));
            case "LINESTRING" -> build(tag, () -> new LineString(positions()));
            case "POLYGON" -> build(tag, () -> new Polygon(rings()));
            case "MULTIPOINT" -> multiPoint(tag);
            case "MULTILINESTRING" -> build(tag, () -> new MultiLineString(
                    list(() -> build(parser.peek(), () -> new LineString(positions())))));
            case "MULTIPOLYGON" -> build(tag, () -> new MultiPolygon(
                    list(() -> build(parser.peek(), () -> new Polygon(rings())))));
            default -> build(tag, () -> new GeometryCollection(list(this::member)));
        });
    }

    private Geometry member() {
        Token t = parser.peek();
        if (t.type() != Type.IDENT || !isGeometryTag(t.text())) {
            throw parser.error("expected a geometry in the GEOMETRYCOLLECTION but found " + t.describe(), t);
        }
        return geometry();
    }

    private static boolean isGeometryTag(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
                    "GEOMETRYCOLLECTION" -> true;
            default -> false;
        };
    }

    private Geometry multiPoint(Token tag) {
        if (parser.peekAt(1).type() == Type.LPAREN) {
            return build(tag, () -> new MultiPoint(list(() -> build(parser.peek(), () -> new Point(pointText())))));
        }
        return build(tag, () -> new MultiPoint(positions().stream().map(Point::new).toList()));
    }

    private Position pointText() {
        parser.expect(Type.LPAREN, "expected '(' before the coordinates but found " + parser.peek().describe());
        Position p = position();
        parser.expect(Type.RPAREN, "expected ')' after the coordinates but found " + parser.peek().describe());
        return p;
    }

    private List<List<Position>> rings() {
        return list(this::positions);
    }

    /** {@code (item, item, …)} where each item is parsed by {@code item}. */
    private <T> List<T> list(Supplier<T> item) {
        Token open = parser.expect(Type.LPAREN, "expected '(' but found " + parser.peek().describe());
        return parser.nested(open, () -> {
            List<T> items = new ArrayList<>();
            items.add(item.get());
            while (parser.peek().type() == Type.COMMA) {
                parser.take();
                items.add(item.get());
            }
            parser.expect(Type.RPAREN, "expected ',' or ')' but found " + parser.peek().describe());
            return items;
        });
    }

    private List<Position> positions() {
        return list(this::position);
    }

    private Position position() {
        Token first = parser.peek();
        double x = coordinate();
        double y = coordinate();
        Token t = parser.peek();
        Double z = t.type() == Type.NUMBER || t.type() == Type.MINUS || t.type() == Type.PLUS ? coordinate() : null;
        return parser.literal(first, () -> new Position(x, y, z));
    }

    private double coordinate() {
        return parser.signedNumber("a coordinate").doubleValue();
    }

    private <G> G build(Token at, Supplier<G> body) {
        return parser.literal(at, body);
    }

    Operand bbox() {
        Token tag = parser.take();
        Token open = parser.take();
        List<Double> values = parser.nested(open, () -> {
            List<Double> v = new ArrayList<>();
            v.add(coordinate());
            while (parser.peek().type() == Type.COMMA) {
                parser.take();
                v.add(coordinate());
            }
            return v;
        });
        parser.expect(Type.RPAREN, "expected ',' or ')' in BBOX but found " + parser.peek().describe());
        return parser.literal(tag, () -> bbox(values));
    }

    /** A box from 4 numbers, or from 6 with the heights (third and sixth) dropped. */
    static BboxLiteral bbox(List<Double> v) {
        if (v.size() == 4) {
            return new BboxLiteral(v.get(0), v.get(1), v.get(2), v.get(3));
        }
        if (v.size() == 6) {
            return new BboxLiteral(v.get(0), v.get(1), v.get(3), v.get(4));
        }
        throw new IllegalArgumentException("BBOX takes 4 or 6 numbers, not " + v.size());
    }
}
