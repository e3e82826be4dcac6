package nl.tweeling.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Relation;

/**
 * The SQL of scenarios ({@code sql/scenario/*.sql}): the scenario rows, revisions and the shadow tables of the
 * layers they edit. Writes take the caller's connection, so {@link ScenarioService} makes each request one
 * transaction. Shadow table names come from {@code tweeling.scenario_layer}, layer tables from the registry;
 * every value is bound.
 */
@ApplicationScoped
public class ScenarioRepository {

    /** The schema of the shadow tables. */
    public static final String SHADOW_SCHEMA = "tweeling_scenario";

    @Inject
    DataSource dataSource;

    /** A revision of a scenario. */
    public record Revision(int number, OffsetDateTime createdAt, String createdBy, String message) {
    }

    /** A layer a scenario edited: its shadow table (unqualified) and the revision of the first edit. */
    public record EditedLayer(String layerId, String shadowTable, int firstRevision) {
    }

    public Optional<Scenario> find(long id) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id, false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read scenario " + id, e);
        }
    }

    /** The scenario; with {@code lock}, its row stays locked until the transaction ends (one change at a time). */
    public Optional<Scenario> find(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_scenario.sql")
                .replace("{lock}", lock ? "FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(scenario(rs)) : Optional.empty();
            }
        }
    }

    public List<Scenario> list(boolean admin, String holder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_scenarios.sql"))) {
            ps.setBoolean(1, admin);
            ps.setString(2, holder);
            List<Scenario> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(scenario(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list scenarios", e);
        }
    }

    private static Scenario scenario(ResultSet rs) throws SQLException {
        return new Scenario(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("owner"),
                rs.getString("visibility"), rs.getObject("base_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getInt("revision"),
                rs.getObject("adopted_at", OffsetDateTime.class), rs.getString("adopted_by"));
    }

    /** A new scenario with its revision 0; returns its id. */
    public long insert(Connection c, String name, String description, String owner, String visibility,
            OffsetDateTime baseAt) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_scenario.sql"))) {
            ps.setString(1, name);
            ps.setString(2, description);
            ps.setString(3, owner);
            ps.setString(4, visibility);
            ps.setTimestamp(5, baseAt == null ? null : Timestamp.from(baseAt.toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        insertRevision(c, id, 0, owner, "created");
        return id;
    }

    public void update(Connection c, long id, String name, String description, String visibility) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/update_scenario.sql"))) {
            ps.setString(1, name);
            ps.setString(2, description);
            ps.setString(3, visibility);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Removes the scenario, its revisions and its versions in every shadow table. */
    public void delete(Connection c, long id) throws SQLException {
        for (EditedLayer l : editedLayers(c, id)) {
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/delete_shadow_rows.sql")
                    .replace("{shadow}", shadow(l.shadowTable())))) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/delete_scenario.sql"))) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Makes the next revision of a locked scenario current; returns its number. */
    public int nextRevision(Connection c, Scenario s, String by, String message) throws SQLException {
        int n = s.revision() + 1;
        insertRevision(c, s.id(), n, by, message);
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/update_scenario_revision.sql"))) {
            ps.setInt(1, n);
            ps.setLong(2, s.id());
            ps.executeUpdate();
        }
        return n;
    }

    private static void insertRevision(Connection c, long id, int number, String by, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_revision.sql"))) {
            ps.setLong(1, id);
            ps.setInt(2, number);
            ps.setString(3, by);
            ps.setString(4, message.length() > 500 ? message.substring(0, 500) : message);
            ps.executeUpdate();
        }
    }

    public List<Revision> revisions(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_revisions.sql"))) {
            ps.setLong(1, id);
            List<Revision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Revision(rs.getInt(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the revisions of scenario " + id, e);
        }
    }

    public List<EditedLayer> editedLayers(long id) {
        try (Connection c = dataSource.getConnection()) {
            return editedLayers(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the layers of scenario " + id, e);
        }
    }

    public List<EditedLayer> editedLayers(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_scenario_layers.sql"))) {
            ps.setLong(1, id);
            List<EditedLayer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EditedLayer(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ shadow tables and edits

    static String shadow(String name) {
        return Identifiers.qualified(SHADOW_SCHEMA, name);
    }

    /**
     * The layer's shadow table (unqualified), made on the first edit of the layer by any scenario, and the record
     * that scenario {@code s} edits the layer from revision {@code revision} on.
     */
    public String shadowFor(Connection c, Scenario s, Layer layer, int revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "tweeling.scenario_layer:" + layer.id());
            ps.execute();
        }
        String name = null;
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_shadow_table.sql"))) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    name = rs.getString(1);
                }
            }
        }
        if (name == null) {
            name = shadowName(layer.id());
            String table = LayerRelations.table(layer);
            try (Statement st = c.createStatement()) {
                st.execute(SqlFiles.get("scenario/create_shadow_table.sql").replace("{shadow}", shadow(name))
                        .replace("{table}", table));
                for (String index : SqlFiles.get("scenario/create_shadow_indexes.sql").split(";")) {
                    String sql = index.replace("{shadow}", shadow(name))
                            .replace("{name_feature}", Identifiers.quote(name + "_feature"))
                            .replace("{name_fid}", Identifiers.quote(name + "_fid"))
                            .replace("{name_geom}", Identifiers.quote(name + "_geom")).strip();
                    if (!sql.isEmpty() && !sql.lines().allMatch(l -> l.startsWith("--"))) {
                        st.execute(sql);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_shadow_layer.sql"))) {
                ps.setString(1, layer.id());
                ps.setString(2, name);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_scenario_edit.sql"))) {
            ps.setLong(1, s.id());
            ps.setString(2, layer.id());
            ps.setInt(3, revision);
            ps.executeUpdate();
        }
        return name;
    }

    /** A shadow table's name: derived from the layer id (any text), a plain identifier of fixed length. */
    static String shadowName(String layerId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(layerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "layer_" + HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fid and version start of the feature as the relation shows it, or empty when it has no such feature. */
    public Optional<Object[]> state(Connection c, Relation relation, String featureId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_feature_state.sql")
                .replace("{relation}", relation.sql()))) {
            int i = bind(ps, 1, relation.params());
            ps.setString(i, featureId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()})
                        : Optional.empty();
            }
        }
    }

    /** Ends the scenario's alive version of a feature at revision {@code revision} (if it has one). */
    public void endVersion(Connection c, String shadowTable, long scenarioId, String featureId, int revision)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/end_shadow_version.sql")
                .replace("{shadow}", shadow(shadowTable)))) {
            ps.setInt(1, revision);
            ps.setLong(2, scenarioId);
            ps.setString(3, featureId);
            ps.executeUpdate();
        }
    }

    /** A 'delete' version of the feature from {@code revision} on, with its values in {@code before}. */
    public void insertDelete(Connection c, String shadowTable, Layer layer, long scenarioId, int revision,
            Relation before, String featureId) throws SQLException {
        List<String[]> columns = LayerRelations.columns(c, LayerRelations.table(layer));
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_shadow_delete.sql")
                .replace("{shadow}", shadow(shadowTable))
                .replace("{columns}", names(columns))
                .replace("{t_columns}", LayerRelations.list("t", columns, null))
                .replace("{relation}", before.sql()))) {
            int i = 1;
            ps.setLong(i++, scenarioId);
            ps.setInt(i++, revision);
            i = bind(ps, i, before.params());
            ps.setString(i, featureId);
            ps.executeUpdate();
        }
    }

    /**
     * A scenario's new version of a feature from {@code revision} on, as an edit ({@code feature.edit}) asks.
     *
     * @param values   column → value ({@code FeatureEdit#values}: typed, null for NULL, {@code FeatureEdit.DEFAULT}
     *                 for the column's default)
     * @param keep     true to keep the current version's value of the columns {@code values} leaves out (replace,
     *                 update); else they get their defaults (create)
     * @param wkb      the new geometry as WKB in {@code srid}, or null to keep the current one
     * @param at       the edit's instant (the version's valid_from)
     * @param editId   the edit's id in tweeling.feature_edit (source_id, as the baseline's edits)
     * @return {fid, valid_from} of the version written
     */
    public Object[] insertVersion(Connection c, String shadowTable, Layer layer, Scenario s, int revision,
            Relation before, String featureId, Map<String, Object> values, boolean keep, byte[] wkb, int srid,
            java.time.Instant at, String editId) throws SQLException {
        List<String[]> columns = LayerRelations.columns(c, LayerRelations.table(layer));
        Map<String, String> types = new java.util.HashMap<>();
        for (Layer.Column col : layer.columns()) {
            types.put(col.name(), col.type());
        }
        StringBuilder names = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (String[] col : columns) {
            String name = col[0];
            String expr;
            switch (name) {
                case "fid" -> expr = "coalesce(t.fid, nextval(pg_get_serial_sequence(" + literal(LayerRelations.table(layer))
                        + ", 'fid')))";
                case "feature_id" -> {
                    expr = "CAST(? AS text)";
                    params.add(featureId);
                }
                case "geom" -> expr = "g.geom";
                case "geom_crs84" -> expr = "ST_Transform(g.geom, 4326)";
                case "valid_from", "ingested_at" -> {
                    expr = "CAST(? AS timestamptz)";
                    params.add(Timestamp.from(at));
                }
                case "valid_to", "content_hash", "source_run", "fetched_at" -> expr = "NULL";
                case "source" -> {
                    expr = "CAST(? AS text)";
                    params.add("scenario:" + s.id());
                }
                case "source_id" -> {
                    expr = "CAST(? AS text)";
                    params.add(editId);
                }
                default -> {
                    Object v = values.get(name);
                    if (values.containsKey(name) && v != nl.tweeling.feature.edit.FeatureEdit.DEFAULT) {
                        expr = "CAST(? AS " + Identifiers.quote(types.getOrDefault(name, "text")) + ")";
                        params.add(v);
                    } else if (keep && !values.containsKey(name)) {
                        expr = "t." + Identifiers.quote(name);
                    } else {
                        continue; // the column's default
                    }
                }
            }
            names.append(names.length() == 0 ? "" : ", ").append(Identifiers.quote(name));
            exprs.append(exprs.length() == 0 ? "" : ", ").append(expr);
        }
        String geom = wkb == null ? "t.geom" : "ST_Transform(ST_GeomFromWKB(?, ?), 28992)";
        String sql = SqlFiles.get("scenario/insert_shadow_version.sql")
                .replace("{shadow}", shadow(shadowTable))
                .replace("{columns}", names)
                .replace("{values}", exprs)
                .replace("{geometry}", geom)
                .replace("{relation}", before.sql());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                nl.tweeling.feature.edit.BaselineTarget.bind(c, ps, i++, p);
            }
            ps.setLong(i++, s.id());
            ps.setInt(i++, revision);
            i = bind(ps, i, before.params());
            ps.setString(i++, featureId);
            if (wkb != null) {
                ps.setBytes(i++, wkb);
                ps.setInt(i, srid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()};
            }
        }
    }

    /** Restores the state of revision {@code to} in one shadow table as revision {@code revision}. */
    public void revert(Connection c, EditedLayer l, Layer layer, long scenarioId, int to, int revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/end_after_revision.sql")
                .replace("{shadow}", shadow(l.shadowTable())))) {
            ps.setInt(1, revision);
            ps.setLong(2, scenarioId);
            ps.setInt(3, to);
            ps.executeUpdate();
        }
        List<String[]> columns = LayerRelations.columns(c, shadow(l.shadowTable())).stream()
                .filter(col -> !col[0].startsWith("scn_")).toList();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/restore_revision.sql")
                .replace("{shadow}", shadow(l.shadowTable()))
                .replace("{columns}", names(columns)))) {
            ps.setInt(1, revision);
            ps.setLong(2, scenarioId);
            ps.setInt(3, to);
            ps.setInt(4, to);
            ps.setInt(5, revision);
            ps.executeUpdate();
        }
    }

    /** The features the scenario changed in a layer whose baseline versions changed after {@code since}. */
    public List<String> conflicts(Connection c, EditedLayer l, Layer layer, long scenarioId, OffsetDateTime since)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_adopt_conflicts.sql")
                .replace("{shadow}", shadow(l.shadowTable()))
                .replace("{table}", LayerRelations.table(layer)))) {
            Timestamp at = Timestamp.from(since.toInstant());
            ps.setLong(1, scenarioId);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * Takes the locks a baseline edit of the layer takes (feature.edit: edits of a layer one at a time, and no
     * import writing it); false when an import is writing the layer now.
     */
    public boolean lockLayer(Connection c, Layer layer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/lock_layer_edits.sql"))) {
            ps.setString(1, layer.id());
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/try_lock_layer_imports.sql"))) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Applies the scenario's current versions in one layer to the baseline as new versions. */
    public void adopt(Connection c, EditedLayer l, Layer layer, long scenarioId) throws SQLException {
        String table = LayerRelations.table(layer);
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/end_adopted_versions.sql")
                .replace("{shadow}", shadow(l.shadowTable())).replace("{table}", table))) {
            ps.setLong(1, scenarioId);
            ps.executeUpdate();
        }
        List<String[]> columns = LayerRelations.columns(c, table).stream()
                .filter(col -> !"t".equals(col[2]) && !List.of("fid", "valid_from", "valid_to", "source_id",
                        "ingested_at").contains(col[0]))
                .toList();
        StringBuilder s = new StringBuilder();
        for (String[] col : columns) {
            s.append(s.length() == 0 ? "" : ", ").append("s.").append(Identifiers.quote(col[0]));
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/insert_adopted_versions.sql")
                .replace("{shadow}", shadow(l.shadowTable())).replace("{table}", table)
                .replace("{columns}", names(columns)).replace("{s_columns}", s))) {
            ps.setLong(1, scenarioId);
            ps.executeUpdate();
        }
    }

    public void markAdopted(Connection c, long scenarioId, String holder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/mark_adopted.sql"))) {
            ps.setString(1, holder);
            ps.setLong(2, scenarioId);
            ps.executeUpdate();
        }
    }

    private static String names(List<String[]> columns) {
        StringBuilder out = new StringBuilder();
        for (String[] col : columns) {
            out.append(out.length() == 0 ? "" : ", ").append(Identifiers.quote(col[0]));
        }
        return out.toString();
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static int bind(PreparedStatement ps, int first, List<Object> params) throws SQLException {
        int i = first;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }
}
