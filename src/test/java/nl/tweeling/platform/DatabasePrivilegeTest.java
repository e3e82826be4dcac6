package nl.tweeling.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The database roles of docs/security.md ("Database roles"), as {@code ./tweeling test} sets them up the way
 * {@code ./tweeling up} does: the app's role is no superuser and cannot reach the server's files or programs; the
 * imports' loader role can only create and write tables in tweeling_stage.
 */
@QuarkusTest
class DatabasePrivilegeTest {

    /** SQLSTATE insufficient_privilege. */
    private static final String DENIED = "42501";

    private static final List<String> SERVER_ROLES = List.of("pg_read_server_files", "pg_write_server_files",
            "pg_execute_server_program");

    @Inject
    DataSource dataSource;

    @Inject
    TweelingConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void theAppIsNoSuperuserAndHasNoServerFileOrProgramRole() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls"
                        + " FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(rs.next());
            for (int i = 1; i <= 5; i++) {
                assertFalse(rs.getBoolean(i), rs.getMetaData().getColumnName(i) + " of the app's role");
            }
        }
        assertNoServerRoles(dataSource.getConnection());
    }

    @Test
    void theAppOwnsThePlatformsSchemasAndFlywaysHistory() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String schema : List.of("tweeling", "tweeling_stage", "tweeling_layer", "tweeling_result")) {
                try (ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(nspowner) = current_user FROM pg_namespace"
                        + " WHERE nspname = '" + schema + "'")) {
                    assertTrue(rs.next() && rs.getBoolean(1), "the app's role owns schema " + schema);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(relowner) = current_user FROM pg_class"
                    + " WHERE oid = 'tweeling.flyway_schema_history'::regclass")) {
                assertTrue(rs.next() && rs.getBoolean(1), "the app's role owns tweeling.flyway_schema_history");
            }
        }
    }

    @Test
    void theAppCannotReadServerFiles() throws SQLException {
        assertDenied(dataSource, "SELECT pg_read_file('/etc/hostname')");
        assertDenied(dataSource, "SELECT lo_import('/etc/hostname')");
    }

    @Test
    void theAppCannotRunServerPrograms() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE privilege_probe (line text) ON COMMIT DROP");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("COPY privilege_probe FROM PROGRAM 'id'"));
            assertEquals(DENIED, e.getSQLState(), e.getMessage());
            c.rollback();
        }
    }

    @Test
    void theAppCannotWriteServerFiles() throws SQLException {
        Path file = Path.of("/tmp", "tweeling-privilege-" + UUID.randomUUID());
        assertDenied(dataSource, "COPY (SELECT 1) TO '" + file + "'");
        assertFalse(Files.exists(file), file + " was written");
    }

    @Test
    void theLoaderCreatesAndWritesTablesInTheStageOnly() throws SQLException {
        String table = "tweeling_stage.privilege_probe_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection loader = loader(); Statement st = loader.createStatement()) {
            st.execute("CREATE TABLE " + table + " (x int)");
            st.execute("INSERT INTO " + table + " VALUES (1)");
            for (String sql : List.of(
                    "SELECT key_hash FROM tweeling.api_key",
                    "SELECT count(*) FROM tweeling.job",
                    "INSERT INTO tweeling.job (id, kind) VALUES (gen_random_uuid(), 'import')",
                    "CREATE TABLE tweeling.privilege_probe (x int)",
                    "CREATE TABLE tweeling_layer.privilege_probe (x int)",
                    "CREATE TABLE public.privilege_probe (x int)",
                    "CREATE TEMP TABLE privilege_probe (x int)",
                    "SELECT pg_read_file('/etc/hostname')")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertEquals(DENIED, e.getSQLState(), sql + ": " + e.getMessage());
            }
            try (ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1), "the loader is a superuser");
            }
            assertNoServerRoles(loader);
        }
        // what the staging path does with ogr2ogr's table: read it, take it over, drop it
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            st.execute("ALTER TABLE " + table + " OWNER TO CURRENT_USER");
            st.execute("DROP TABLE " + table);
        }
    }

    @Test
    void theLoaderIsAnotherRoleThanTheApp() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertNotEquals(rs.getString(1), loaderUser(), "the loader must be a role of its own");
        }
        try (Connection loader = loader(); PreparedStatement ps = loader.prepareStatement(
                "SELECT pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')");
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1), "the loader has the privileges of the database's owner");
        }
    }

    private String loaderUser() {
        return config.imports().loaderUser().orElseThrow(() -> new AssertionError(
                "tweeling.imports.loader-user is not set: run the tests through ./tweeling test, which makes the roles"));
    }

    private Connection loader() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, loaderUser(), config.imports().loaderPassword().orElse(""));
    }

    private static void assertNoServerRoles(Connection connection) throws SQLException {
        try (Connection c = connection; Statement st = c.createStatement()) {
            for (String role : SERVER_ROLES) {
                try (ResultSet rs = st.executeQuery("SELECT pg_has_role(current_user, '" + role + "', 'MEMBER')")) {
                    assertTrue(rs.next());
                    assertFalse(rs.getBoolean(1), "current_user is a member of " + role);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT string_agg(rolname, ', ') FROM pg_roles"
                    + " WHERE rolsuper AND pg_has_role(current_user, oid, 'MEMBER')")) {
                assertTrue(rs.next());
                assertEquals(null, rs.getString(1), "current_user is a member of these superusers");
            }
        }
    }

    private static void assertDenied(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
            assertEquals(DENIED, e.getSQLState(), sql + ": " + e.getMessage());
        }
    }
}
