package nl.tweeling.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.process.model.ResultLayer;

/**
 * A result layer being written in a run's transaction: its table in schema {@code tweeling_result}, its registration
 * and lineage (created by {@link RunContext#createLayer}); rows added one by one are batched. Used by the run's thread
 * only.
 */
final class ResultLayerWriter implements ResultLayer {

    static final String SCHEMA = "tweeling_result";
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    static final Set<String> GEOMETRY_TYPES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
            "MultiPolygon", "Geometry");
    /** Columns every layer table has: a model's attribute columns may not be named so. */
    static final Set<String> RESERVED = Set.of("fid", "feature_id", "geom", "geom_crs84", "valid_from", "valid_to",
            "content_hash", "source", "source_run", "source_id", "fetched_at", "ingested_at");
    private static final int BATCH = 500;

    private final Connection c;
    private final String id;
    private final String output;
    private final String table;
    private final List<Column> columns;
    private final boolean multi;
    private final WKBWriter wkb = new WKBWriter(2);
    private PreparedStatement insert;
    private int pending;

    private ResultLayerWriter(Connection c, String id, String output, String table, List<Column> columns,
            boolean multi) {
        this.c = c;
        this.id = id;
        this.output = output;
        this.table = table;
        this.columns = columns;
        this.multi = multi;
    }

    /**
     * Creates the table and registers the layer (nothing is visible to others before the run commits).
     *
     * @param source e.g. {@code process:buurt-statistics}
     */
    static ResultLayerWriter create(Connection c, String id, String output, String title, String description,
            String geometryType, List<Column> columns, String source, java.util.UUID job) throws SQLException {
        String table = Identifiers.qualified(SCHEMA, id);
        StringBuilder cols = new StringBuilder();
        for (Column col : columns) {
            cols.append(Identifiers.quote(col.name())).append(' ').append(col.type().sql()).append(",\n    ");
        }
        String ddl = SqlFiles.get("process/create_result_table.sql")
                .replace("{table}", table)
                .replace("{columns}", cols.toString())
                .replace("{geometry_type}", geometryType)
                .replace("{source}", "'" + source.replace("'", "''") + "'")
                .replace("{job}", "'" + job + "'::uuid");
        try (Statement st = c.createStatement()) {
            st.execute(ddl);
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("process/register_result_layer.sql"))) {
            ps.setString(1, id);
            ps.setString(2, title);
            ps.setString(3, description);
            ps.setString(4, id);
            ps.setString(5, geometryType);
            ps.setString(6, source);
            ps.executeUpdate();
        }
        return new ResultLayerWriter(c, id, output, table, List.copyOf(columns), geometryType.startsWith("Multi"));
    }

    /** Checks a model's layer request; the message says what is wrong (a programming error of the model). */
    static void check(String name, String geometryType, List<Column> columns) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("result layer name " + name
                    + " must be lower case letters, digits and hyphens (at most 30), starting with a letter");
        }
        if (!GEOMETRY_TYPES.contains(geometryType)) {
            throw new IllegalArgumentException("result layer geometry type " + geometryType + " must be one of "
                    + GEOMETRY_TYPES);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (Column col : columns) {
            if (!Identifiers.isPlain(col.name()) || col.name().length() > 60 || RESERVED.contains(col.name())
                    || !seen.add(col.name()) || col.type() == null) {
                throw new IllegalArgumentException("result layer column " + col.name() + " must be a new lower case"
                        + " name (letters, digits, underscore) with a type, not one of " + RESERVED);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    String output() {
        return output;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public void add(String featureId, Map<String, Object> properties, Geometry geometry) {
        if (featureId == null || geometry == null) {
            throw new IllegalArgumentException("a result feature needs an id and a geometry");
        }
        for (String k : properties.keySet()) {
            if (columns.stream().noneMatch(col -> col.name().equals(k))) {
                throw new IllegalArgumentException("result layer " + id + " has no column " + k);
            }
        }
        try {
            if (insert == null) {
                StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (feature_id");
                StringBuilder values = new StringBuilder("?");
                for (Column col : columns) {
                    sql.append(", ").append(Identifiers.quote(col.name()));
                    values.append(", ?");
                }
                String geom = "ST_SetSRID(ST_GeomFromWKB(?), 28992)";
                sql.append(", geom) VALUES (").append(values).append(", ")
                        .append(multi ? "ST_Multi(" + geom + ")" : geom).append(')');
                insert = c.prepareStatement(sql.toString());
            }
            int i = 1;
            insert.setString(i++, featureId);
            for (Column col : columns) {
                insert.setObject(i++, properties.get(col.name()));
            }
            insert.setBytes(i, wkb.write(geometry));
            insert.addBatch();
            if (++pending >= BATCH) {
                flush();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to result layer " + id, e);
        }
    }

    /** Writes the rows still batched. */
    void flush() throws SQLException {
        if (insert != null && pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
    }

    /** After the run: the last rows, the indexes, the statistics the registry keeps. */
    void finish() throws SQLException {
        flush();
        if (insert != null) {
            insert.close();
        }
        try (Statement st = c.createStatement()) {
            for (String ddl : SqlFiles.get("process/create_result_indexes.sql").replace("{table}", table).split(";")) {
                if (!ddl.isBlank()) {
                    st.execute(ddl);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(LayerRegistry.statisticsUpdate(table))) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Column lists for a model's layer, for the lineage text. */
    static List<String> names(List<Column> columns) {
        List<String> out = new ArrayList<>();
        columns.forEach(col -> out.add(col.name()));
        return out;
    }
}
