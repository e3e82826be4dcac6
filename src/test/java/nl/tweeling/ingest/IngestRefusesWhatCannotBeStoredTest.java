package nl.tweeling.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import nl.tweeling.support.TestDatabase;

/**
 * POST /ingest/observations answers 202 only for what the broker and the database will take: times that
 * overflow, NUL characters, messages larger than the broker takes and bodies with content after the JSON
 * are refused at once (400 or 413, nothing produced), instead of being stored wrong, dead-lettered or
 * "retried later" for ever. Two observations less than 1 µs apart share a key (the key keeps microseconds):
 * the later one is a correction (issue 11, point 6).
 */
@QuarkusTest
class IngestRefusesWhatCannotBeStoredTest {

    private static final String SENML = "application/senml+json";

    private static ValidatableResponse post(String apiKey, String contentType, String body) {
        return given().header("X-API-Key", apiKey).contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/ingest/observations").then();
    }

    private static ValidatableResponse refused(String apiKey, String contentType, String body, int status) {
        return post(apiKey, contentType, body).statusCode(status).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }

    /** Sends one valid marker after the refused requests and waits for it: then the datastream holds only it. */
    private static void onlyTheMarkerArrives(String apiKey, String key) {
        post(apiKey, "application/json", HttpIngestTest.body(key, "2026-04-01T12:00:00Z", 12)).statusCode(202);
        long id = TestDatabase.datastreamId(key);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) >= 1);
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id));
        assertEquals(12.0, ((Number) TestDatabase.scalar(
                "SELECT result FROM tweeling.observation WHERE datastream_id = ?", id)).doubleValue());
    }

    @Test
    void senmlTimesDoNotWrapAround() {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        // 20208705273.709551616 s is in the year 2610; the nanoseconds squeezed into a long wrapped to 2025-11-01
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":20208705273.709551616,\"v\":2.5}]", 400)
                .body("errors[0].reason", containsString("more than 24 h in the future"));
        // 1e300 s landed in 1970
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":1e300,\"v\":2.5}]", 400)
                .body("detail", containsString("out of range"));
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":-1e300,\"v\":2.5}]", 400)
                .body("detail", containsString("out of range"));
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"v\":2.5},{\"t\":1e18,\"v\":2.6}]", 400);
        onlyTheMarkerArrives(apiKey, key);
    }

    @Test
    void aNulCharacterIsA400NotADeadLetter() {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        String t = "\"phenomenonTime\":\"2026-04-01T10:00:00Z\"";
        refused(apiKey, "application/json", "{\"datastream\":\"" + key + "\"," + t + ",\"result\":1,\"resultQuality\":\"ok\\u0000\"}", 400)
                .body("errors[0].reason", containsString("NUL"));
        refused(apiKey, "application/json", "[{\"datastream\":\"" + key + "\"," + t + ",\"result\":1,\"resultQuality\":\"\\u0000\"}]", 400);
        refused(apiKey, "application/x-ndjson", "{\"datastream\":\"" + key + "\"," + t + ",\"result\":1,\"resultQuality\":\"a\\u0000\"}\n", 400);
        refused(apiKey, "application/json", "{\"datastream\":\"" + key + "\"," + t + ",\"result\":\"text\\u0000\"}", 400)
                .body("errors[0].reason", containsString("NUL"));
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"vs\":\"\\u0000\"}]", 400);
        // an escaped backslash before u0000 is no NUL: that one is stored
        post(apiKey, "application/json", "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T09:00:00Z\","
                + "\"result\":\"a\\\\u0000\"}").statusCode(202);
        long id = TestDatabase.datastreamId(key);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 1);
        assertEquals("a\\u0000", TestDatabase.scalar(
                "SELECT result_json #>> '{}' FROM tweeling.observation WHERE datastream_id = ?", id));
    }

    @Test
    void aMessageLargerThanTheBrokerTakesIsA413NotA503() {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        String big = "x".repeat(5 * 1024 * 1024);
        refused(apiKey, "application/json", "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T10:00:00Z\","
                + "\"result\":1,\"resultQuality\":\"" + big + "\"}", 413)
                .body("errors[0].index", equalTo(0))
                .body("detail", containsString("broker"));
        refused(apiKey, "application/json", "[" + HttpIngestTest.body(key, "2026-04-01T10:00:00Z", 1) + ",{\"datastream\":\""
                + key + "\",\"phenomenonTime\":\"2026-04-01T10:10:00Z\",\"result\":1,\"resultQuality\":\"" + big + "\"}]", 413)
                .body("errors[0].index", equalTo(1));
        onlyTheMarkerArrives(apiKey, key);
    }

    @Test
    void contentAfterTheJsonIsA400() {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        String obs = HttpIngestTest.body(key, "2026-04-01T10:00:00Z", 1);
        refused(apiKey, "application/json", "[" + obs + "]xyz", 400);
        refused(apiKey, "application/json", "[" + obs + "][" + obs + "]", 400);
        refused(apiKey, "application/json", obs + "xyz", 400);
        refused(apiKey, "application/json", obs + obs, 400);
        refused(apiKey, SENML, "[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"v\":2.5}]xyz", 400);
        onlyTheMarkerArrives(apiKey, key);
        // white space after the JSON is fine
        post(apiKey, "application/json", "[" + HttpIngestTest.body(key, "2026-04-01T13:00:00Z", 13) + "]\n  ").statusCode(202);
    }

    @Test
    void observationsLessThanAMicrosecondApartShareTheirKeyAndTheLaterIsACorrection() {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        long id = TestDatabase.datastreamId(key);
        // in one request
        post(apiKey, "application/json", "[" + HttpIngestTest.body(key, "2026-04-02T10:00:00.000000001Z", 1) + ","
                + HttpIngestTest.body(key, "2026-04-02T10:00:00.000000002Z", 2) + "]").statusCode(202);
        // in two requests
        post(apiKey, "application/json", HttpIngestTest.body(key, "2026-04-02T11:00:00.123456100Z", 3)).statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 2);
        post(apiKey, "application/json", HttpIngestTest.body(key, "2026-04-02T11:00:00.123456900Z", 4)).statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM tweeling.observation WHERE datastream_id = ? AND result = 4", id) == 1);
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2026-04-02T10:00:00Z' AND result = 2 AND corrections = 1", id));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2026-04-02T11:00:00.123456Z' AND result = 4 AND corrections = 1", id));
    }
}
