package nl.tweeling.platform.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;

/**
 * The database connections of request-driven reads (item pages, single features, datastreams, observations):
 * the datasource {@code quarkus.datasource."read".*}, a pool of its own, so that a burst of heavy reads can
 * neither take the connections that Kafka consumers, imports and harvests write with nor hold one for long.
 * Every connection of this pool runs its statements under {@code tweeling.http.statement-timeout}
 * (PostgreSQL's {@code statement_timeout}, set once when the pool opens the connection).
 *
 * <p>Failures become problems a client can act on: no free connection within the pool's acquisition timeout
 * (or no database) is a 503 with Retry-After, a statement cancelled by the timeout (SQLSTATE 57014) a 503
 * that says how to narrow the request. Thread-safe; repositories hold it instead of a {@code DataSource}.
 */
@ApplicationScoped
public class ReadPool {

    /** The name of the datasource in {@code quarkus.datasource."read".*}. */
    public static final String NAME = "read";

    /** PostgreSQL's query_canceled: the statement timeout (or an operator) cancelled the statement. */
    static final String QUERY_CANCELED = "57014";

    private static final Logger LOG = Logger.getLogger(ReadPool.class);

    @Inject
    @DataSource(NAME)
    AgroalDataSource dataSource;

    @Inject
    TweelingConfig config;

    /** A connection of the read pool (autocommit); a busy pool or an unreachable database is a 503. */
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            LOG.warnf("no read connection: %s", e.getMessage());
            throw TweelingException.unavailable("The server is answering as many reads as it can take right now"
                    + " (or cannot reach its database); try again in a few seconds.", config.http().busyRetryAfter());
        }
    }

    /**
     * What a failed read becomes: a 503 problem when the statement timeout cancelled it, naming the limit and
     * {@code narrow} (how this request can be made smaller, e.g. "with bbox, filter or a smaller limit"),
     * otherwise an {@link IllegalStateException} (a 500 with a request id).
     */
    public RuntimeException failure(SQLException e, String what, String narrow) {
        if (QUERY_CANCELED.equals(e.getSQLState())) {
            LOG.warnf("%s: cancelled after %s (tweeling.http.statement-timeout)", what, config.http().statementTimeout());
            return TweelingException.unavailable("The query took longer than " + seconds(config.http().statementTimeout())
                    + ", the limit for one request (tweeling.http.statement-timeout); narrow it " + narrow + ".", 0);
        }
        return new IllegalStateException(what + " failed", e);
    }

    /** {@code 5 s}, {@code 0.25 s}. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + " s";
    }

    /** Sets {@code statement_timeout} on every connection the read pool opens. */
    @ApplicationScoped
    @DataSource(NAME)
    public static class StatementTimeout implements AgroalPoolInterceptor {

        @Inject
        TweelingConfig config;

        @Override
        public void onConnectionCreate(Connection connection) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET statement_timeout = " + Math.max(1, config.http().statementTimeout().toMillis()));
            } catch (SQLException e) {
                throw new IllegalStateException("setting the read pool's statement timeout failed", e);
            }
        }
    }
}
