package nl.tweeling.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.FeatureVersionRepository;
import nl.tweeling.feature.LayerRegistry;

/**
 * The transactional half of an import: from the staging table that ogr2ogr wrote to versions of the
 * layer, creating and registering the layer first when it is new. Runs in the caller's transaction, so a
 * failure anywhere leaves the layer and the registry exactly as they were.
 */
@ApplicationScoped
public class ImportRepository {

    static final String STAGE_SCHEMA = "tweeling_stage";
    static final String LAYER_SCHEMA = "tweeling_layer";
    /** Rejections listed one by one in a report; the count covers them all. */
    static final int MAX_LISTED_REJECTIONS = 1000;
    /** maintenance_work_mem while a new layer's indexes are built: each sort then stays in memory. */
    static final String INDEX_MEMORY = "256MB";

    @Inject
    FeatureVersionRepository versions;

    /** What the transaction did, for the report. */
    /**
     * What the transaction did, for the report.
     *
     * @param changed the boxes (EPSG:28992) of the features the load changed, old and new versions (for the tile
     *                caches, see FeatureVersionRepository#changedBoxes); null when the layer is new
     */
    record Outcome(boolean created, String geometryType, FeatureVersionRepository.LoadCounts counts, long rejected,
            List<Map<String, Object>> rejections, Map<String, String> fields, String timings, List<double[]> changed) {
    }

    /** A layer as stored: table and geometry type, and its attribute columns with their types. */
    private record Target(String schema, String table, String geometryType, Map<String, String> columns) {
    }

    /**
     * @param mode how a load into an existing layer treats the features it lacks: {@code replace} ends them,
     *             {@code upsert} keeps them; null refuses an existing layer (the layer appeared since the check)
     */
    Outcome apply(Connection c, String layerId, String stageTable, String idField, String source, UUID run,
            Instant at, Instant fetchedAt, String mode, List<String> sourceFields, Runnable step) throws SQLException {
        Timings time = new Timings();
        lockLayer(c, layerId);
        String stage = Identifiers.qualified(STAGE_SCHEMA, stageTable);
        Map<String, String> stageColumns = ColumnNames.restore(stageColumns(c, stageTable), sourceFields);
        Map<String, String> names = ColumnNames.of(new ArrayList<>(stageColumns.keySet()));
        Target target = target(c, layerId);
        boolean created = target == null;
        if (!created && mode == null) {
            throw ImportException.badImportParameter("mode", ImportService.existsMessage(layerId));
        }
        if (created) {
            target = createLayer(c, layerId, stage, stageColumns, names, source);
        } else {
            addMissingColumns(c, target, stageColumns, names);
        }
        upsertFields(c, layerId, names);
        time.step(created ? "create" : "prepare");
        // A new layer's table gets its foreign key to tweeling.job last (create_layer_indexes.sql): adding it
        // locks tweeling.job against updates until commit, so the run reports no progress after that.
        step.run();

        String type = target.geometryType();
        List<String> attributes = new ArrayList<>(names.values());
        String attrs = castAttributes(names, target.columns());
        String featureId = stagedFeatureId(idField);
        String fastTypes = fastTypes(type);
        String table = Identifiers.qualified(target.schema(), target.table());
        String multi = Boolean.toString(type.startsWith("Multi"));
        long direct = 0;
        if (created) {
            // a new, empty layer: the features that need no repair go straight in (nothing to compare with)
            String insert = SqlFiles.get("imports/insert_new_features.sql")
                    .replace("{table}", table)
                    .replace("{stage}", stage)
                    .replace("{feature_id}", featureId)
                    .replace("{columns}", attributes.stream().map(a -> Identifiers.quote(a) + ", ").collect(Collectors.joining()))
                    .replace("{attributes}", attrs.toString())
                    .replace("{attribute_names}", attributes.stream().map(a -> "f." + Identifiers.quote(a) + ",\n       ")
                            .collect(Collectors.joining()))
                    .replace("{content_hash}", contentHash("f", attributes))
                    .replace("{multi}", multi)
                    .replace("{fits}", fits("s.\"_geom\"", fastTypes));
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, source);
                ps.setObject(3, run);
                ps.setTimestamp(4, Timestamp.from(fetchedAt));
                direct = ps.executeUpdate();
            }
            time.step("insert");
        }
        // a new layer that took every staged feature directly has nothing left to repair or reject
        boolean rest = !created || direct < count(c, "SELECT count(*) FROM " + stage);
        checkRest(c, stage, featureId, attrs, names, type, !created, rest);
        time.step(created ? "repair" : "check");
        if (idField != null) {
            checkUniqueIds(c, table, idField, created);
        }
        step.run();
        String values = attributes.stream().map(a -> "s." + Identifiers.quote(a)).collect(Collectors.joining(", "));
        FeatureVersionRepository.LoadCounts counts;
        List<double[]> changed = null;
        if (created) {
            long repaired = versions.insert(c, table, attributes, values, "s.geom", source, run, at, fetchedAt);
            counts = new FeatureVersionRepository.LoadCounts(direct + repaired, 0, 0, 0);
            time.step("insert repaired");
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL maintenance_work_mem = '" + INDEX_MEMORY + "'");
                for (String statement : SqlFiles.get("imports/create_layer_indexes.sql").replace("{table}", table).split(";\\s*\n")) {
                    st.execute(statement);
                }
            }
            time.step("indexes");
            try (Statement st = c.createStatement()) {
                st.execute(SqlFiles.get("imports/analyze_new_layer.sql").replace("{table}", table));
            }
            time.step("analyze");
        } else {
            counts = versions.merge(c, table, attributes, values, "s.geom", "upsert".equals(mode)
                    ? FeatureVersionRepository.Scope.CHANGES : FeatureVersionRepository.Scope.LAYER, source,
                    run, at, fetchedAt, currentHash(target));
            time.step("versions");
            changed = counts.inserted() + counts.updated() + counts.ended() > 0 ? versions.changedBoxes(c, table, at)
                    : List.of();
            time.step("changed extents");
        }
        if (created || counts.inserted() + counts.updated() + counts.ended() > 0) {
            updateStatistics(c, layerId, table);
            time.step("statistics");
        }
        return outcome(c, created, type, counts, names, time, changed);
    }

    /**
     * Registers a new layer whose table a first load (FirstLoad) built in tweeling_stage: moves the table into
     * the layer schema under the layer's name, registers it and its fields, and puts the features that needed
     * the geometry policy (moved to the staging table after the load) through the same repair and reject steps
     * as any import. Runs in the caller's transaction; throws {@link LayerExists} when the layer is there now.
     *
     * @param loaded the features the load table holds (written by COPY as they were)
     * @param moved the features that went to the staging table for repair or rejection
     */
    Outcome registerLoaded(Connection c, String layerId, String loadTable, String stageTable, Map<String, String> names,
            Map<String, String> columnTypes, String type, String idField, String source, UUID run, Instant at,
            Instant fetchedAt, long loaded, long moved, Statistics statistics, Timings time) throws SQLException {
        lockLayer(c, layerId);
        if (target(c, layerId) != null) {
            throw new LayerExists(layerId);
        }
        String table = Identifiers.qualified(LAYER_SCHEMA, layerId);
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + Identifiers.qualified(STAGE_SCHEMA, loadTable) + " SET SCHEMA " + LAYER_SCHEMA);
            st.execute("ALTER TABLE " + Identifiers.qualified(LAYER_SCHEMA, loadTable) + " RENAME TO "
                    + Identifiers.quote(layerId));
            // the load kept autovacuum off (create_load_table.sql); the layer's table is like any other from here
            st.execute("ALTER TABLE " + table + " RESET (autovacuum_enabled)");
        }
        register(c, layerId, type, source);
        upsertFields(c, layerId, names);
        time.step("register");
        String stage = Identifiers.qualified(STAGE_SCHEMA, stageTable);
        checkRest(c, stage, stagedFeatureId(idField), castAttributes(names, columnTypes), names, type, false, moved > 0);
        if (idField != null && moved > 0) {
            checkUniqueIds(c, table, idField, true);
        }
        List<String> attributes = new ArrayList<>(names.values());
        String values = attributes.stream().map(a -> "s." + Identifiers.quote(a)).collect(Collectors.joining(", "));
        long repaired = versions.insert(c, table, attributes, values, "s.geom", source, run, at, fetchedAt);
        time.step("repair");
        if (statistics != null && repaired == 0) {
            statistics.store(c, layerId);
        } else {
            updateStatistics(c, layerId, table);
        }
        time.step("statistics");
        return outcome(c, true, type, new FeatureVersionRepository.LoadCounts(loaded + repaired, 0, 0, 0), names, time,
                null);
    }

    /** A layer's figures as the registry keeps them (feature/layer_statistics.sql), computed before registration. */
    record Statistics(long count, Object[] extent, Timestamp start, Timestamp end) {

        static Statistics of(Statement st, String table) throws SQLException {
            try (ResultSet rs = st.executeQuery(SqlFiles.get("feature/layer_statistics.sql").replace("{table}", table))) {
                rs.next();
                java.sql.Array extent = rs.getArray(2);
                return new Statistics(rs.getLong(1), extent == null ? null : (Object[]) extent.getArray(),
                        rs.getTimestamp(3), rs.getTimestamp(4));
            }
        }

        void store(Connection c, String layerId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/set_layer_statistics.sql"))) {
                ps.setLong(1, count);
                ps.setArray(2, extent == null ? null : c.createArrayOf("float8", extent));
                ps.setTimestamp(3, start);
                ps.setTimestamp(4, end);
                ps.setString(5, layerId);
                ps.executeUpdate();
            }
        }
    }

    /** The layer was registered (by another run) after a first load began; the import then takes the staging path. */
    static final class LayerExists extends SQLException {
        LayerExists(String layerId) {
            super("layer " + layerId + " was registered meanwhile");
        }
    }

    private static void lockLayer(Connection c, String layerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('tweeling.import'), hashtext(?))")) {
            ps.setString(1, layerId);
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            // PostGIS functions are declared expensive, so every statement over all features would otherwise be
            // JIT-compiled first: 0.1-0.3 s each, more than most of them take to run (they call C functions).
            st.execute("SET LOCAL jit = off");
        }
    }

    private static void upsertFields(Connection c, String layerId, Map<String, String> names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/upsert_field.sql"))) {
            for (Map.Entry<String, String> e : names.entrySet()) {
                ps.setString(1, layerId);
                ps.setString(2, e.getValue());
                ps.setString(3, e.getKey());
                ps.setString(4, ColumnNames.property(e.getKey(), e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The staged attribute columns cast to the layer's column types: "s.orig::type AS name," each. */
    private static String castAttributes(Map<String, String> names, Map<String, String> columnTypes) {
        StringBuilder attrs = new StringBuilder();
        for (Map.Entry<String, String> e : names.entrySet()) {
            attrs.append("s.").append(Identifiers.quote(e.getKey())).append("::")
                    .append(columnTypes.get(e.getValue())).append(" AS ")
                    .append(Identifiers.quote(e.getValue())).append(",\n           ");
        }
        return attrs.toString();
    }

    /** The id of a staged feature: its FID, or the id field's value. */
    private static String stagedFeatureId(String idField) {
        return idField == null ? "s.\"_fid\"::text" : "s." + Identifiers.quote(idField) + "::text";
    }

    /** The geometry types a layer of {@code type} takes without repair, as a SQL list. */
    static String fastTypes(String type) {
        return switch (type) {
            case "Point" -> "'POINT'";
            case "MultiPoint" -> "'POINT', 'MULTIPOINT'";
            case "LineString", "MultiLineString" -> "'LINESTRING', 'MULTILINESTRING'";
            case "Polygon", "MultiPolygon" -> "'POLYGON', 'MULTIPOLYGON'";
            default -> "'POINT', 'MULTIPOINT', 'LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON'";
        };
    }

    /**
     * Applies the geometry policy to the staged features (stage_features.sql, split_rejects.sql): feature_stage
     * gets those to write, feature_reject those rejected. {@code includeFitting} false: only the features that
     * need repair or lack an id (the others were written already); {@code needed} false: nothing is left, the
     * two tables are created empty.
     */
    private static void checkRest(Connection c, String stage, String featureId, String attrs, Map<String, String> names,
            String type, boolean includeFitting, boolean needed) throws SQLException {
        int dimension = switch (type) {
            case "Point", "MultiPoint" -> 0;
            case "LineString", "MultiLineString" -> 1;
            case "Polygon", "MultiPolygon" -> 2;
            default -> -1;
        };
        String fastTypes = fastTypes(type);
        String multi = Boolean.toString(type.startsWith("Multi"));
        List<String> attributes = new ArrayList<>(names.values());
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS feature_checked");
            st.execute("DROP TABLE IF EXISTS feature_stage");
            st.execute("DROP TABLE IF EXISTS feature_reject");
            if (!needed) {
                st.execute(SqlFiles.get("imports/create_empty_checks.sql"));
                return;
            }
            st.execute(SqlFiles.get("imports/stage_features.sql")
                    .replace("{stage}", stage)
                    .replace("{feature_id}", featureId)
                    .replace("{attributes}", attrs)
                    .replace("{dimension}", Integer.toString(dimension))
                    .replace("{layer_type}", "'" + type + "'")
                    .replace("{single_point}", Boolean.toString(type.equals("Point")))
                    .replace("{multi}", multi)
                    .replace("{attribute_names_c}", attributes.stream().map(a -> "c." + Identifiers.quote(a) + ", ")
                            .collect(Collectors.joining()))
                    .replace("{attribute_names}", attributes.stream().map(a -> "f." + Identifiers.quote(a) + ", ")
                            .collect(Collectors.joining()))
                    .replace("{include_fitting}", Boolean.toString(includeFitting))
                    .replace("{fits_g}", fits("g", fastTypes))
                    .replace("{fits_f_g}", fits("f.g", fastTypes)));
            st.execute(SqlFiles.get("imports/split_rejects.sql")
                    .replace("{attributes}", attributes.stream().map(a -> "s." + Identifiers.quote(a) + ", ")
                            .collect(Collectors.joining()))
                    .replace("{content_hash}", contentHash("s", attributes)));
        }
    }

    /** A 400 naming the repeated ids when the id field holds a value twice (in feature_stage and, new, in the table). */
    private static void checkUniqueIds(Connection c, String table, String idField, boolean newLayer) throws SQLException {
        List<String> duplicates = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlFiles.get("imports/duplicate_ids.sql")
                .replace("{table}", table)
                .replace("{new_layer}", Boolean.toString(newLayer)))) {
            while (rs.next()) {
                duplicates.add("'" + rs.getString(1) + "' (" + rs.getLong(2) + " times)");
            }
        }
        if (!duplicates.isEmpty()) {
            throw ImportException.badInput("the id field " + idField + " is not unique: " + String.join(", ", duplicates)
                    + ". Choose a field with one value per feature, or import without idField.");
        }
    }

    private static void updateStatistics(Connection c, String layerId, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LayerRegistry.statisticsUpdate(table))) {
            ps.setString(1, layerId);
            ps.executeUpdate();
        }
    }

    /** The outcome, with the rejections listed (up to {@link #MAX_LISTED_REJECTIONS}). */
    private static Outcome outcome(Connection c, boolean created, String type, FeatureVersionRepository.LoadCounts counts,
            Map<String, String> names, Timings time, List<double[]> changed) throws SQLException {
        long rejected = count(c, "SELECT count(*) FROM feature_reject");
        List<Map<String, Object>> rejections = new ArrayList<>();
        if (rejected > 0) {
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/select_rejects.sql"))) {
                ps.setInt(1, MAX_LISTED_REJECTIONS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("fid", rs.getLong(1));
                        if (rs.getString(2) != null) {
                            r.put("featureId", rs.getString(2));
                        }
                        r.put("reason", rs.getString(3));
                        rejections.add(r);
                    }
                }
            }
        }
        time.step("report");
        return new Outcome(created, type, counts, rejected, rejections, names, time.toString(), changed);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The condition of fits_layer.sql on the geometry expression {@code g}. */
    static String fits(String g, String fastTypes) {
        return "(" + SqlFiles.get("imports/fits_layer.sql").replace("{fast_types}", fastTypes).replace("{g}", g) + ")";
    }

    /** Milliseconds per step of a run, for the log line that ends it. */
    static final class Timings {
        private final StringBuilder out = new StringBuilder();
        private long last = System.nanoTime();

        void step(String name) {
            long now = System.nanoTime();
            out.append(out.isEmpty() ? "" : ", ").append(name).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /** The staging table's attribute columns (the source's field names) and their types. */
    static Map<String, String> stageColumns(Connection c, String stageTable) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/stage_columns.sql"))) {
            ps.setString(1, STAGE_SCHEMA);
            ps.setString(2, stageTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("name");
                    if (!name.equals("_fid") && !name.equals("_geom")) {
                        out.put(name, rs.getString("type"));
                    }
                }
            }
        }
        if (out.isEmpty() && !hasColumn(c, stageTable, "_geom")) {
            throw ImportException.badInput("ogr2ogr staged no geometry column");
        }
        return out;
    }

    private static boolean hasColumn(Connection c, String stageTable, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/stage_columns.sql"))) {
            ps.setString(1, STAGE_SCHEMA);
            ps.setString(2, stageTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString("name").equals(column)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The registered layer, read in this transaction (not from the registry's cache), or null. */
    private static Target target(Connection c, String layerId) throws SQLException {
        String schema;
        String table;
        String type;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_schema, table_name, geometry_type FROM tweeling.layer WHERE id = ? FOR UPDATE")) {
            ps.setString(1, layerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                schema = rs.getString(1);
                table = rs.getString(2);
                type = rs.getString(3);
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name, format_type(a.atttypid, a.atttypmod) FROM information_schema.columns AS ic"
                        + " JOIN pg_attribute AS a ON a.attrelid = (quote_ident(ic.table_schema) || '.' || quote_ident(ic.table_name))::regclass"
                        + " AND a.attname = ic.column_name"
                        + " WHERE ic.table_schema = ? AND ic.table_name = ? ORDER BY ic.ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new Target(schema, table, type, columns);
    }

    private static Target createLayer(Connection c, String layerId, String stage, Map<String, String> stageColumns,
            Map<String, String> names, String source) throws SQLException {
        String type = geometryType(c, stage);
        Map<String, String> columns = new LinkedHashMap<>();
        StringBuilder ddl = new StringBuilder();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String t = columnType(stageColumns.get(e.getKey()));
            columns.put(e.getValue(), t);
            ddl.append(Identifiers.quote(e.getValue())).append(' ').append(t).append(",\n    ");
        }
        String table = Identifiers.qualified(LAYER_SCHEMA, layerId);
        String sql = SqlFiles.get("imports/create_layer_table.sql")
                .replace("{table}", table)
                .replace("{columns}", ddl.toString())
                .replace("{geometry_type}", type);
        try (Statement st = c.createStatement()) {
            for (String statement : sql.split(";\\s*\n")) {
                st.execute(statement);
            }
        }
        register(c, layerId, type, source);
        return new Target(LAYER_SCHEMA, layerId, type, columns);
    }

    /**
     * Sets who may read the layer an import created, in the import's transaction (so it is never readable
     * by more than meant); refused for a layer that existed before the import (PATCH /collections/{id} changes
     * that) and for properties the layer does not have.
     */
    static void applyAccess(Connection c, ImportService.Params params, boolean created) throws SQLException {
        if (!params.setsAccess()) {
            return;
        }
        if (!created) {
            throw ImportException.badImportParameter("access", "Layer " + params.layer() + " existed before this"
                    + " import: change who may read it with PATCH /collections/" + params.layer() + ".");
        }
        java.util.Set<String> columns = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/select_layer_column_names.sql"))) {
            ps.setString(1, params.layer());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        for (String property : params.restricted().keySet()) {
            if (!columns.contains(property)) {
                throw ImportException.badImportParameter("restrictedProperties", "The layer has no property "
                        + property + "; its properties are " + String.join(", ", new java.util.TreeSet<>(columns)) + ".");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/set_layer_access.sql"))) {
            ps.setString(1, params.access() == null ? "public" : params.access());
            ps.setString(2, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(params.restricted()).toString());
            ps.setString(3, params.layer());
            ps.executeUpdate();
        }
    }

    private static void register(Connection c, String layerId, String type, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/register_layer.sql"))) {
            ps.setString(1, layerId);
            ps.setString(2, layerId);
            ps.setString(3, "Imported from " + source + ".");
            ps.setString(4, LAYER_SCHEMA);
            ps.setString(5, layerId);
            ps.setString(6, type);
            ps.setString(7, source);
            ps.executeUpdate();
        }
    }

    /**
     * A current row's ({@code t}) content hash: the stored one, or, for a row a first load wrote (FirstLoad stores
     * none), the hash split_rejects.sql computes, over the layer's attribute columns in table order, which are the
     * fields that first load had: until a column is added ({@link #addMissingColumns} stores the hashes first).
     */
    static String currentHash(Target target) {
        return "coalesce(t.content_hash, " + tableHash(target) + ")";
    }

    /** split_rejects.sql's hash over a row's ({@code t}) attribute columns in table order and its geometry. */
    private static String tableHash(Target target) {
        List<String> columns = new ArrayList<>();
        for (String column : target.columns().keySet()) {
            if (!ColumnNames.RESERVED.contains(column)) {
                columns.add(column);
            }
        }
        return contentHash("t", columns);
    }

    /**
     * A feature's content hash: md5 over its attributes (each as text, NULL as chr(30)) and its geometry's md5,
     * joined by chr(31). PostgreSQL functions take at most 100 arguments, so wide layers (an attribute table of 236
     * indicators) join chunks of at most 90 with concat_ws again: every part is non-null, so the text, and the hash,
     * is the same as one concat_ws over all of them.
     */
    static String contentHash(String alias, List<String> attributes) {
        List<String> parts = new ArrayList<>();
        for (String a : attributes) {
            parts.add("coalesce(" + alias + "." + Identifiers.quote(a) + "::text, chr(30))");
        }
        parts.add("md5(ST_AsEWKB(" + alias + ".geom))");
        return "md5(" + concatWs(parts) + ")";
    }

    private static String concatWs(List<String> parts) {
        if (parts.size() <= 90) {
            return "concat_ws(chr(31), " + String.join(", ", parts) + ")";
        }
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += 90) {
            chunks.add(concatWs(parts.subList(i, Math.min(parts.size(), i + 90))));
        }
        return concatWs(chunks);
    }

    private static void addMissingColumns(Connection c, Target target, Map<String, String> stageColumns,
            Map<String, String> names) throws SQLException {
        if (names.values().stream().anyMatch(n -> !target.columns().containsKey(n))) {
            // rows a first load wrote have no stored hash; theirs is over the columns they were written with
            try (Statement st = c.createStatement()) {
                st.execute(SqlFiles.get("imports/store_first_load_hashes.sql")
                        .replace("{table}", Identifiers.qualified(target.schema(), target.table()))
                        .replace("{hash}", tableHash(target)));
            }
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (!target.columns().containsKey(e.getValue())) {
                String t = columnType(stageColumns.get(e.getKey()));
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + Identifiers.qualified(target.schema(), target.table())
                            + " ADD COLUMN " + Identifiers.quote(e.getValue()) + " " + t);
                }
                target.columns().put(e.getValue(), t);
            }
        }
    }

    /**
     * The geometry type of a new layer: the dimension most features have (the others will be rejected as
     * the wrong dimension); points stay Point when every one is a single point, lines and polygons become
     * MultiLineString and MultiPolygon.
     */
    private static String geometryType(Connection c, String stage) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT ST_Dimension(\"_geom\") AS d, count(*) AS n,"
                        + " bool_and(GeometryType(\"_geom\") = 'POINT') AS single"
                        + " FROM " + stage + " WHERE \"_geom\" IS NOT NULL AND NOT ST_IsEmpty(\"_geom\")"
                        + " GROUP BY 1 ORDER BY n DESC, d DESC LIMIT 1")) {
            if (!rs.next()) {
                throw ImportException.badInput("no feature of the source has a geometry");
            }
            return switch (rs.getInt("d")) {
                case 0 -> rs.getBoolean("single") ? "Point" : "MultiPoint";
                case 1 -> "MultiLineString";
                default -> "MultiPolygon";
            };
        }
    }

    /** The column type of a new layer for a staged column type (as ogr2ogr created it). */
    static String columnType(String staged) {
        String t = staged.toLowerCase(Locale.ROOT);
        if (t.startsWith("character varying[]") || t.startsWith("character varying(") && t.endsWith("[]")) {
            return "text[]";
        }
        if (t.startsWith("character") || t.equals("text")) {
            return "text";
        }
        if (t.startsWith("numeric")) {
            return "numeric";
        }
        return switch (t) {
            case "integer", "bigint", "smallint", "real", "double precision", "boolean", "date",
                    "time without time zone", "timestamp with time zone", "timestamp without time zone",
                    "integer[]", "bigint[]", "double precision[]", "real[]", "bytea", "json", "jsonb", "uuid" -> t;
            default -> "text";
        };
    }
}
