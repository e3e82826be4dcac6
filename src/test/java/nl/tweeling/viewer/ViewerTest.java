package nl.tweeling.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** /viewer (the page in Dutch or English and its static files) and the glyphs at /fonts/{fontstack}/{range}.pbf. */
@QuarkusTest
class ViewerTest {

    @Test
    void thePageFollowsLangThenAcceptLanguage() {
        given().header("Accept-Language", "en-GB,en;q=0.9").get("/viewer").then().statusCode(200)
                .contentType(startsWith("text/html")).header("Vary", containsString("Accept-Language"))
                .body(containsString("<html lang=\"en\">")).body(containsString("map of Zwolle"));
        given().header("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8").get("/viewer").then().statusCode(200)
                .body(containsString("<html lang=\"nl\">")).body(containsString("kaart van Zwolle"));
        given().header("Accept-Language", "de-DE").get("/viewer").then().statusCode(200)
                .body(containsString("<html lang=\"nl\">"));
        given().header("Accept-Language", "en").get("/viewer?lang=nl").then().statusCode(200)
                .body(containsString("<html lang=\"nl\">"));
        given().get("/viewer?lang=fr").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400)).body("detail", containsString("nl or en"));
    }

    @Test
    void theScriptsAndMapLibreAreServedFromTheApp() {
        String page = given().get("/viewer").then().statusCode(200).extract().asString();
        String base = given().get("/").then().extract().jsonPath().getString("links.find { it.rel == 'self' }.href");
        for (String asset : List.of("viewer/viewer.js", "viewer/viewer.css", "viewer/vendor/maplibre-gl.js",
                "viewer/vendor/maplibre-gl.css")) {
            assertTrue(page.contains(asset), "the page does not load " + asset);
            given().get("/" + asset).then().statusCode(200);
        }
        given().get("/viewer/vendor/maplibre-gl.LICENSE.txt").then().statusCode(200).body(containsString("MapLibre"));
        String others = page.replace(base, "");
        assertTrue(!others.contains("https://") && !others.contains("http://"), "the page names an address outside the app");
        given().get("/viewer/viewer.js").then().body(containsString("styles/zwolle?f=mapbox"))
                .body(containsString("observations/stream"));
    }

    @Test
    void theLandingPageLinksTheViewer() {
        List<Map<String, String>> links = given().get("/").then().statusCode(200).extract().jsonPath().getList("links");
        Map<String, String> viewer = links.stream().filter(l -> "viewer".equals(l.get("rel"))).findFirst().orElseThrow();
        assertTrue(viewer.get("href").endsWith("/viewer"), viewer.toString());
        assertEquals("text/html", viewer.get("type"));
        assertEquals("Map viewer", viewer.get("title"));
    }

    @Test
    void glyphsOfNotoSansRegular() {
        byte[] latin = given().get("/fonts/Noto Sans Regular/0-255.pbf").then().statusCode(200)
                .contentType("application/x-protobuf").header("Cache-Control", containsString("max-age"))
                .extract().asByteArray();
        // glyphs { stacks (field 1) { name (1) "Noto Sans Regular", range (2) "0-255", glyphs (3)… } }
        assertEquals(0x0a, latin[0] & 0xff);
        String text = new String(latin, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Noto Sans Regular") && text.contains("0-255"), "no stack name or range");
        assertTrue(latin.length > 20_000, "too few glyph bytes for Latin-1: " + latin.length);
        // MapLibre asks with a fallback list; the first stack we have answers
        byte[] listed = given().get("/fonts/Noto Sans Regular,Arial Unicode MS Regular/0-255.pbf").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(latin, listed);
        // a range without glyphs in the font is an empty stack, not an error
        byte[] empty = given().get("/fonts/Noto Sans Regular/57344-57599.pbf").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(Glyphs.emptyStack("Noto Sans Regular", "Noto Sans Regular/57344-57599"), empty);
        assertTrue(new String(empty, StandardCharsets.UTF_8).contains("57344-57599"));
    }

    @Test
    void unknownFontStacksAndRangesAreProblems() {
        for (String path : List.of("/fonts/Comic Sans MS/0-255.pbf", "/fonts/Noto Sans Regular/0-256.pbf",
                "/fonts/Noto Sans Regular/1-256.pbf", "/fonts/Noto Sans Regular/65536-65791.pbf",
                "/fonts/Noto Sans Regular/abc.pbf", "/fonts/Noto Sans Regular/0-255.json")) {
            given().get(path).then().statusCode(404).contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(404));
        }
        given().get("/fonts/Comic Sans MS/0-255.pbf").then().body("detail", containsString("Noto Sans Regular"));
    }
}
