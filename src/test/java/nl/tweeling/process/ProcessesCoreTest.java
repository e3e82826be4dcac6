package nl.tweeling.process;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Processes Part 1, conformance classes core, ogc-process-description, json and html: the process list and
 * descriptions, asynchronous and synchronous execution, the job's status and results, result layers served as
 * collections, bad inputs and roles.
 */
@QuarkusTest
class ProcessesCoreTest {

    @Test
    void landingPageAndConformanceAnnounceProcesses() {
        given().get("/").then().statusCode(200)
                .body("links.rel", hasItems("http://www.opengis.net/def/rel/ogc/1.0/processes",
                        "http://www.opengis.net/def/rel/ogc/1.0/job-list"));
        given().get("/conformance").then().statusCode(200)
                .body("conformsTo", hasItems("http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
                        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
                        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
                        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss"));
    }

    @Test
    void listsAndDescribesProcesses() {
        given().get("/processes").then().statusCode(200).contentType(startsWith("application/json"))
                .body("processes.id", hasItem("buurt-statistics"))
                .body("processes.find { it.id == 'buurt-statistics' }.version", equalTo("1.0.0"))
                .body("processes.find { it.id == 'buurt-statistics' }.jobControlOptions",
                        hasItems("async-execute", "sync-execute", "dismiss"))
                .body("processes.find { it.id == 'buurt-statistics' }.links.rel",
                        hasItem("http://www.opengis.net/def/rel/ogc/1.0/execute"))
                .body("links.rel", hasItem("self"));
        given().get("/processes/buurt-statistics").then().statusCode(200)
                .body("id", equalTo("buurt-statistics"))
                .body("outputTransmission", hasItem("value"))
                .body("inputs.wijk.schema.type", equalTo("string"))
                .body("inputs.wijk.minOccurs", equalTo(0))
                .body("inputs.use.schema.enum", hasItem("residential"))
                .body("inputs.scenario.schema.type", equalTo("integer"))
                .body("inputs.revision.schema.type", equalTo("integer"))
                .body("outputs.buurten.schema.contentMediaType", equalTo("application/geo+json"))
                .body("outputs.totals.schema.type", equalTo("object"))
                .body("buurtFigures.id", hasItems("residents", "buildings", "dwellings"));
        given().get("/processes/buurt-statistics?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("buurt-statistics"));
        given().get("/processes/no-such-process").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("GET /processes"));
        // limit (/req/core/pl-limit-definition): pages in id order, linked by next
        String first = given().get("/processes?limit=1").then().statusCode(200).body("processes.size()", equalTo(1))
                .extract().path("processes[0].id");
        String next = given().get("/processes?limit=1").then().extract()
                .path("links.find { it.rel == 'next' }.href");
        String second = given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("processes.size()", equalTo(1)).extract().path("processes[0].id");
        org.junit.jupiter.api.Assertions.assertTrue(first.compareTo(second) < 0, first + " then " + second);
        given().get("/processes?limit=0").then().statusCode(400).body("parameter", equalTo("limit"));
        given().get("/processes?limit=many").then().statusCode(400).body("parameter", equalTo("limit"));
        given().get("/processes?offset=3").then().statusCode(400).body("parameter", equalTo("offset"));
    }

    @Test
    void asyncExecutionCreatesAJobThatSucceedsWithAResultLayer() {
        String key = ProcessTesting.plannerKey();
        var created = ProcessTesting.execute(key, "buurt-statistics", Map.of("wijk", "10")).then().statusCode(201)
                .header("Location", containsString("/jobs/"))
                .body("type", equalTo("process"))
                .body("processID", equalTo("buurt-statistics"))
                .body("status", org.hamcrest.Matchers.oneOf("accepted", "running", "successful"))
                .extract();
        String job = created.path("jobID");
        assertTrue(created.header("Location").endsWith("/jobs/" + job));
        JsonPath status = ProcessTesting.awaitEnd(key, job);
        assertEquals("successful", status.getString("status"), status.getString("message"));
        assertEquals(100, status.getInt("progress"));
        assertTrue(status.getList("links.rel").contains("http://www.opengis.net/def/rel/ogc/1.0/results"));
        String layer = "result-" + job.substring(0, 8) + "-buurten";
        assertTrue(status.getList("links.href", String.class).stream().anyMatch(h -> h.endsWith("/collections/" + layer)));

        JsonPath results = given().header("X-API-Key", key).get("/jobs/" + job + "/results").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(results.getString("buurten.href").endsWith("/collections/" + layer + "/items"));
        assertEquals("application/geo+json", results.getString("buurten.type"));
        long buurtenInWijk = TestDatabase.count(
                "SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL AND wijk_code = '10'");
        assertEquals(buurtenInWijk, results.getLong("totals.buurten"));
        long residents = ((Number) TestDatabase.scalar("SELECT coalesce(sum(residents), 0) FROM "
                + "\"tweeling_result\".\"" + layer + "\"")).longValue();
        assertEquals(residents, results.getLong("totals.residents"));

        // the result layer is an OGC API collection for planners, with lineage in its rows and description
        given().header("X-API-Key", key).get("/collections/" + layer).then().statusCode(200)
                .body("description", containsString("buurt-statistics"))
                .body("description", containsString("model version 1.0.0"))
                .body("description", containsString("the baseline"));
        given().header("X-API-Key", key).get("/collections/" + layer + "/items?limit=100&properties=code,residents,source,source_run")
                .then().statusCode(200)
                .body("features", hasSize((int) buurtenInWijk))
                .body("features[0].properties.source", equalTo("process:buurt-statistics"))
                .body("features[0].properties.source_run", equalTo(job));
        given().get("/collections/" + layer).then().statusCode(404);
        // and as vector tiles: the tile over the Binnenstad (wijk 10) holds the layer
        double[] lonLat = TestDatabase.lonLat(203000, 502800);
        int z = 12;
        int x = (int) Math.floor((lonLat[0] + 180) / 360 * (1 << z));
        double lat = Math.toRadians(lonLat[1]);
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * (1 << z));
        given().header("X-API-Key", key).get("/collections/" + layer + "/tiles").then().statusCode(200);
        byte[] tile = given().header("X-API-Key", key)
                .get("/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + y + "/" + x).then()
                .statusCode(200).extract().asByteArray();
        assertTrue(new String(tile, java.nio.charset.StandardCharsets.ISO_8859_1).contains(layer), "tile layer name");
        assertEquals("1.0.0", TestDatabase.scalar(
                "SELECT model_version FROM tweeling.process_result_layer WHERE layer_id = ?", layer));
        assertEquals("10", TestDatabase.scalar(
                "SELECT inputs ->> 'wijk' FROM tweeling.process_result_layer WHERE layer_id = ?", layer));
    }

    @Test
    void syncExecutionAnswersWithTheResults() {
        String key = ProcessTesting.plannerKey();
        var r = given().header("X-API-Key", key).header("Prefer", "respond-sync").contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("wijk", "10", "use", "residential")))
                .post("/processes/buurt-statistics/execution").then().statusCode(200)
                .header("Preference-Applied", "respond-sync")
                .header("Location", containsString("/jobs/"))
                .extract();
        long buurten = TestDatabase.count(
                "SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL AND wijk_code = '10'");
        assertEquals(buurten, ((Number) r.path("totals.buurten")).longValue());
        assertTrue(((String) r.path("buurten.href")).contains("/collections/result-"));
        // a run longer than the sync limit is not small: it is answered asynchronously
        given().header("X-API-Key", key).header("Prefer", "respond-sync").contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("seconds", 11, "points", 0)))
                .post("/processes/test-wait/execution").then().statusCode(201);
        // respond-async is honoured and said so
        given().header("X-API-Key", key).header("Prefer", "respond-async").contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("seconds", 0)))
                .post("/processes/test-wait/execution").then().statusCode(201)
                .header("Preference-Applied", "respond-async");
    }

    @Test
    void badInputsAreAllListedAndStartNothing() {
        String key = ProcessTesting.plannerKey();
        ProcessTesting.execute(key, "buurt-statistics", Map.of("wijk", 5, "use", "castle", "colour", "red",
                "revision", -1)).then().statusCode(400).contentType("application/problem+json")
                .body("errors.input", hasItems("wijk", "use", "colour", "revision"))
                .body("errors", hasSize(5))
                .body("detail", containsString("nothing was started"));
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"inputs\": [1]}")
                .post("/processes/buurt-statistics/execution").then().statusCode(400)
                .body("detail", containsString("inputs must be an object"));
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"inputs\": {")
                .post("/processes/buurt-statistics/execution").then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body("{\"inputs\": {}, \"subscriber\": {\"successUri\": \"http://127.0.0.1:9/x\"}}")
                .post("/processes/buurt-statistics/execution").then().statusCode(400)
                .body("detail", containsString("Callbacks"));
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"inputs\": {}, \"mode\": 1}")
                .post("/processes/buurt-statistics/execution").then().statusCode(400)
                .body("detail", containsString("Unknown member mode"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE created_by = ?", keyName(key)));
        given().header("X-API-Key", key).contentType(ContentType.JSON).body(Map.of("inputs", Map.of()))
                .post("/processes/nope/execution").then().statusCode(404);
    }

    @Test
    void runningNeedsPlannerOrAdmin() {
        Map<String, Object> body = Map.of("inputs", Map.of("wijk", "10"));
        given().contentType(ContentType.JSON).body(body).post("/processes/buurt-statistics/execution").then()
                .statusCode(401).contentType("application/problem+json");
        given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType(ContentType.JSON).body(body)
                .post("/processes/buurt-statistics/execution").then().statusCode(403);
        String job = ProcessTesting.start(ProcessTesting.ADMIN_KEY, "buurt-statistics", Map.of("wijk", "10"));
        ProcessTesting.awaitEnd(ProcessTesting.ADMIN_KEY, job);
        // the job is visible to its starter and admins only
        String other = ProcessTesting.plannerKey();
        given().header("X-API-Key", other).get("/jobs/" + job).then().statusCode(404);
        given().header("X-API-Key", other).get("/jobs/" + job + "/results").then().statusCode(404);
        given().get("/jobs/" + job).then().statusCode(404);
    }

    private static String keyName(String key) {
        return String.valueOf(TestDatabase.scalar("SELECT name FROM tweeling.api_key"
                + " WHERE key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')", key));
    }
}
