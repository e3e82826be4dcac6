package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/** datetime returns a layer as it was: the versions valid at that instant. */
@QuarkusTest
class HistoryQueryTest {

    @jakarta.inject.Inject
    LayerRegistry registry;

    @Test
    void datetimeSelectsTheVersionValidThen() throws java.sql.SQLException {
        String layer = "histq_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("CREATE TABLE tweeling." + layer + " (LIKE tweeling.facilities INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY)");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source) VALUES (?, 'History', ?, 'Point', 'test')",
                layer, layer);
        String insert = "INSERT INTO tweeling." + layer + " (feature_id, kind, name, geom, valid_from, valid_to, source)"
                + " VALUES (?, 'school', ?, ST_SetSRID(ST_MakePoint(203000, 503000), 28992), ?::timestamptz, ?::timestamptz, 'test')";
        TestDatabase.update(insert, "s1", "Old name", "2020-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        TestDatabase.update(insert, "s1", "New name", "2024-01-01T00:00:00Z", null);
        TestDatabase.update(insert, "s2", "Closed school", "2020-01-01T00:00:00Z", "2022-06-01T00:00:00Z");
        // as every writer of a layer does: keep the registry's count and extents current
        registry.invalidate();
        try (java.sql.Connection c = TestDatabase.connect()) {
            registry.refreshStatistics(c, layer);
        }
        // the registry caches for a second (the minute is for a loaded machine: the first request may be slow)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/collections/" + layer + "/items").then().statusCode(200));

        given().get("/collections/" + layer + "/items").then().statusCode(200)
                .body("numberReturned", equalTo(1)).body("features[0].properties.name", equalTo("New name"));
        given().get("/collections/" + layer + "/items?datetime=2021-06-01T00:00:00Z").then().statusCode(200)
                .body("numberReturned", equalTo(2)).body("numberMatched", equalTo(2))
                .body("features.find { it.id == 's1' }.properties.name", equalTo("Old name"));
        given().get("/collections/" + layer + "/items?datetime=2023-01-01T00:00:00Z/..").then().statusCode(200)
                .body("numberReturned", equalTo(2));
        given().get("/collections/" + layer + "/items?datetime=../2019-12-31T00:00:00Z").then().statusCode(200)
                .body("numberReturned", equalTo(0));
    }
}
