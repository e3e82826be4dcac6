package nl.tweeling.feature.cql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import nl.tweeling.feature.cql.CqlException.Kind;
import nl.tweeling.feature.cql.Operand.AccentInsensitive;
import nl.tweeling.feature.cql.Operand.ArrayLiteral;
import nl.tweeling.feature.cql.Operand.BboxLiteral;
import nl.tweeling.feature.cql.Operand.BooleanLiteral;
import nl.tweeling.feature.cql.Operand.CaseInsensitive;
import nl.tweeling.feature.cql.Operand.DateLiteral;
import nl.tweeling.feature.cql.Operand.GeometryLiteral;
import nl.tweeling.feature.cql.Operand.IntervalLiteral;
import nl.tweeling.feature.cql.Operand.NumberLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.StringLiteral;
import nl.tweeling.feature.cql.Operand.TimestampLiteral;
import nl.tweeling.feature.cql.Operand.Unbounded;

/**
 * One translation of a filter into SQL for {@link CqlSqlBuilder}: resolves properties (caching them for the call),
 * checks types and emits fragments. Not thread-safe; one instance per call.
 */
final class SqlEmitter {

    private static final String IDENT = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile(IDENT + "(?:\\." + IDENT + ")*");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\(");
    private static final int MAX_TREE_DEPTH = 2 * Cql2Text.MAX_DEPTH;
    /** Segments along the longest extent of a densified literal (the items bbox parameter densifies alike). */
    static final int SEGMENTS_PER_SPAN = 256;

    private final PropertyResolver resolver;
    private final FilterCrs filterCrs;
    private final int storageSrid;
    private final boolean unaccent;
    private final Map<String, Property> resolved = new HashMap<>();
    private int depth;

    SqlEmitter(PropertyResolver resolver, FilterCrs filterCrs, int storageSrid, boolean unaccent) {
        this.resolver = resolver;
        this.filterCrs = filterCrs;
        this.storageSrid = storageSrid;
        this.unaccent = unaccent;
    }

    Fragment predicate(Predicate p) {
        if (++depth > MAX_TREE_DEPTH) {
            throw CqlException.of(Kind.TOO_COMPLEX, "the filter is nested too deeply");
        }
        try {
            return dispatch(p);
        } finally {
            depth--;
        }
    }

    private Fragment dispatch(Predicate p) {
        if (p instanceof Predicate.And and) {
            return Fragment.and(and.args().stream().map(this::predicate).toList());
        }
        if (p instanceof Predicate.Or or) {
            return Fragment.or(or.args().stream().map(this::predicate).toList());
        }
        if (p instanceof Predicate.Not not) {
            return Fragment.not(predicate(not.arg()));
        }
        if (p instanceof Predicate.Comparison c) {
            return comparison(c);
        }
        if (p instanceof Predicate.Like like) {
            return like(like);
        }
        if (p instanceof Predicate.Between between) {
            return between(between);
        }
        if (p instanceof Predicate.In in) {
            return in(in);
        }
        if (p instanceof Predicate.IsNull isNull) {
            return isNull(isNull);
        }
        if (p instanceof Predicate.Spatial spatial) {
            return spatial(spatial);
        }
        if (p instanceof Predicate.Temporal temporal) {
            return new TemporalSql(this).predicate(temporal);
        }
        if (p instanceof Predicate.ArrayComparison array) {
            return new ArraySql(this).predicate(array);
        }
        return booleanValue((Predicate.BooleanValue) p);
    }

    // ---- comparison predicates

    private Fragment comparison(Predicate.Comparison c) {
        boolean asTimestamps = comparable(c.left(), c.right(), "'" + c.op().symbol() + "'");
        return Fragment.join(scalar(c.left(), asTimestamps), " " + c.op().symbol() + " ",
                scalar(c.right(), asTimestamps));
    }

    /**
     * Checks that two operands can be compared and returns whether instants must be compared as timestamps (a date
     * meets a timestamp).
     */
    private boolean comparable(Operand a, Operand b, String operator) {
        PropertyType ta = typeOf(a);
        PropertyType tb = typeOf(b);
        for (PropertyType t : new PropertyType[] {ta, tb}) {
            switch (t) {
                case GEOMETRY:
                    throw typeError("geometries cannot be compared with " + operator
                            + "; use a spatial function such as S_EQUALS or S_INTERSECTS");
                case ARRAY:
                    throw typeError("arrays cannot be compared with " + operator
                            + "; use an array function such as A_EQUALS");
                case INTERVAL:
                    throw typeError("intervals cannot be compared with " + operator
                            + "; use a temporal function such as T_EQUALS or T_INTERSECTS");
                default:
                    break;
            }
        }
        if (ta.isNumeric() && tb.isNumeric() || ta == tb) {
            return false;
        }
        if (ta.isInstant() && tb.isInstant()) {
            return true;
        }
        String hint = ta.isInstant() && tb == PropertyType.STRING || tb.isInstant() && ta == PropertyType.STRING
                ? "; write dates as DATE('2024-05-01') and timestamps as TIMESTAMP('2024-05-01T12:00:00Z')" : "";
        throw typeError("cannot compare " + describe(a) + " with " + describe(b) + hint);
    }

    private Fragment like(Predicate.Like like) {
        if (typeOf(like.value()) != PropertyType.STRING) {
            throw typeError("LIKE needs a string to match, but got " + describe(like.value()));
        }
        if (typeOf(like.pattern()) != PropertyType.STRING) {
            throw typeError("the LIKE pattern must be a string, but got " + describe(like.pattern()));
        }
        return Fragment.join(scalar(like.value(), false), like.negated() ? " NOT LIKE " : " LIKE ",
                scalar(like.pattern(), false));
    }

    private Fragment between(Predicate.Between b) {
        for (Operand o : List.of(b.value(), b.low(), b.high())) {
            if (!typeOf(o).isNumeric()) {
                throw typeError("BETWEEN needs numbers, but got " + describe(o));
            }
        }
        return Fragment.join(scalar(b.value(), false), b.negated() ? " NOT BETWEEN " : " BETWEEN ",
                scalar(b.low(), false), " AND ", scalar(b.high(), false));
    }

    private Fragment in(Predicate.In in) {
        boolean asTimestamps = false;
        for (Operand item : in.list()) {
            asTimestamps |= comparable(in.value(), item, "IN");
        }
        List<Object> parts = new ArrayList<>();
        parts.add(scalar(in.value(), asTimestamps));
        parts.add(in.negated() ? " NOT IN (" : " IN (");
        for (int i = 0; i < in.list().size(); i++) {
            parts.add(i == 0 ? "" : ", ");
            parts.add(scalar(in.list().get(i), asTimestamps));
        }
        parts.add(")");
        return Fragment.join(parts.toArray());
    }

    private Fragment isNull(Predicate.IsNull n) {
        Operand v = n.value();
        Fragment value;
        if (v instanceof GeometryLiteral || v instanceof BboxLiteral) {
            value = geometry(v, "IS NULL");
        } else if (v instanceof PropertyRef ref) {
            Property p = resolve(ref);
            if (p.sqlExpression() == null) {
                throw CqlException.of(Kind.UNSUPPORTED, "IS NULL is not supported for the interval property "
                        + CqlException.quote(ref.name()));
            }
            value = Fragment.of(expression(p.sqlExpression()));
        } else if (v instanceof IntervalLiteral || v instanceof ArrayLiteral || v instanceof Unbounded) {
            throw typeError("IS NULL needs a property or a single value, but got " + describe(v));
        } else {
            value = scalar(v, false);
        }
        return Fragment.join(value, n.negated() ? " IS NOT NULL" : " IS NULL");
    }

    private Fragment booleanValue(Predicate.BooleanValue b) {
        if (b.value() instanceof BooleanLiteral literal) {
            return literal.value() ? Fragment.TRUE : Fragment.FALSE;
        }
        if (typeOf(b.value()) != PropertyType.BOOLEAN) {
            throw typeError(describe(b.value()) + " is not a boolean and cannot stand alone as a condition;"
                    + " compare it with a value");
        }
        return scalar(b.value(), false);
    }

    // ---- spatial

    private Fragment spatial(Predicate.Spatial s) {
        String name = s.function().name();
        return Fragment.join(s.function().postgis(), "(", geometry(s.left(), name + " (first argument)"), ", ",
                geometry(s.right(), name + " (second argument)"), ")");
    }

    /** A geometry-valued operand in the storage SRID. */
    private Fragment geometry(Operand o, String where) {
        if (o instanceof GeometryLiteral g) {
            return transform(Fragment.join("ST_GeomFromText(", Fragment.param(g.geometry().toWkt()), ", "
                    + filterCrs.srid() + ")"), edgeSpan(g.geometry()));
        }
        if (o instanceof BboxLiteral b) {
            return transform(Fragment.join("ST_MakeEnvelope(", Fragment.param(b.minX()), ", ", Fragment.param(b.minY()),
                    ", ", Fragment.param(b.maxX()), ", ", Fragment.param(b.maxY()), ", " + filterCrs.srid() + ")"),
                    Math.max(Math.abs(b.maxX() - b.minX()), Math.abs(b.maxY() - b.minY())));
        }
        if (o instanceof PropertyRef ref && resolve(ref).type() == PropertyType.GEOMETRY) {
            return Fragment.of(expression(resolve(ref).sqlExpression()));
        }
        throw typeError(where + " needs a geometry, but got " + describe(o));
    }

    /**
     * A literal in the filter CRS as a geometry in the storage SRID. A straight edge in a projected filter CRS
     * (EPSG:3857) is a curve in the storage projection, so such literals are first densified in their own CRS
     * to {@value #SEGMENTS_PER_SPAN} segments along their longest extent ({@code span}, in CRS units; at least
     * 1 cm per segment), which keeps the transformed edges within millimetres of the true curve at city scale.
     * Literals without edges ({@code span} 0) and literals in degrees are transformed vertex by vertex.
     */
    private Fragment transform(Fragment literal, double span) {
        Fragment xy = filterCrs.latitudeFirst() ? Fragment.join("ST_FlipCoordinates(", literal, ")") : literal;
        if (filterCrs.srid() == storageSrid) {
            return xy;
        }
        if (filterCrs.projected() && span > 0) {
            xy = Fragment.join("ST_Segmentize(", xy, ", ", Fragment.param(Math.max(0.01, span / SEGMENTS_PER_SPAN)), ")");
        }
        return Fragment.join("ST_Transform(", xy, ", " + storageSrid + ")");
    }

    /** The larger side of the envelope of the edges (lines and rings) of a geometry; 0 when it has none. */
    static double edgeSpan(Geometry g) {
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        addEdges(g, box);
        return box[0] > box[2] ? 0 : Math.max(box[2] - box[0], box[3] - box[1]);
    }

    private static void addEdges(Geometry g, double[] box) {
        if (g instanceof Geometry.LineString l) {
            addPositions(l.positions(), box);
        } else if (g instanceof Geometry.Polygon p) {
            p.rings().forEach(r -> addPositions(r, box));
        } else if (g instanceof Geometry.MultiLineString m) {
            m.lineStrings().forEach(l -> addEdges(l, box));
        } else if (g instanceof Geometry.MultiPolygon m) {
            m.polygons().forEach(p -> addEdges(p, box));
        } else if (g instanceof Geometry.GeometryCollection c) {
            c.geometries().forEach(member -> addEdges(member, box));
        }
    }

    private static void addPositions(List<Geometry.Position> positions, double[] box) {
        for (Geometry.Position p : positions) {
            box[0] = Math.min(box[0], p.x());
            box[1] = Math.min(box[1], p.y());
            box[2] = Math.max(box[2], p.x());
            box[3] = Math.max(box[3], p.y());
        }
    }

    // ---- values

    /**
     * A scalar operand as SQL: property expression or bound literal. With {@code asTimestamps}, dates become the
     * start of their day in UTC.
     */
    Fragment scalar(Operand o, boolean asTimestamps) {
        if (o instanceof PropertyRef ref) {
            Property p = resolve(ref);
            String sql = expression(p.sqlExpression() == null ? "" : p.sqlExpression());
            if (p.type() == PropertyType.DATE && asTimestamps) {
                return Fragment.of(dateAsTimestamp(sql));
            }
            return Fragment.of(sql);
        }
        if (o instanceof StringLiteral s) {
            return Fragment.param(s.value());
        }
        if (o instanceof NumberLiteral n) {
            return Fragment.param(number(n.value()));
        }
        if (o instanceof BooleanLiteral b) {
            return Fragment.param(b.value());
        }
        if (o instanceof TimestampLiteral t) {
            return Fragment.param(OffsetDateTime.ofInstant(t.value(), ZoneOffset.UTC));
        }
        if (o instanceof DateLiteral d) {
            return Fragment.param(asTimestamps ? startOfDay(d.value()) : d.value());
        }
        if (o instanceof CaseInsensitive c) {
            requireString(c.value(), "CASEI");
            return Fragment.join("lower(", scalar(c.value(), false), ")");
        }
        if (o instanceof AccentInsensitive a) {
            if (!unaccent) {
                throw CqlException.of(Kind.UNSUPPORTED, "ACCENTI is not supported by this server");
            }
            requireString(a.value(), "ACCENTI");
            return Fragment.join("unaccent(", scalar(a.value(), false), ")");
        }
        throw typeError(describe(o) + " cannot be used here");
    }

    private void requireString(Operand o, String function) {
        if (typeOf(o) != PropertyType.STRING) {
            throw typeError(function + " needs a string, but got " + describe(o));
        }
    }

    static String dateAsTimestamp(String sql) {
        return "(CAST(" + sql + " AS timestamp) AT TIME ZONE 'UTC')";
    }

    static OffsetDateTime startOfDay(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** Long for integers that fit, otherwise the exact BigDecimal. */
    static Object number(BigDecimal v) {
        if (v.scale() <= 0 && v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                && v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return v.longValueExact();
        }
        return v;
    }

    /**
     * A resolver expression, parenthesised unless it is a plain (qualified) identifier or one function call such as
     * {@code lower(t.x)}, so operators around it cannot change its meaning.
     */
    static String expression(String sql) {
        return PLAIN_IDENTIFIER.matcher(sql).matches() || isSingleCall(sql) ? sql : "(" + sql + ")";
    }

    /** Whether {@code sql} is {@code name(…)} whose first parenthesis closes at the very end. */
    private static boolean isSingleCall(String sql) {
        var m = FUNCTION_NAME.matcher(sql);
        if (!m.lookingAt()) {
            return false;
        }
        int depth = 0;
        char quote = 0;
        for (int i = m.end() - 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i == sql.length() - 1;
            }
        }
        return false;
    }

    // ---- types and properties

    Property resolve(PropertyRef ref) {
        Property p = resolved.get(ref.name());
        if (p == null) {
            p = resolver.resolve(ref.name()).orElseThrow(() -> CqlException.of(Kind.UNKNOWN_PROPERTY,
                    "unknown property " + CqlException.quote(ref.name())));
            resolved.put(ref.name(), p);
        }
        return p;
    }

    /** The type an operand evaluates to; INTEGER properties and integral literals report INTEGER. */
    PropertyType typeOf(Operand o) {
        if (o instanceof PropertyRef ref) {
            return resolve(ref).type();
        }
        if (o instanceof StringLiteral || o instanceof CaseInsensitive || o instanceof AccentInsensitive) {
            return PropertyType.STRING;
        }
        if (o instanceof NumberLiteral n) {
            return number(n.value()) instanceof Long ? PropertyType.INTEGER : PropertyType.NUMBER;
        }
        if (o instanceof BooleanLiteral) {
            return PropertyType.BOOLEAN;
        }
        if (o instanceof TimestampLiteral) {
            return PropertyType.TIMESTAMP;
        }
        if (o instanceof DateLiteral) {
            return PropertyType.DATE;
        }
        if (o instanceof IntervalLiteral) {
            return PropertyType.INTERVAL;
        }
        if (o instanceof GeometryLiteral || o instanceof BboxLiteral) {
            return PropertyType.GEOMETRY;
        }
        if (o instanceof ArrayLiteral) {
            return PropertyType.ARRAY;
        }
        throw CqlException.of(Kind.SYNTAX, "'..' is only allowed as an end of an INTERVAL");
    }

    /** The operand for messages, e.g. "property 'height' (a number)" or "a string". */
    String describe(Operand o) {
        if (o instanceof PropertyRef ref) {
            return "property " + CqlException.quote(ref.name()) + " (" + article(resolve(ref).type()) + ")";
        }
        if (o instanceof Unbounded) {
            return "'..'";
        }
        return article(typeOf(o));
    }

    static String article(PropertyType t) {
        return switch (t) {
            case STRING -> "a string";
            case NUMBER, INTEGER -> "a number";
            case BOOLEAN -> "a boolean";
            case TIMESTAMP -> "a timestamp";
            case DATE -> "a date";
            case GEOMETRY -> "a geometry";
            case ARRAY -> "an array";
            case INTERVAL -> "an interval";
        };
    }

    static CqlException typeError(String message) {
        return CqlException.of(Kind.TYPE_MISMATCH, message);
    }
}
