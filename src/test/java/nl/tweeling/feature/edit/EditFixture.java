package nl.tweeling.feature.edit;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.specification.RequestSpecification;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * Layers of the edit tests' own: each test makes a fresh table shaped as the buildings base layer (MultiPolygon,
 * history and lineage columns, its indexes and defaults) with two features, registered in tweeling.layer, so no
 * test touches the sample's rows.
 */
final class EditFixture {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    private EditFixture() {
    }

    /** A new layer with features {@code a} and {@code b}; {@code restricted} is a JSON object (property → level). */
    static String layer(LayerRegistry registry, String access, String restricted) {
        String id = "edit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase.update("CREATE TABLE tweeling." + id + " (LIKE tweeling.buildings INCLUDING ALL)");
        TestDatabase.update("INSERT INTO tweeling." + id + " (feature_id, buurt_code, height_m, construction_year, use,"
                + " dwellings, geom, source, valid_from) VALUES"
                + " ('a', '100', 9.5, 1930, 'residential', 2, ST_Multi(ST_MakeEnvelope(203000, 503000, 203010, 503010, 28992)), 'test', now() - interval '1 day'),"
                + " ('b', '101', 20, 1975, 'office', 0, ST_Multi(ST_MakeEnvelope(203100, 503100, 203120, 503120, 28992)), 'test', now() - interval '1 day')");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source, access, restricted)"
                + " VALUES (?, 'Edit test', ?, 'MultiPolygon', 'test', ?, ?::jsonb)", id, id, access, restricted);
        TestDatabase.update("UPDATE tweeling.layer SET feature_count = 2 WHERE id = ?", id);
        registry.invalidate();
        return id;
    }

    static String layer(LayerRegistry registry) {
        return layer(registry, "public", "{}");
    }

    static RequestSpecification as(String key) {
        RequestSpecification r = given();
        return key == null ? r : r.header("X-API-Key", key);
    }

    /** The name of the key {@code key} (what the edit log records as holder). */
    static String holder(String key) {
        return (String) TestDatabase.scalar("SELECT name FROM tweeling.api_key"
                + " WHERE key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')", key);
    }

    /** Everything a write could change in a layer: its rows (every version, every column), registry row and edit log. */
    static String state(String layer) {
        return TestDatabase.scalar("SELECT md5(string_agg(t::text, '|' ORDER BY fid)) FROM tweeling." + layer + " AS t")
                + "/" + TestDatabase.scalar("SELECT l::text FROM tweeling.layer AS l WHERE id = ?", layer)
                + "/" + TestDatabase.count("SELECT count(*) FROM tweeling.feature_edit WHERE layer_id = ?", layer);
    }

    /**
     * Asserts that the registry's count, extent and temporal extent of {@code layer} are what a full recomputation
     * over its rows gives (sql/feature/layer_statistics.sql, as imports store them).
     */
    static void assertStatistics(String layer) {
        String fresh = "SELECT s.n::text || ' ' || coalesce(s.extent::text, '-') || ' ' || coalesce(s.t0::text, '-')"
                + " || ' ' || coalesce(s.t1::text, '-') FROM (" + nl.tweeling.common.sql.SqlFiles.get("feature/layer_statistics.sql")
                .replace("{table}", "tweeling." + layer) + ") AS s";
        String stored = "SELECT feature_count::text || ' ' || coalesce(extent_crs84::text, '-') || ' '"
                + " || coalesce(temporal_start::text, '-') || ' ' || coalesce(temporal_end::text, '-')"
                + " FROM tweeling.layer WHERE id = ?";
        org.junit.jupiter.api.Assertions.assertEquals(TestDatabase.scalar(fresh), TestDatabase.scalar(stored, layer),
                "the registry's statistics of " + layer);
    }

    /** A GeoJSON Feature with a square of {@code size} degrees at lon, lat and the given properties (JSON members). */
    static String feature(double lon, double lat, double size, String properties) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + lon + "," + lat + "],["
                + (lon + size) + "," + lat + "],[" + (lon + size) + "," + (lat + size) + "],[" + lon + "," + (lat + size)
                + "],[" + lon + "," + lat + "]]]},\"properties\":{" + properties + "}}";
    }
}
