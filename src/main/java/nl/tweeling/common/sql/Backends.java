package nl.tweeling.common.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * PostgreSQL server processes behind connections: what a dismissed job cancels (its statement fails, its
 * transaction rolls back) from another connection.
 */
public final class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    private Backends() {
    }

    /** The server process of connection {@code c}. */
    public static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Cancels what the server processes {@code pids} run now (pg_cancel_backend, on a connection of its own). */
    public static void cancel(DataSource dataSource, Collection<Integer> pids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                ps.execute();
            }
        } catch (SQLException e) {
            LOG.warnf("could not cancel the statements of a dismissed job: %s", e.getMessage());
        }
    }
}
