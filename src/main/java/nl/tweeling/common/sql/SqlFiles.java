package nl.tweeling.common.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads SQL statements kept as files under {@code src/main/resources/sql/} (e.g. {@code sensor/select_datastreams.sql}),
 * once per name. Statements use JDBC {@code ?} parameters; every value is bound, never concatenated.
 * Whole-line {@code --} comments (the header and CTE notes that make the files readable) are dropped, so a
 * template placeholder or a quote in a comment never reaches the database. Thread-safe.
 */
public final class SqlFiles {

    private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlFiles() {
    }

    /** The text of {@code sql/<name>} without its whole-line comments. */
    public static String get(String name) {
        return CACHE.computeIfAbsent(name, SqlFiles::read);
    }

    private static String read(String name) {
        String path = "sql/" + name;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
