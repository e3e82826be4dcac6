package nl.tweeling.feature;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.cql.SqlArray;
import nl.tweeling.platform.http.ReadPool;

/**
 * Reads features of any registered layer as GeoJSON, built by PostGIS. Table and column names come from
 * the {@link LayerRegistry}; every request value is bound. Filters compare the stored geometry in its own
 * CRS with the transformed query shape, so the GiST indexes serve; pages continue by keyset, never OFFSET.
 */
@ApplicationScoped
public class FeatureRepository {

    /** Request-driven reads have a pool and a statement timeout of their own. */
    @Inject
    ReadPool reads;

    /** How a page or count that took too long can be narrowed (ReadPool#failure). */
    static final String NARROW = "with bbox, filter or datetime, or ask for a smaller limit";

    /** A SQL fragment with its bound values. */
    record Sql(StringBuilder text, List<Object> params) {
        Sql() {
            this(new StringBuilder(), new ArrayList<>());
        }

        Sql add(String s, Object... values) {
            text.append(s);
            params.addAll(java.util.Arrays.asList(values));
            return this;
        }
    }

    /**
     * One page: at most {@code query.limit()} features in sort order, after {@code query.cursor()} or, for a
     * backward cursor (a prev link), the last ones before it. Both run the same keyset condition and ORDER
     * BY, a backward page with every direction reversed (its rows are flipped back here), so any page costs
     * what the first one costs.
     */
    public FeaturePage page(Layer layer, ItemsQuery query) {
        return page(Relation.table(layer), layer, query);
    }

    /** One page as {@link #page(Layer, ItemsQuery)}, read from {@code relation} (a table or an overlay). */
    public FeaturePage page(Relation relation, Layer layer, ItemsQuery query) {
        boolean backward = query.cursor() != null && query.cursor().backward();
        Sql where = where(relation, layer, query, true);
        StringBuilder sortValues = new StringBuilder();
        StringBuilder orderBy = new StringBuilder();
        // for a relation of branches: each branch's sort keys under their own names, and the merge's order
        StringBuilder sortKeys = new StringBuilder();
        StringBuilder mergedValues = new StringBuilder();
        StringBuilder mergedOrderBy = new StringBuilder();
        int n = 0;
        for (ItemsQuery.SortKey k : query.sortBy()) {
            String col = "t." + Identifiers.quote(k.property().column());
            sortValues.append(", to_jsonb(").append(col).append(") #>> '{}'");
            // DESC NULLS FIRST is the exact reverse of ASC NULLS LAST
            String direction = k.descending() != backward ? " DESC NULLS FIRST, " : " ASC NULLS LAST, ";
            orderBy.append(col).append(direction);
            sortKeys.append(", ").append(col).append(" AS k").append(n)
                    .append(", to_jsonb(").append(col).append(") #>> '{}' AS v").append(n);
            mergedValues.append(", m.v").append(n);
            mergedOrderBy.append("m.k").append(n).append(direction);
            n++;
        }
        orderBy.append(backward ? "t.fid DESC" : "t.fid");
        mergedOrderBy.append(backward ? "m.fid DESC" : "m.fid");
        String feature = featureExpression(layer, query.crs(),
                query.properties() != null ? query.properties() : pageProperties(layer), query.skipGeometry());
        String sql;
        List<Object> params = new ArrayList<>();
        if (relation.branches().isEmpty()) {
            sql = SqlFiles.get("feature/select_items.sql")
                    .replace("{sort_values}", sortValues)
                    .replace("{feature}", feature)
                    .replace("{table}", relation.sql())
                    .replace("{where}", where.text())
                    .replace("{order_by}", orderBy);
            params.addAll(relation.params());
            params.addAll(where.params());
        } else {
            // a page of a union (a scenario's overlay) is the merge of each branch's page: every branch stops
            // after a page's rows in sort order, as the page of a table does (the planner cannot push the outer
            // ORDER BY and LIMIT into the branches of a UNION ALL that have conditions of their own)
            StringBuilder pages = new StringBuilder();
            String branchSql = SqlFiles.get("feature/select_items_branch.sql")
                    .replace("{sort_keys}", sortKeys)
                    .replace("{feature}", feature)
                    .replace("{where}", where.text())
                    .replace("{order_by}", orderBy);
            for (Relation branch : relation.branches()) {
                if (pages.length() > 0) {
                    pages.append("\nUNION ALL\n");
                }
                pages.append('(').append(branchSql.replace("{table}", branch.sql())).append(')');
                params.addAll(branch.params());
                params.addAll(where.params());
                params.add(query.limit() + 1);
            }
            sql = SqlFiles.get("feature/select_items_merged.sql")
                    .replace("{sort_values}", mergedValues)
                    .replace("{pages}", pages)
                    .replace("{order_by}", mergedOrderBy);
        }
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, 1, params);
            ps.setInt(i, query.limit() + 1);
            List<Row> rows = new ArrayList<>(Math.min(query.limit() + 1, 1025));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        values.add(rs.getString(2 + k));
                    }
                    rows.add(new Row(rs.getLong(1), values, rs.getString(2 + n)));
                }
            }
            // the extra row only tells whether more follow in reading order
            boolean more = rows.size() > query.limit();
            if (more) {
                rows.remove(rows.size() - 1);
            }
            if (backward) {
                Collections.reverse(rows);
            }
            return new FeaturePage(rows.stream().map(Row::feature).toList(),
                    backward ? nextOfBackwardPage(rows, query.cursor()) : more ? after(rows.get(rows.size() - 1)) : null,
                    backward ? (more ? before(rows.get(0)) : null) : prevOfForwardPage(rows, query.cursor()));
        } catch (SQLException e) {
            throw reads.failure(e, "reading features of " + layer.id(), NARROW);
        }
    }

    /** A row of a page: its internal key, its sort values as text, the feature. */
    private record Row(long fid, List<Object> values, String feature) {
    }

    private static String after(Row r) {
        return ItemsQuery.cursorAfter(r.values(), r.fid());
    }

    private static String before(Row r) {
        return ItemsQuery.cursorBefore(r.values(), r.fid());
    }

    /**
     * A page reached by a next link (or the first page, which has no prev): the page before begins at its first
     * feature. When features went away and the page is empty, the page before is everything up to and including
     * the cursor's feature, i.e. before the same sort values with the next internal key (keys are integers).
     */
    private static String prevOfForwardPage(List<Row> rows, ItemsQuery.Cursor cursor) {
        if (cursor == null) {
            return null;
        }
        if (!rows.isEmpty()) {
            return before(rows.get(0));
        }
        return cursor.fid() == Long.MAX_VALUE ? null : ItemsQuery.cursorBefore(cursor.values(), cursor.fid() + 1);
    }

    /**
     * A page reached by a prev link always has a next page: from its last feature on, or, when it is empty,
     * from the cursor's feature on (after the same sort values with the previous internal key).
     */
    private static String nextOfBackwardPage(List<Row> rows, ItemsQuery.Cursor cursor) {
        if (!rows.isEmpty()) {
            return after(rows.get(rows.size() - 1));
        }
        return cursor.fid() == Long.MIN_VALUE ? null : ItemsQuery.cursorAfter(cursor.values(), cursor.fid() - 1);
    }

    /**
     * The number of features the query selects (ignoring paging), or empty when counting takes longer than
     * {@code budget}.
     */
    public OptionalLong count(Layer layer, ItemsQuery query, java.time.Duration budget) {
        return count(Relation.table(layer), layer, query, budget);
    }

    /** The count as {@link #count(Layer, ItemsQuery, java.time.Duration)}, of {@code relation}'s features. */
    public OptionalLong count(Relation relation, Layer layer, ItemsQuery query, java.time.Duration budget) {
        Sql where = where(relation, layer, query, false);
        String sql = "SELECT count(*) FROM " + relation.sql() + " AS t WHERE " + where.text();
        try (Connection c = reads.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + Math.max(1, budget.toMillis()));
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, bind(ps, 1, relation.params()), where.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return OptionalLong.of(rs.getLong(1));
                }
            } catch (SQLException e) {
                if ("57014".equals(e.getSQLState())) {
                    return OptionalLong.empty();
                }
                throw e;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw reads.failure(e, "counting features of " + layer.id(), NARROW);
        }
    }

    /** One current feature by its id. */
    public Optional<String> one(Layer layer, String featureId, CrsChoice crs) {
        return one(layer, featureId, new ItemsQuery.ItemQuery(crs, null, false));
    }

    /** One current feature as GeoJSON, as {@code q} asks (CRS, properties, geometry or not). */
    public Optional<String> one(Layer layer, String featureId, ItemsQuery.ItemQuery q) {
        return item(layer, featureId, q).map(Item::feature);
    }

    /**
     * A current feature as GeoJSON with its version: the row key and start of the version (what the feature's
     * ETag is made from: nl.tweeling.feature.edit.Version).
     */
    public record Item(String feature, long fid, Instant validFrom) {
    }

    /** One current feature with its version, as {@code q} asks (CRS, properties, geometry or not). */
    public Optional<Item> item(Layer layer, String featureId, ItemsQuery.ItemQuery q) {
        return item(Relation.table(layer), layer, featureId, q);
    }

    /** One current feature of {@code relation} (a table or an overlay) as GeoJSON, as {@code q} asks. */
    public Optional<String> one(Relation relation, Layer layer, String featureId, ItemsQuery.ItemQuery q) {
        return item(relation, layer, featureId, q).map(Item::feature);
    }

    /** One current feature of {@code relation} (a table or an overlay) with its version, as {@code q} asks. */
    public Optional<Item> item(Relation relation, Layer layer, String featureId, ItemsQuery.ItemQuery q) {
        String sql = SqlFiles.get("feature/select_item.sql")
                .replace("{feature}", featureExpression(layer, q.crs(), q.properties(), q.skipGeometry()))
                .replace("{table}", relation.sql())
                .replace("{current}", relation.current());
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(bind(ps, 1, relation.params()), featureId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Item(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw reads.failure(e, "reading a feature of " + layer.id(), "(a single feature should never take this long: tell the operators)");
        }
    }

    /** The WHERE clause (without the word) for a query; with {@code paging}, also the keyset condition. */
    Sql where(Layer layer, ItemsQuery q, boolean paging) {
        return where(Relation.table(layer), layer, q, paging);
    }

    /** The WHERE clause over {@code relation} (whose current features it keeps unless datetime asks otherwise). */
    Sql where(Relation relation, Layer layer, ItemsQuery q, boolean paging) {
        Sql w = new Sql();
        if (q.datetime() == null) {
            w.add(relation.current());
        } else {
            // versions whose validity [valid_from, valid_to) meets the requested instant or interval
            Instant start = q.datetime().start();
            Instant end = q.datetime().end();
            w.add(end == null ? "TRUE" : "t.valid_from <= ?", end == null ? new Object[0] : new Object[] {Timestamp.from(end)});
            if (start != null) {
                w.add(" AND (t.valid_to IS NULL OR t.valid_to > ?)", Timestamp.from(start));
            }
        }
        if (q.bbox() != null) {
            double[] b = q.bbox();
            CrsChoice crs = q.bboxCrs();
            switch (crs) {
                case CRS84 -> lonLatBox(w, b[0], b[1], b[2], b[3]);
                case EPSG_4326 -> lonLatBox(w, b[1], b[0], b[3], b[2]);
                case EPSG_28992 -> w.add("\n  AND ST_Intersects(t.geom, ST_MakeEnvelope(?, ?, ?, ?, 28992))", b[0], b[1], b[2], b[3]);
                // a straight edge in 3857 is curved in 28992: densify the box before transforming it, or
                // features along its edges fall out (256 segments per side: sub-millimetre here)
                case EPSG_3857 -> w.add("\n  AND ST_Intersects(t.geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 3857), ?), 28992))",
                        b[0], b[1], b[2], b[3], Math.max(0.01, Math.max(b[2] - b[0], b[3] - b[1]) / 256));
            }
        }
        for (ItemsQuery.PropertyEquals e : q.equals()) {
            w.add("\n  AND t." + Identifiers.quote(e.property().column()) + " = " + cast(layer, e.property()), bindable(e.value()));
        }
        if (q.filter() != null) {
            w.add("\n  AND (" + q.filter().sql() + ")", q.filter().parameters().toArray());
        }
        if (paging && q.cursor() != null) {
            w.add("\n  AND (");
            keyset(layer, q, w);
            w.add(")");
        }
        return w;
    }

    /**
     * A CRS84 box condition; a box whose west edge lies east of its east edge crosses the antimeridian and
     * is the two boxes on either side of it.
     */
    private static void lonLatBox(Sql w, double west, double south, double east, double north) {
        String box = "ST_Intersects(t.geom_crs84, ST_MakeEnvelope(?, ?, ?, ?, 4326))";
        if (west <= east) {
            w.add("\n  AND " + box, west, south, east, north);
        } else {
            w.add("\n  AND (" + box + " OR " + box + ")", west, south, 180.0, north, -180.0, south, east, north);
        }
    }

    /**
     * Rows after the cursor in (sort keys…, fid) order, with NULLs last ascending and first descending; for a
     * backward cursor, rows before it, which is the same condition with every direction reversed.
     */
    private static void keyset(Layer layer, ItemsQuery q, Sql w) {
        List<ItemsQuery.SortKey> keys = q.sortBy();
        List<Object> values = q.cursor().values();
        boolean backward = q.cursor().backward();
        for (int i = 0; i <= keys.size(); i++) {
            if (i > 0) {
                w.add(" OR ");
            }
            w.add("(");
            for (int j = 0; j < i; j++) {
                String col = "t." + Identifiers.quote(keys.get(j).property().column());
                Object v = values.get(j);
                if (v == null) {
                    w.add(col + " IS NULL AND ");
                } else {
                    w.add(col + " = " + cast(layer, keys.get(j).property()) + " AND ", bindable(v));
                }
            }
            if (i == keys.size()) {
                w.add(backward ? "t.fid < ?" : "t.fid > ?", q.cursor().fid());
            } else {
                ItemsQuery.SortKey k = keys.get(i);
                String col = "t." + Identifiers.quote(k.property().column());
                Object v = values.get(i);
                if (k.descending() != backward) {
                    w.add(v == null ? col + " IS NOT NULL" : col + " < " + cast(layer, k.property()), v == null ? new Object[0] : new Object[] {bindable(v)});
                } else {
                    w.add(v == null ? "FALSE" : "(" + col + " > " + cast(layer, k.property()) + " OR " + col + " IS NULL)",
                            v == null ? new Object[0] : new Object[] {bindable(v)});
                }
            }
            w.add(")");
        }
    }

    /** A placeholder cast to the column's own type, so comparisons happen in that type (float4 stays float4). */
    private static String cast(Layer layer, Queryable q) {
        String type = layer.columns().stream().filter(c -> c.name().equals(q.column())).map(Layer.Column::type)
                .findFirst().orElse("text");
        return "CAST(? AS " + Identifiers.quote(type) + ")";
    }

    /** Values go to JDBC as text or SQL types it binds unambiguously; the CAST gives them their column type. */
    private static Object bindable(Object v) {
        if (v instanceof java.time.OffsetDateTime t) {
            return t.toString();
        }
        if (v instanceof java.time.LocalDate || v instanceof java.util.UUID) {
            return v.toString();
        }
        return v instanceof Number || v instanceof Boolean ? v.toString() : v;
    }

    private static int bind(PreparedStatement ps, int first, List<Object> params) throws SQLException {
        int i = first;
        for (Object p : params) {
            if (p instanceof SqlArray a) {
                ps.setArray(i++, ps.getConnection().createArrayOf(a.elementType(), a.toArray()));
            } else {
                ps.setObject(i++, p);
            }
        }
        return i;
    }

    /**
     * The properties of features on item pages unless the request names them: the attributes without the
     * lineage columns, which make up most of the bytes of a page (they stay on single features and can be
     * asked for with {@code properties=}).
     */
    public static List<String> pageProperties(Layer layer) {
        return layer.columns().stream()
                .filter(c -> !LayerRegistry.LINEAGE_COLUMNS.contains(c.name()) || c.name().equals("valid_from")
                        || c.name().equals("valid_to"))
                .map(Layer.Column::property)
                .toList();
    }

    /**
     * The GeoJSON Feature expression: id, geometry in the requested CRS (or null), properties. Geometries carry
     * no {@code crs} member (RFC 7946 has none; OGC API – Features Part 2 names the CRS in Content-Crs):
     * ST_AsGeoJSON's options 0.
     */
    static String featureExpression(Layer layer, CrsChoice crs, List<String> only, boolean skipGeometry) {
        String geometry = switch (crs) {
            case CRS84 -> "t.geom_crs84";
            case EPSG_4326 -> "ST_FlipCoordinates(t.geom_crs84)";
            case EPSG_28992 -> "t.geom";
            case EPSG_3857 -> "ST_Transform(t.geom, 3857)";
        };
        String geojson = skipGeometry ? "NULL::json" : "ST_AsGeoJSON(" + geometry + ", " + crs.decimals() + ", 0)::json";
        return "json_build_object('type', 'Feature', 'id', t.feature_id, 'geometry', " + geojson
                + ", 'properties', " + propertiesExpression(layer, only) + ")";
    }

    public static String propertiesExpression(Layer layer) {
        return propertiesExpression(layer, null);
    }

    /**
     * A jsonb expression with the layer's attribute columns (or only the properties named) as properties, each
     * under its property name.
     * jsonb_build_object takes at most 100 arguments, so wide layers are built in chunks joined with {@code ||}.
     */
    static String propertiesExpression(Layer layer, List<String> only) {
        List<Layer.Column> columns = only == null ? layer.columns()
                : layer.columns().stream().filter(c -> only.contains(c.property())).toList();
        if (columns.isEmpty()) {
            return "'{}'::jsonb";
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int inChunk = 0;
        for (Layer.Column col : columns) {
            if (inChunk == 50) {
                chunks.add("jsonb_build_object(" + chunk + ")");
                chunk.setLength(0);
                inChunk = 0;
            }
            if (inChunk > 0) {
                chunk.append(", ");
            }
            chunk.append(literal(col.property())).append(", t.").append(Identifiers.quote(col.name()));
            inChunk++;
        }
        chunks.add("jsonb_build_object(" + chunk + ")");
        return String.join(" || ", chunks);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
