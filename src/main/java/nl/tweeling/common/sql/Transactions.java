package nl.tweeling.common.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** One JDBC transaction on a connection: commit when the work returns, roll back when it throws. */
public final class Transactions {

    /** Work inside a transaction; its result is returned after the commit. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction on {@code c} (auto-commit off, back on afterwards): commits what it
     * did and returns its result, or rolls back and rethrows.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
