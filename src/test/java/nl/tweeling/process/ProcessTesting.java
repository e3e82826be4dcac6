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
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonPath s = given().header("X-API-Key", key).get("/jobs/" + job).then().statusCode(200).extract()
                        .jsonPath();
                last.set(s);
                return Set.of("successful", "failed", "dismissed").contains(s.getString("status"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("job " + job + " did not end: last seen " + (last.get() == null ? "never"
                    : last.get().prettify()) + "; busy sessions: " + busySessions(), e);
        }
        return last.get();
    }

    /** What the database's sessions do now (for a job that does not end). */
    static String busySessions() {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = TestDatabase.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT pid, state, wait_event_type, wait_event,"
                        + " now() - query_start, left(query, 400) FROM pg_stat_activity"
                        + " WHERE state <> 'idle' AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                out.append("\n[").append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append('/').append(rs.getString(4)).append(' ')
                        .append(rs.getString(5)).append("] ").append(rs.getString(6));
            }
        } catch (java.sql.SQLException e) {
            out.append(e.getMessage());
        }
        return out.toString();
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
