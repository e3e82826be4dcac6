package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every resource has an HTML page for a browser (f=html or Accept: text/html), and observations name their
 * datastream so that a series reads on its own (key, name, unit).
 */
@QuarkusTest
class ResourcePagesTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @Test
    void datastreamsJobsAndObservationsHaveHtmlPages() {
        given().get("/datastreams?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("aq-01-no2")).body(containsString("<table"));
        given().accept("text/html").get("/datastreams").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/datastreams/aq-01-no2?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("aq-01-no2"));
        given().get("/datastreams/aq-01-no2/observations?f=html&limit=5").then().statusCode(200)
                .contentType(startsWith("text/html")).body(containsString("phenomenonTime"));
        given().header("X-API-Key", ADMIN).get("/jobs?f=html").then().statusCode(200)
                .contentType(startsWith("text/html")).body(containsString("Jobs"));
        String job = given().header("X-API-Key", ADMIN).get("/jobs?limit=1").then().statusCode(200)
                .extract().path("jobs[0].jobID");
        given().header("X-API-Key", ADMIN).get("/jobs/" + job + "?f=html").then().statusCode(200)
                .contentType(startsWith("text/html")).body(containsString(job));
        given().get("/harvesters?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("Harvesters"));
        // JSON stays the default
        given().get("/datastreams").then().statusCode(200).contentType(startsWith("application/json"));
        given().get("/datastreams?f=xml").then().statusCode(400).body("parameter", equalTo("f"));
    }

    @Test
    void observationsNameTheirDatastreamWithKeyAndUnit() {
        given().get("/datastreams/aq-01-no2/observations?limit=2").then().statusCode(200)
                .body("datastream.key", equalTo("aq-01-no2"))
                .body("datastream.id", notNullValue())
                .body("datastream.unitOfMeasurement.symbol", notNullValue())
                .body("links.find { it.rel == 'datastream' }.href", containsString("/datastreams/"));
    }

    @Test
    void jobsRejectParametersTheyDoNotTake() {
        given().header("X-API-Key", ADMIN).get("/jobs?foo=1").then().statusCode(400).body("parameter", equalTo("foo"));
        given().header("X-API-Key", ADMIN).get("/jobs?limit=%EF%BC%91%EF%BC%90").then().statusCode(400)
                .body("parameter", equalTo("limit"));
        given().header("X-API-Key", ADMIN).get("/jobs?limit=5&limit=6").then().statusCode(400);
    }
}
