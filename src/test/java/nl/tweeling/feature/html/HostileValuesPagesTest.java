package nl.tweeling.feature.html;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every HTML page of a layer with hostile values, over HTTP: a title, description and attribution with
 * {@code <script>}, quotes and {@code &}, and features whose property values (and one property name) are
 * markup. Each page must parse as XML with no element or attribute made from data, and show the values as text.
 */
@QuarkusTest
class HostileValuesPagesTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";
    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" <b onmouseover=\"x()\">";

    @TempDir
    Path tmp;

    @Test
    void everyPageOfAHostileLayerEscapesItsValues() throws Exception {
        String layer = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String value = HOSTILE.replace("\\", "\\\\").replace("\"", "\\\"");
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"name\":\"" + value + "\",\"<i>odd</i>\":\"&amp; '"
                + "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}},"
                + "{\"type\":\"Feature\",\"id\":2,\"properties\":{\"name\":\"Assendorp & Co\",\"<i>odd</i>\":\"\\\"><script>x()</script>\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.10,52.52]}}]}");
        String job = given().header("X-API-Key", ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer)
                .post("/imports").then().statusCode(201).extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
            String s = given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        given().header("X-API-Key", ADMIN).contentType("application/merge-patch+json")
                .body("{\"title\":\"" + value + "\",\"description\":\"" + value + "\",\"attribution\":\"" + value
                        + "\",\"keywords\":[\"" + value + "\"]}")
                .patch("/collections/" + layer).then().statusCode(200);
        String item = given().accept("application/geo+json").get("/collections/" + layer + "/items?limit=1")
                .then().statusCode(200).extract().path("features[0].id").toString();

        List<String> paths = List.of("/?f=html", "/collections?f=html", "/collections/" + layer + "?f=html",
                "/collections/" + layer + "/items?f=html", "/collections/" + layer + "/items/" + item + "?f=html",
                "/collections/" + layer + "/queryables?f=html", "/styles?f=html", "/styles/" + layer + "?f=html",
                "/styles/" + layer + "/metadata?f=html", "/api?f=html", "/conformance?f=html");
        for (String path : paths) {
            String html = given().get(path).then().statusCode(200).contentType(startsWith("text/html")).extract()
                    .asString();
            Document d = HtmlPagesTest.parse(html);
            assertEquals(0, HtmlPagesTest.count(d, "//script[not(@src) or normalize-space(.) != '']"),
                    "no script from data on " + path + "\n" + html);
            assertEquals(0, HtmlPagesTest.count(d, "//b | //i | //*[@onmouseover]"), "no markup from data on " + path);
            assertFalse(html.contains("<script>"), path);
            assertEquals("en", HtmlPagesTest.attr(d, "/html", "lang"));
            assertEquals(1, HtmlPagesTest.count(d, "//h1"), path);
        }
        // the values are there, as text
        Document collection = HtmlPagesTest.parse(given().get("/collections/" + layer + "?f=html").then().extract().asString());
        assertEquals(HOSTILE, HtmlPagesTest.text(collection, "//h1"));
        assertTrue(collection.getDocumentElement().getTextContent().contains("attribution"));
        Document items = HtmlPagesTest.parse(given().get("/collections/" + layer + "/items?f=html").then().extract().asString());
        String text = items.getDocumentElement().getTextContent();
        assertTrue(text.contains(HOSTILE) && text.contains("\"><script>x()</script>") && text.contains("Assendorp & Co"), text);
        Document style = HtmlPagesTest.parse(given().get("/styles/" + layer + "?f=html").then().extract().asString());
        assertEquals(HOSTILE, HtmlPagesTest.text(style, "//h1"));
        given().header("X-API-Key", ADMIN).delete("/collections/" + layer).then().statusCode(204);
    }
}
