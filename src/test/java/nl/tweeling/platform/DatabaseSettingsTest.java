package nl.tweeling.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.platform.http.ReadPool;

/** The session settings the app's two connection pools run with (docs/architecture.md, "No JIT"). */
@QuarkusTest
class DatabaseSettingsTest {

    @Inject
    DataSource writes;

    @Inject
    @io.quarkus.agroal.DataSource(ReadPool.NAME)
    DataSource reads;

    @Test
    void neitherPoolCompilesPlans() throws SQLException {
        assertEquals("off", setting(writes, "jit"));
        assertEquals("off", setting(reads, "jit"));
    }

    private static String setting(DataSource ds, String name) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
