package nl.tweeling.platform.http;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/**
 * Reads run on a pool of their own under a statement timeout (ReadPool): a read that runs too long, or finds
 * every read connection taken, is a 503 problem, and ingestion, which writes through the other pool, goes on.
 * The profile makes the timeout 1 ms, which an item page of thousands of addresses never meets, and the read
 * pool two connections, which the test takes itself.
 */
@QuarkusTest
@TestProfile(ReadLimitsTest.TinyReadLimits.class)
class ReadLimitsTest {

    public static class TinyReadLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tweeling.http.statement-timeout", "1ms",
                    "quarkus.datasource.\"read\".jdbc.max-size", "2",
                    "quarkus.datasource.\"read\".jdbc.acquisition-timeout", "1S");
        }
    }

    @Inject
    @DataSource(ReadPool.NAME)
    AgroalDataSource readPool;

    @Test
    void aPageThatRunsPastTheStatementTimeoutIsA503Problem() {
        // the reviewer's request: every address on one page
        given().get("/collections/addresses/items?bbox=-180,-90,180,90&limit=10000").then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(503))
                .body("code", equalTo("ServiceUnavailable"))
                .body("detail", containsString("longer than 0.001 s"))
                .body("detail", containsString("tweeling.http.statement-timeout"))
                .body("detail", containsString("bbox"))
                .body("requestId", notNullValue());
    }

    @Test
    void whileEveryReadConnectionIsTakenReadsAre503AndIngestionGoesOn() throws Exception {
        String key = TestDatabase.newDatastream("water_level");
        long id = TestDatabase.datastreamId(key);
        List<Connection> held = new ArrayList<>();
        try {
            held.add(readPool.getConnection());
            held.add(readPool.getConnection());
            given().get("/datastreams/" + key).then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", "2")
                    .body("detail", containsString("as many reads"));
            // a busy read pool does not take the instance out of service
            given().get("/q/health/ready").then().statusCode(200);
            given().header("X-API-Key", BodyLimitsTest.ADMIN_KEY).contentType("application/json")
                    .body("{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T10:00:00Z\",\"result\":1.5}")
                    .post("/ingest/observations").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 1);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
