package nl.tweeling.sta;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.platform.http.ReadPool;
import nl.tweeling.sta.filter.Sql;

/**
 * Runs the SensorThings API's queries on the read pool ({@link ReadPool}: its own connections and statement
 * timeout). The SQL comes from {@link StaQuery}, every value bound. A data error the request caused (a filter that
 * casts a string to a number, an invalid st_relate pattern) is a 400; a timeout a 503; anything else a 500.
 */
@ApplicationScoped
public class StaRepository {

    private static final Logger LOG = Logger.getLogger(StaRepository.class);

    /** One row of a page: the @iot.id, the properties as a JSON object, the datastream (observations), the sort keys. */
    public record Row(long id, String json, Long datastreamId, List<Object> keys) {
    }

    @Inject
    ReadPool reads;

    /**
     * The rows of a page query whose columns are id, the JSON text, then (with {@code datastream}) the datastream id,
     * then {@code keys} sort keys.
     */
    public List<Row> rows(Sql sql, boolean datastream, int keys) {
        try (Connection c = reads.connection(); PreparedStatement ps = prepare(c, sql)) {
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int col = 3;
                    Long ds = null;
                    if (datastream) {
                        ds = rs.getLong(col++);
                    }
                    List<Object> k = new ArrayList<>(keys);
                    for (int i = 0; i < keys; i++) {
                        k.add(rs.getObject(col++));
                    }
                    rows.add(new Row(rs.getLong(1), rs.getString(2), ds, k));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The first column of each row as text (NULL as null). */
    public List<String> texts(Sql sql) {
        try (Connection c = reads.connection(); PreparedStatement ps = prepare(c, sql)) {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The single number a count query gives. */
    public long count(Sql sql) {
        try (Connection c = reads.connection(); PreparedStatement ps = prepare(c, sql)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The number of observations of a datastream, as the write path keeps it (V015); 0 for none. */
    public long observationCount(long datastreamId) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/select_observation_count.sql"))) {
            ps.setLong(1, datastreamId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The number of all observations, as the write path keeps it per datastream (V015). */
    public long observationCount() {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sta/select_total_observation_count.sql"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.text());
        int i = 1;
        for (Object p : sql.params()) {
            bind(ps, i++, p);
        }
        return ps;
    }

    static void bind(PreparedStatement ps, int i, Object p) throws SQLException {
        if (p instanceof String s) {
            ps.setString(i, s);
        } else if (p instanceof Long l) {
            ps.setLong(i, l);
        } else if (p instanceof Integer n) {
            ps.setInt(i, n);
        } else if (p instanceof Double d) {
            ps.setDouble(i, d);
        } else if (p instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (p instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else if (p instanceof OffsetDateTime || p instanceof LocalDate || p instanceof LocalTime) {
            ps.setObject(i, p);
        } else if (p instanceof Timestamp t) {
            ps.setTimestamp(i, t);
        } else {
            throw new IllegalArgumentException("cannot bind " + (p == null ? "null" : p.getClass().getSimpleName()));
        }
    }

    private RuntimeException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.equals("XX000") && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("pattern")) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            message = message.replaceFirst("^ERROR: ", "");
            LOG.debugf("SensorThings query rejected by the database: %s", message);
            return TweelingException.badParameter("$filter", "The request cannot be evaluated: "
                    + (message.length() > 200 ? message.substring(0, 200) + "…" : message) + ".");
        }
        return reads.failure(e, "reading SensorThings entities", "with $filter or a smaller $top");
    }
}
