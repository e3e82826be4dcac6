package nl.tweeling.harvest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;

/**
 * The SQL of harvesting: registering things and datastreams, stored harvesters, run look-ups and the
 * per-harvester advisory lock that keeps two app instances from running the same harvester at once.
 */
@ApplicationScoped
public class HarvestRepository {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** Registers the things and datastreams of {@code streams} in one transaction; returns how many streams. */
    public int register(Collection<SourceStream> streams, String source, UUID run) throws SQLException {
        Map<String, SourceThing> things = new LinkedHashMap<>();
        for (SourceStream s : streams) {
            things.putIfAbsent(s.thing().key(), s.thing());
        }
        try (Connection c = dataSource.getConnection()) {
            Transactions.inTransaction(c, tx -> {
                try (PreparedStatement ps = tx.prepareStatement(SqlFiles.get("harvest/upsert_thing.sql"))) {
                    for (SourceThing t : things.values()) {
                        ps.setString(1, t.key());
                        ps.setString(2, t.name());
                        ps.setString(3, t.description() == null ? "" : t.description());
                        setDouble(ps, 4, t.lon());
                        setDouble(ps, 5, t.lat());
                        ps.setString(6, source);
                        ps.setObject(7, run);
                        ps.setString(8, t.key());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = tx.prepareStatement(SqlFiles.get("harvest/upsert_datastream.sql"))) {
                    for (SourceStream s : streams) {
                        ps.setString(1, s.key());
                        ps.setString(2, s.observedProperty());
                        ps.setString(3, s.name());
                        ps.setString(4, s.description() == null ? "" : s.description());
                        ps.setString(5, source);
                        ps.setObject(6, run);
                        ps.setString(7, s.key());
                        ps.setString(8, s.thing().key());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
        return streams.size();
    }

    /** The newest stored phenomenon time of a datastream. */
    public Optional<Instant> latest(String datastreamKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/select_latest_time.sql"))) {
            ps.setString(1, datastreamKey);
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the latest observation of " + datastreamKey, e);
        }
    }

    /** Harvesters registered through the API. */
    public List<HarvesterDefinition> stored() {
        List<HarvesterDefinition> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/select_harvesters.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long every = rs.getLong("every_s");
                Duration d = rs.wasNull() ? null : Duration.ofSeconds(every);
                Map<String, Object> options = json.readValue(rs.getString("options"), new TypeReference<Map<String, Object>>() { });
                out.add(new HarvesterDefinition(rs.getString("id"), rs.getString("type"), rs.getString("url"), d, options, "api"));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored harvesters", e);
        }
        return out;
    }

    /** Stores a harvester; false when the id is taken. */
    public boolean insert(HarvesterDefinition h, String createdBy) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/insert_harvester.sql"))) {
            ps.setString(1, h.id());
            ps.setString(2, h.type());
            ps.setString(3, h.url());
            if (h.every() == null) {
                ps.setNull(4, Types.DOUBLE);
            } else {
                ps.setDouble(4, h.every().toSeconds());
            }
            ps.setString(5, json.writeValueAsString(h.options()));
            ps.setString(6, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot store harvester " + h.id(), e);
        }
    }

    /** Replaces a stored harvester's definition; false when it is not stored. */
    public boolean update(HarvesterDefinition h) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/update_harvester.sql"))) {
            ps.setString(1, h.type());
            ps.setString(2, h.url());
            if (h.every() == null) {
                ps.setNull(3, Types.DOUBLE);
            } else {
                ps.setDouble(3, h.every().toSeconds());
            }
            ps.setString(4, json.writeValueAsString(h.options()));
            ps.setString(5, h.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot store harvester " + h.id(), e);
        }
    }

    /** Removes a stored harvester (its jobs stay); false when it is not stored. */
    public boolean delete(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/delete_harvester.sql"))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove harvester " + id, e);
        }
    }

    /** Ids of a harvester's newest runs. */
    public List<UUID> runs(String harvester, int limit) {
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/select_runs.sql"))) {
            ps.setString(1, harvester);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the runs of " + harvester, e);
        }
        return out;
    }

    /** When each harvester's newest run started. */
    public Map<String, Instant> lastStarts() {
        Map<String, Instant> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/select_last_start.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the harvest runs", e);
        }
        return out;
    }

    /**
     * Takes the harvester's advisory lock on a connection of its own, without waiting. The lock lives as long
     * as the returned handle (or the connection, should the instance die); empty when another session holds it.
     */
    public Optional<Lock> tryLock(String harvester) throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/try_lock.sql"))) {
            ps.setString(1, harvester);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new Lock(c, harvester));
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }

    /** A held harvester lock; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final Connection connection;
        private final String harvester;

        Lock(Connection connection, String harvester) {
            this.connection = connection;
            this.harvester = harvester;
        }

        @Override
        public void close() {
            try (connection; PreparedStatement ps = connection.prepareStatement(SqlFiles.get("harvest/unlock.sql"))) {
                ps.setString(1, harvester);
                ps.execute();
            } catch (SQLException ignored) {
                // a broken connection releases its session locks when the pool discards it
            }
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
