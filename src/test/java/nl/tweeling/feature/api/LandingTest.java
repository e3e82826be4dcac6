package nl.tweeling.feature.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /: every link relation the landing page must carry, with its media type, and each link works. */
@QuarkusTest
class LandingTest {

    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";

    @Test
    void jsonLandingPageHasEveryRelationWithItsType() {
        JsonPath body = given().accept("application/json").get("/").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("title", equalTo("Tweeling"))
                .body("description", containsString("Zwolle"))
                .extract().jsonPath();
        Map<String, Map<String, String>> byRel = byRel(body.getList("links"));

        String base = byRel.get("self").get("href");
        assertTrue(base.startsWith("http://") && base.endsWith("/"), base);
        assertEquals("application/json", byRel.get("self").get("type"));
        assertEquals(base + "?f=html", byRel.get("alternate").get("href"));
        assertEquals("text/html", byRel.get("alternate").get("type"));
        assertEquals(base + "conformance", byRel.get("conformance").get("href"));
        assertEquals("application/json", byRel.get("conformance").get("type"));
        assertEquals(base + "collections", byRel.get("data").get("href"));
        assertEquals("application/json", byRel.get("data").get("type"));
        assertEquals(base + "api", byRel.get("service-desc").get("href"));
        assertEquals(OPENAPI, byRel.get("service-desc").get("type"));
        assertEquals(base + "q/swagger-ui", byRel.get("service-doc").get("href"));
        assertEquals("text/html", byRel.get("service-doc").get("type"));
        for (Map<String, String> l : byRel.values()) {
            assertNotNull(l.get("title"), l.toString());
        }
    }

    @Test
    void everyLinkAnswersWithTheTypeItAnnounces() {
        List<Map<String, String>> links = given().get("/").then().statusCode(200).extract().jsonPath().getList("links");
        for (Map<String, String> l : links) {
            String type = l.get("type");
            String path = l.get("href").replaceFirst("^https?://[^/]+", "");
            String contentType = given().accept(type).urlEncodingEnabled(false).get(path).then()
                    .statusCode(200).extract().contentType();
            String expected = type.equals(OPENAPI) ? OPENAPI : type;
            assertTrue(contentType.startsWith(expected), l.get("rel") + ": " + contentType);
        }
    }

    @Test
    void defaultIsJsonAndBrowsersGetHtml() {
        given().get("/").then().statusCode(200).contentType(startsWith("application/json"))
                .header("Vary", containsString("Accept"));
        for (String html : List.of(
                given().get("/?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                        .extract().asString(),
                given().accept(FormatTest.BROWSER).get("/").then().statusCode(200)
                        .contentType(startsWith("text/html")).extract().asString())) {
            assertTrue(html.startsWith("<!DOCTYPE html>"), html);
            assertTrue(html.contains("<h1>Tweeling</h1>"), html);
            for (String target : List.of("collections?f=html\"", "conformance?f=html\"", "api?f=html\"",
                    "q/swagger-ui\"", "?f=json\"")) {
                assertTrue(html.contains(target), target);
            }
        }
        given().get("/?f=pdf").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("f"));
        given().accept("application/xml").get("/").then().statusCode(406)
                .contentType(startsWith("application/problem+json"));
    }

    private static Map<String, Map<String, String>> byRel(List<Map<String, String>> links) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> l : links) {
            assertTrue(out.put(l.get("rel"), l) == null, "one link per relation: " + l.get("rel"));
        }
        return out;
    }
}
