package nl.tweeling.sta.write;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.sta.model.EntityType;

/**
 * The SQL of SensorThings writes (statements in {@code sql/sta/}), each run on the caller's connection inside the
 * caller's transaction: {@link StaWriteService} owns the transaction. Every value is bound; the only identifiers
 * are the fixed tables of {@link EntityType}. Throws {@link SQLException} as the driver does; the service decides
 * what a client is told.
 */
@ApplicationScoped
public class StaWriteRepository {

    /** What writing observations into one datastream needs (see select_datastream_for_observations.sql). */
    public record Stream(long id, String key, Double min, Double max, long thingId, boolean located) {
    }

    /** An observation as stored, for a PATCH (see select_observation.sql). */
    public record StoredObservation(long datastreamId, Instant time, Instant timeEnd, Double result, String resultJson,
            String quality, Instant resultTime, Instant validFrom, Instant validTo, String parameters, Long foi) {
    }

    /** One observation's SensorThings members beyond key, result and quality (update_observation_members.sql). */
    public record Members(long datastreamId, Instant time, Instant timeEnd, Instant resultTime, Instant validFrom,
            Instant validTo, String parameters, Long foi, String quality) {
    }

    /** Runs an insert … RETURNING id with the parameters in order. */
    public long insert(Connection c, String sqlFile, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/" + sqlFile))) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs an update or delete; returns the rows it changed. */
    public int update(Connection c, String sqlFile, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/" + sqlFile))) {
            bind(c, ps, params);
            return ps.executeUpdate();
        }
    }

    /** The first column (a number) of every row of a query. */
    public List<Long> ids(Connection c, String sqlFile, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/" + sqlFile))) {
            bind(c, ps, params);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /** Whether an entity of {@code type} with this @iot.id exists; locks it against a concurrent DELETE. */
    public boolean exists(Connection c, EntityType type, long id) throws SQLException {
        String sql = "SELECT 1 FROM " + type.table() + " AS e WHERE " + type.id("e") + " = ? FOR SHARE";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Deletes the one entity of {@code type} with this @iot.id (what it takes along is the caller's). */
    public int delete(Connection c, EntityType type, long id) throws SQLException {
        String sql = "DELETE FROM " + type.table() + " AS e WHERE " + type.id("e") + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    public Optional<Stream> stream(Connection c, long datastreamId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/select_datastream_for_observations.sql"))) {
            ps.setLong(1, datastreamId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stream(rs.getLong(1), rs.getString(2), number(rs, 3), number(rs, 4),
                        rs.getLong(5), rs.getBoolean(6)));
            }
        }
    }

    public Optional<StoredObservation> observation(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/select_observation.sql"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long foi = rs.getLong(11);
                Long foiId = rs.wasNull() ? null : foi;
                return Optional.of(new StoredObservation(rs.getLong(1), instant(rs, 2), instant(rs, 3), number(rs, 4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                        rs.getString(10), foiId));
            }
        }
    }

    /** Sets the members the ingest write does not carry, for rows stored under these keys. */
    public void members(Connection c, List<Members> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Long[] ds = new Long[n];
        Timestamp[] t = new Timestamp[n];
        Timestamp[] end = new Timestamp[n];
        Timestamp[] rt = new Timestamp[n];
        Timestamp[] vf = new Timestamp[n];
        Timestamp[] vt = new Timestamp[n];
        String[] par = new String[n];
        Long[] foi = new Long[n];
        String[] q = new String[n];
        for (int i = 0; i < n; i++) {
            Members m = rows.get(i);
            ds[i] = m.datastreamId();
            t[i] = Timestamp.from(m.time());
            end[i] = ts(m.timeEnd());
            rt[i] = ts(m.resultTime());
            vf[i] = ts(m.validFrom());
            vt[i] = ts(m.validTo());
            par[i] = m.parameters();
            foi[i] = m.foi();
            q[i] = m.quality();
        }
        update(c, "update_observation_members.sql", c.createArrayOf("bigint", ds), c.createArrayOf("timestamptz", t),
                c.createArrayOf("timestamptz", end), c.createArrayOf("timestamptz", rt), c.createArrayOf("timestamptz", vf),
                c.createArrayOf("timestamptz", vt), c.createArrayOf("text", par), c.createArrayOf("bigint", foi),
                c.createArrayOf("text", q));
    }

    /** The ids of the observations stored under the keys, in their order (null where none is). */
    public Long[] observationIds(Connection c, List<Long> datastreams, List<Instant> times) throws SQLException {
        Long[] out = new Long[datastreams.size()];
        if (out.length == 0) {
            return out;
        }
        Timestamp[] t = times.stream().map(Timestamp::from).toArray(Timestamp[]::new);
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/select_observation_ids.sql"))) {
            ps.setArray(1, c.createArrayOf("bigint", datastreams.toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz", t));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out[(int) rs.getLong(1) - 1] = rs.getLong(2);
                }
            }
        }
        return out;
    }

    /** Refreshes the latest value of these datastreams from their stored observations. */
    public void refreshLatest(Connection c, Collection<Long> datastreams) throws SQLException {
        if (!datastreams.isEmpty()) {
            update(c, "refresh_latest.sql", c.createArrayOf("bigint", datastreams.toArray()));
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int at = i + 1;
            if (p == null) {
                ps.setNull(at, Types.OTHER);
            } else if (p instanceof Typed typed) {
                if (typed.value() == null) {
                    ps.setNull(at, typed.sqlType());
                } else if (typed.value() instanceof Timestamp t) {
                    ps.setTimestamp(at, t);
                } else {
                    ps.setObject(at, typed.value(), typed.sqlType());
                }
            } else if (p instanceof String s) {
                ps.setString(at, s);
            } else if (p instanceof Long l) {
                ps.setLong(at, l);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(at, b);
            } else if (p instanceof Instant t) {
                ps.setTimestamp(at, Timestamp.from(t));
            } else if (p instanceof Array a) {
                ps.setArray(at, a);
            } else if (p instanceof Long[] ids) {
                ps.setArray(at, c.createArrayOf("bigint", ids));
            } else {
                throw new IllegalArgumentException("cannot bind " + p.getClass().getSimpleName());
            }
        }
    }

    /** A parameter that may be NULL, with its SQL type (a bare null binds as an untyped NULL). */
    public record Typed(Object value, int sqlType) {

        public static Typed text(String s) {
            return new Typed(s, Types.VARCHAR);
        }

        public static Typed bigint(Long l) {
            return new Typed(l, Types.BIGINT);
        }

        public static Typed time(Instant t) {
            return new Typed(t == null ? null : Timestamp.from(t), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    private static Double number(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
