package nl.tweeling.common.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads SQL statements kept as files under {@code src/main/resources/sql/} (e.g. {@code sensor/select_datastreams.sql}),
 * once per name. Statements use JDBC {@code ?} parameters; every value is bound, never concatenated.
 * Thread-safe.
 */
public final class SqlFiles {

    private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlFiles() {
    }

    /** The text of {@code sql/<name>}, with its comment header kept (PostgreSQL ignores it). */
    public static String get(String name) {
        return CACHE.computeIfAbsent(name, SqlFiles::read);
    }

    private static String read(String name) {
        String path = "sql/" + name;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
