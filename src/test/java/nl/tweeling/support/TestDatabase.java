package nl.tweeling.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Direct JDBC access to the test database (the one {@code ./tweeling test} started), for arranging rows
 * and checking what the API wrote. Each test makes its own rows with unique keys.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** The single value of a query with bound parameters. */
    public static Object scalar(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first row of a query with bound parameters, its columns in order (null when there is none). */
    public static Object[] row(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object[] row = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... params) {
        return ((Number) scalar(sql, params)).longValue();
    }

    public static int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh thing with one datastream of the given observed property; returns the datastream key. */
    public static String newDatastream(String observedProperty) {
        String key = "test-" + UUID.randomUUID();
        update("INSERT INTO tweeling.thing (key, name, geom, source) VALUES (?, ?, ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'test')",
                key, "Test thing " + key);
        update("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                + " SELECT ?, id, ?, ?, 'test' FROM tweeling.thing WHERE key = ?",
                key, observedProperty, "Test " + observedProperty, key);
        return key;
    }

    /** RD New (EPSG:28992) x, y as CRS84 lon, lat, transformed by PostGIS as the API does. */
    public static double[] lonLat(double x, double y) {
        String p = (String) scalar("SELECT ST_X(g) || ' ' || ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 28992), 4326) AS g", x, y);
        String[] xy = p.split(" ");
        return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }

    public static long datastreamId(String key) {
        return count("SELECT id FROM tweeling.datastream WHERE key = ?", key);
    }

    /** A fresh API key with the given roles (comma-separated); returns the key to present. */
    public static String newApiKey(String roles) {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "twk_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        update("INSERT INTO tweeling.api_key (name, key_hash, roles) VALUES (?, encode(sha256(convert_to(?, 'UTF8')), 'hex'), string_to_array(?, ','))",
                name, key, roles);
        return key;
    }
}
