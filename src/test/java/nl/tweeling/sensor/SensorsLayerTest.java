package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * The {@code sensors} collection: every datastream with a location as a point feature with its observed property
 * and the latest value ingestion wrote, served through the same OGC API – Features as every layer.
 */
@QuarkusTest
class SensorsLayerTest {

    private static JsonPath feature(String key) {
        return given().get("/collections/sensors/items/" + key).then().statusCode(200)
                .contentType(startsWith("application/geo+json")).extract().jsonPath();
    }

    @Test
    void aNewDatastreamIsAFeatureAtItsThingsLocationWithItsLatestValue() {
        String key = TestDatabase.newDatastream("water_level");   // thing at RD 203000 503000
        JsonPath f = feature(key);
        assertEquals("water_level", f.getString("properties.observed_property"));
        assertEquals("cm", f.getString("properties.unit"));
        assertEquals("Test thing " + key, f.getString("properties.thing_name"));
        assertEquals(TestDatabase.datastreamId(key), f.getLong("properties.datastream_id"));
        List<Number> xy = f.getList("geometry.coordinates");
        double[] expected = TestDatabase.lonLat(203000, 503000);
        assertEquals(expected[0], xy.get(0).doubleValue(), 1e-6);
        assertEquals(expected[1], xy.get(1).doubleValue(), 1e-6);
        assertNull(f.get("properties.latest_result"));

        String ingest = TestDatabase.newApiKey("ingest");
        given().header("X-API-Key", ingest).contentType("application/json")
                .body("[{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T10:00:00Z\",\"result\":120},"
                        + "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T10:10:00Z\",\"result\":131.5}]")
                .post("/ingest/observations").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath g = feature(key);
            assertEquals(131.5f, g.getFloat("properties.latest_result"));
            assertEquals(java.time.Instant.parse("2026-04-01T10:10:00Z"),
                    java.time.OffsetDateTime.parse(g.getString("properties.latest_time")).toInstant());
        });
    }

    @Test
    void filtersBboxAndCountsWorkAsOnAnyLayer() {
        String key = TestDatabase.newDatastream("noise_level");
        TestDatabase.update("UPDATE tweeling.datastream SET geom = ST_SetSRID(ST_MakePoint(190500, 480500), 28992)"
                + " WHERE key = ?", key);   // far outside Zwolle: alone in a small bbox
        double[] sw = TestDatabase.lonLat(190400, 480400);
        double[] ne = TestDatabase.lonLat(190600, 480600);
        given().get("/collections/sensors/items?bbox=" + sw[0] + "," + sw[1] + "," + ne[0] + "," + ne[1])
                .then().statusCode(200).body("numberMatched", equalTo(1)).body("features[0].id", equalTo(key));
        given().urlEncodingEnabled(true).queryParam("filter", "observed_property='noise_level' AND thing='" + key + "'")
                .get("/collections/sensors/items").then().statusCode(200).body("numberMatched", equalTo(1));

        long withLocation = TestDatabase.count("SELECT count(*) FROM tweeling.datastream d JOIN tweeling.thing t"
                + " ON t.id = d.thing_id WHERE coalesce(d.geom, t.geom) IS NOT NULL");
        // numberMatched of an unfiltered page is the registry's count, read anew at most a second later
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(withLocation,
                given().get("/collections/sensors/items?limit=1").then().statusCode(200).extract().jsonPath()
                        .getLong("numberMatched"), "one feature per located datastream"));
    }

    @Test
    void aDatastreamWithoutLocationIsNotAFeature() {
        String key = TestDatabase.newDatastream("NO2");
        TestDatabase.update("UPDATE tweeling.thing SET geom = NULL WHERE key = ?", key);
        given().get("/collections/sensors/items/" + key).then().statusCode(404);
    }

    @Test
    void importsMayNotWriteTheSensorsLayer() throws Exception {
        Path csv = Files.createTempFile("sensors", ".csv");
        Files.writeString(csv, "id,name,x,y\n1,a,203000,503000\n");
        String admin = TestDatabase.newApiKey("admin");
        given().header("X-API-Key", admin).multiPart("file", csv.toFile()).multiPart("layer", "sensors")
                .multiPart("mode", "upsert").post("/imports").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("kept current by the sensors part"));
        given().header("X-API-Key", admin).delete("/collections/sensors").then().statusCode(not(equalTo(204)));
        Files.deleteIfExists(csv);
    }
}
