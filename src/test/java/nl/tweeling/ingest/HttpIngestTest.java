package nl.tweeling.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/** POST /ingest/observations: the first write endpoint, guarded by API keys with roles. */
@QuarkusTest
class HttpIngestTest {

    static String body(String key, String time, double result) {
        return "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + time + "\",\"result\":" + result + "}";
    }

    @Test
    void withoutKeyIs401Problem() {
        String key = TestDatabase.newDatastream("NO2");
        given().contentType("application/json").body(body(key, "2026-04-01T10:00:00Z", 10))
                .post("/ingest/observations").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("X-API-Key", "twk_not-a-real-key").contentType("application/json").body(body(key, "2026-04-01T10:00:00Z", 10))
                .post("/ingest/observations").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void keyWithoutIngestRoleIs403Problem() {
        String key = TestDatabase.newDatastream("NO2");
        String planner = TestDatabase.newApiKey("planner");
        given().header("Authorization", "Bearer " + planner).contentType("application/json")
                .body(body(key, "2026-04-01T10:00:00Z", 10))
                .post("/ingest/observations").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void deploymentProvidedAdminKeyHashIsRegistered() {
        // application.properties (test profile) sets tweeling.security.admin-key-hash to this key's SHA-256
        String key = TestDatabase.newDatastream("NO2");
        given().header("X-API-Key", "twk_test_bootstrap_admin_key_0123456789").contentType("application/json")
                .body(body(key, "2026-04-01T10:00:00Z", 10))
                .post("/ingest/observations").then().statusCode(202);
    }

    @Test
    void revokedKeyIs401() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        TestDatabase.update("UPDATE tweeling.api_key SET revoked_at = now() WHERE key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')", apiKey);
        given().header("X-API-Key", apiKey).contentType("application/json").body(body(key, "2026-04-01T10:00:00Z", 10))
                .post("/ingest/observations").then().statusCode(401);
    }

    @Test
    void ingestKeyProducesToKafkaAndObservationsBecomeVisible() {
        String key = TestDatabase.newDatastream("water_level");
        String apiKey = TestDatabase.newApiKey("ingest");
        String array = "[" + body(key, "2026-04-01T10:00:00Z", 120) + "," + body(key, "2026-04-01T10:10:00Z", 121) + "]";
        given().header("X-API-Key", apiKey).contentType("application/json").body(array)
                .post("/ingest/observations").then().statusCode(202).body("accepted", equalTo(2));
        String ndjson = body(key, "2026-04-01T10:20:00Z", 122) + "\n" + body(key, "2026-04-01T10:30:00Z", 123) + "\n";
        String admin = TestDatabase.newApiKey("admin");
        given().header("Authorization", "Bearer " + admin).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/ingest/observations").then().statusCode(202).body("accepted", equalTo(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(4))
                .body("observations[3].result", equalTo(123.0f)));
    }

    @Test
    void eachKeyIsRateLimited() {
        // the test profile allows 50 observations/s with bursts of 100 per key
        String key = TestDatabase.newDatastream("traffic_count");
        String apiKey = TestDatabase.newApiKey("ingest");
        StringBuilder a = new StringBuilder("[");
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            String t = java.time.Instant.parse("2026-05-01T00:00:00Z").plusSeconds(60L * i).toString();
            a.append(i > 0 ? "," : "").append(body(key, t, i));
            b.append(i > 0 ? "," : "").append(body(key, java.time.Instant.parse(t).plusSeconds(30).toString(), i));
        }
        given().header("X-API-Key", apiKey).contentType("application/json").body(a.append("]").toString())
                .post("/ingest/observations").then().statusCode(202);
        given().header("X-API-Key", apiKey).contentType("application/json").body(b.append("]").toString())
                .post("/ingest/observations").then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        long id = TestDatabase.datastreamId(key);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 100);
    }

    @Test
    void senmlPacksAreAccepted() {
        String key = TestDatabase.newDatastream("air_temperature");
        String apiKey = TestDatabase.newApiKey("ingest");
        String pack = "[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"u\":\"Cel\",\"v\":11.5},{\"t\":600,\"v\":12.0}]";
        given().header("X-API-Key", apiKey).contentType("application/senml+json").body(pack.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/ingest/observations").then().statusCode(202).body("accepted", equalTo(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(2))
                .body("observations[0].phenomenonTime", equalTo("2026-03-31T23:33:20Z"))
                .body("observations[1].result", equalTo(12.0f)));
        given().header("X-API-Key", apiKey).contentType("application/senml+json").body("[{\"v\":1}]".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/ingest/observations").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    @Test
    void invalidObservationsReject400AndNothingIsWritten() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        String array = "[" + body(key, "2026-04-01T10:00:00Z", 10) + "," + body("no-such-datastream", "2026-04-01T10:00:00Z", 10)
                + "," + body(key, "3026-04-01T10:00:00Z", 10) + "," + body(key, "2026-04-01T11:00:00Z", -5) + "]";
        given().header("X-API-Key", apiKey).contentType("application/json").body(array)
                .post("/ingest/observations").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.size()", equalTo(3))
                .body("errors[0].index", equalTo(1));
        given().header("X-API-Key", apiKey).contentType("application/json").body("[{\"datastream\": ")
                .post("/ingest/observations").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        // a later valid message shows the stream has moved past this point: the rejected ones never arrive
        given().header("X-API-Key", apiKey).contentType("application/json").body(body(key, "2026-04-01T12:00:00Z", 12))
                .post("/ingest/observations").then().statusCode(202);
        long id = TestDatabase.datastreamId(key);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 1);
        assertEquals(12.0, ((Number) TestDatabase.scalar(
                "SELECT result FROM tweeling.observation WHERE datastream_id = ?", id)).doubleValue());
    }
}
