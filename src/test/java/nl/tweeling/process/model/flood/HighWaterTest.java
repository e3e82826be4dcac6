package nl.tweeling.process.model.flood;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * The high-water model on the Zwolle sample in the real database, run through POST /processes/high-water/execution:
 * at 5 m every dike holds and only the floodplains flood; a breach in the IJssel dike at Westenholte floods the
 * north-west compartment but not the centre behind the Kanaaldijk; the figures are consistent (flooded buildings
 * stand in flooded cells, the per-buurt residents add up to the total); the level can come from a gauge.
 */
@QuarkusTest
class HighWaterTest {

    /** On section IJZ-03 of the IJsseldijk Zwolle (RD), in front of Westenholte. */
    static final List<Double> WESTENHOLTE = List.of(198728.0, 502908.0);
    static String planner;

    @BeforeAll
    static void key() {
        planner = TestDatabase.newApiKey("planner");
    }

    /** Runs the model asynchronously and waits for its job; returns the job id. */
    static String run(String inputs) {
        String location = given().header("X-API-Key", planner).contentType("application/json")
                .body("{\"inputs\": " + inputs + "}")
                .post("/processes/high-water/execution").then().statusCode(201)
                .extract().header("Location");
        String job = location.substring(location.lastIndexOf('/') + 1);
        long start = System.currentTimeMillis();
        long deadline = start + 120_000;
        StringBuilder timeline = new StringBuilder();
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            JsonPath s = given().header("X-API-Key", planner).get("/jobs/" + job).then().statusCode(200)
                    .extract().jsonPath();
            String status = s.getString("status");
            String step = status + " " + s.getString("progress") + "% " + s.getString("message");
            if (!step.equals(last)) {
                timeline.append(String.format(java.util.Locale.ROOT, "%n  %6.1f s %s",
                        (System.currentTimeMillis() - start) / 1e3, step));
                last = step;
            }
            if ("successful".equals(status)) {
                System.out.println("high-water job " + job + " " + inputs + ":" + timeline);
                return job;
            }
            if ("failed".equals(status) || "dismissed".equals(status)) {
                fail("job " + job + " " + status + ": " + s.getString("message"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("job " + job + " did not finish in 2 minutes");
        return null;
    }

    static Map<String, Object> summary(String job) {
        return given().header("X-API-Key", planner).get("/jobs/" + job + "/results").then().statusCode(200)
                .extract().jsonPath().getMap("summary");
    }

    static String layer(String job, String output) {
        String href = given().header("X-API-Key", planner).get("/jobs/" + job + "/results").then().statusCode(200)
                .extract().jsonPath().getString(output + ".href");
        String id = href.substring(0, href.length() - "/items".length());
        return id.substring(id.lastIndexOf('/') + 1);
    }

    static String table(String layerId) {
        Object[] r = TestDatabase.row("SELECT table_schema, table_name FROM tweeling.layer WHERE id = ?", layerId);
        return "\"" + r[0] + "\".\"" + r[1] + "\"";
    }

    static double seconds(String job) {
        return ((Number) TestDatabase.scalar("SELECT extract(epoch FROM finished_at - started_at) FROM tweeling.job"
                + " WHERE id = ?::uuid", job)).doubleValue();
    }

    @Test
    void atFiveMetresTheDikesHoldAndOnlyTheFloodplainsFlood() {
        String job = run("{\"level\": 5.0}");
        Map<String, Object> s = summary(job);
        assertEquals(5.0, ((Number) s.get("level_m")).doubleValue());
        assertTrue(((Number) s.get("flooded_area_ha")).doubleValue() > 100, "the floodplains flood: " + s);
        assertEquals(0, ((Number) s.get("buildings_flooded")).intValue(), "no building outside the dikes: " + s);
        assertEquals(0L, ((Number) s.get("residents_affected")).longValue());
        assertEquals(List.of(), s.get("dike_sections_below_level"));
        // without dikes, the same level would reach most of the city: the ground under the buildings lies below 5 m
        long below = TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE valid_to IS NULL"
                + " AND ground_level_m < 5");
        assertTrue(below > 15_000, "dry only because of the dikes: " + below + " buildings below 5 m NAP");
        System.out.printf("high-water 5.0 m: %s, %.1f s%n", s, seconds(job));
    }

    @Test
    void aBreachAtWestenholteFloodsItsCompartmentButNotTheCentreBehindTheKanaaldijk() {
        String job = run("{\"level\": 5.0, \"breach\": {\"type\": \"Point\", \"coordinates\": " + WESTENHOLTE
                + ", \"crs\": \"http://www.opengis.net/def/crs/EPSG/0/28992\"}, \"breachWidth\": 150}");
        Map<String, Object> s = summary(job);
        long residents = ((Number) s.get("residents_affected")).longValue();
        int buildings = ((Number) s.get("buildings_flooded")).intValue();
        int addresses = ((Number) s.get("addresses_flooded")).intValue();
        assertTrue(buildings > 500 && residents > 2_000, "Westenholte and Stadshagen flood: " + s);
        String extent = table(layer(job, "extent"));
        String flooded = table(layer(job, "buildings"));
        String floodedAddresses = table(layer(job, "addresses"));
        // the layers hold what the summary counts
        assertEquals(buildings, TestDatabase.count("SELECT count(*) FROM " + flooded));
        assertEquals(addresses, TestDatabase.count("SELECT count(*) FROM " + floodedAddresses));
        assertEquals(residents, TestDatabase.count("SELECT coalesce(sum(residents), 0) FROM " + floodedAddresses));
        assertEquals(((Number) s.get("flooded_area_ha")).doubleValue(),
                ((Number) TestDatabase.scalar("SELECT sum(ST_Area(geom)) / 10000 FROM " + extent)).doubleValue(), 0.01,
                "the extent's polygons cover the flooded cells");
        // flooded buildings stand in flooded cells: each building's point on surface lies in the extent
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM " + flooded + " AS f WHERE NOT EXISTS ("
                + "SELECT 1 FROM " + extent + " AS e WHERE ST_Intersects(e.geom, ST_PointOnSurface(f.geom)))"));
        // and their depth is the level minus the building's ground level
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM " + flooded + " AS f"
                + " JOIN tweeling.buildings AS b ON b.feature_id = f.building_id AND b.valid_to IS NULL"
                + " WHERE abs(f.depth_m - (5.0 - b.ground_level_m)) > 0.011 OR f.depth_m <= 0"));
        // the per-buurt figures add up to the totals
        assertEquals(residents, TestDatabase.count("SELECT sum(value)::bigint FROM tweeling.process_figure"
                + " WHERE job_id = ?::uuid AND figure = 'residents_affected'", job));
        assertEquals(buildings, TestDatabase.count("SELECT sum(value)::bigint FROM tweeling.process_figure"
                + " WHERE job_id = ?::uuid AND figure = 'buildings_flooded'", job));
        assertEquals(78L, TestDatabase.count("SELECT count(DISTINCT buurt_code) FROM tweeling.process_figure"
                + " WHERE job_id = ?::uuid AND figure = 'residents_affected'", job), "every buurt has its figure");
        // the centre (wijk 10, behind the Kanaaldijk at 5.2 m) stays dry; Westenholte (wijk 21) floods
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.process_figure AS f"
                + " JOIN tweeling.buurten AS b ON b.code = f.buurt_code AND b.valid_to IS NULL"
                + " WHERE f.job_id = ?::uuid AND f.figure = 'residents_affected' AND b.wijk_code = '10'"
                + " AND f.value > 0", job));
        assertTrue(TestDatabase.count("SELECT sum(f.value)::bigint FROM tweeling.process_figure AS f"
                + " JOIN tweeling.buurten AS b ON b.code = f.buurt_code AND b.valid_to IS NULL"
                + " WHERE f.job_id = ?::uuid AND f.figure = 'residents_affected' AND b.wijk_code = '21'", job) > 1_000);
        // the result layers are collections
        given().header("X-API-Key", planner).get("/collections/" + layer(job, "buildings") + "/items?limit=1")
                .then().statusCode(200).body("numberMatched", org.hamcrest.Matchers.equalTo(buildings));
        System.out.printf("high-water 5.0 m with a breach at Westenholte: %s, %.1f s%n", s, seconds(job));
    }

    @Test
    void overTheLowSectionsTheWholeCityRunsInTime() {
        String job = run("{\"level\": 6.5}");
        Map<String, Object> s = summary(job);
        @SuppressWarnings("unchecked")
        List<String> over = (List<String>) s.get("dike_sections_below_level");
        assertTrue(over.contains("IJZ-07") && over.contains("KD-01"), "the low sections are overtopped: " + over);
        assertTrue(((Number) s.get("buildings_flooded")).intValue() > 5_000, s.toString());
        double took = seconds(job);
        System.out.printf("high-water 6.5 m: %s, %.1f s%n", s, took);
    }

    @Test
    void theLevelComesFromAGaugeItsLatestValueInCentimetres() {
        String stream = TestDatabase.newDatastream("water_level");
        TestDatabase.update("UPDATE tweeling.datastream SET latest_result = 512, latest_time = now() WHERE key = ?",
                stream);
        Map<String, Object> s = summary(run("{\"levelDatastream\": \"" + stream + "\"}"));
        assertEquals(5.12, ((Number) s.get("level_m")).doubleValue(), 1e-6, "RestAssured reads JSON numbers as floats");
        assertEquals(stream, s.get("level_datastream"));
    }

    @Test
    void badInputsAnswer400ListingEveryProblemAndStartNothing() {
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'process:high-water'");
        given().header("X-API-Key", planner).contentType("application/json")
                .body("{\"inputs\": {\"level\": \"high\", \"breachWidth\": 5, \"colour\": \"blue\"}}")
                .post("/processes/high-water/execution").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body(containsString("colour"), containsString("level must be a number"),
                        containsString("breachWidth must be a number"), containsString("needs a breach point"));
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'process:high-water'"));
    }

    @Test
    void aBreachFarFromAnyDikeFailsTheJobSayingWhereToPutIt() {
        String location = given().header("X-API-Key", planner).contentType("application/json")
                .body("{\"inputs\": {\"level\": 5, \"breach\": {\"type\": \"Point\", \"coordinates\": [206000, 502000],"
                        + " \"crs\": \"http://www.opengis.net/def/crs/EPSG/0/28992\"}}}")
                .post("/processes/high-water/execution").then().statusCode(201).extract().header("Location");
        String job = location.substring(location.lastIndexOf('/') + 1);
        long deadline = System.currentTimeMillis() + 60_000;
        String status = "";
        JsonPath s = null;
        while (System.currentTimeMillis() < deadline && !status.equals("failed") && !status.equals("successful")) {
            s = given().header("X-API-Key", planner).get("/jobs/" + job).then().statusCode(200).extract().jsonPath();
            status = s.getString("status");
        }
        assertEquals("failed", status);
        assertTrue(s.getString("message").contains("from the nearest dike"), s.getString("message"));
    }

    @Test
    void aScenarioThatRaisesTheLowZwarteWaterSectionKeepsTheCityDryAtFiveAndAHalfMetres() {
        long sid = ((Number) given().header("X-API-Key", planner).contentType("application/json")
                .body(Map.of("name", "ZW-07 raised to 6 m")).post("/scenarios").then().statusCode(201)
                .extract().path("id")).longValue();
        String fid = (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.dikes WHERE section = 'ZW-07'"
                + " AND valid_to IS NULL");
        String etag = given().header("X-API-Key", planner)
                .get("/scenarios/" + sid + "/collections/dikes/items/" + fid).then().statusCode(200)
                .extract().header("ETag");
        given().header("X-API-Key", planner).header("If-Match", etag).contentType("application/merge-patch+json")
                .body("{\"properties\": {\"crest_m\": 6.0}}")
                .patch("/scenarios/" + sid + "/collections/dikes/items/" + fid).then().statusCode(204);
        String base = run("{\"level\": 5.5}");
        String raised = run("{\"level\": 5.5, \"scenario\": " + sid + "}");
        Map<String, Object> b = summary(base);
        Map<String, Object> r = summary(raised);
        assertEquals(List.of("ZW-07", "KD-01"), b.get("dike_sections_below_level"));
        long residents = ((Number) b.get("residents_affected")).longValue();
        assertTrue(residents > 10_000, "over ZW-07 at 5.5 m: " + b);
        assertEquals(List.of("KD-01"), r.get("dike_sections_below_level"), "only the inner Kanaaldijk");
        assertEquals(0, ((Number) r.get("buildings_flooded")).intValue(), "every outer dike holds: " + r);
        // the baseline's dike is unchanged
        assertEquals(5.4, ((Number) TestDatabase.scalar("SELECT crest_m FROM tweeling.dikes WHERE feature_id = ?"
                + " AND valid_to IS NULL", fid)).doubleValue(), 1e-6);
        JsonPath cmp = given().header("X-API-Key", planner).get("/jobs/" + base + "/compare/" + raised).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(-residents, cmp.getDouble("totals.residents_affected.difference"), 0.5,
                "the scenario spares every resident the baseline floods");
    }
}
