package nl.tweeling.process;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /jobs/{a}/compare/{b}: per-buurt figures of two runs, their differences and totals; the refusals. */
@QuarkusTest
class CompareTest {

    @Test
    void comparesFiguresPerBuurt() {
        String key = ProcessTesting.plannerKey();
        String a = ProcessTesting.run(key, "test-wait", Map.of("seconds", 0, "figures", Map.of("100", 5, "101", 2)));
        String b = ProcessTesting.run(key, "test-wait", Map.of("seconds", 0, "figures", Map.of("100", 7, "X9", 1.5)));
        JsonPath c = given().header("X-API-Key", key).get("/jobs/" + a + "/compare/" + b).then().statusCode(200)
                .contentType("application/geo+json").extract().jsonPath();
        assertEquals(List.of("100", "101", "X9"), c.getList("features.id"));
        assertEquals(5, c.getInt("features[0].properties.count_a"));
        assertEquals(7, c.getInt("features[0].properties.count_b"));
        assertEquals(2, c.getInt("features[0].properties.count_difference"));
        assertEquals("Binnenstad-zuid", c.getString("features[0].properties.name"));
        assertEquals("MultiPolygon", c.getString("features[0].geometry.type"));
        assertEquals(-2, c.getInt("features[1].properties.count_difference"));
        assertEquals(0, c.getInt("features[2].properties.count_a"));
        assertEquals(1.5, c.getDouble("features[2].properties.count_difference"));
        assertNull(c.get("features[2].geometry"));   // no such buurt
        assertEquals(7, c.getInt("totals.count.a"));
        assertEquals(8.5, c.getDouble("totals.count.b"));
        assertEquals(1.5, c.getDouble("totals.count.difference"));
        assertEquals("test-wait", c.getString("process"));
    }

    @Test
    void refusesWhatCannotBeCompared() {
        String key = ProcessTesting.plannerKey();
        String wait = ProcessTesting.run(key, "test-wait", Map.of("seconds", 0));
        String stats = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", "10"));
        String failed = ProcessTesting.start(key, "buurt-statistics", Map.of("wijk", "Zz9none"));
        ProcessTesting.awaitEnd(key, failed);
        given().header("X-API-Key", key).get("/jobs/" + wait + "/compare/" + stats).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("same process"));
        given().header("X-API-Key", key).get("/jobs/" + stats + "/compare/" + failed).then().statusCode(400)
                .body("detail", containsString("not successful"));
        given().header("X-API-Key", key).get("/jobs/" + stats + "/compare/" + UUID.randomUUID()).then()
                .statusCode(404);
        given().header("X-API-Key", key).get("/jobs/" + stats + "/compare/nope").then().statusCode(404);
        given().header("X-API-Key", ProcessTesting.plannerKey()).get("/jobs/" + stats + "/compare/" + stats).then()
                .statusCode(404);
        given().get("/jobs/" + stats + "/compare/" + stats).then().statusCode(404);
        given().header("X-API-Key", key).get("/jobs/" + stats + "/compare/" + stats).then().statusCode(200);
    }
}
