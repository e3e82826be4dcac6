package nl.tweeling.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.platform.TweelingConfig;

/**
 * Looks up API keys by the SHA-256 of the presented key; keys are stored hashed only. Verified keys are
 * cached briefly ({@code tweeling.security.key-cache-ttl}), so a revocation takes effect within that time.
 */
@ApplicationScoped
public class ApiKeyRepository {

    private record Cached(Optional<ApiKey> key, long at) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    TweelingConfig config;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** The active key matching {@code presented}, or empty when unknown or revoked. */
    public Optional<ApiKey> verify(String presented) {
        String hash = sha256(presented);
        long ttl = config.security().keyCacheTtl().toNanos();
        Cached c = cache.get(hash);
        if (c != null && System.nanoTime() - c.at() < ttl) {
            return c.key();
        }
        Optional<ApiKey> key = load(hash);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(key, System.nanoTime()));
        return key;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<ApiKey> load(String hash) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("security/select_api_key.sql"))) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (Object r : (Object[]) rs.getArray("roles").getArray()) {
                    Role.of(String.valueOf(r)).ifPresent(roles::add);
                }
                return Optional.of(new ApiKey(rs.getString("name"), Set.copyOf(roles)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API keys", e);
        }
    }

    Duration ttl() {
        return config.security().keyCacheTtl();
    }
}
