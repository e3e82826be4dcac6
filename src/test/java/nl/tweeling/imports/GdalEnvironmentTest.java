package nl.tweeling.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A GDAL tool opens what a source names, so it runs without the app's secrets (docs/security.md, "Database
 * roles"): the environment of {@code ./tweeling test}, which holds the app's database password, is the proof.
 */
class GdalEnvironmentTest {

    @Test
    void aToolGetsTheLoadersPasswordAndNoneOfTheApps() throws IOException, InterruptedException {
        String appPassword = System.getenv("TWEELING_DB_PASSWORD");
        assertNotNull(appPassword, "TWEELING_DB_PASSWORD is not set: run the tests through ./tweeling test");
        assertFalse(appPassword.isEmpty(), "./tweeling test gives the app's role a password");

        ProcessBuilder pb = new ProcessBuilder("env");
        Gdal.environment(pb, Map.of("PGPASSWORD", "the-loaders"));
        Process p = pb.redirectErrorStream(true).start();
        String env = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);

        assertFalse(env.contains(appPassword), "the app's database password reached the tool");
        assertFalse(env.contains("TWEELING_DB_PASSWORD="), env);
        assertFalse(env.contains("TWEELING_LOADER_PASSWORD="), env);
        assertEquals(1, env.lines().filter(l -> l.equals("PGPASSWORD=the-loaders")).count(), env);
        assertEquals(1, env.lines().filter(l -> l.equals("PGPASSFILE=/dev/null")).count(), env);
        assertTrue(env.lines().anyMatch(l -> l.startsWith("PATH=")), "the rest of the environment stays: " + env);
    }
}
