package nl.tweeling.platform.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.platform.TweelingConfig;

/**
 * Registers the admin key whose hash the deployment provides ({@code tweeling.security.admin-key-hash}),
 * so a cluster has an admin without running {@code ./tweeling key create}. Only the hash is ever known here.
 */
@ApplicationScoped
public class AdminKeyBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminKeyBootstrap.class);

    @Inject
    TweelingConfig config;

    @Inject
    DataSource dataSource;

    void onStart(@Observes @Priority(150) StartupEvent ev) throws SQLException {
        var hash = config.security().adminKeyHash();
        if (hash.isEmpty()) {
            return;
        }
        if (!hash.get().matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("tweeling.security.admin-key-hash must be 64 lower-case hex digits (SHA-256)");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("security/upsert_bootstrap_key.sql"))) {
            ps.setString(1, hash.get());
            if (ps.executeUpdate() > 0) {
                LOG.info("registered the admin-bootstrap API key from the deployment's hash");
            }
        }
    }
}
