package nl.tweeling.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * What ingestion needs to know about datastreams: id by key and the plausible range of the observed
 * property. Held in memory; a miss reloads the catalog (at most once a second), so datastreams registered
 * by any instance are found. Thread-safe.
 */
@ApplicationScoped
public class DatastreamCatalog {

    /** A datastream as ingestion sees it; min and max may be null (no range check). */
    public record Entry(long id, String key, Double min, Double max) {
    }

    private static final long RELOAD_NANOS = 1_000_000_000L;

    @Inject
    DataSource dataSource;

    private volatile Map<String, Entry> byKey = Map.of();
    private volatile Map<Long, Entry> byId = Map.of();
    private volatile long loadedAt = System.nanoTime() - 2 * RELOAD_NANOS;

    /** The datastream named by key, or by numeric id written as text. */
    public Optional<Entry> find(String keyOrId) {
        Entry e = lookup(keyOrId);
        if (e == null && System.nanoTime() - loadedAt > RELOAD_NANOS) {
            reload();
            e = lookup(keyOrId);
        }
        return Optional.ofNullable(e);
    }

    /** Forgets everything, so the next look-up reads the database. */
    public void invalidate() {
        loadedAt = System.nanoTime() - 2 * RELOAD_NANOS;
        byKey = Map.of();
        byId = Map.of();
    }

    private Entry lookup(String keyOrId) {
        Entry e = byKey.get(keyOrId);
        if (e == null && !keyOrId.isEmpty() && keyOrId.length() < 19 && keyOrId.chars().allMatch(Character::isDigit)) {
            e = byId.get(Long.parseLong(keyOrId));
        }
        return e;
    }

    private synchronized void reload() {
        if (System.nanoTime() - loadedAt <= RELOAD_NANOS) {
            return;
        }
        Map<String, Entry> keys = new HashMap<>();
        Map<Long, Entry> ids = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("ingest/select_datastream_catalog.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double min = rs.getDouble("plausible_min");
                Double lo = rs.wasNull() ? null : min;
                double max = rs.getDouble("plausible_max");
                Double hi = rs.wasNull() ? null : max;
                Entry e = new Entry(rs.getLong("id"), rs.getString("key"), lo, hi);
                keys.put(e.key(), e);
                ids.put(e.id(), e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the datastream catalog", e);
        }
        byKey = keys;
        byId = ids;
        loadedAt = System.nanoTime();
    }
}
