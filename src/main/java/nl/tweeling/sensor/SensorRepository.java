package nl.tweeling.sensor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.FeatureRepository;
import nl.tweeling.feature.Layer;
import nl.tweeling.platform.http.ReadPool;

/** Reads datastreams and their observations. */
@ApplicationScoped
public class SensorRepository {

    /** One observation as read back. {@code resultJson} is set for non-numeric results. */
    public record ObservationRow(Instant phenomenonTime, Double result, String resultJson, String quality) {
    }

    /** Request-driven reads have a pool and a statement timeout of their own. */
    @Inject
    ReadPool reads;

    /** All datastreams, each as a JSON object. */
    public List<String> datastreams() {
        return query(null);
    }

    /** One datastream as a JSON object. */
    public Optional<String> datastream(long id) {
        return query(id).stream().findFirst();
    }

    /** A datastream as an aggregate names it: its id, JSON (id, key, name, unit) and raw retention (null: all kept). */
    public record Summary(long id, String json, Instant rawKeptSince) {
    }

    /** The datastream with this id, or else with this key (one query). */
    public Optional<Summary> summary(String idOrKey) {
        Long id = !idOrKey.isEmpty() && idOrKey.length() < 19 && idOrKey.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Long.valueOf(idOrKey) : null;
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_datastream_summary.sql"))) {
            ps.setObject(1, id, Types.BIGINT);
            ps.setString(2, idOrKey);
            ps.setObject(3, id, Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp kept = rs.getTimestamp(3);
                return Optional.of(new Summary(rs.getLong(1), rs.getString(2), kept == null ? null : kept.toInstant()));
            }
        } catch (SQLException e) {
            throw reads.failure(e, "reading datastream " + idOrKey, "(a lookup should never take this long: tell the operators)");
        }
    }

    /** The id of the datastream with this key. */
    public OptionalLong idForKey(String key) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_datastream_id.sql"))) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw reads.failure(e, "reading datastream " + key, "(a lookup by key should never take this long: tell the operators)");
        }
    }

    /**
     * Observations of one datastream with start ≤ time ≤ end and time > after, in time order, at most
     * {@code limit + 1} (one more than a page, so the caller knows whether more follow).
     */
    public List<ObservationRow> observations(long datastreamId, Instant start, Instant after, Instant end, int limit) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_observations.sql"))) {
            ps.setLong(1, datastreamId);
            setTime(ps, 2, start, false);
            setTime(ps, 3, after, false);
            setTime(ps, 4, end, true);
            ps.setInt(5, limit + 1);
            List<ObservationRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(2);
                    rows.add(new ObservationRow(rs.getTimestamp(1).toInstant(), rs.wasNull() ? null : v,
                            rs.getString(3), rs.getString(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw reads.failure(e, "reading observations of datastream " + datastreamId, "with datetime, or ask for a smaller limit");
        }
    }

    /** Statistics of one bucket; {@code bucket} counts from 1. */
    public record BucketStats(int bucket, long count, Double avg, Double min, Double max, Double sum, Double p50,
            Double p95) {
    }

    /** The {@code {percentiles}} of the aggregate statements: exact p50 and p95, or two NULLs when not asked for. */
    static final String PERCENTILES = "percentile_cont(0.5) WITHIN GROUP (ORDER BY b.result) AS p50,"
            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY b.result) AS p95";
    static final String NO_PERCENTILES = "NULL::double precision AS p50, NULL::double precision AS p95";

    /**
     * Statistics of the numeric observations of one datastream per bucket, for the buckets that have any;
     * {@code boundaries} are the buckets' starts in order followed by the last bucket's end. p50 and p95 are
     * null unless {@code percentiles}.
     */
    public List<BucketStats> aggregate(long datastreamId, List<Instant> boundaries, boolean percentiles) {
        String sql = SqlFiles.get("sensor/select_aggregate.sql").replace("{percentiles}",
                percentiles ? PERCENTILES : NO_PERCENTILES);
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp[] times = boundaries.stream().map(Timestamp::from).toArray(Timestamp[]::new);
            ps.setArray(1, c.createArrayOf("timestamptz", times));
            ps.setLong(2, datastreamId);
            ps.setTimestamp(3, times[0]);
            ps.setTimestamp(4, times[times.length - 1]);
            return bucketStats(ps);
        } catch (SQLException e) {
            throw reads.failure(e, "aggregating observations of datastream " + datastreamId,
                    "with a shorter datetime or a longer interval");
        }
    }

    /**
     * As {@link #aggregate(long, List, boolean)} for buckets on a fixed UTC grid of {@code stepSeconds} (dividing
     * an hour): bucket 1 is the one holding {@code start}, numbered on from there.
     */
    public List<BucketStats> aggregateOnGrid(long datastreamId, Instant start, Instant end, int stepSeconds,
            boolean percentiles) {
        String sql = SqlFiles.get("sensor/select_aggregate_grid.sql").replace("{percentiles}",
                percentiles ? PERCENTILES : NO_PERCENTILES);
        long first = start.getEpochSecond() - Math.floorMod(start.getEpochSecond(), stepSeconds);
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, first);
            ps.setInt(2, stepSeconds);
            ps.setObject(3, new org.postgresql.util.PGInterval(0, 0, 0, 0, 0, stepSeconds));
            ps.setLong(4, datastreamId);
            ps.setTimestamp(5, Timestamp.from(start));
            ps.setTimestamp(6, Timestamp.from(end));
            return bucketStats(ps);
        } catch (SQLException e) {
            throw reads.failure(e, "aggregating observations of datastream " + datastreamId,
                    "with a shorter datetime or a longer interval");
        }
    }

    /**
     * As {@link #aggregateOnGrid} without percentiles (p50 and p95 are null), for a grid of whole five-minute periods
     * ({@code stepSeconds} a multiple of 300 dividing an hour): whole five-minute periods from the five-minute
     * rollups (V021), the edges before the first and after the last five-minute mark of [start, end) from the raw
     * rows.
     */
    public List<BucketStats> aggregateOnGridFromRollups(long datastreamId, Instant start, Instant end, int stepSeconds) {
        long first = start.getEpochSecond() - Math.floorMod(start.getEpochSecond(), stepSeconds);
        Instant firstMark = fiveMinuteMarkAtOrAfter(start);
        Instant lastMark = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), FIVE_MINUTES) * FIVE_MINUTES);
        if (lastMark.isBefore(firstMark)) {   // no whole five-minute period: all raw
            lastMark = firstMark;
        }
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_aggregate_grid_rollup.sql"))) {
            ps.setLong(1, datastreamId);
            ps.setTimestamp(2, Timestamp.from(start));
            ps.setTimestamp(3, Timestamp.from(firstMark.isAfter(end) ? end : firstMark));
            ps.setTimestamp(4, Timestamp.from(lastMark.isBefore(start) ? start : lastMark));
            ps.setTimestamp(5, Timestamp.from(end));
            ps.setLong(6, datastreamId);
            ps.setTimestamp(7, Timestamp.from(firstMark));
            ps.setTimestamp(8, Timestamp.from(lastMark));
            ps.setObject(9, new org.postgresql.util.PGInterval(0, 0, 0, 0, 0, stepSeconds));
            ps.setDouble(10, first);
            ps.setDouble(11, stepSeconds);
            return bucketStats(ps);
        } catch (SQLException e) {
            throw reads.failure(e, "aggregating observations of datastream " + datastreamId,
                    "with a shorter datetime or a longer interval");
        }
    }

    static final int FIVE_MINUTES = 300;

    /** The first UTC five-minute mark at or after {@code t}. */
    static Instant fiveMinuteMarkAtOrAfter(Instant t) {
        long s = Math.floorDiv(t.getEpochSecond(), FIVE_MINUTES) * FIVE_MINUTES;
        Instant mark = Instant.ofEpochSecond(s);
        return mark.isBefore(t) ? mark.plusSeconds(FIVE_MINUTES) : mark;
    }

    /**
     * As {@link #aggregate(long, List, boolean)} without percentiles (p50 and p95 are null), read from the hourly rollups
     * for whole UTC hours and, when {@code days}, from the daily ones for whole local days; raw observations only
     * for the edges of the range. The caller guarantees every boundary is a whole hour (a local midnight when
     * {@code days}).
     */
    public List<BucketStats> aggregateFromRollups(long datastreamId, List<Instant> boundaries, boolean days) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_aggregate_rollup.sql"))) {
            Timestamp[] times = boundaries.stream().map(Timestamp::from).toArray(Timestamp[]::new);
            ps.setTimestamp(1, times[0]);
            ps.setTimestamp(2, times[times.length - 1]);
            ps.setBoolean(3, true);
            ps.setBoolean(4, days);
            ps.setLong(5, datastreamId);
            ps.setLong(6, datastreamId);
            ps.setLong(7, datastreamId);
            ps.setArray(8, c.createArrayOf("timestamptz", times));
            return bucketStats(ps);
        } catch (SQLException e) {
            throw reads.failure(e, "aggregating observations of datastream " + datastreamId,
                    "with a shorter datetime or a longer interval");
        }
    }

    /** An observed property: whether it exists, and from when its raw observations are complete (null: always). */
    public record Property(String id, Instant rawKeptSince) {
    }

    public Optional<Property> observedProperty(String id) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_observed_property.sql"))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp t = rs.getTimestamp(2);
                return Optional.of(new Property(rs.getString(1), t == null ? null : t.toInstant()));
            }
        } catch (SQLException e) {
            throw reads.failure(e, "reading observed property " + id, "(tell the operators)");
        }
    }

    /**
     * One area of an area aggregate: its feature id, geometry (GeoJSON), layer properties (JSON object), totals
     * over the range (null when no sensor observed there) and cells, a JSON array of
     * {@code [bucket, sensors, count, sum, min, max]} per bucket with observations (null when none).
     */
    public record AreaRow(String featureId, String geometry, String properties, long sensors, long count, Double sum,
            Double min, Double max, String cells) {
    }

    /**
     * Count, sum, min and max of one observed property's numeric observations per current area of a polygon
     * layer and per bucket, each sensor counted in the area its thing was located in at the observation's time;
     * read from the rollups for whole hours ({@code hours}) and local days ({@code days}) and from raw rows for
     * the rest. {@code layer} comes from the registry, so its table name is trusted (and quoted).
     */
    public List<AreaRow> areaAggregate(Layer layer, CrsChoice crs, String property, List<Instant> boundaries,
            boolean hours, boolean days) {
        String geometry = switch (crs) {
            case CRS84 -> "t.geom_crs84";
            case EPSG_4326 -> "ST_FlipCoordinates(t.geom_crs84)";
            case EPSG_28992 -> "t.geom";
            case EPSG_3857 -> "ST_Transform(t.geom, 3857)";
        };
        String sql = SqlFiles.get("sensor/select_area_aggregate.sql")
                .replace("{table}", Identifiers.qualified(layer.tableSchema(), layer.tableName()))
                .replace("{geometry}", geometry)
                .replace("{decimals}", String.valueOf(crs.decimals()))
                .replace("{properties}", FeatureRepository.propertiesExpression(layer));
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp[] times = boundaries.stream().map(Timestamp::from).toArray(Timestamp[]::new);
            ps.setTimestamp(1, times[0]);
            ps.setTimestamp(2, times[times.length - 1]);
            ps.setString(3, property);
            ps.setBoolean(4, hours);
            ps.setBoolean(5, days);
            ps.setArray(6, c.createArrayOf("timestamptz", times));
            List<AreaRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AreaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), number(rs, 6), number(rs, 7), number(rs, 8), rs.getString(9)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw reads.failure(e, "aggregating " + property + " over " + layer.id(),
                    "with a shorter datetime or a longer interval");
        }
    }

    private static List<BucketStats> bucketStats(PreparedStatement ps) throws SQLException {
        List<BucketStats> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new BucketStats(rs.getInt(1), rs.getLong(2), number(rs, 3), number(rs, 4), number(rs, 5),
                        number(rs, 6), number(rs, 7), number(rs, 8)));
            }
        }
        return rows;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private List<String> query(Long id) {
        try (Connection c = reads.connection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/select_datastreams.sql"))) {
            if (id == null) {
                ps.setNull(1, Types.BIGINT);
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(1, id);
                ps.setLong(2, id);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw reads.failure(e, "reading datastreams", "by asking for one datastream (/datastreams/{id})");
        }
    }

    /** Binds an instant; null means an open end (PostgreSQL's ±infinity). */
    private static void setTime(PreparedStatement ps, int index, Instant t, boolean upper) throws SQLException {
        if (t == null) {
            ps.setObject(index, upper ? "infinity" : "-infinity", Types.OTHER);
        } else {
            ps.setTimestamp(index, Timestamp.from(t));
        }
    }
}
