package nl.tweeling.process;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * The buurt-statistics model on a small town of its own, far from the sample city (x 10000–10200, y 300000–300100):
 * two buurten of a wijk of their own, four buildings and five addresses, with the figures computed by hand. Also
 * compares two runs (GET /jobs/{a}/compare/{b}).
 */
@QuarkusTest
class BuurtStatisticsTest {

    private String wijk;
    private String b1;
    private String b2;
    private String prefix;

    @BeforeEach
    void town() {
        String s = UUID.randomUUID().toString().substring(0, 5);
        wijk = "Q" + s;
        b1 = wijk + "a";
        b2 = wijk + "b";
        prefix = "bst-" + s + "-";
        // two buurten side by side, sharing the line x = 10100
        buurt(b1, 10000, 10100);
        buurt(b2, 10100, 10200);
        building("1", b1, "residential", 3, 10010, 300010);
        building("2", b1, "office", 0, 10050, 300050);
        building("3", b2, "residential", 5, 10150, 300010);
        building("4", b2, "residential", 2, 10150, 300050);
        address("1", "1", 2, 10015, 300015);
        address("2", "1", 1, 10016, 300016);
        address("3", "2", 1, 10055, 300055);
        address("4", "3", 4, 10155, 300015);
        // on the line between the buurten, in no building: counted once, in the buurt with the lower code (b1)
        address("5", null, 7, 10100, 300080);
    }

    @AfterEach
    void cleanUp() {
        TestDatabase.update("DELETE FROM tweeling.addresses WHERE feature_id LIKE ?", prefix + "%");
        TestDatabase.update("DELETE FROM tweeling.buildings WHERE feature_id LIKE ?", prefix + "%");
        TestDatabase.update("DELETE FROM tweeling.buurten WHERE feature_id LIKE ?", prefix + "%");
    }

    @Test
    void countsPerBuurtAsComputedByHand() {
        String key = ProcessTesting.plannerKey();
        String all = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", wijk));
        JsonPath r = given().header("X-API-Key", key).get("/jobs/" + all + "/results").then().statusCode(200)
                .extract().jsonPath();
        // b1: addresses 1, 2, 3 and 5 (2 + 1 + 1 + 7), buildings 1 and 2 (3 + 0 dwellings); b2: address 4, buildings 3, 4
        assertEquals(Map.of("buurten", 2, "residents", 15, "buildings", 4, "dwellings", 10), r.getMap("totals"));
        String layer = "result-" + all.substring(0, 8) + "-buurten";
        given().header("X-API-Key", key).get("/collections/" + layer + "/items?sortby=code").then().statusCode(200)
                .body("features", hasSize(2))
                .body("features[0].properties.code", equalTo(b1))
                .body("features[0].properties.residents", equalTo(11))
                .body("features[0].properties.buildings", equalTo(2))
                .body("features[0].properties.dwellings", equalTo(3))
                .body("features[1].properties.code", equalTo(b2))
                .body("features[1].properties.residents", equalTo(4))
                .body("features[1].properties.buildings", equalTo(2))
                .body("features[1].properties.dwellings", equalTo(7));

        // residential only: the office (building 2) and its address drop out, and so does address 5 (no building)
        String residential = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", wijk, "use", "residential"));
        assertEquals(Map.of("buurten", 2, "residents", 7, "buildings", 3, "dwellings", 10), given()
                .header("X-API-Key", key).get("/jobs/" + residential + "/results").then().statusCode(200)
                .extract().jsonPath().getMap("totals"));

        JsonPath cmp = given().header("X-API-Key", key).get("/jobs/" + all + "/compare/" + residential).then()
                .statusCode(200).contentType("application/geo+json").extract().jsonPath();
        assertEquals("FeatureCollection", cmp.getString("type"));
        assertEquals(List.of(b1, b2), cmp.getList("features.id"));
        assertEquals(11, cmp.getInt("features[0].properties.residents_a"));
        assertEquals(3, cmp.getInt("features[0].properties.residents_b"));
        assertEquals(-8, cmp.getInt("features[0].properties.residents_difference"));
        assertEquals(-1, cmp.getInt("features[0].properties.buildings_difference"));
        assertEquals(0, cmp.getInt("features[1].properties.residents_difference"));
        assertEquals("MultiPolygon", cmp.getString("features[0].geometry.type"));
        assertEquals(15, cmp.getInt("totals.residents.a"));
        assertEquals(7, cmp.getInt("totals.residents.b"));
        assertEquals(-8, cmp.getInt("totals.residents.difference"));
        assertEquals(0, cmp.getInt("totals.dwellings.difference"));
    }

    @Test
    void runsOnAScenarioAtARevision() {
        String key = ProcessTesting.plannerKey();
        long sid = ((Number) given().header("X-API-Key", key).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", "Ten more residents in " + b1)).post("/scenarios").then().statusCode(201)
                .extract().path("id")).longValue();
        double[] p = TestDatabase.lonLat(10050, 300020);
        given().header("X-API-Key", key).contentType("application/geo+json")
                .body(Map.of("type", "Feature", "properties", Map.of("residents", 10, "street", "Nieuwstraat"),
                        "geometry", Map.of("type", "Point", "coordinates", List.of(p[0], p[1]))))
                .post("/scenarios/" + sid + "/collections/addresses/items").then().statusCode(201);

        String base = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", wijk));
        String scenario = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", wijk, "scenario", sid));
        String before = ProcessTesting.run(key, "buurt-statistics", Map.of("wijk", wijk, "scenario", sid,
                "revision", 0));
        assertEquals(25, totals(key, scenario).get("residents"));
        assertEquals(15, totals(key, before).get("residents"));
        assertEquals(15, totals(key, base).get("residents"));
        given().header("X-API-Key", key).get("/jobs/" + scenario).then().statusCode(200)
                .body("inputs.scenario", equalTo((int) sid)).body("inputs.revision", equalTo(1));
        given().header("X-API-Key", key).get("/collections/result-" + scenario.substring(0, 8) + "-buurten").then()
                .statusCode(200).body("description", org.hamcrest.Matchers.containsString("scenario " + sid
                        + " revision 1"));
        JsonPath cmp = given().header("X-API-Key", key).get("/jobs/" + base + "/compare/" + scenario).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(10, cmp.getInt("features.find { it.id == '" + b1 + "' }.properties.residents_difference"));
        assertEquals(0, cmp.getInt("features.find { it.id == '" + b2 + "' }.properties.residents_difference"));
        assertEquals(10, cmp.getInt("totals.residents.difference"));

        // a scenario one cannot read is unknown; a revision it does not have is a bad input
        ProcessTesting.execute(ProcessTesting.plannerKey(), "buurt-statistics", Map.of("scenario", sid)).then()
                .statusCode(404);
        ProcessTesting.execute(key, "buurt-statistics", Map.of("scenario", sid, "revision", 9)).then()
                .statusCode(400).body("errors.input", org.hamcrest.Matchers.hasItem("revision"));
        ProcessTesting.execute(key, "buurt-statistics", Map.of("scenario", "seven")).then().statusCode(400)
                .body("errors.input", org.hamcrest.Matchers.hasItem("scenario"));
    }

    private static Map<String, Object> totals(String key, String job) {
        return given().header("X-API-Key", key).get("/jobs/" + job + "/results").then().statusCode(200).extract()
                .jsonPath().getMap("totals");
    }

    @Test
    void aWijkWithoutBuurtenFailsTheJobWithAHelpfulMessage() {
        String key = ProcessTesting.plannerKey();
        String job = ProcessTesting.start(key, "buurt-statistics", Map.of("wijk", wijk + "zz"));
        JsonPath s = ProcessTesting.awaitEnd(key, job);
        assertEquals("failed", s.getString("status"));
        org.junit.jupiter.api.Assertions.assertTrue(s.getString("message").contains("no buurt in wijk"),
                s.getString("message"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?",
                "result-" + job.substring(0, 8) + "-buurten"));
    }

    private void buurt(String code, int x0, int x1) {
        TestDatabase.update("INSERT INTO tweeling.buurten (feature_id, code, name, wijk_code, geom, source)"
                + " VALUES (?, ?, ?, ?, ST_Multi(ST_MakeEnvelope(?, 300000, ?, 300100, 28992)), 'test')",
                prefix + code, code, "Test " + code, wijk, x0, x1);
    }

    private void building(String id, String buurt, String use, int dwellings, int x, int y) {
        TestDatabase.update("INSERT INTO tweeling.buildings (feature_id, buurt_code, use, dwellings, geom, source)"
                + " VALUES (?, ?, ?, ?, ST_Multi(ST_MakeEnvelope(?, ?, ?, ?, 28992)), 'test')",
                prefix + "b" + id, buurt, use, dwellings, x, y, x + 10, y + 10);
    }

    private void address(String id, String building, int residents, int x, int y) {
        TestDatabase.update("INSERT INTO tweeling.addresses (feature_id, building_id, residents, geom, source)"
                + " VALUES (?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 28992), 'test')",
                prefix + "a" + id, building == null ? null : prefix + "b" + building, residents, x, y);
    }
}
