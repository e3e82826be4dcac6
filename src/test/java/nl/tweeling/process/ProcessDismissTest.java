package nl.tweeling.process;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Processes Part 1, conformance class dismiss: DELETE /jobs/{id} stops a running process job (nothing it
 * wrote remains) and deletes a finished one's results (its result layers and figures).
 */
@QuarkusTest
class ProcessDismissTest {

    @Test
    void dismissingARunningJobStopsItAndLeavesNothing() {
        String key = ProcessTesting.plannerKey();
        String job = ProcessTesting.start(key, "test-wait", Map.of("seconds", 30, "points", 5,
                "figures", Map.of("100", 1)));
        // it runs and reports progress
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath s = given().header("X-API-Key", key).get("/jobs/" + job).then().extract().jsonPath();
            return "running".equals(s.getString("status")) && s.getInt("progress") > 0;
        });
        String layer = "result-" + job.substring(0, 8) + "-points";
        given().header("X-API-Key", ProcessTesting.plannerKey()).delete("/jobs/" + job).then().statusCode(403);
        given().header("X-API-Key", key).delete("/jobs/" + job).then().statusCode(200)
                .body("status", equalTo("dismissed"));
        JsonPath end = ProcessTesting.awaitEnd(key, job);
        assertEquals("dismissed", end.getString("status"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", layer));
        assertNull(TestDatabase.scalar("SELECT to_regclass(?)", "tweeling_result.\"" + layer + "\""));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.process_figure WHERE job_id = ?::uuid", job));
        given().header("X-API-Key", key).get("/jobs/" + job + "/results").then().statusCode(404);
    }

    @Test
    void deletingAFinishedJobRemovesItsResultLayers() {
        String key = ProcessTesting.plannerKey();
        String job = ProcessTesting.run(key, "test-wait", Map.of("seconds", 0, "points", 3, "figures", Map.of("100", 4)));
        String layer = "result-" + job.substring(0, 8) + "-points";
        given().header("X-API-Key", key).get("/collections/" + layer + "/items").then().statusCode(200)
                .body("numberMatched", equalTo(3));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.process_figure WHERE job_id = ?::uuid", job));

        given().delete("/jobs/" + job).then().statusCode(401).contentType("application/problem+json");
        given().header("X-API-Key", ProcessTesting.plannerKey()).delete("/jobs/" + job).then().statusCode(403);
        given().header("X-API-Key", key).delete("/jobs/" + job).then().statusCode(200)
                .body("status", equalTo("dismissed"));
        given().header("X-API-Key", key).get("/collections/" + layer).then().statusCode(404);
        assertNull(TestDatabase.scalar("SELECT to_regclass(?)", "tweeling_result.\"" + layer + "\""));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.process_figure WHERE job_id = ?::uuid", job));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.process_result_layer WHERE job_id = ?::uuid",
                job));
        given().header("X-API-Key", key).get("/jobs/" + job + "/results").then().statusCode(404);
        // DELETE is idempotent
        given().header("X-API-Key", ProcessTesting.ADMIN_KEY).delete("/jobs/" + job).then().statusCode(200)
                .body("status", equalTo("dismissed"));
    }
}
