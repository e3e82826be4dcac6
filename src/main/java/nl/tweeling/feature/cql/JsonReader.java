package nl.tweeling.feature.cql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.feature.cql.CqlException.Kind;
import nl.tweeling.feature.cql.Geometry.GeometryCollection;
import nl.tweeling.feature.cql.Geometry.LineString;
import nl.tweeling.feature.cql.Geometry.MultiLineString;
import nl.tweeling.feature.cql.Geometry.MultiPoint;
import nl.tweeling.feature.cql.Geometry.MultiPolygon;
import nl.tweeling.feature.cql.Geometry.Point;
import nl.tweeling.feature.cql.Geometry.Polygon;
import nl.tweeling.feature.cql.Geometry.Position;
import nl.tweeling.feature.cql.Operand.AccentInsensitive;
import nl.tweeling.feature.cql.Operand.ArrayLiteral;
import nl.tweeling.feature.cql.Operand.BooleanLiteral;
import nl.tweeling.feature.cql.Operand.CaseInsensitive;
import nl.tweeling.feature.cql.Operand.DateLiteral;
import nl.tweeling.feature.cql.Operand.GeometryLiteral;
import nl.tweeling.feature.cql.Operand.IntervalLiteral;
import nl.tweeling.feature.cql.Operand.NumberLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.StringLiteral;
import nl.tweeling.feature.cql.Operand.TimestampLiteral;

/**
 * Converts a CQL2 JSON tree into the AST, tracking the JSON path of every node for messages. Not thread-safe; one
 * instance per parse.
 */
final class JsonReader {

    private static final Set<String> LOGICAL = Set.of("and", "or", "not");
    private static final Set<String> GEOJSON_TYPES = Set.of("Point", "LineString", "Polygon", "MultiPoint",
            "MultiLineString", "MultiPolygon", "GeometryCollection");
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%", "^", "div");

    private int depth;

    Predicate predicate(JsonNode n, String path) {
        return nested(path, () -> {
            if (n.isBoolean()) {
                return new Predicate.BooleanValue(new BooleanLiteral(n.booleanValue()));
            }
            if (n.isObject() && n.has("property")) {
                return new Predicate.BooleanValue(operand(n, path));
            }
            if (!n.isObject() || !n.has("op")) {
                throw syntax("expected a condition: an object with \"op\" and \"args\"", path);
            }
            String op = op(n, path);
            List<JsonNode> args = args(n, path);
            String argsPath = path + ".args";
            if (op.equals("and") || op.equals("or")) {
                if (args.size() < 2) {
                    throw syntax("\"" + op + "\" needs at least two arguments", argsPath);
                }
                List<Predicate> ps = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    ps.add(predicate(args.get(i), argsPath + "[" + i + "]"));
                }
                return op.equals("and") ? new Predicate.And(ps) : new Predicate.Or(ps);
            }
            if (op.equals("not")) {
                arity(op, args, 1, argsPath);
                return new Predicate.Not(predicate(args.get(0), argsPath + "[0]"));
            }
            var comparison = ComparisonOperator.fromSymbol(op);
            if (comparison.isPresent()) {
                arity(op, args, 2, argsPath);
                return new Predicate.Comparison(comparison.get(), arg(args, 0, argsPath), arg(args, 1, argsPath));
            }
            switch (op) {
                case "like":
                    arity(op, args, 2, argsPath);
                    return new Predicate.Like(arg(args, 0, argsPath), pattern(args.get(1), argsPath + "[1]"), false);
                case "between":
                    arity(op, args, 3, argsPath);
                    return new Predicate.Between(arg(args, 0, argsPath), arg(args, 1, argsPath),
                            arg(args, 2, argsPath), false);
                case "in":
                    return in(args, argsPath);
                case "isnull":
                    arity("isNull", args, 1, argsPath);
                    return new Predicate.IsNull(arg(args, 0, argsPath), false);
                default:
                    break;
            }
            var spatial = SpatialFunction.named(op);
            if (spatial.isPresent()) {
                arity(op, args, 2, argsPath);
                return new Predicate.Spatial(spatial.get(), arg(args, 0, argsPath), arg(args, 1, argsPath));
            }
            var temporal = TemporalFunction.named(op);
            if (temporal.isPresent()) {
                arity(op, args, 2, argsPath);
                return new Predicate.Temporal(temporal.get(), arg(args, 0, argsPath), arg(args, 1, argsPath));
            }
            var array = ArrayFunction.named(op);
            if (array.isPresent()) {
                arity(op, args, 2, argsPath);
                return new Predicate.ArrayComparison(array.get(), arg(args, 0, argsPath), arg(args, 1, argsPath));
            }
            if (op.equals("casei") || op.equals("accenti")) {
                throw syntax("\"" + op + "\" gives a value, not a condition", path);
            }
            throw unknownOp(n, op, path);
        });
    }

    private Predicate in(List<JsonNode> args, String argsPath) {
        arity("in", args, 2, argsPath);
        JsonNode list = args.get(1);
        if (!list.isArray() || list.isEmpty()) {
            throw syntax("the second argument of \"in\" must be a non-empty array", argsPath + "[1]");
        }
        List<Operand> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            items.add(operand(list.get(i), argsPath + "[1][" + i + "]"));
        }
        return new Predicate.In(arg(args, 0, argsPath), items, false);
    }

    private Operand pattern(JsonNode n, String path) {
        if (n.isTextual()) {
            return operand(n, path);
        }
        if (n.isObject() && (n.has("casei") || n.has("accenti") || n.has("op"))) {
            Operand o = operand(n, path);
            if (o instanceof CaseInsensitive || o instanceof AccentInsensitive) {
                return o;
            }
        }
        throw syntax("the pattern of \"like\" must be a string, optionally in casei or accenti", path);
    }

    Operand operand(JsonNode n, String path) {
        return nested(path, () -> {
            if (n.isTextual()) {
                return literal(path, () -> new StringLiteral(n.textValue()));
            }
            if (n.isNumber()) {
                return literal(path, () -> new NumberLiteral(n.decimalValue()));
            }
            if (n.isBoolean()) {
                return new BooleanLiteral(n.booleanValue());
            }
            if (n.isArray()) {
                List<Operand> items = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    items.add(operand(n.get(i), path + "[" + i + "]"));
                }
                return new ArrayLiteral(items);
            }
            if (n.isNull()) {
                throw syntax("null is not a value; test for null with \"isNull\"", path);
            }
            return objectOperand(n, path);
        });
    }

    private Operand objectOperand(JsonNode n, String path) {
        if (n.has("op")) {
            String op = op(n, path);
            if (op.equals("casei") || op.equals("accenti")) {
                List<JsonNode> args = args(n, path);
                arity(op, args, 1, path + ".args");
                Operand inner = arg(args, 0, path + ".args");
                return op.equals("casei") ? new CaseInsensitive(inner) : new AccentInsensitive(inner);
            }
            if (isPredicateOp(op)) {
                throw syntax("\"" + op + "\" is a condition and cannot be used as a value", path);
            }
            throw unknownOp(n, op, path);
        }
        if (n.has("property")) {
            only(n, path, "property");
            JsonNode name = n.get("property");
            if (!name.isTextual()) {
                throw syntax("\"property\" must be a string", path + ".property");
            }
            return literal(path + ".property", () -> new PropertyRef(name.textValue()));
        }
        if (n.has("casei") || n.has("accenti")) {
            boolean casei = n.has("casei");
            only(n, path, casei ? "casei" : "accenti");
            Operand inner = operand(n.get(casei ? "casei" : "accenti"), path + (casei ? ".casei" : ".accenti"));
            return casei ? new CaseInsensitive(inner) : new AccentInsensitive(inner);
        }
        if (n.has("timestamp")) {
            only(n, path, "timestamp");
            String p = path + ".timestamp";
            var instant = n.get("timestamp").isTextual() ? TemporalLiterals.timestamp(n.get("timestamp").textValue())
                    : null;
            if (instant == null) {
                throw syntax("\"timestamp\" must be an RFC 3339 date-time string such as \"2024-05-01T12:00:00Z\"", p);
            }
            return new TimestampLiteral(instant);
        }
        if (n.has("date")) {
            only(n, path, "date");
            var date = n.get("date").isTextual() ? TemporalLiterals.date(n.get("date").textValue()) : null;
            if (date == null) {
                throw syntax("\"date\" must be a date string such as \"2024-05-01\"", path + ".date");
            }
            return new DateLiteral(date);
        }
        if (n.has("interval")) {
            return interval(n, path);
        }
        if (n.has("bbox") && !n.has("type")) {
            only(n, path, "bbox");
            JsonNode box = n.get("bbox");
            String p = path + ".bbox";
            if (!box.isArray()) {
                throw syntax("\"bbox\" must be an array of 4 or 6 numbers", p);
            }
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < box.size(); i++) {
                values.add(number(box.get(i), p + "[" + i + "]"));
            }
            return literal(p, () -> SpatialLiterals.bbox(values));
        }
        if (n.has("type")) {
            Geometry g = geometry(n, path);
            return literal(path, () -> new GeometryLiteral(g));
        }
        throw syntax("unrecognised value; expected a literal, {\"property\": …}, a temporal or spatial literal or"
                + " a function", path);
    }

    private Operand interval(JsonNode n, String path) {
        only(n, path, "interval");
        JsonNode ends = n.get("interval");
        String p = path + ".interval";
        if (!ends.isArray() || ends.size() != 2) {
            throw syntax("\"interval\" must be an array of two ends", p);
        }
        Operand[] parsed = new Operand[2];
        for (int i = 0; i < 2; i++) {
            JsonNode end = ends.get(i);
            String ep = p + "[" + i + "]";
            if (end.isTextual()) {
                parsed[i] = TemporalLiterals.instantOrOpen(end.textValue());
                if (parsed[i] == null) {
                    throw syntax("an interval end must be a date, a timestamp or \"..\"", ep);
                }
            } else if (end.isObject() && (end.has("property") || end.has("op"))) {
                parsed[i] = operand(end, ep);
            } else {
                throw syntax("an interval end must be a date, a timestamp, \"..\" or a property", ep);
            }
        }
        return literal(p, () -> new IntervalLiteral(parsed[0], parsed[1]));
    }

    // ---- GeoJSON

    private Geometry geometry(JsonNode n, String path) {
        JsonNode typeNode = n.get("type");
        String type = typeNode.isTextual() ? typeNode.textValue() : "";
        if (!GEOJSON_TYPES.contains(type)) {
            throw syntax("unsupported GeoJSON geometry type " + CqlException.quote(type), path + ".type");
        }
        if (type.equals("GeometryCollection")) {
            only(n, path, "type", "geometries", "bbox");
            JsonNode members = n.get("geometries");
            if (members == null || !members.isArray()) {
                throw syntax("\"geometries\" must be an array", path);
            }
            List<Geometry> gs = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                String p = path + ".geometries[" + i + "]";
                JsonNode m = members.get(i);
                if (!m.isObject() || !m.has("type")) {
                    throw syntax("expected a GeoJSON geometry object", p);
                }
                gs.add(nested(p, () -> geometry(m, p)));
            }
            return literal(path, () -> new GeometryCollection(gs));
        }
        only(n, path, "type", "coordinates", "bbox");
        JsonNode c = n.get("coordinates");
        String p = path + ".coordinates";
        if (c == null) {
            throw syntax("a GeoJSON geometry needs \"coordinates\"", path);
        }
        return switch (type) {
            case "Point" -> literal(p, () -> new Point(position(c, p)));
            case "LineString" -> literal(p, () -> new LineString(list(c, p, this::position)));
            case "Polygon" -> literal(p, () -> new Polygon(rings(c, p)));
            case "MultiPoint" -> literal(p, () -> new MultiPoint(
                    list(c, p, (e, ep) -> literal(ep, () -> new Point(position(e, ep))))));
            case "MultiLineString" -> literal(p, () -> new MultiLineString(
                    list(c, p, (e, ep) -> literal(ep, () -> new LineString(list(e, ep, this::position))))));
            default -> literal(p, () -> new MultiPolygon(
                    list(c, p, (e, ep) -> literal(ep, () -> new Polygon(rings(e, ep))))));
        };
    }

    private List<List<Position>> rings(JsonNode n, String path) {
        return list(n, path, (e, ep) -> list(e, ep, this::position));
    }

    private <T> List<T> list(JsonNode n, String path, PathFunction<T> item) {
        if (!n.isArray()) {
            throw syntax("expected an array", path);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(item.apply(n.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private Position position(JsonNode n, String path) {
        if (!n.isArray() || n.size() < 2 || n.size() > 3) {
            throw syntax("a position must be an array of 2 or 3 numbers", path);
        }
        double x = number(n.get(0), path + "[0]");
        double y = number(n.get(1), path + "[1]");
        Double z = n.size() == 3 ? number(n.get(2), path + "[2]") : null;
        return literal(path, () -> new Position(x, y, z));
    }

    private double number(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw syntax("expected a number", path);
        }
        return n.doubleValue();
    }

    // ---- helpers

    @FunctionalInterface
    private interface PathFunction<T> {
        T apply(JsonNode node, String path);
    }

    private static String op(JsonNode n, String path) {
        JsonNode op = n.get("op");
        if (!op.isTextual()) {
            throw syntax("\"op\" must be a string", path + ".op");
        }
        only(n, path, "op", "args");
        return op.textValue().toLowerCase(Locale.ROOT);
    }

    private static List<JsonNode> args(JsonNode n, String path) {
        JsonNode args = n.get("args");
        if (args == null || !args.isArray()) {
            throw syntax("\"args\" must be an array", path);
        }
        List<JsonNode> out = new ArrayList<>();
        args.forEach(out::add);
        return out;
    }

    private Operand arg(List<JsonNode> args, int i, String argsPath) {
        return operand(args.get(i), argsPath + "[" + i + "]");
    }

    private static void arity(String op, List<JsonNode> args, int n, String argsPath) {
        if (args.size() != n) {
            throw syntax("\"" + op + "\" takes " + n + " argument" + (n == 1 ? "" : "s") + ", not " + args.size(),
                    argsPath);
        }
    }

    private static boolean isPredicateOp(String op) {
        return LOGICAL.contains(op) || ComparisonOperator.fromSymbol(op).isPresent()
                || Set.of("like", "between", "in", "isnull").contains(op) || SpatialFunction.named(op).isPresent()
                || TemporalFunction.named(op).isPresent() || ArrayFunction.named(op).isPresent();
    }

    private static CqlException unknownOp(JsonNode n, String op, String path) {
        if (ARITHMETIC.contains(op)) {
            return CqlException.atPath(Kind.UNSUPPORTED, "arithmetic expressions are not supported", path);
        }
        return CqlException.atPath(Kind.UNKNOWN_FUNCTION,
                "unknown function " + CqlException.quote(n.get("op").textValue()), path);
    }

    /** Rejects members other than {@code allowed}. */
    private static void only(JsonNode n, String path, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!ok.contains(name)) {
                throw syntax("unexpected member " + CqlException.quote(name), path);
            }
        }
    }

    private static CqlException syntax(String message, String path) {
        return CqlException.atPath(Kind.SYNTAX, message, path);
    }

    private static <T> T literal(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw syntax(e.getMessage(), path);
        }
    }

    private <T> T nested(String path, Supplier<T> body) {
        if (++depth > Cql2Text.MAX_DEPTH) {
            throw CqlException.atPath(Kind.TOO_COMPLEX,
                    "the filter is nested too deeply (more than " + Cql2Text.MAX_DEPTH + " levels)", path);
        }
        try {
            return body.get();
        } finally {
            depth--;
        }
    }
}
