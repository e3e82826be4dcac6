package nl.tweeling.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;

/**
 * The staging path's ogr2ogr logs in as the loader role, not as the app (docs/security.md, "Database roles");
 * DatabasePrivilegeTest checks what that role may do.
 */
@QuarkusTest
class ImportLoaderRoleTest {

    @Inject
    ImportService imports;

    @Inject
    TweelingConfig config;

    @ConfigProperty(name = "quarkus.datasource.username")
    String appUser;

    @Test
    void ogr2ogrConnectsAsTheLoaderWithoutAPasswordOnItsCommandLine() {
        String loader = config.imports().loaderUser().orElseThrow(() -> new AssertionError(
                "tweeling.imports.loader-user is not set: run the tests through ./tweeling test"));
        String connection = imports.pgConnection();
        assertTrue(connection.contains(" user='" + loader + "'"), connection);
        assertFalse(connection.contains(" user='" + appUser + "'"), connection);
        assertFalse(connection.contains("password"), connection);
    }
}
