package nl.tweeling.process;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** OGC API – Processes Part 1, conformance class job-list: GET /jobs with its filters and paging. */
@QuarkusTest
class JobListTest {

    @Test
    void filtersAndPages() throws InterruptedException {
        String key = ProcessTesting.plannerKey();
        Instant before = Instant.now().minusSeconds(1);
        String quick = ProcessTesting.run(key, "test-wait", Map.of("seconds", 0));
        String failed = ProcessTesting.start(key, "buurt-statistics", Map.of("wijk", "Zz9none"));
        assertEquals("failed", ProcessTesting.awaitEnd(key, failed).getString("status"));
        String slow = ProcessTesting.run(key, "test-wait", Map.of("seconds", 2.5));

        assertEquals(Set.of(quick, failed, slow), ids(key, "type=process"));
        assertEquals(Set.of(quick, slow), ids(key, "processID=test-wait"));
        assertEquals(Set.of(quick, failed, slow), ids(key, "processID=test-wait&processID=buurt-statistics"));
        assertEquals(Set.of(quick, failed, slow), ids(key, "processID=test-wait,buurt-statistics"));
        assertEquals(Set.of(failed), ids(key, "status=failed"));
        assertEquals(Set.of(quick, slow), ids(key, "status=successful"));
        assertEquals(Set.of(quick, failed, slow), ids(key, "status=successful,failed"));
        assertEquals(Set.of(slow), ids(key, "minDuration=2"));
        assertEquals(Set.of(quick, failed), ids(key, "maxDuration=1"));
        assertEquals(Set.of(quick, failed, slow), ids(key, "datetime=" + before + "/.."));
        assertEquals(Set.of(), ids(key, "datetime=../" + before));
        assertEquals(Set.of(), ids(key, "type=import"));
        assertEquals(Set.of(), ids(key, "type=import&processID=test-wait"));
        assertEquals("buurt-statistics", given().header("X-API-Key", key).get("/jobs?status=failed").then()
                .statusCode(200).extract().path("jobs[0].processID"));

        // pages of two, newest first, linked by next
        JsonPath page1 = given().header("X-API-Key", key).get("/jobs?limit=2").then().statusCode(200)
                .body("links.rel", hasItem("next")).extract().jsonPath();
        assertEquals(List.of(slow, failed), page1.getList("jobs.jobID"));
        String next = page1.getString("links.find { it.rel == 'next' }.href");
        assertTrue(next.contains("limit=2") && next.contains("offset=2"), next);
        given().header("X-API-Key", key).get(next.substring(next.indexOf("/jobs"))).then().statusCode(200)
                .body("jobs.jobID", equalTo(List.of(quick)))
                .body("links.rel", not(hasItem("next")));

        for (String bad : List.of("status=done", "minDuration=x", "maxDuration=-1", "processID=", "offset=-1",
                "datetime=yesterday", "type=%00")) {
            String parameter = bad.substring(0, bad.indexOf('='));
            given().header("X-API-Key", key).urlEncodingEnabled(false).get("/jobs?" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("parameter", equalTo(parameter));
        }
        // without a key: nothing
        given().get("/jobs?type=process").then().statusCode(200).body("jobs", org.hamcrest.Matchers.empty());
    }

    private static Set<String> ids(String key, String query) {
        return Set.copyOf(given().header("X-API-Key", key).urlEncodingEnabled(false).get("/jobs?" + query).then()
                .statusCode(200).extract().jsonPath().getList("jobs.jobID", String.class));
    }
}
