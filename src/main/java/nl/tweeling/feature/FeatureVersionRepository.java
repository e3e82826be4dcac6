package nl.tweeling.feature;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;

/**
 * Loads a full snapshot of a layer's features from one source, keeping history: unchanged features are
 * left alone, changed ones get a new version (the old one ends at the load instant), new ones are inserted
 * and features the snapshot no longer has are ended. Runs inside the caller's transaction, so a failing
 * load leaves the layer as it was.
 *
 * <p>The snapshot arrives as CSV with a header: {@code feature_id}, attribute columns named as in the
 * layer's table, and {@code wkt} (geometry in EPSG:28992). Column names are checked against the registry;
 * values reach the table only through {@code COPY} and casts to the column types.
 */
@ApplicationScoped
public class FeatureVersionRepository {

    /**
     * A load that writes at least this many rows refreshes the table's planner statistics itself instead of
     * waiting for autovacuum (see {@code sql/feature/analyze_layer.sql}).
     */
    static final long ANALYZE_AFTER_ROWS = 1_000;

    /** What a load did. */
    public record LoadCounts(long inserted, long updated, long unchanged, long ended) {
    }

    /**
     * Loads a snapshot.
     *
     * @param header the CSV header's column names, in order
     * @param csv    the CSV rows after the header
     */
    public LoadCounts load(Connection c, Layer layer, List<String> header, Reader csv, String source, UUID run,
            Instant at) throws SQLException {
        Map<String, Layer.Column> columns = layer.columns().stream()
                .collect(Collectors.toMap(Layer.Column::name, Function.identity()));
        List<String> attributes = new ArrayList<>();
        for (String h : header) {
            if (h.equals("feature_id") || h.equals("wkt")) {
                continue;
            }
            Layer.Column col = columns.get(h);
            if (col == null || LayerRegistry.LINEAGE_COLUMNS.contains(h)) {
                throw new IllegalArgumentException("layer " + layer.id() + " has no column " + h);
            }
            attributes.add(h);
        }
        if (!header.contains("feature_id") || !header.contains("wkt")) {
            throw new IllegalArgumentException("a snapshot needs feature_id and wkt columns");
        }
        String table = Identifiers.qualified(layer.tableSchema(), layer.tableName());
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS feature_stage");
            st.execute("CREATE TEMP TABLE feature_stage ("
                    + header.stream().map(h -> Identifiers.quote(h) + " text").collect(Collectors.joining(", "))
                    + ") ON COMMIT DROP");
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY feature_stage ("
                    + header.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
                    + ") FROM STDIN (FORMAT csv)", csv);
        } catch (IOException e) {
            throw new SQLException("COPY of the snapshot failed", e);
        }
        String hashInput = "concat_ws(chr(31), " + attributes.stream()
                .map(a -> "coalesce(s." + Identifiers.quote(a) + ", chr(30))")
                .collect(Collectors.joining(", ")) + (attributes.isEmpty() ? "" : ", ") + "s.wkt)";
        String casts = attributes.stream()
                .map(a -> "s." + Identifiers.quote(a) + "::" + Identifiers.quote(columns.get(a).type()))
                .collect(Collectors.joining(",\n       "));
        String geometry = layer.geometryType().startsWith("Multi")
                ? "ST_Multi(ST_GeomFromText(s.wkt, 28992))" : "ST_GeomFromText(s.wkt, 28992)";
        Map<String, String> parts = Map.of("{hash}", hashInput);

        try (Statement st = c.createStatement()) {
            st.execute(fill(SqlFiles.get("feature/hash_stage.sql"), parts));
        }
        return merge(c, table, attributes, casts, geometry, Scope.SOURCE, source, run, at, at, STORED_HASH);
    }

    /** A current row's content hash as its writer stored it (every writer but a first load stores one). */
    public static final String STORED_HASH = "t.content_hash";

    /** Which current versions a snapshot replaces: those of its own source, or the whole layer's. */
    public enum Scope {
        /** The snapshot holds every feature of its source; features of other sources stay. */
        SOURCE,
        /** The snapshot holds the whole layer (an import with mode replace). */
        LAYER,
        /** The load adds and changes features and ends none (an import with mode upsert). */
        CHANGES
    }

    /**
     * Versions the layer from the temporary table {@code feature_stage}, which the caller filled in this
     * transaction with {@code feature_id}, {@code content_hash} and the columns that {@code values} and
     * {@code geometry} read (as {@code s.<column>}). Unchanged features are left alone, changed ones end
     * and get a new version, new ones are inserted, and current features the stage lacks end (within
     * {@code scope}).
     *
     * @param table      the layer's table, quoted
     * @param attributes the layer columns to write, unquoted, in the order of {@code values}
     * @param values     the SQL expressions for those columns, comma-separated
     * @param geometry   the SQL expression of the geometry in EPSG:28992
     * @param currentHash the SQL expression of a current row's ({@code t}) content hash: {@link #STORED_HASH}, or
     *                    one that computes it where the row has none (a first load leaves it NULL: ImportRepository)
     */
    public LoadCounts merge(Connection c, String table, List<String> attributes, String values, String geometry,
            Scope scope, String source, UUID run, Instant at, Instant fetchedAt, String currentHash) throws SQLException {
        Map<String, String> parts = Map.of(
                "{table}", table,
                "{columns}", attributes.stream().map(a -> Identifiers.quote(a) + ", ").collect(Collectors.joining()),
                "{values}", values.isEmpty() ? "" : values + ",",
                "{geometry}", geometry,
                "{current_hash}", currentHash);
        long[] counts = new long[3];
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(fill(SqlFiles.get("feature/compare_stage.sql"), parts))) {
            rs.next();
            counts[0] = rs.getLong("new");
            counts[1] = rs.getLong("changed");
            counts[2] = rs.getLong("unchanged");
        }
        long endedOrChanged;
        String end = switch (scope) {
            case SOURCE -> "feature/end_versions.sql";
            case LAYER -> "feature/end_all_versions.sql";
            case CHANGES -> "feature/end_changed_versions.sql";
        };
        try (PreparedStatement ps = c.prepareStatement(fill(SqlFiles.get(end), parts))) {
            ps.setTimestamp(1, Timestamp.from(at));
            if (scope == Scope.SOURCE) {
                ps.setString(2, source);
            }
            endedOrChanged = ps.executeUpdate();
        }
        if (counts[0] + counts[1] > 0) {
            try (PreparedStatement ps = c.prepareStatement(fill(SqlFiles.get("feature/insert_versions.sql"), parts))) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, source);
                ps.setObject(3, run);
                ps.setTimestamp(4, Timestamp.from(fetchedAt));
                ps.executeUpdate();
            }
        }
        if (counts[0] + endedOrChanged >= ANALYZE_AFTER_ROWS) {
            try (Statement st = c.createStatement()) {
                st.execute(fill(SqlFiles.get("feature/analyze_layer.sql"), parts));
            }
        }
        return new LoadCounts(counts[0], counts[1], counts[2], endedOrChanged - counts[1]);
    }

    /** Side of the grid cells by which {@link #changedBoxes} groups changed features, in metres. */
    static final double CHANGE_CELL_M = 500;

    /**
     * The boxes (EPSG:28992, {minX, minY, maxX, maxY}) of what a write at instant {@code at} changed in a layer, in
     * the writer's transaction: the versions it ended (the old geometries) and those it inserted (the new ones),
     * grouped by the {@value #CHANGE_CELL_M} m cell their lower left corner lies in (sql/feature/
     * select_changed_extents.sql). What the tile caches evict (nl.tweeling.tiles.TileInvalidation).
     *
     * @param table the layer's table, quoted
     */
    public List<double[]> changedBoxes(Connection c, String table, Instant at) throws SQLException {
        List<double[]> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/select_changed_extents.sql")
                .replace("{table}", table))) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setDouble(3, CHANGE_CELL_M);
            ps.setDouble(4, CHANGE_CELL_M);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
                }
            }
        }
        return out;
    }

    /**
     * Inserts every feature of {@code feature_stage} (filled as for {@link #merge}) that has no current
     * version in the table, without comparing or ending anything: for a layer created in this transaction,
     * whose table holds only what this load wrote. Returns how many were inserted.
     */
    public long insert(Connection c, String table, List<String> attributes, String values, String geometry,
            String source, UUID run, Instant at, Instant fetchedAt) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM feature_stage")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
        }
        Map<String, String> parts = Map.of(
                "{table}", table,
                "{columns}", attributes.stream().map(a -> Identifiers.quote(a) + ", ").collect(Collectors.joining()),
                "{values}", values.isEmpty() ? "" : values + ",",
                "{geometry}", geometry);
        try (PreparedStatement ps = c.prepareStatement(fill(SqlFiles.get("feature/insert_versions.sql"), parts))) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, source);
            ps.setObject(3, run);
            ps.setTimestamp(4, Timestamp.from(fetchedAt));
            return ps.executeUpdate();
        }
    }

    private static String fill(String sql, Map<String, String> parts) {
        String out = sql;
        for (Map.Entry<String, String> e : parts.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
