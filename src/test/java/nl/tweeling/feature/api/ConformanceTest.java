package nl.tweeling.feature.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** GET /conformance: the declared classes, with the URIs exactly as the standards spell them. */
@QuarkusTest
class ConformanceTest {

    /** Spelled out here rather than taken from {@link Conformance}, so a typo there fails this test. */
    static final List<String> EXPECTED = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
            "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-styles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-styles-1/1.0/conf/mapbox-styles",
            "http://www.opengis.net/spec/ogcapi-styles-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss");

    @Test
    void declaresExactlyTheClassesTweelingImplements() {
        assertEquals(EXPECTED, Conformance.DECLARED);
        for (String accept : new String[] {null, "*/*", "application/json"}) {
            var request = given();
            if (accept != null) {
                request.accept(accept);
            }
            List<String> served = request.get("/conformance").then().statusCode(200)
                    .contentType(startsWith("application/json"))
                    .header("Vary", containsString("Accept"))
                    .extract().jsonPath().getList("conformsTo", String.class);
            assertEquals(EXPECTED, served);
        }
        assertEquals(EXPECTED, given().get("/conformance?f=json").then().statusCode(200)
                .extract().jsonPath().getList("conformsTo", String.class));
    }

    @Test
    void htmlByParameterAndByBrowserAccept() {
        for (ValidatableResponse r : List.of(
                given().get("/conformance?f=html").then(),
                given().accept(FormatTest.BROWSER).get("/conformance").then())) {
            r.statusCode(200).contentType(startsWith("text/html"));
            String body = r.extract().asString();
            for (String uri : EXPECTED) {
                org.junit.jupiter.api.Assertions.assertTrue(body.contains("href=\"" + uri + "\""), uri);
            }
            org.junit.jupiter.api.Assertions.assertTrue(body.contains("href=\"?f=json\""));
        }
    }

    @Test
    void unknownFormatIs400AndUnacceptableIs406() {
        given().get("/conformance?f=xml").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("f"))
                .body("status", equalTo(400));
        given().accept("image/png").get("/conformance").then().statusCode(406)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(406))
                .body("code", equalTo("NotAcceptable"));
    }
}
