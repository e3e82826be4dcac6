package nl.tweeling.process;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import nl.tweeling.support.TestDatabase;

/** Helpers of the process tests: keys, execute requests, waiting for a job's end. */
final class ProcessTesting {

    static final String ADMIN_KEY = "twk_test_bootstrap_admin_key_0123456789";

    private ProcessTesting() {
    }

    static String plannerKey() {
        return TestDatabase.newApiKey("planner");
    }

    /** POST /processes/{id}/execution with {"inputs": inputs}. */
    static Response execute(String key, String process, Map<String, Object> inputs) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(Map.of("inputs", inputs))
                .post("/processes/" + process + "/execution");
    }

    /** Starts an asynchronous run and returns its job id. */
    static String start(String key, String process, Map<String, Object> inputs) {
        return execute(key, process, inputs).then().statusCode(201).extract().path("jobID");
    }

    /** Waits until the job has ended; returns its statusInfo. */
    static JsonPath awaitEnd(String key, String job) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath s = given().header("X-API-Key", key).get("/jobs/" + job).then().statusCode(200).extract()
                    .jsonPath();
            last.set(s);
            return Set.of("successful", "failed", "dismissed").contains(s.getString("status"));
        });
        return last.get();
    }

    /** Runs to the end and checks it succeeded; returns the job id. */
    static String run(String key, String process, Map<String, Object> inputs) {
        String job = start(key, process, inputs);
        JsonPath s = awaitEnd(key, job);
        if (!"successful".equals(s.getString("status"))) {
            throw new AssertionError("job " + job + " ended " + s.getString("status") + ": " + s.getString("message"));
        }
        return job;
    }
}
