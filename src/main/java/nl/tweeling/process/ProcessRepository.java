package nl.tweeling.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;

/** The SQL of process results: result layers with their lineage, per-buurt figures, their removal. */
@ApplicationScoped
public class ProcessRepository {

    @Inject
    DataSource dataSource;

    /** A result layer of a job. */
    public record ResultLayerRow(String layerId, String output, String table) {
    }

    /** One figure of one buurt in two runs. */
    public record FigurePair(String buurtCode, String name, String geometry, String figure, double a, double b) {
    }

    public List<ResultLayerRow> resultLayers(UUID job) {
        try (Connection c = dataSource.getConnection()) {
            return resultLayers(c, job);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the result layers of job " + job, e);
        }
    }

    private static List<ResultLayerRow> resultLayers(Connection c, UUID job) throws SQLException {
        List<ResultLayerRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("process/select_result_layers.sql"))) {
            ps.setObject(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ResultLayerRow(rs.getString("layer_id"), rs.getString("output_id"),
                            Identifiers.qualified(rs.getString("table_schema"), rs.getString("table_name"))));
                }
            }
        }
        return out;
    }

    /**
     * Deletes what a finished job produced (its result layers with their tables, its figures) and marks it dismissed
     * with {@code message}, in one transaction. Returns the ids of the layers removed.
     */
    public List<String> deleteResults(UUID job, String message) {
        try (Connection c = dataSource.getConnection()) {
            return Transactions.inTransaction(c, tx -> {
                List<ResultLayerRow> layers = resultLayers(tx, job);
                for (ResultLayerRow l : layers) {
                    try (PreparedStatement ps = tx.prepareStatement(SqlFiles.get("feature/delete_layer.sql"))) {
                        ps.setString(1, l.layerId());
                        ps.executeQuery().close();
                    }
                    try (Statement st = tx.createStatement()) {
                        st.execute("DROP TABLE " + l.table());
                    }
                }
                try (PreparedStatement ps = tx.prepareStatement(SqlFiles.get("process/delete_figures.sql"))) {
                    ps.setObject(1, job);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = tx.prepareStatement(SqlFiles.get("process/dismiss_finished_job.sql"))) {
                    ps.setString(1, message);
                    ps.setObject(2, job);
                    ps.executeUpdate();
                }
                return layers.stream().map(ResultLayerRow::layerId).toList();
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete the results of job " + job, e);
        }
    }

    /** The figures of runs {@code a} and {@code b} per buurt and figure (compare_figures.sql). */
    public List<FigurePair> compare(UUID a, UUID b) {
        List<FigurePair> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("process/compare_figures.sql"))) {
            ps.setObject(1, a);
            ps.setObject(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FigurePair(rs.getString("buurt_code"), rs.getString("name"), rs.getString("geometry"),
                            rs.getString("figure"), rs.getDouble("value_a"), rs.getDouble("value_b")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not compare jobs " + a + " and " + b, e);
        }
        return out;
    }
}
