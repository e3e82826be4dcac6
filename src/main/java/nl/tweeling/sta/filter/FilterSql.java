package nl.tweeling.sta.filter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import nl.tweeling.sta.filter.Expr.LiteralKind;
import nl.tweeling.sta.model.EntityType;
import nl.tweeling.sta.model.PropertyType;
import nl.tweeling.sta.model.Relation;
import nl.tweeling.sta.model.StaProperty;

/**
 * Translates an {@link Expr} over one entity type into SQL on its table alias: every literal becomes a bound
 * parameter; identifiers come only from {@link EntityType}. A path through navigation properties in a condition
 * becomes an EXISTS around the smallest enclosing condition ({@code Thing/Locations/name eq 'x'}: some location is
 * named x; {@code Datastream/ObservedProperty/name eq 'x'}: its one datastream's property is, so an observation
 * without one matches no such condition); elsewhere ($orderby) a path of to-one steps is a scalar subquery. Geometry literals are CRS84 WKT, transformed once into EPSG:28992 so the spatial
 * indexes serve, when they lie in {@link #RD_DOMAIN}; one reaching beyond it (a client's map zoomed out to the
 * world) is compared in CRS84 instead, with the column transformed, since RD New cannot hold it. Distances and
 * lengths are in metres. A geometry property has the members of its GeoJSON: {@code location/type} is
 * {@code 'Point'}, {@code location/coordinates/0} the longitude; any other member is null. Not thread-safe; one
 * instance per request.
 */
public final class FilterSql {

    /** The kind of value an expression yields. */
    enum Kind { STRING, NUMBER, BOOLEAN, TIME, DATE, TIMEOFDAY, GEOMETRY, JSON, INTERVAL, NULL }

    /**
     * A typed SQL value. {@code upper} is the upper end of an INTERVAL; {@code numeric} a faster numeric form of a
     * JSON value (an observation's result column); {@code notNull} whether the value is never NULL.
     */
    record Value(Sql sql, Kind kind, Sql upper, Sql numeric, boolean notNull) {
        Value(Sql sql, Kind kind) {
            this(sql, kind, null, null, false);
        }
    }

    private record Join(String table, String alias, String cond) {
    }

    private static final Map<String, String> SPATIAL = Map.of(
            "geo.intersects", "ST_Intersects", "st_within", "ST_Within", "st_intersects", "ST_Intersects",
            "st_contains", "ST_Contains", "st_crosses", "ST_Crosses", "st_disjoint", "ST_Disjoint",
            "st_equals", "ST_Equals", "st_overlaps", "ST_Overlaps", "st_touches", "ST_Touches");

    /**
     * Where a CRS84 literal is compared in EPSG:28992 (RD New, a stereographic projection centred on Amersfoort):
     * a box around the Netherlands well inside the hemisphere RD maps faithfully. A literal's edges are densified
     * to {@link #DENSIFY_DEGREES} first, so a box's parallels stay curved as they are in RD.
     */
    static final Envelope RD_DOMAIN = new Envelope(-10, 20, 40, 65);

    /** The longest edge of a literal before it goes to RD: about 1 km, so an edge bends from its chord by about 1 cm. */
    static final double DENSIFY_DEGREES = 0.01;

    /** A geometry operand: its EPSG:28992 form, its CRS84 form, and whether the EPSG:28992 form is faithful. */
    private record Geo(Sql rd, Sql crs84, boolean local) {
    }

    private final EntityType root;
    private final String rootAlias;
    private final String aliasPrefix;
    private final Deque<List<Join>> leaves = new ArrayDeque<>();
    private int aliases;

    /**
     * @param root        the entity type the expression is about
     * @param rootAlias   its alias in the query
     * @param aliasPrefix a prefix for the aliases of joined entities, unique within the query
     */
    public FilterSql(EntityType root, String rootAlias, String aliasPrefix) {
        this.root = root;
        this.rootAlias = rootAlias;
        this.aliasPrefix = aliasPrefix;
    }

    /** A {@code $filter} as a condition. */
    public Sql condition(Expr e) {
        return bool(e, true);
    }

    /** One {@code $orderby} key as an expression; {@code notNull} tells whether keyset paging may skip NULLs. */
    public record OrderKey(Sql sql, boolean notNull) {
    }

    public OrderKey orderKey(Expr e) {
        Value v = value(e);
        if (v.kind() == Kind.GEOMETRY) {
            // no natural order: by the text of the GeoJSON coordinates as written out (byte order), so an order
            // by location is stable and reads as sorted by longitude's text, then latitude's
            Sql geojson = Sql.join("ST_AsGeoJSON(ST_Transform(", v.sql(), ", 4326), 7)::jsonb");
            if (e instanceof Expr.Path p && p.segments().size() == 1) {
                var own = root.property(p.segments().get(0));
                if (own.isPresent()) {
                    geojson = Sql.of(own.get().out(rootAlias));
                }
            }
            return new OrderKey(Sql.join("((", geojson, ") -> 'coordinates')::text COLLATE \"C\""), false);
        }
        if (v.kind() == Kind.BOOLEAN && !(e instanceof Expr.Path)) {
            return new OrderKey(v.sql(), false);
        }
        return new OrderKey(v.sql(), v.notNull());
    }

    // ------------------------------------------------------------------ conditions

    /** {@code e} as a condition; {@code conjunct}: it is one of the ANDed terms of the whole condition. */
    private Sql bool(Expr e, boolean conjunct) {
        if (e instanceof Expr.Binary b && (b.op().equals("and") || b.op().equals("or"))) {
            boolean and = b.op().equals("and");
            return Sql.join("(", bool(b.left(), conjunct && and), and ? " AND " : " OR ", bool(b.right(), conjunct && and), ")");
        }
        if (e instanceof Expr.Not n) {
            return Sql.join("NOT (", bool(n.arg(), false), ")");
        }
        if (e instanceof Expr.Literal l && l.kind() == LiteralKind.BOOLEAN) {
            return Sql.of((Boolean) l.value() ? "TRUE" : "FALSE");
        }
        List<Join> joinsOfLeaf = new ArrayList<>();
        leaves.push(joinsOfLeaf);
        Sql leaf;
        try {
            if (e instanceof Expr.Binary b && isComparison(b.op())) {
                leaf = compare(b);
            } else {
                Value v = value(e);
                if (v.kind() == Kind.JSON) {
                    leaf = asBoolean(v.sql());
                } else if (v.kind() != Kind.BOOLEAN) {
                    throw new FilterException("this is " + article(v.kind()) + ", not a condition", e.pos());
                } else {
                    leaf = v.sql();
                }
            }
        } finally {
            leaves.pop();
        }
        if (joinsOfLeaf.isEmpty()) {
            return leaf;
        }
        Sql byKey = throughKey(joinsOfLeaf, leaf, conjunct);
        if (byKey != null) {
            return byKey;
        }
        List<Object> parts = new ArrayList<>();
        parts.add("EXISTS (SELECT 1 FROM ");
        for (int i = 0; i < joinsOfLeaf.size(); i++) {
            parts.add((i > 0 ? ", " : "") + joinsOfLeaf.get(i).table() + " AS " + joinsOfLeaf.get(i).alias());
        }
        parts.add(" WHERE ");
        for (Join j : joinsOfLeaf) {
            parts.add(j.cond() + " AND ");
        }
        parts.add("(");
        parts.add(leaf);
        parts.add("))");
        return Sql.join(parts.toArray());
    }

    /** A to-one step from the root by one of its columns: {@code f1.id = e.datastream_id}. */
    private static final Pattern TO_ONE_BY_KEY = Pattern.compile("(\\w+)\\.id = (\\w+)\\.(\\w+)");

    /**
     * A condition on entities reached from the root by a first to-one step through a key column of the root
     * (an Observation's Datastream, a Datastream's Thing …), when nothing else in it refers to the root: the keys
     * that qualify, found once, and the root's key among them ({@code e.datastream_id = ANY (ARRAY(SELECT f1.id
     * FROM … WHERE …))}). That reads the root through the index on its key also under OR and NOT, where an EXISTS
     * would be tested on every row of the table (a million observations for {@code Datastream/id eq 1 or
     * Datastream/id eq 2}). The same rows as the EXISTS: ids are never NULL, so the array holds no NULL. Null when
     * the condition does not have this shape. As one of the ANDed terms of the whole condition it is written
     * {@code e.datastream_id IN (SELECT …)} instead, a semi-join whose size the planner estimates from the
     * datastreams' own statistics (it cannot see into an array computed at run time).
     */
    private Sql throughKey(List<Join> joins, Sql leaf, boolean conjunct) {
        Join first = joins.get(0);
        Matcher m = TO_ONE_BY_KEY.matcher(first.cond());
        if (!m.matches() || !m.group(1).equals(first.alias()) || !m.group(2).equals(rootAlias)) {
            return null;
        }
        Pattern rootReference = Pattern.compile("(?<![\\w.\"])" + Pattern.quote(rootAlias) + "\\.");
        if (rootReference.matcher(leaf.text()).find()) {
            return null;
        }
        for (int i = 1; i < joins.size(); i++) {
            if (rootReference.matcher(joins.get(i).cond()).find()) {
                return null;
            }
        }
        List<Object> parts = new ArrayList<>();
        parts.add(rootAlias + "." + m.group(3) + (conjunct ? " IN (SELECT " : " = ANY (ARRAY(SELECT ") + first.alias() + ".id FROM ");
        for (int i = 0; i < joins.size(); i++) {
            parts.add((i > 0 ? ", " : "") + joins.get(i).table() + " AS " + joins.get(i).alias());
        }
        parts.add(" WHERE ");
        for (int i = 1; i < joins.size(); i++) {
            parts.add(joins.get(i).cond() + " AND ");
        }
        parts.add("(");
        parts.add(leaf);
        parts.add(conjunct ? "))" : ")))");
        return Sql.join(parts.toArray());
    }

    private static boolean isComparison(String op) {
        return switch (op) {
            case "eq", "ne", "gt", "ge", "lt", "le" -> true;
            default -> false;
        };
    }

    private static String symbol(String op) {
        return switch (op) {
            case "eq" -> " = ";
            case "ne" -> " <> ";
            case "gt" -> " > ";
            case "ge" -> " >= ";
            case "lt" -> " < ";
            default -> " <= ";
        };
    }

    private static String flip(String op) {
        return switch (op) {
            case "gt" -> "lt";
            case "ge" -> "le";
            case "lt" -> "gt";
            case "le" -> "ge";
            default -> op;
        };
    }

    private Sql compare(Expr.Binary b) {
        Value l = value(b.left());
        Value r = value(b.right());
        String op = b.op();
        if (l.kind() == Kind.NULL || r.kind() == Kind.NULL) {
            Value other = l.kind() == Kind.NULL ? r : l;
            if (other.kind() == Kind.NULL) {
                return Sql.of(op.equals("eq") ? "TRUE" : "FALSE");
            }
            if (!op.equals("eq") && !op.equals("ne")) {
                throw new FilterException("null can only be compared with eq or ne", b.pos());
            }
            return Sql.join("(", other.sql(), op.equals("eq") ? ") IS NULL" : ") IS NOT NULL");
        }
        if (r.kind() == Kind.INTERVAL && l.kind() != Kind.INTERVAL) {
            return intervalCompare(r, flip(op), l, b.pos());
        }
        if (l.kind() == Kind.INTERVAL && r.kind() != Kind.INTERVAL) {
            return intervalCompare(l, op, r, b.pos());
        }
        if (l.kind() == Kind.INTERVAL) {
            return Sql.join("(", l.sql(), symbol(op), r.sql(), ")");
        }
        Value[] both = unify(l, r, b.pos());
        if (both[0].kind() == Kind.GEOMETRY) {
            throw new FilterException("geometries cannot be compared with " + op + "; use st_equals or geo.intersects", b.pos());
        }
        return Sql.join("(", both[0].sql(), symbol(op), both[1].sql(), ")");
    }

    /** An interval against an instant: after it (gt, ge) by its start, before it (lt, le) by its end, eq both. */
    private Sql intervalCompare(Value interval, String op, Value instant, int pos) {
        Value t = asTime(instant, pos);
        Sql upper = Sql.join("coalesce(", interval.upper(), ", ", interval.sql(), ")");
        return switch (op) {
            case "gt", "ge" -> Sql.join("(", interval.sql(), symbol(op), t.sql(), ")");
            case "lt", "le" -> Sql.join("(", upper, symbol(op), t.sql(), ")");
            case "eq" -> Sql.join("(", interval.sql(), " = ", t.sql(), " AND ", upper, " = ", t.sql(), ")");
            default -> Sql.join("NOT (", interval.sql(), " = ", t.sql(), " AND ", upper, " = ", t.sql(), ")");
        };
    }

    /** The two sides of a comparison as one kind, or a type error. */
    private Value[] unify(Value l, Value r, int pos) {
        if (l.kind() == r.kind()) {
            return new Value[] {l, r};
        }
        if (l.kind() == Kind.JSON) {
            return new Value[] {coerce(l, r.kind(), pos), r};
        }
        if (r.kind() == Kind.JSON) {
            return new Value[] {l, coerce(r, l.kind(), pos)};
        }
        if (l.kind() == Kind.TIME && r.kind() == Kind.DATE || l.kind() == Kind.DATE && r.kind() == Kind.TIME) {
            return new Value[] {asTime(l, pos), asTime(r, pos)};
        }
        throw new FilterException("cannot compare " + article(l.kind()) + " with " + article(r.kind()), pos);
    }

    private Value coerce(Value json, Kind to, int pos) {
        return switch (to) {
            case NUMBER -> asNumber(json, pos);
            case STRING -> asText(json, pos);
            case BOOLEAN -> new Value(asBoolean(json.sql()), Kind.BOOLEAN);
            default -> throw new FilterException("cannot compare a JSON value with " + article(to), pos);
        };
    }

    // ------------------------------------------------------------------ values

    private Value value(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l);
        }
        if (e instanceof Expr.Path p) {
            return path(p);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Negate n) {
            return new Value(Sql.join("(-", asNumber(value(n.arg()), n.pos()).sql(), ")"), Kind.NUMBER);
        }
        if (e instanceof Expr.Binary b && !isComparison(b.op()) && !b.op().equals("and") && !b.op().equals("or")) {
            Sql a = asNumber(value(b.left()), b.left().pos()).sql();
            Sql c = asNumber(value(b.right()), b.right().pos()).sql();
            return new Value(switch (b.op()) {
                case "add" -> Sql.join("(", a, " + ", c, ")");
                case "sub" -> Sql.join("(", a, " - ", c, ")");
                case "mul" -> Sql.join("(", a, " * ", c, ")");
                case "div" -> Sql.join("(CAST(", a, " AS double precision) / NULLIF(", c, ", 0))");
                default -> Sql.join("mod(CAST(", a, " AS numeric), NULLIF(CAST(", c, " AS numeric), 0))");
            }, Kind.NUMBER);
        }
        // a condition used as a value
        return new Value(bool(e, false), Kind.BOOLEAN);
    }

    private Value literal(Expr.Literal l) {
        return switch (l.kind()) {
            case STRING -> new Value(Sql.param(l.value()), Kind.STRING);
            case NUMBER -> new Value(Sql.param(number((BigDecimal) l.value())), Kind.NUMBER);
            case BOOLEAN -> new Value(Sql.param(l.value()), Kind.BOOLEAN);
            case NULL -> new Value(Sql.of("NULL"), Kind.NULL);
            case DATETIME -> new Value(Sql.join("CAST(", Sql.param(((OffsetDateTime) l.value())
                    .withOffsetSameInstant(ZoneOffset.UTC)), " AS timestamptz)"), Kind.TIME);
            case DATE -> new Value(Sql.join("CAST(", Sql.param(l.value()), " AS date)"), Kind.DATE);
            case TIME -> new Value(Sql.join("CAST(", Sql.param(l.value()), " AS time)"), Kind.TIMEOFDAY);
            case GEOMETRY -> new Value(geoLiteral(l).rd(), Kind.GEOMETRY);
        };
    }

    /** Long for integers that fit, otherwise a double. */
    private static Object number(BigDecimal v) {
        if (v.scale() <= 0 && v.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return v.longValueExact();
        }
        return v.doubleValue();
    }

    /** The geometry of a literal's WKT, checked (a bad one is a 400 here, not a database error). */
    static Geometry parseWkt(String text, int pos) {
        String wkt = text.strip();
        if (wkt.regionMatches(true, 0, "SRID=", 0, 5)) {
            int semicolon = wkt.indexOf(';');
            String srid = semicolon < 0 ? "" : wkt.substring(5, semicolon).strip();
            if (!srid.equals("4326")) {
                throw new FilterException("geometry literals are in CRS84 (SRID=4326), not SRID=" + srid, pos);
            }
            wkt = wkt.substring(semicolon + 1);
        }
        try {
            Geometry g = new WKTReader().read(wkt);
            if (g.isEmpty()) {
                throw new FilterException("empty geometries are not supported", pos);
            }
            return g;
        } catch (ParseException e) {
            throw new FilterException("not a WKT geometry: " + shorten(e.getMessage()), pos);
        }
    }

    /**
     * A geometry literal as an operand. In {@link #RD_DOMAIN} its RD form is the literal densified and transformed;
     * beyond it only the CRS84 form is compared (its RD form, a plain transform, serves no comparison).
     */
    private static Geo geoLiteral(Expr.Literal l) {
        Geometry g = parseWkt((String) l.value(), l.pos());
        boolean local = RD_DOMAIN.contains(g.getEnvelopeInternal());
        Sql crs84 = Sql.join("ST_GeomFromText(", Sql.param(g.toText()), ", 4326)");
        Geometry toRd = local ? Densifier.densify(g, DENSIFY_DEGREES) : g;
        Sql rd = Sql.join("ST_Transform(ST_GeomFromText(", Sql.param(toRd.toText()), ", 4326), 28992)");
        return new Geo(rd, crs84, local);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private Value path(Expr.Path p) {
        EntityType type = root;
        String alias = rootAlias;
        List<Join> joins = new ArrayList<>();
        boolean many = false;
        List<String> segs = p.segments();
        int i = 0;
        Value found = null;
        while (i < segs.size()) {
            String s = segs.get(i);
            var rel = type.relation(s);
            if (rel.isPresent()) {
                Relation r = rel.get();
                String child = aliasPrefix + (++aliases);
                joins.add(new Join(r.target().table(), child, r.cond(alias, child)));
                many |= r.many();
                type = r.target();
                alias = child;
                i++;
                continue;
            }
            if (s.equals("id") || s.equals("@iot.id")) {
                if (i != segs.size() - 1) {
                    throw new FilterException("id has no members", p.pos());
                }
                Matcher key = joins.isEmpty() ? null : TO_ONE_BY_KEY.matcher(joins.get(joins.size() - 1).cond());
                if (key != null && key.matches() && key.group(1).equals(alias) && type.id(alias).equals(alias + ".id")) {
                    // Datastream/id of an observation is its datastream_id: no join (and the key's index serves)
                    joins.remove(joins.size() - 1);
                    found = new Value(Sql.of(key.group(2) + "." + key.group(3)), Kind.NUMBER, null, null, true);
                    i++;
                    break;
                }
                found = new Value(Sql.of(type.id(alias)), Kind.NUMBER, null, null, true);
                i++;
                break;
            }
            StaProperty prop = type.property(s).orElseThrow(() -> new FilterException(
                    "unknown property '" + shorten(s) + "'", p.pos()));
            found = property(prop, alias);
            i++;
            if (i < segs.size() && found.kind() == Kind.GEOMETRY) {
                found = geometryMember(found.sql(), segs.subList(i, segs.size()));
                break;
            }
            if (i < segs.size()) {
                if (found.kind() != Kind.JSON) {
                    throw new FilterException("'" + s + "' has no members", p.pos());
                }
                Sql json = found.sql();
                for (; i < segs.size(); i++) {
                    String key = segs.get(i);
                    json = key.chars().allMatch(Character::isDigit) && key.length() < 9
                            ? Sql.join("(", json, " -> ", Sql.param(Integer.parseInt(key)), ")")
                            : Sql.join("(", json, " -> CAST(", Sql.param(key), " AS text))");
                }
                found = new Value(json, Kind.JSON);
            }
            break;
        }
        if (found == null) {
            throw new FilterException("'" + shorten(String.join("/", segs)) + "' is an entity, not a value;"
                    + " name one of its properties", p.pos());
        }
        if (joins.isEmpty()) {
            return found;
        }
        if (many && leaves.isEmpty()) {
            throw new FilterException("a path through a collection (" + shorten(String.join("/", segs))
                    + ") can only be used in a condition", p.pos());
        }
        if (!leaves.isEmpty()) {
            // in a condition, also a path of to-one steps joins in the condition's EXISTS: PostgreSQL plans that
            // as a semi-join (Datastream/name eq 'x' reads the datastream's observations by their key) where a
            // scalar subquery would run once for every row of the table
            leaves.peek().addAll(joins);
            return new Value(found.sql(), found.kind(), found.upper(), found.numeric(), false);
        }
        return new Value(scalar(joins, found.sql()), found.kind(),
                found.upper() == null ? null : scalar(joins, found.upper()),
                found.numeric() == null ? null : scalar(joins, found.numeric()), false);
    }

    /**
     * A member of a geometry property's GeoJSON: {@code type} (from the geometry itself, so no GeoJSON is built),
     * {@code coordinates/…} (from its CRS84 GeoJSON); every other member is absent, so null. Clients that also
     * accept Feature-encoded locations ask for {@code location/geometry/type}: null here, as our locations are
     * GeoJSON geometries.
     */
    private static Value geometryMember(Sql geometry, List<String> members) {
        String first = members.get(0);
        if (first.equals("type") && members.size() == 1) {
            // ST_GeometryType gives ST_Point, ST_MultiPolygon, …: the GeoJSON type after its 'ST_'
            return new Value(Sql.join("substr(ST_GeometryType(", geometry, "), 4)"), Kind.STRING);
        }
        if (!first.equals("coordinates") && !first.equals("geometries")) {
            return new Value(Sql.of("CAST(NULL AS jsonb)"), Kind.JSON);
        }
        Sql json = Sql.join("CAST(ST_AsGeoJSON(ST_Transform(", geometry, ", 4326), 7) AS jsonb)");
        for (String key : members) {
            json = key.chars().allMatch(Character::isDigit) && key.length() < 9
                    ? Sql.join("(", json, " -> ", Sql.param(Integer.parseInt(key)), ")")
                    : Sql.join("(", json, " -> CAST(", Sql.param(key), " AS text))");
        }
        return new Value(json, Kind.JSON);
    }

    private static Sql scalar(List<Join> joins, Sql expr) {
        List<Object> parts = new ArrayList<>();
        parts.add("(SELECT ");
        parts.add(expr);
        parts.add(" FROM ");
        for (int i = 0; i < joins.size(); i++) {
            parts.add((i > 0 ? ", " : "") + joins.get(i).table() + " AS " + joins.get(i).alias());
        }
        parts.add(" WHERE ");
        for (int i = 0; i < joins.size(); i++) {
            parts.add((i > 0 ? " AND " : "") + joins.get(i).cond());
        }
        parts.add(" LIMIT 1)");
        return Sql.join(parts.toArray());
    }

    private static Value property(StaProperty p, String alias) {
        Sql sql = Sql.of(p.sql(alias));
        return switch (p.type()) {
            case ID, NUMBER -> new Value(sql, Kind.NUMBER, null, null, p.notNull());
            case STRING -> new Value(sql, Kind.STRING, null, null, p.notNull());
            case TIME -> new Value(sql, Kind.TIME, null, null, p.notNull());
            case INTERVAL -> new Value(sql, Kind.INTERVAL, Sql.of(p.upper(alias)), null, false);
            case GEOMETRY -> new Value(sql, Kind.GEOMETRY);
            case JSON -> new Value(sql, Kind.JSON, null, null, p.notNull());
            case RESULT -> new Value(sql, Kind.JSON, null, Sql.of(alias + ".result"), false);
        };
    }

    // ------------------------------------------------------------------ coercions

    private Value asNumber(Value v, int pos) {
        if (v.kind() == Kind.NUMBER) {
            return v;
        }
        if (v.kind() == Kind.JSON) {
            if (v.numeric() != null) {
                return new Value(v.numeric(), Kind.NUMBER);
            }
            return new Value(Sql.join("(CASE WHEN jsonb_typeof(", v.sql(), ") = 'number' THEN CAST(", v.sql(),
                    " #>> '{}' AS double precision) END)"), Kind.NUMBER);
        }
        throw new FilterException("expected a number but got " + article(v.kind()), pos);
    }

    private Value asText(Value v, int pos) {
        if (v.kind() == Kind.STRING) {
            return v;
        }
        if (v.kind() == Kind.JSON) {
            return new Value(Sql.join("(", v.sql(), " #>> '{}')"), Kind.STRING);
        }
        throw new FilterException("expected a string but got " + article(v.kind()), pos);
    }

    private static Sql asBoolean(Sql json) {
        return Sql.join("(CASE WHEN jsonb_typeof(", json, ") = 'boolean' THEN CAST(", json, " #>> '{}' AS boolean) END)");
    }

    private Value asTime(Value v, int pos) {
        return switch (v.kind()) {
            case TIME -> v;
            case INTERVAL -> new Value(v.sql(), Kind.TIME);
            case DATE -> new Value(Sql.join("(CAST(", v.sql(), " AS timestamp) AT TIME ZONE 'UTC')"), Kind.TIME);
            default -> throw new FilterException("expected a date-time but got " + article(v.kind()), pos);
        };
    }

    private Value asGeometry(Value v, int pos) {
        if (v.kind() != Kind.GEOMETRY) {
            throw new FilterException("expected a geometry but got " + article(v.kind()), pos);
        }
        return v;
    }

    static String article(Kind k) {
        return switch (k) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case TIME -> "a date-time";
            case DATE -> "a date";
            case TIMEOFDAY -> "a time";
            case GEOMETRY -> "a geometry";
            case JSON -> "a JSON value";
            case INTERVAL -> "a time interval";
            case NULL -> "null";
        };
    }

    // ------------------------------------------------------------------ functions

    private Value call(Expr.Call c) {
        String name = c.name();
        List<Expr> a = c.args();
        String spatial = SPATIAL.get(name);
        if (spatial != null) {
            arity(c, 2);
            Sql[] g = pair(geo(a.get(0)), geo(a.get(1)));
            return new Value(Sql.join(spatial + "(", g[0], ", ", g[1], ")"), Kind.BOOLEAN);
        }
        switch (name) {
            case "st_relate": {
                arity(c, 3);
                Sql[] g = pair(geo(a.get(0)), geo(a.get(1)));
                return new Value(Sql.join("ST_Relate(", g[0], ", ", g[1], ", ", text(a.get(2)), ")"), Kind.BOOLEAN);
            }
            case "geo.distance": {
                arity(c, 2);
                Geo g1 = geo(a.get(0));
                Geo g2 = geo(a.get(1));
                return new Value(g1.local() && g2.local() ? Sql.join("ST_Distance(", g1.rd(), ", ", g2.rd(), ")")
                        : Sql.join("ST_Distance(CAST(", g1.crs84(), " AS geography), CAST(", g2.crs84(), " AS geography))"),
                        Kind.NUMBER);
            }
            case "geo.length": {
                arity(c, 1);
                Geo g = geo(a.get(0));
                return new Value(g.local() ? Sql.join("ST_Length(", g.rd(), ")")
                        : Sql.join("ST_Length(CAST(", g.crs84(), " AS geography))"), Kind.NUMBER);
            }
            case "substringof":
                arity(c, 2);
                return new Value(Sql.join("(strpos(", text(a.get(1)), ", ", text(a.get(0)), ") > 0)"), Kind.BOOLEAN);
            case "contains":
                arity(c, 2);
                return new Value(Sql.join("(strpos(", text(a.get(0)), ", ", text(a.get(1)), ") > 0)"), Kind.BOOLEAN);
            case "startswith":
                arity(c, 2);
                return new Value(Sql.join("starts_with(", text(a.get(0)), ", ", text(a.get(1)), ")"), Kind.BOOLEAN);
            case "endswith": {
                arity(c, 2);
                Sql suffix = text(a.get(1));
                return new Value(Sql.join("(right(", text(a.get(0)), ", char_length(", suffix, ")) = ", suffix, ")"),
                        Kind.BOOLEAN);
            }
            case "length":
                arity(c, 1);
                return new Value(Sql.join("char_length(", text(a.get(0)), ")"), Kind.NUMBER);
            case "indexof":
                arity(c, 2);
                return new Value(Sql.join("(strpos(", text(a.get(0)), ", ", text(a.get(1)), ") - 1)"), Kind.NUMBER);
            case "substring": {
                if (a.size() != 2 && a.size() != 3) {
                    throw new FilterException("substring takes 2 or 3 arguments", c.pos());
                }
                Sql from = Sql.join("greatest(CAST(", numberArg(a.get(1)), " AS integer), 0) + 1");
                return new Value(a.size() == 2 ? Sql.join("substr(", text(a.get(0)), ", ", from, ")")
                        : Sql.join("substr(", text(a.get(0)), ", ", from, ", greatest(CAST(", numberArg(a.get(2)),
                                " AS integer), 0))"), Kind.STRING);
            }
            case "tolower":
                arity(c, 1);
                return new Value(Sql.join("lower(", text(a.get(0)), ")"), Kind.STRING);
            case "toupper":
                arity(c, 1);
                return new Value(Sql.join("upper(", text(a.get(0)), ")"), Kind.STRING);
            case "trim":
                arity(c, 1);
                return new Value(Sql.join("btrim(", text(a.get(0)), ")"), Kind.STRING);
            case "concat":
                arity(c, 2);
                return new Value(Sql.join("(", text(a.get(0)), " || ", text(a.get(1)), ")"), Kind.STRING);
            case "year", "month", "day", "hour", "minute":
                arity(c, 1);
                return new Value(Sql.join("CAST(extract(" + name + " FROM ", time(a.get(0)), " AT TIME ZONE 'UTC') AS integer)"),
                        Kind.NUMBER);
            case "second":
                arity(c, 1);
                return new Value(Sql.join("CAST(floor(extract(second FROM ", time(a.get(0)), ")) AS integer)"), Kind.NUMBER);
            case "fractionalseconds": {
                arity(c, 1);
                Sql t = time(a.get(0));
                return new Value(Sql.join("(extract(second FROM ", t, ") - floor(extract(second FROM ", t, ")))"), Kind.NUMBER);
            }
            case "date":
                arity(c, 1);
                return new Value(Sql.join("CAST(", time(a.get(0)), " AT TIME ZONE 'UTC' AS date)"), Kind.DATE);
            case "time":
                arity(c, 1);
                return new Value(Sql.join("CAST(", time(a.get(0)), " AT TIME ZONE 'UTC' AS time)"), Kind.TIMEOFDAY);
            case "totaloffsetminutes":
                arity(c, 1);
                return new Value(Sql.join("(CASE WHEN ", time(a.get(0)), " IS NULL THEN NULL ELSE 0 END)"), Kind.NUMBER);
            case "now":
                arity(c, 0);
                return new Value(Sql.of("now()"), Kind.TIME);
            case "mindatetime", "maxdatetime": {
                boolean min = name.equals("mindatetime");
                if (a.isEmpty()) {
                    return new Value(Sql.of(min ? "CAST('-infinity' AS timestamptz)" : "CAST('infinity' AS timestamptz)"),
                            Kind.TIME);
                }
                arity(c, 1);
                Value v = value(a.get(0));
                if (v.kind() == Kind.INTERVAL) {
                    return new Value(min ? v.sql() : Sql.join("coalesce(", v.upper(), ", ", v.sql(), ")"), Kind.TIME);
                }
                return asTime(v, a.get(0).pos());
            }
            case "round", "floor", "ceiling":
                arity(c, 1);
                return new Value(Sql.join((name.equals("ceiling") ? "ceil" : name) + "(", numberArg(a.get(0)), ")"),
                        Kind.NUMBER);
            default:
                throw new FilterException("unknown function '" + shorten(name) + "'", c.pos());
        }
    }

    private static void arity(Expr.Call c, int n) {
        if (c.args().size() != n) {
            throw new FilterException(c.name() + " takes " + n + (n == 1 ? " argument" : " arguments") + ", not "
                    + c.args().size(), c.pos());
        }
    }

    private Sql text(Expr e) {
        return asText(value(e), e.pos()).sql();
    }

    private Sql numberArg(Expr e) {
        return asNumber(value(e), e.pos()).sql();
    }

    private Sql time(Expr e) {
        return asTime(value(e), e.pos()).sql();
    }

    /** A geometry operand: a literal in both forms, anything else (a property, a path) as the stored RD geometry. */
    private Geo geo(Expr e) {
        if (e instanceof Expr.Literal l && l.kind() == LiteralKind.GEOMETRY) {
            return geoLiteral(l);
        }
        Sql rd = asGeometry(value(e), e.pos()).sql();
        return new Geo(rd, Sql.join("ST_Transform(", rd, ", 4326)"), true);
    }

    /** Two operands in one CRS: RD when both are faithful there (so the column's index serves), else CRS84. */
    private static Sql[] pair(Geo a, Geo b) {
        return a.local() && b.local() ? new Sql[] {a.rd(), b.rd()} : new Sql[] {a.crs84(), b.crs84()};
    }

    /** For messages: the lower-case name of a function as written. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A date as the start of its day in UTC. */
    static OffsetDateTime startOfDay(LocalDate d) {
        return d.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
