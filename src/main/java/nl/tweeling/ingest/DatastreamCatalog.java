package nl.tweeling.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * What ingestion needs to know about datastreams: id by key and the plausible range of the observed
 * property. Found datastreams are kept in memory; a miss asks the database for that one key (an index
 * look-up), so a datastream registered a moment ago, by any instance, is found at once. Thread-safe.
 */
@ApplicationScoped
public class DatastreamCatalog {

    /** A datastream as ingestion sees it; min and max may be null (no range check). */
    public record Entry(long id, String key, Double min, Double max) {
    }

    private static final int MAX_CACHED = 100_000;

    @Inject
    DataSource dataSource;

    private final ConcurrentHashMap<String, Entry> byKeyOrId = new ConcurrentHashMap<>();

    /** The datastream named by key, or by numeric id written as text. */
    public Optional<Entry> find(String keyOrId) {
        Entry e = byKeyOrId.get(keyOrId);
        if (e == null) {
            e = load(keyOrId);
            if (e != null) {
                if (byKeyOrId.size() > MAX_CACHED) {
                    byKeyOrId.clear();
                }
                byKeyOrId.put(keyOrId, e);
            }
        }
        return Optional.ofNullable(e);
    }

    /** Forgets everything, so later look-ups read the database (after datastreams changed). */
    public void invalidate() {
        byKeyOrId.clear();
    }

    private Entry load(String keyOrId) {
        Long id = null;
        if (!keyOrId.isEmpty() && keyOrId.length() < 19 && keyOrId.chars().allMatch(Character::isDigit)) {
            id = Long.parseLong(keyOrId);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("ingest/select_datastream_catalog.sql"))) {
            ps.setString(1, keyOrId);
            if (id == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, id);
            }
            ps.setString(3, keyOrId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double min = rs.getDouble("plausible_min");
                Double lo = rs.wasNull() ? null : min;
                double max = rs.getDouble("plausible_max");
                Double hi = rs.wasNull() ? null : max;
                return new Entry(rs.getLong("id"), rs.getString("key"), lo, hi);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the datastream catalog", e);
        }
    }
}
