package nl.tweeling.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/** Health, metrics, OpenAPI and error format. */
@QuarkusTest
class OpsTest {

    @Test
    void readinessChecksDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("kafka"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void prometheusMetricsIncludeIngestion() {
        // the lag gauges appear once the consumer has its partitions
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("jvm_memory_used_bytes"))
                        .body(containsString("tweeling_ingest_consumer_lag")));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/collections/{collectionId}/items"))
                .body("paths", org.hamcrest.Matchers.hasKey("/ingest/observations"));
    }

    @Test
    void unknownPathIsA404Problem() {
        given().get("/no/such/path").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIsA405ProblemWithoutInternals() {
        given().delete("/collections").then().statusCode(405)
                .contentType(startsWith("application/problem+json"))
                .body(not(containsString("Exception")));
    }

    @Test
    void observationPartitionsAreMonthlyNowAndYearlyForOldData() {
        assertTrue(TestDatabase.count("SELECT count(*) FROM pg_class WHERE relname = 'observation_y1989'") == 1);
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString().replace("-", "");
        assertTrue(TestDatabase.count("SELECT count(*) FROM pg_class WHERE relname = ?", "observation_m" + month) == 1);
        String ahead = java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(3).toString().replace("-", "");
        assertTrue(TestDatabase.count("SELECT count(*) FROM pg_class WHERE relname = ?", "observation_m" + ahead) == 1);
    }
}
