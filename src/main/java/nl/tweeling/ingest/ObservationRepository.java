package nl.tweeling.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * Writes observation batches: {@code COPY} into a per-connection staging table, then one merge on the
 * unique key (datastream, phenomenon time), all in one transaction. Idempotent: writing the same batch
 * twice changes nothing the second time.
 */
@ApplicationScoped
public class ObservationRepository {

    /** What a batch did: new rows, corrected rows, and the rest (duplicates or stale redeliveries). */
    public record WriteResult(int inserted, int corrected, int unchanged) {
    }

    @Inject
    DataSource dataSource;

    /** Writes the batch in one transaction; throws when the database is unreachable (nothing is written then). */
    public WriteResult write(List<Observation> batch) throws SQLException {
        return write(batch, null);
    }

    /**
     * Writes the batch in one transaction, naming the job that produced it in {@code source_run} (null: none).
     * Among runs of the same source, a later run's different value is a correction.
     */
    public WriteResult write(List<Observation> batch, UUID run) throws SQLException {
        if (batch.isEmpty()) {
            return new WriteResult(0, 0, 0);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                WriteResult result = write(c, batch, run);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Writes the batch within the caller's transaction on {@code c}. */
    public WriteResult write(Connection c, List<Observation> batch) throws SQLException {
        return write(c, batch, null);
    }

    /** Writes the batch within the caller's transaction on {@code c}, with {@code run} as source_run. */
    public WriteResult write(Connection c, List<Observation> batch, UUID run) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(SqlFiles.get("ingest/create_observation_stage.sql"));
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY observation_stage (seq, datastream_id, phenomenon_time, result, result_json, quality, source, source_offset, source_run)"
                            + " FROM STDIN (FORMAT csv)",
                    new StringReader(csv(batch, run)));
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed", e);
        }
        int inserted = 0;
        int corrected = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SqlFiles.get("ingest/merge_observations.sql"))) {
            while (rs.next()) {
                if (rs.getBoolean(1)) {
                    inserted++;
                } else {
                    corrected++;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate(SqlFiles.get("ingest/update_latest.sql"));
            // the staging table empties itself at commit; empty it here too for callers that keep the transaction
            st.execute("TRUNCATE observation_stage");
        }
        return new WriteResult(inserted, corrected, batch.size() - inserted - corrected);
    }

    static String csv(List<Observation> batch) {
        return csv(batch, null);
    }

    static String csv(List<Observation> batch, UUID run) {
        String runText = run == null ? "" : run.toString();
        StringBuilder sb = new StringBuilder(batch.size() * 96);
        int seq = 0;
        for (Observation o : batch) {
            sb.append(seq++).append(',')
                    .append(o.datastreamId()).append(',')
                    .append(o.phenomenonTime()).append(',');
            if (o.result() != null) {
                sb.append(o.result());
            }
            sb.append(',');
            quoted(sb, o.resultJson());
            sb.append(',');
            quoted(sb, o.quality());
            sb.append(',');
            quoted(sb, o.source());
            sb.append(',');
            if (o.sourceOffset() != null) {
                sb.append(o.sourceOffset());
            }
            sb.append(',').append(runText);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A CSV field: null stays empty (NULL to COPY), text is quoted with inner quotes doubled. */
    private static void quoted(StringBuilder sb, String s) {
        if (s != null) {
            sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
