package nl.tweeling.imports;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;

/**
 * Drops, at startup, the staging and first-load tables that runs left behind when their instance stopped in the
 * middle (imports/select_orphan_stage_tables.sql): a run drops its own tables when it ends, but not when the
 * process is killed. Tables of jobs still accepted or running, on any instance, are kept.
 */
@ApplicationScoped
public class StageSweeper {

    private static final Logger LOG = Logger.getLogger(StageSweeper.class);

    @Inject
    DataSource dataSource;

    void onStart(@Observes StartupEvent ev) {
        try {
            List<String> dropped = sweep();
            if (!dropped.isEmpty()) {
                LOG.infof("dropped %d table(s) that stopped import runs left in %s: %s", dropped.size(),
                        ImportRepository.STAGE_SCHEMA, dropped);
            }
        } catch (SQLException e) {
            LOG.warnf("could not look for tables left by stopped import runs: %s", e.getMessage());
        }
    }

    /** Drops the orphaned tables; returns their names. */
    List<String> sweep() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(SqlFiles.get("imports/select_orphan_stage_tables.sql"))) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                st.execute("DROP TABLE IF EXISTS " + Identifiers.qualified(ImportRepository.STAGE_SCHEMA, name));
            }
        }
        return names;
    }
}
