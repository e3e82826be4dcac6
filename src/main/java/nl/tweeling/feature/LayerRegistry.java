package nl.tweeling.feature;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.platform.security.Caller;

/**
 * The registry of layers ({@code tweeling.layer}) with the attribute columns of each layer's table.
 * Collections come from here, so a layer registered by an import is served without code changes.
 * Reads are cached for a second, which keeps every app instance stateless: a change made through any
 * instance is seen by all of them within that time. Thread-safe.
 */
@ApplicationScoped
public class LayerRegistry {

    /** Columns every layer table has for identity, geometry, history and lineage; not feature properties. */
    static final Set<String> SYSTEM_COLUMNS = Set.of("fid", "feature_id", "geom", "geom_crs84", "content_hash");

    /** History and lineage columns: served as properties, written only by the platform, never by a snapshot. */
    static final Set<String> LINEAGE_COLUMNS =
            Set.of("valid_from", "valid_to", "source", "source_run", "source_id", "fetched_at", "ingested_at");

    private static final long TTL_NANOS = 1_000_000_000L;

    @Inject
    DataSource dataSource;

    private volatile Map<String, Layer> cache = Map.of();
    private volatile long loadedAt;

    /** All layers, ordered by id. */
    public List<Layer> all() {
        return List.copyOf(current().values());
    }

    public Optional<Layer> find(String id) {
        return Optional.ofNullable(current().get(id));
    }

    /**
     * The layers {@code caller} may see, each without the properties the caller may not see: what every
     * public surface (collections, items, queryables, /api, HTML) is built from, so a hidden layer or property
     * is absent everywhere.
     */
    public List<Layer> visible(Caller caller) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : current().values()) {
            if (l.visibleTo(caller)) {
                out.add(l.seenBy(caller));
            }
        }
        return out;
    }

    /** The layer as {@code caller} sees it; empty when it does not exist or the caller may not see it. */
    public Optional<Layer> findVisible(String id, Caller caller) {
        return find(id).filter(l -> l.visibleTo(caller)).map(l -> l.seenBy(caller));
    }

    /** Drops the cache, so that the next read sees a change this instance just made. */
    public void invalidate() {
        loadedAt = 0;
    }

    /** Recomputes the feature count, spatial and temporal extent that the registry keeps for a layer. */
    public void refreshStatistics(Connection c, String layerId) throws SQLException {
        Layer layer = find(layerId).orElseThrow(() -> new IllegalArgumentException("unknown layer " + layerId));
        String table = nl.tweeling.common.sql.Identifiers.qualified(layer.tableSchema(), layer.tableName());
        try (PreparedStatement ps = c.prepareStatement(statisticsUpdate(table))) {
            ps.setString(1, layerId);
            ps.executeUpdate();
        }
        invalidate();
    }

    /** update_layer_statistics.sql for {@code table} (quoted; from the registry, never from a request). */
    public static String statisticsUpdate(String table) {
        return SqlFiles.get("feature/update_layer_statistics.sql")
                .replace("{statistics}", SqlFiles.get("feature/layer_statistics.sql"))
                .replace("{table}", table);
    }

    private Map<String, Layer> current() {
        if (System.nanoTime() - loadedAt > TTL_NANOS) {
            synchronized (this) {
                if (System.nanoTime() - loadedAt > TTL_NANOS) {
                    cache = load();
                    loadedAt = System.nanoTime();
                }
            }
        }
        return cache;
    }

    private Map<String, Layer> load() {
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<Layer.Column>> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/select_layer_columns.sql"));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!SYSTEM_COLUMNS.contains(rs.getString("column_name"))) {
                        columns.computeIfAbsent(rs.getString("layer_id"), k -> new ArrayList<>())
                                .add(new Layer.Column(rs.getString("column_name"), rs.getString("data_type"),
                                        rs.getString("original_name"), rs.getString("property_name")));
                    }
                }
            }
            Map<String, Layer> layers = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/select_layers.sql"));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    layers.put(id, new Layer(id, rs.getString("title"), rs.getString("description"),
                            rs.getString("table_schema"), rs.getString("table_name"), rs.getString("geometry_type"),
                            rs.getString("source"), rs.getString("licence"), rs.getLong("feature_count"),
                            extent(rs.getArray("extent_crs84")),
                            rs.getObject("temporal_start", OffsetDateTime.class),
                            rs.getObject("temporal_end", OffsetDateTime.class),
                            List.copyOf(columns.getOrDefault(id, List.of())),
                            keywords(rs.getArray("keywords")), rs.getString("attribution"),
                            rs.getString("licence_url"), rs.getString("access"),
                            restricted(rs.getString("restricted")), rs.getString("maintained_by")));
                }
            }
            for (Layer l : List.copyOf(layers.values())) {
                if (l.maintained()) {
                    layers.put(l.id(), withLiveStatistics(c, l));
                }
            }
            return layers;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the layer registry", e);
        }
    }

    /**
     * A maintained layer's count and extents, computed as the registry reads it: its rows change with every
     * writer of the part that keeps them (datastreams registered by harvesters, the SensorThings API, the sample),
     * none of which should have to update the registry. Such layers are small (one row per datastream).
     */
    private static Layer withLiveStatistics(Connection c, Layer l) throws SQLException {
        String sql = SqlFiles.get("feature/layer_statistics.sql")
                .replace("{table}", nl.tweeling.common.sql.Identifiers.qualified(l.tableSchema(), l.tableName()));
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Layer(l.id(), l.title(), l.description(), l.tableSchema(), l.tableName(), l.geometryType(),
                    l.source(), l.licence(), rs.getLong("n"), extent(rs.getArray("extent")),
                    rs.getObject("t0", OffsetDateTime.class), rs.getObject("t1", OffsetDateTime.class), l.columns(),
                    l.keywords(), l.attribution(), l.licenceUrl(), l.access(), l.restricted(), l.maintainedBy());
        }
    }

    private static List<String> keywords(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            if (o != null) {
                out.add(o.toString());
            }
        }
        return List.copyOf(out);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> restricted(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> out = new LinkedHashMap<>();
            JSON.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return Map.copyOf(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tweeling.layer.restricted is not a JSON object: " + json, e);
        }
    }

    private static double[] extent(Array array) throws SQLException {
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
}
