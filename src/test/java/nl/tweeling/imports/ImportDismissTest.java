package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Processes, conformance class dismiss, for imports: {@code DELETE /jobs/{id}} stops a running import,
 * which then changes nothing (no new layer; an existing layer keeps its rows, fields and registry entry) and
 * leaves no staging table; finished jobs are kept (409); unknown ids are 404; only admin or the key that started
 * the job may dismiss it.
 *
 * <p>The imports are real (71,888 address points) and the DELETE is sent as soon as GET /jobs/{id} shows the wanted
 * phase. An import may still win that race and finish first; the DELETE then answers 409 and the scenario is run
 * again with a fresh layer (at most {@link #ATTEMPTS} times; at least one run must be dismissed).
 */
@QuarkusTest
class ImportDismissTest {

    private static final int ATTEMPTS = 5;
    private static final String ADDRESSES = "buildings/zwolle_digitale_tweeling_adressen_2d.";

    private static Path[] addresses() {
        return new Path[] {RealData.file(ADDRESSES + "shp"), RealData.file(ADDRESSES + "shx"),
                RealData.file(ADDRESSES + "prj"), RealData.file(ADDRESSES + "cpg")};
    }

    private static String table(String layer) {
        return "tweeling_layer.\"" + layer + "\"";
    }

    private static boolean exists(String qualifiedTable) {
        return TestDatabase.scalar("SELECT to_regclass(?)", qualifiedTable) != null;
    }

    private static String stageTable(String job) {
        return "tweeling_stage.run_" + job.replace("-", "");
    }

    /** Everything an import can change about a layer: its rows, fields and registry entry (as a digest). */
    private static String snapshot(String layer) {
        return TestDatabase.scalar("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                + " FROM " + table(layer) + " t") + " " + TestDatabase.scalar(
                "SELECT md5(l::text) FROM tweeling.layer l WHERE id = ?", layer) + " " + TestDatabase.scalar(
                "SELECT md5(coalesce(string_agg(f::text, '|' ORDER BY f::text), '')) FROM tweeling.layer_field f"
                        + " WHERE layer_id = ?", layer);
    }

    private static JsonPath status(String job) {
        return given().header("X-API-Key", ImportSupport.ADMIN_KEY).get("/jobs/" + job).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Polls the job until {@code phase} holds (then DELETEs it at once) or it has ended; returns the DELETE's
     * response, or null when the job ended before the phase was seen.
     */
    private static Response dismissWhen(String job, Predicate<JsonPath> phase) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath s = status(job);
            String st = s.getString("status");
            if (!st.equals("accepted") && !st.equals("running")) {
                return null;
            }
            if (phase.test(s)) {
                return given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/" + job);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + job + " neither ran nor ended");
    }

    private static JsonPath awaitEnd(String job) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = status(job);
            return List.of("successful", "failed", "dismissed").contains(last[0].getString("status"));
        });
        return last[0];
    }

    /** Checks a dismissal answered 200 with the statusInfo, and what the job says afterwards. */
    private static void checkDismissed(Response delete, String job) {
        delete.then().statusCode(200).contentType("application/json")
                .body("jobID", equalTo(job))
                .body("status", equalTo("dismissed"))
                .body("message", containsString("dismissed"))
                .body("links.rel", not(hasItem("http://www.opengis.net/def/rel/ogc/1.0/results")));
        assertEquals("dismissed", status(job).getString("status"));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).get("/jobs/" + job + "/results").then().statusCode(404).contentType("application/problem+json");
        assertFalse(exists(stageTable(job)), "the staging table of a dismissed import is dropped");
        // dismissing again answers the same (DELETE is idempotent)
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/" + job).then().statusCode(200)
                .body("status", equalTo("dismissed"));
    }

    /** Dismissed as soon as it runs: mostly while ogr2ogr stages the file. */
    @Test
    void aRunningImportIntoANewLayerIsDismissedAndCreatesNothing() {
        dismissNewLayerImport(s -> s.getString("status").equals("running"));
    }

    /**
     * Dismissed in its transaction (progress 75 and above), which creates and registers the layer: the statement
     * is cancelled and the creation rolled back.
     */
    @Test
    void aNewLayerImportDismissedInItsTransactionCreatesNothing() {
        dismissNewLayerImport(s -> s.getInt("progress") >= 75);
    }

    private static void dismissNewLayerImport(Predicate<JsonPath> phase) {
        List<String> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String layer = ImportSupport.layerName("dismissed");
            String job = ImportSupport.upload(Map.of("layer", layer), addresses());
            Response delete = dismissWhen(job, phase);
            if (delete == null || delete.statusCode() == 409) {
                // the import won the race: it ended as usual and is kept
                JsonPath end = awaitEnd(job);
                assertEquals("successful", end.getString("status"), end.getString("message"));
                outcomes.add("finished first");
                continue;
            }
            checkDismissed(delete, job);
            assertFalse(exists(table(layer)), "a dismissed import creates no layer table");
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", layer));
            given().get("/collections/" + layer).then().statusCode(404);
            return;
        }
        throw new AssertionError("no run was caught running in " + ATTEMPTS + " attempts: " + outcomes);
    }

    /**
     * A re-import dismissed while its transaction runs (progress 75 and above: versioning the features) leaves the
     * layer exactly as it was: the statement is cancelled and the transaction rolled back.
     */
    @Test
    void aReimportDismissedInItsTransactionLeavesTheLayerAsItWas() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dismiss");
        Path subset = dir.resolve("first-1000.geojson");
        Process ogr = new ProcessBuilder("ogr2ogr", "-f", "GeoJSON", subset.toString(),
                RealData.file(ADDRESSES + "shp").toString(), "-limit", "1000").redirectErrorStream(true).start();
        String out = new String(ogr.getInputStream().readAllBytes());
        assertEquals(0, ogr.waitFor(), out);
        List<String> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String layer = ImportSupport.layerName("kept");
            ImportSupport.importOk(Map.of("layer", layer, "crs", "EPSG:28992"), subset);
            String before = snapshot(layer);
            assertTrue(before.startsWith("1000:"), before);

            String job = ImportSupport.upload(Map.of("layer", layer, "mode", "replace"), addresses());
            Response delete = dismissWhen(job, s -> s.getInt("progress") >= 75);
            if (delete == null || delete.statusCode() == 409) {
                JsonPath end = awaitEnd(job);
                assertEquals("successful", end.getString("status"), end.getString("message"));
                assertFalse(snapshot(layer).equals(before), "a successful re-import changes the layer");
                outcomes.add("finished first");
                continue;
            }
            checkDismissed(delete, job);
            assertEquals(before, snapshot(layer), "a dismissed re-import leaves the layer exactly as it was");
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE source_run = ?",
                    UUID.fromString(job)));
            given().get("/collections/" + layer + "/items?limit=1").then().statusCode(200)
                    .body("numberMatched", equalTo(1000));
            return;
        }
        throw new AssertionError("no re-import was caught in its transaction in " + ATTEMPTS + " attempts: " + outcomes);
    }

    @Test
    void finishedJobsAreKeptAndAnswer409() {
        String layer = ImportSupport.layerName("finished");
        String ok = ImportSupport.upload(Map.of("layer", layer),
                RealData.file("boundaries/cbs_gemeenten_2022_gegeneraliseerd.geojson"));
        assertEquals("successful", awaitEnd(ok).getString("status"));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/" + ok).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("lineage"));
        JsonPath after = status(ok);
        assertEquals("successful", after.getString("status"));
        assertTrue(TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE source_run = ?",
                UUID.fromString(ok)) > 0, "the layer's rows still name the job");

        String bad = given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body(Map.of("url", "http://127.0.0.2:" + io.restassured.RestAssured.port + "/collections/none/items",
                        "layer", ImportSupport.layerName("finished")))
                .post("/imports").then().statusCode(201).extract().path("jobID");
        assertEquals("failed", awaitEnd(bad).getString("status"));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/" + bad).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals("failed", status(bad).getString("status"));
    }

    @Test
    void unknownOrMalformedJobIdsAre404() {
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).delete("/jobs/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void onlyAdminOrTheStartingKeyMayDismiss() {
        String ingest = TestDatabase.newApiKey("ingest");
        String otherIngest = TestDatabase.newApiKey("ingest");
        String layer = ImportSupport.layerName("owned");
        String job = given().header("X-API-Key", ingest)
                .multiPart("file", RealData.file("boundaries/cbs_gemeenten_2022_gegeneraliseerd.geojson").toFile())
                .multiPart("layer", layer).post("/imports").then().statusCode(201).extract().path("jobID");
        given().delete("/jobs/" + job).then().statusCode(401).contentType("application/problem+json");
        given().header("X-API-Key", "twk_unknown_key_0000000000000000000000").delete("/jobs/" + job).then()
                .statusCode(401);
        given().header("X-API-Key", TestDatabase.newApiKey("planner")).delete("/jobs/" + job).then().statusCode(403)
                .contentType("application/problem+json");
        given().header("X-API-Key", otherIngest).delete("/jobs/" + job).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("did not start"));
        // the key that started it may: dismissed if still running, 409 once it has succeeded
        int code = given().header("X-API-Key", ingest).delete("/jobs/" + job).then().extract().statusCode();
        assertTrue(code == 200 || code == 409, "status " + code);
        String end = awaitEnd(job).getString("status");
        assertEquals(code == 200 ? "dismissed" : "successful", end);
    }
}
