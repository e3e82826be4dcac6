package nl.tweeling.tiles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * The tile rules of every layer ({@code tweeling.layer.tiles}), read as the layer registry reads its rows: cached
 * for a second, so a layer an import just registered, or rules an operator just changed, are served within that
 * time by every instance. A layer's rules that cannot be read are logged and replaced by the defaults, so one bad
 * row never takes tiles down. Thread-safe.
 */
@ApplicationScoped
public class TileRulesRepository {

    private static final Logger LOG = Logger.getLogger(TileRulesRepository.class);
    private static final long TTL_NANOS = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    private volatile Map<String, TileRules> cache = Map.of();
    /** The unusable tiles value last logged per layer (loads run one at a time: guarded by this). */
    private final Map<String, String> warned = new HashMap<>();
    private volatile long loadedAt;

    /** The rules of a layer; the defaults for a layer without any (or registered since the last read). */
    public TileRules of(String layerId) {
        if (System.nanoTime() - loadedAt > TTL_NANOS) {
            synchronized (this) {
                if (System.nanoTime() - loadedAt > TTL_NANOS) {
                    cache = load();
                    loadedAt = System.nanoTime();
                }
            }
        }
        return cache.getOrDefault(layerId, TileRules.DEFAULT);
    }

    private Map<String, TileRules> load() {
        Map<String, TileRules> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("tiles/select_tile_rules.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                try {
                    out.put(id, TileRules.parse(JSON.readTree(rs.getString("tiles"))));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    // once per bad value, not at every reload
                    if (!rs.getString("tiles").equals(warned.put(id, rs.getString("tiles")))) {
                        LOG.warnf("layer %s: tweeling.layer.tiles is not usable (%s); its tiles take the defaults", id,
                                e.getMessage());
                    }
                    out.put(id, TileRules.DEFAULT);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tile rules of the layers", e);
        }
        return Map.copyOf(out);
    }
}
