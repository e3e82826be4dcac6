package nl.tweeling.feature.edit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.io.WKBWriter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;

/**
 * The live baseline as an {@link EditTarget}: a layer's own table, with history. An edit writes a new version
 * (the current one ends at the edit's instant, the new one starts then, same {@code feature_id}), lineage
 * {@code source = 'api'}, {@code source_id} = the edit's id in {@code tweeling.feature_edit}, which names the
 * key's holder; a delete ends the current version. The registry's feature count and extents are kept current in
 * the same transaction (from the edited versions, without a scan, where that is exact), and after the commit {@link LayerChanged} carries the boxes of the old and new
 * geometries to the tile caches, as imports do.
 *
 * <p>Refused with 409: layers the platform maintains (the sensors layer), layers a harvester feeds or an import
 * is queued for or writing (the next run would overwrite the edit). Edits of one layer are serialised by an
 * advisory lock; all SQL is in {@code sql/edit/}, table and column names come from the registry.
 */
@ApplicationScoped
public class BaselineTarget implements EditTarget {

    @Inject
    LayerRegistry registry;

    @Inject
    Event<LayerChanged> changes;

    /** What one baseline edit carries from call to call: the row keys it ended and wrote. */
    static final class BaselineWrite implements Write {
        final List<Long> rows = new ArrayList<>();
        List<double[]> boxes = List.of();
    }

    @Override
    public Write begin(Connection c, Layer layer) throws SQLException {
        if (layer.maintained()) {
            throw TweelingException.conflict("Layer " + layer.id() + " is kept by the platform (" + layer.maintainedBy()
                    + "); its features cannot be edited here" + ("sensors".equals(layer.maintainedBy())
                            ? ": change things and their locations through SensorThings (/sta/v1.1)." : "."));
        }
        List<String> writers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/select_layer_writers.sql"))) {
            ps.setString(1, layer.id());
            ps.setString(2, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writers.add(rs.getString(1));
                }
            }
        }
        if (!writers.isEmpty()) {
            throw TweelingException.conflict("Layer " + layer.id() + " is written by " + String.join(", ", writers)
                    + ", which would overwrite an edit: edit it when no import is queued or running for it (GET"
                    + " /jobs) and no harvester feeds it (GET /harvesters).");
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/lock_layer_edits.sql"))) {
            ps.setString(1, layer.id());
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/try_lock_layer_imports.sql"))) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw TweelingException.conflict("An import of layer " + layer.id()
                            + " is writing now; send the edit again when it has finished (GET /jobs).");
                }
            }
        }
        return new BaselineWrite();
    }

    @Override
    public Optional<Version> current(Connection c, Write w, Layer layer, String featureId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_current_version.sql")
                .replace("{table}", table(layer)))) {
            ps.setString(1, featureId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long fid = rs.getLong(1);
                Instant from = rs.getTimestamp(2).toInstant();
                ((BaselineWrite) w).rows.add(fid);
                return Optional.of(new Version(featureId, Version.token(fid, from), from));
            }
        }
    }

    /** The row key of a version this target returned (the first part of its token). */
    private static long rowKey(Version v) {
        return Long.parseLong(v.token().substring(0, v.token().indexOf('-')), 36);
    }

    @Override
    public Instant now(Connection c, Version current) throws SQLException {
        Instant now;
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_clock.sql"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            now = rs.getTimestamp(1).toInstant();
        }
        // timestamptz keeps microseconds: the instant as stored, and after the version it ends
        now = now.truncatedTo(ChronoUnit.MICROS);
        if (current != null && !now.isAfter(current.validFrom())) {
            now = current.validFrom().plus(1, ChronoUnit.MICROS);
        }
        return now;
    }

    @Override
    public Version insert(Connection c, Write w, Layer layer, String featureId, Version replaced, FeatureEdit edit,
            Lineage lineage) throws SQLException {
        String table = table(layer);
        if (replaced != null) {
            end(c, w, layer, replaced, lineage);
        }
        Map<String, EditSchema.ColumnRule> rules = rulesOf(c, layer);
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        StringBuilder hash = new StringBuilder();
        List<Object> params = new ArrayList<>();
        Long old = replaced == null ? null : rowKey(replaced);
        String oldValue = "(SELECT o.%s FROM " + table + " AS o WHERE o.fid = ?)";
        for (Layer.Column col : layer.columns()) {
            EditSchema.ColumnRule rule = rules.get(col.name());
            if (EditSchema.SERVER_KEPT.contains(col.name()) || rule == null || rule.generated()) {
                continue;
            }
            String q = Identifiers.quote(col.name());
            hash.append("coalesce(t.").append(q).append("::text, chr(30)), ");
            if (edit.values().containsKey(col.name())) {
                Object v = edit.values().get(col.name());
                columns.append(q).append(", ");
                if (v == FeatureEdit.DEFAULT) {
                    values.append("DEFAULT, ");
                } else {
                    values.append("CAST(? AS ").append(Identifiers.quote(col.type())).append("), ");
                    params.add(v);
                }
            } else if (old != null) {
                columns.append(q).append(", ");
                values.append(String.format(oldValue, q)).append(", ");
                params.add(old);
            }
            // else (create): the column's default
        }
        String geometry;
        if (edit.geometry() != null) {
            geometry = "ST_Transform(ST_GeomFromWKB(?, ?), 28992)";
            params.add(new WKBWriter(2).write(edit.geometry()));
            params.add(edit.geometry().getSRID());
        } else {
            geometry = String.format(oldValue, "geom");
            params.add(old);
        }
        String sql = SqlFiles.get("edit/insert_version.sql")
                .replace("{table}", table)
                .replace("{columns}", columns)
                .replace("{values}", values)
                .replace("{geometry}", geometry);
        long fid;
        Instant from;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, featureId);
            for (Object p : params) {
                bind(c, ps, i++, p);
            }
            ps.setTimestamp(i++, Timestamp.from(lineage.at()));
            ps.setString(i++, lineage.editId().toString());
            ps.setTimestamp(i, Timestamp.from(lineage.at()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                fid = rs.getLong(1);
                from = rs.getTimestamp(2).toInstant();
            }
        } catch (SQLException e) {
            throw refused(e, layer);
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/hash_version.sql")
                .replace("{table}", table).replace("{hash_columns}", hash))) {
            ps.setLong(1, fid);
            ps.executeUpdate();
        }
        ((BaselineWrite) w).rows.add(fid);
        return new Version(featureId, Version.token(fid, from), from);
    }

    @Override
    public void end(Connection c, Write w, Layer layer, Version current, Lineage lineage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/end_version.sql")
                .replace("{table}", table(layer)))) {
            ps.setTimestamp(1, Timestamp.from(lineage.at()));
            ps.setLong(2, rowKey(current));
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("version " + current.token() + " of " + layer.id() + "/"
                        + current.featureId() + " was not current");
            }
        }
    }

    @Override
    public void finish(Connection c, Write w, Layer layer, String featureId, FeatureEdit.Operation operation,
            Lineage lineage) throws SQLException {
        BaselineWrite bw = (BaselineWrite) w;
        logEdit(c, lineage, layer.id(), featureId, operation, null);
        statistics(c, layer, bw.rows);
        List<double[]> boxes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_version_boxes.sql")
                .replace("{table}", table(layer)))) {
            ps.setArray(1, c.createArrayOf("bigint", bw.rows.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boxes.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
                }
            }
        }
        bw.boxes = boxes;
    }

    /** A version an edit ended or wrote: its CRS84 box (null without geometry), start, and whether it is current. */
    private record Edited(double[] box, Timestamp from, boolean current) {
    }

    /**
     * Keeps the registry's feature count, CRS84 extent and temporal extent current, as layer_statistics.sql would
     * compute them: from the registry's values and the versions the edit ended and wrote when that is exact (the
     * common case: no scan of the layer), else by recomputing them over the layer (an ended version that lay on
     * the edge of the extent, or that began at the edge of the temporal extent where no other current one did).
     */
    private void statistics(Connection c, Layer layer, List<Long> rows) throws SQLException {
        String table = table(layer);
        long count;
        double[] extent;
        Timestamp t0;
        Timestamp t1;
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_layer_statistics.sql"))) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                extent = doubles(rs.getArray(2));
                t0 = rs.getTimestamp(3);
                t1 = rs.getTimestamp(4);
            }
        }
        List<Edited> ended = new ArrayList<>();
        List<Edited> written = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_version_statistics.sql")
                .replace("{table}", table))) {
            ps.setArray(1, c.createArrayOf("bigint", rows.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double[] box = {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)};
                    Edited e = new Edited(rs.wasNull() ? null : box, rs.getTimestamp(6), rs.getBoolean(7));
                    (e.current() ? written : ended).add(e);
                }
            }
        }
        long n = count + written.size() - ended.size();
        boolean exact = extent != null && t0 != null && t1 != null && n > 0;
        for (Edited e : ended) {
            if (!exact) {
                break;
            }
            // a version inside the extent's edges does not define it
            exact = e.box() != null && e.box()[0] > extent[0] && e.box()[1] > extent[1] && e.box()[2] < extent[2]
                    && e.box()[3] < extent[3];
            boolean onStart = e.from().equals(t0);
            boolean onEnd = e.from().equals(t1) && written.isEmpty();
            if (exact && (onStart || onEnd)) {
                exact = currentSince(c, table, e.from());
            }
        }
        if (!exact) {
            registry.refreshStatistics(c, layer.id());
            return;
        }
        double[] out = extent.clone();
        Timestamp start = t0;
        Timestamp end = t1;
        for (Edited w : written) {
            if (w.box() != null) {
                out[0] = Math.min(out[0], Math.floor(w.box()[0] * 1e7) / 1e7);
                out[1] = Math.min(out[1], Math.floor(w.box()[1] * 1e7) / 1e7);
                out[2] = Math.max(out[2], Math.ceil(w.box()[2] * 1e7) / 1e7);
                out[3] = Math.max(out[3], Math.ceil(w.box()[3] * 1e7) / 1e7);
            }
            start = w.from().before(start) ? w.from() : start;
            end = w.from().after(end) ? w.from() : end;
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/update_layer_statistics.sql"))) {
            ps.setLong(1, n);
            ps.setArray(2, c.createArrayOf("float8", new Object[] {out[0], out[1], out[2], out[3]}));
            ps.setTimestamp(3, start);
            ps.setTimestamp(4, end);
            ps.setString(5, layer.id());
            ps.executeUpdate();
        }
    }

    private static boolean currentSince(Connection c, String table, Timestamp from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_current_since.sql")
                .replace("{table}", table))) {
            ps.setTimestamp(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static double[] doubles(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        if (values.length != 4 || values[0] == null) {
            return null;
        }
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }

    @Override
    public void afterCommit(Write w, Layer layer) {
        registry.invalidate();
        changes.fire(new LayerChanged(layer.id(), ((BaselineWrite) w).boxes));
    }

    @Override
    public Map<String, EditSchema.ColumnRule> columnRules(Connection c, Layer layer) throws SQLException {
        return rulesOf(c, layer);
    }

    /** The catalog's rules for the columns of {@code layer}'s table (sql/edit/select_column_rules.sql). */
    public static Map<String, EditSchema.ColumnRule> rulesOf(Connection c, Layer layer) throws SQLException {
        Map<String, EditSchema.ColumnRule> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_column_rules.sql"))) {
            ps.setString(1, layer.tableSchema());
            ps.setString(2, layer.tableName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new EditSchema.ColumnRule(rs.getBoolean(2), rs.getBoolean(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /**
     * Records an edit in {@code tweeling.feature_edit} (sql/edit/insert_feature_edit.sql); {@code scenarioId} null
     * for the baseline. For other targets too.
     */
    public static void logEdit(Connection c, Lineage lineage, String layerId, String featureId,
            FeatureEdit.Operation operation, String scenarioId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/insert_feature_edit.sql"))) {
            ps.setObject(1, lineage.editId());
            ps.setString(2, layerId);
            ps.setString(3, featureId);
            ps.setString(4, operation.id());
            ps.setString(5, lineage.holder());
            ps.setTimestamp(6, Timestamp.from(lineage.at()));
            ps.setString(7, scenarioId);
            ps.executeUpdate();
        }
    }

    /**
     * Binds one value of a {@link FeatureEdit} (or a row key, an SRID, WKB bytes) as {@code insert_version.sql}
     * casts it. For other targets too.
     */
    public static void bind(Connection c, PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.NULL);
        } else if (v instanceof List<?> list) {
            ps.setArray(i, c.createArrayOf("text", list.toArray()));
        } else if (v instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else {
            ps.setObject(i, v);
        }
    }

    /**
     * What the database refused although validation let it through, as a 400 that says what to change: a check
     * or foreign key of an imported table, a value the column type cannot hold. Else rethrown.
     */
    static SQLException refused(SQLException e, Layer layer) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            String column = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getColumn() : null;
            throw TweelingException.badBody("The feature does not fit layer " + layer.id()
                    + (column == null ? "" : ": property " + column + " is not accepted")
                    + " (the layer's table refuses it: " + switch (state) {
                        case "23502" -> "a required value is missing";
                        case "23503" -> "a referenced value does not exist";
                        case "23505" -> "a unique value is taken";
                        case "23514" -> "a check of the table fails";
                        default -> "a value is out of range or malformed";
                    } + ").", List.of());
        }
        return e;
    }

    private static String table(Layer layer) {
        return Identifiers.qualified(layer.tableSchema(), layer.tableName());
    }
}
