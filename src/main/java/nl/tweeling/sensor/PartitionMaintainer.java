package nl.tweeling.sensor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * Keeps the observation table partitioned: yearly partitions from 1980 up to the start of last year (old
 * series such as KNMI's daily weather), monthly ones from then until three months ahead. Runs at startup
 * and daily; idempotent and safe with several instances. Daily it first applies the raw-data retention of
 * the observed properties ({@link #retain}): partitions older than every property keeps are dropped and not
 * created again.
 */
@ApplicationScoped
public class PartitionMaintainer {

    private static final Logger LOG = Logger.getLogger(PartitionMaintainer.class);
    static final LocalDate OLDEST = LocalDate.of(1980, 1, 1);

    @Inject
    DataSource dataSource;

    void onStart(@Observes @Priority(100) StartupEvent ev) throws SQLException {
        int created = ensure(LocalDate.now(ZoneOffset.UTC));
        LOG.infof("observation partitions ready (%d created)", created);
    }

    @Scheduled(cron = "0 17 3 * * ?", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Retained r = retain(today);
        if (r.droppedPartitions() > 0 || r.deletedRows() > 0) {
            LOG.infof("raw observation retention: %d partitions dropped, %d rows deleted (rollups kept)",
                    r.droppedPartitions(), r.deletedRows());
        }
        ensure(today);
    }

    /** What one retention run removed. */
    public record Retained(int droppedPartitions, long deletedRows) {
    }

    /**
     * Applies each observed property's raw retention ({@code tweeling.observed_property.raw_retention}) as of
     * UTC midnight of {@code today}: raw observations older than the retention go (whole partitions when every
     * property allows it), their hourly and daily rollups stay. One transaction; safe with several instances.
     */
    public Retained retain(LocalDate today) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/apply_raw_retention.sql"))) {
                ps.setTimestamp(1, Timestamp.from(today.atStartOfDay(ZoneOffset.UTC).toInstant()));
                Retained r;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    r = new Retained(rs.getInt(1), rs.getLong(2));
                }
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Creates the partitions wanted on {@code today}; returns how many were new. */
    public int ensure(LocalDate today) throws SQLException {
        LocalDate yearlyUntil = LocalDate.of(today.getYear() - 1, 1, 1);
        LocalDate until = today.withDayOfMonth(1).plusMonths(4);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/ensure_partitions.sql"))) {
            ps.setTimestamp(1, Timestamp.from(OLDEST.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(2, Timestamp.from(today.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(3, Timestamp.from(until.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(4, Timestamp.from(yearlyUntil.atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
