package nl.tweeling.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.Relation;

/**
 * The relation of a layer's features as the baseline or a scenario makes them, for every reader: the OGC API
 * resources (through {@code feature.FeatureView}), tiles and models (docs/scenarios.md, "Reading a layer as a
 * scenario makes it"). The relation has the layer table's columns ({@code fid}, {@code feature_id}, the attribute
 * columns, {@code geom} in EPSG:28992, {@code geom_crs84}, {@code valid_from}, {@code valid_to}, lineage), one row
 * per feature; use it as {@code FROM <sql> AS t} and bind {@link Relation#params()} first.
 *
 * <p>It checks no permission: callers decide whether the caller may read the scenario ({@link ScenarioService#readable}).
 * Thread-safe.
 */
@ApplicationScoped
public class LayerRelations {

    @Inject
    LayerRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    ScenarioRepository scenarios;

    /**
     * The layer's current features in the baseline: {@code (SELECT … FROM table WHERE valid_to IS NULL)}.
     *
     * @throws TweelingException 404 when there is no such layer
     */
    public Relation baseline(String layerId) {
        Layer layer = layer(layerId);
        try (Connection c = dataSource.getConnection()) {
            List<String[]> columns = columns(c, table(layer));
            return new Relation(SqlFiles.get("scenario/select_base.sql")
                    .replace("{base_columns}", list("b", columns, null))
                    .replace("{table}", table(layer))
                    .replace("{base}", "b.valid_to IS NULL").strip(), List.of(), true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of layer " + layerId, e);
        }
    }

    /**
     * The layer's current features as scenario {@code scenarioId} makes them at {@code revision} (null: its current
     * revision); with a null {@code scenarioId}, {@link #baseline}.
     *
     * @throws TweelingException 404 when the scenario, the layer or the revision does not exist; 410 when the
     *                           scenario edited the layer and the layer has since been removed from the baseline
     */
    public Relation relation(String layerId, Long scenarioId, Integer revision) {
        if (scenarioId == null) {
            return baseline(layerId);
        }
        Scenario s = scenarios.find(scenarioId)
                .orElseThrow(() -> TweelingException.notFound("There is no scenario " + scenarioId + "."));
        return relation(layerId, s, revision == null ? s.revision() : revision);
    }

    /** The relation of a layer in scenario {@code s} at {@code revision} (0 to its current revision). */
    public Relation relation(String layerId, Scenario s, int revision) {
        try (Connection c = dataSource.getConnection()) {
            return relation(c, layerId, s, revision);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the relation of layer " + layerId + " in scenario " + s.id(), e);
        }
    }

    /** {@link #relation(String, Scenario, int)} read with {@code c} (a writer's transaction sees its own edits). */
    public Relation relation(Connection c, String layerId, Scenario s, int revision) throws SQLException {
        if (revision < 0 || revision > s.revision()) {
            throw TweelingException.notFound("Scenario " + s.id() + " has revisions 0 to " + s.revision()
                    + "; there is no revision " + revision + ".");
        }
        {
            Optional<String> shadow = shadowTable(c, s.id(), layerId);
            Layer layer = registry.find(layerId).orElse(null);
            if (layer == null) {
                if (shadow.isPresent()) {
                    throw gone(s, layerId);
                }
                throw TweelingException.notFound("There is no collection " + layerId + ".");
            }
            String table = table(layer);
            List<String[]> columns = cachedColumns(c, table);
            List<Object> params = new ArrayList<>();
            String base;
            if (s.baseAt() == null) {
                base = "b.valid_to IS NULL";
            } else {
                base = "b.valid_from <= ? AND (b.valid_to IS NULL OR b.valid_to > ?)";
                Timestamp at = Timestamp.from(s.baseAt().toInstant());
                params.add(at);
                params.add(at);
            }
            if (shadow.isEmpty()) {
                return new Relation(SqlFiles.get("scenario/select_base.sql")
                        .replace("{base_columns}", list("b", columns, null))
                        .replace("{table}", table)
                        .replace("{base}", base).strip(), params, true);
            }
            String shadowTable = Identifiers.qualified(ScenarioRepository.SHADOW_SCHEMA, shadow.get());
            Map<String, String> shadowColumns = new LinkedHashMap<>();
            for (String[] col : cachedColumns(c, shadowTable)) {
                shadowColumns.put(col[0], col[1]);
            }
            List<Object> baseParams = new ArrayList<>(params);
            baseParams.add(s.id());
            baseParams.add(revision);
            baseParams.add(revision);
            Relation kept = new Relation(SqlFiles.get("scenario/select_overlay_base.sql")
                    .replace("{base_columns}", list("b", columns, null))
                    .replace("{table}", table)
                    .replace("{shadow}", shadowTable)
                    .replace("{base}", base).strip(), baseParams, true);
            Relation edits = new Relation(SqlFiles.get("scenario/select_overlay_edits.sql")
                    .replace("{shadow_columns}", list("s", columns, shadowColumns))
                    .replace("{shadow}", shadowTable).strip(), List.of(s.id(), revision, revision), true);
            List<Object> all = new ArrayList<>(kept.params());
            all.addAll(edits.params());
            return new Relation("(\n" + kept.sql() + "\nUNION ALL\n" + edits.sql() + "\n)", all, true,
                    List.of(kept, edits));
        }
    }

    /**
     * The number of features of a layer in a scenario over the live baseline at a revision, from the registry's
     * count of the baseline and the scenario's own rows only (not a count of the whole relation); empty for a
     * scenario with a pinned base, whose baseline count the registry does not keep.
     */
    public java.util.OptionalLong featureCount(Layer layer, Scenario s, int revision) {
        if (s.baseAt() != null) {
            return java.util.OptionalLong.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            Optional<String> shadow = shadowTable(c, s.id(), layer.id());
            if (shadow.isEmpty()) {
                return java.util.OptionalLong.of(layer.featureCount());
            }
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_overlay_count_change.sql")
                    .replace("{shadow}", Identifiers.qualified(ScenarioRepository.SHADOW_SCHEMA, shadow.get()))
                    .replace("{table}", table(layer)))) {
                ps.setLong(1, s.id());
                ps.setInt(2, revision);
                ps.setInt(3, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return java.util.OptionalLong.of(layer.featureCount() + rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the features of " + layer.id() + " in scenario " + s.id(), e);
        }
    }

    static TweelingException gone(Scenario s, String layerId) {
        return new TweelingException(410, "Gone", "Scenario " + s.id() + " edited collection " + layerId
                + ", which has since been removed from the baseline: its edits there can no longer be read or adopted.",
                null, null);
    }

    private Layer layer(String layerId) {
        return registry.find(layerId)
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + layerId + "."));
    }

    static String table(Layer layer) {
        return Identifiers.qualified(layer.tableSchema(), layer.tableName());
    }

    /** The scenario's shadow table of the layer (unqualified), when the scenario edited that layer. */
    static Optional<String> shadowTable(Connection c, long scenarioId, String layerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_edited_layer.sql"))) {
            ps.setLong(1, scenarioId);
            ps.setString(2, layerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** How long the columns of a table are reused for reads: as long as the layer registry keeps its reads. */
    private static final long COLUMNS_TTL_NANOS = 1_000_000_000L;

    private record Columns(List<String[]> columns, long loadedAt) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Columns> columnCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #columns} for reads, reused for a second (every read of a scenario builds its relation; the columns of a
     * layer change only when the layer is replaced). Writers read the catalog themselves, on their transaction.
     */
    private List<String[]> cachedColumns(Connection c, String table) throws SQLException {
        Columns hit = columnCache.get(table);
        if (hit != null && System.nanoTime() - hit.loadedAt() < COLUMNS_TTL_NANOS) {
            return hit.columns();
        }
        List<String[]> loaded = columns(c, table);
        if (!loaded.isEmpty()) {
            columnCache.put(table, new Columns(loaded, System.nanoTime()));
        }
        return loaded;
    }

    /** {name, type, computed ("t"/"f")} of each column of a (quoted, qualified) table, in order. */
    static List<String[]> columns(Connection c, String table) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("scenario/select_table_columns.sql"))) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getBoolean(3) ? "t" : "f"});
                }
            }
        }
        return out;
    }

    /**
     * The select list of the columns, each as {@code alias."name"}; with {@code present} (the other table's
     * columns), a column it lacks is a typed NULL under the same name.
     */
    static String list(String alias, List<String[]> columns, Map<String, String> present) {
        StringBuilder out = new StringBuilder();
        for (String[] col : columns) {
            if (out.length() > 0) {
                out.append(", ");
            }
            String name = Identifiers.quote(col[0]);
            if (present == null || present.containsKey(col[0])) {
                out.append(alias).append('.').append(name);
            } else {
                out.append("CAST(NULL AS ").append(col[1]).append(") AS ").append(name);
            }
        }
        return out.toString();
    }
}
