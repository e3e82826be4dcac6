package nl.tweeling.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real public data of Zwolle in {@code ../shared/data/real} (never copied into the project). Tests that read
 * it are skipped, with a visible message, when it is absent; with {@code TWEELING_REAL_DATA=required}
 * (as in CI) they fail instead.
 */
public final class RealData {

    private RealData() {
    }

    /** The real-data folder, or the test is skipped (or failed, when required). */
    public static Path dir() {
        String configured = System.getenv("TWEELING_REAL_DATA_DIR");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared", "data", "real");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        String message = "real data not found at " + dir.toAbsolutePath() + ": test skipped";
        if ("required".equals(System.getenv("TWEELING_REAL_DATA"))) {
            Assertions.fail(message.replace("test skipped", "TWEELING_REAL_DATA=required"));
        }
        System.out.println("NOTICE: " + message);
        Assumptions.abort(message);
        return dir;
    }

    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        Assertions.assertTrue(Files.isRegularFile(f), "missing real-data file " + f);
        return f;
    }
}
