package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * Keyset paging both ways (/rec/core/fc-next, /rec/core/fc-prev): walking a collection forward by next links
 * and back by prev links gives the same pages, with and without sortby, filters and the other parameters.
 */
@QuarkusTest
class PagingTest {

    /** A page as served: its feature ids, numberMatched (or null) and its next and prev links. */
    record Page(List<String> ids, Long matched, String next, String prev) {
    }

    static Page get(String url) {
        JsonPath body = given().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .contentType(startsWith("application/geo+json")).extract().jsonPath();
        Object matched = body.get("numberMatched");
        return new Page(body.getList("features.id"), matched == null ? null : ((Number) matched).longValue(),
                body.getString("links.find { it.rel == 'next' }.href"),
                body.getString("links.find { it.rel == 'prev' }.href"));
    }

    /**
     * Walks from the first page to the last by next links, then back to the first by prev links, and checks
     * that the backward walk gives the same pages in reverse, each page linking to its neighbours.
     *
     * @return the ids of the whole walk in order
     */
    static List<String> walkForwardAndBack(String firstUrl, int limit) {
        List<Page> forward = new ArrayList<>();
        Page p = get(firstUrl);
        assertNull(p.prev(), "the first page has no prev link");
        forward.add(p);
        while (p.next() != null) {
            p = get(p.next());
            assertNotNull(p.prev(), "page " + forward.size() + " has a prev link");
            forward.add(p);
            assertTrue(forward.size() < 1000, "the walk ends");
        }
        List<Page> backward = new ArrayList<>(List.of(p));
        while (p.prev() != null) {
            p = get(p.prev());
            backward.add(p);
            assertTrue(backward.size() <= forward.size(), "the way back is no longer than the way there");
        }
        Collections.reverse(backward);
        assertEquals(forward.stream().map(Page::ids).toList(), backward.stream().map(Page::ids).toList(),
                "prev links give the pages of the next links, in reverse");
        for (int i = 0; i + 1 < backward.size(); i++) {
            assertEquals(limit, backward.get(i).ids().size(), "page " + i + " is full");
            assertNotNull(backward.get(i).next(), "a page reached by prev links to the page after it");
            assertEquals(forward.get(i + 1).ids(), get(backward.get(i).next()).ids(), "next of page " + i + " reached backwards");
        }
        List<String> all = forward.stream().flatMap(page -> page.ids().stream()).toList();
        assertEquals(all.size(), new HashSet<>(all).size(), "no feature twice");
        if (forward.get(0).matched() != null) {
            assertEquals(forward.get(0).matched().longValue(), all.size(), "the pages hold numberMatched features");
        }
        return all;
    }

    /** The feature ids a query selects, in its order. */
    static List<String> ids(String sql, Object... params) {
        String joined = (String) TestDatabase.scalar("SELECT string_agg(feature_id, ',' ORDER BY n) FROM ("
                + "SELECT feature_id, row_number() OVER () AS n FROM (" + sql + ") AS q) AS r", params);
        return joined == null ? List.of() : List.of(joined.split(","));
    }

    @Test
    void wholeCollectionForwardAndBackInTheDefaultOrder() {
        List<String> all = walkForwardAndBack("/collections/buurten/items?limit=7", 7);
        assertEquals(ids("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY fid"), all);
    }

    @Test
    void sortbyOnTiesNullsAndMixedDirections() {
        // 78 buurten in 16 wijken: wijk_code ties on every page; one buurt has no residents (NULL)
        assertTrue(TestDatabase.count("SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL AND residents IS NULL") > 0);
        List<String> all = walkForwardAndBack("/collections/buurten/items?limit=5&sortby=wijk_code,-residents", 5);
        assertEquals(ids("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL"
                + " ORDER BY wijk_code ASC NULLS LAST, residents DESC NULLS FIRST, fid"), all);

        all = walkForwardAndBack("/collections/buurten/items?limit=6&sortby=-wijk_code,%2Bresidents", 6);
        assertEquals(ids("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL"
                + " ORDER BY wijk_code DESC NULLS FIRST, residents ASC NULLS LAST, fid"), all);

        // a single key with few values: almost every page boundary falls inside a run of equal values
        all = walkForwardAndBack("/collections/buildings/items?limit=40&sortby=use&properties=use&skipGeometry=true&buurt_code="
                + busiestBuurt(), 40);
        assertEquals(ids("SELECT feature_id FROM tweeling.buildings WHERE valid_to IS NULL AND buurt_code = '" + busiestBuurt()
                + "' ORDER BY use ASC NULLS LAST, fid"), all);
    }

    @Test
    void withFilterBboxDatetimeCrsAndProperties() {
        String filter = CollectionsResource.encode("height_m > 6 AND use <> 'industrial'");
        // an instant: the layer as it was then, at most one version of each feature
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String url = "/collections/buildings/items?limit=25&sortby=-height_m&filter=" + filter
                + "&bbox=6.08,52.50,6.11,52.52&datetime=" + at + "&crs=http://www.opengis.net/def/crs/EPSG/0/28992"
                + "&properties=height_m,use";
        List<String> all = walkForwardAndBack(url, 25);
        List<String> expected = ids("SELECT feature_id FROM tweeling.buildings WHERE valid_from <= ?"
                + " AND (valid_to IS NULL OR valid_to > ?) AND height_m > 6 AND use <> 'industrial'"
                + " AND ST_Intersects(geom_crs84, ST_MakeEnvelope(6.08, 52.50, 6.11, 52.52, 4326))"
                + " ORDER BY height_m DESC NULLS FIRST, fid", Timestamp.from(at), Timestamp.from(at));
        assertTrue(expected.size() > 100, "several pages: " + expected.size());
        assertEquals(expected, all);

        JsonPath page = given().urlEncodingEnabled(false).get(get(get(url).next()).prev()).then().statusCode(200)
                .header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/28992>").extract().jsonPath();
        assertEquals(Set.of("height_m", "use"), page.getMap("features[0].properties").keySet());
        assertTrue(page.getFloat("features[0].geometry.coordinates[0][0][0][0]") > 100000, "RD New coordinates");
    }

    @Test
    void theFirstPageHasNoPrevEvenWhenItIsAlsoTheLast() {
        Page only = get("/collections/wijken/items?limit=100");
        assertEquals(16, only.ids().size());
        assertNull(only.prev());
        assertNull(only.next());
    }

    @Test
    void theHtmlPageLinksToThePreviousPage() {
        String second = get("/collections/wijken/items?limit=5").next();
        String html = given().urlEncodingEnabled(false).get(second + "&f=html").then()
                .statusCode(200).contentType(startsWith("text/html")).extract().asString();
        assertTrue(html.contains("rel=\"prev\""), "a prev link on the HTML page");
    }

    @Test
    void badOrForgedCursorsAre400ProblemsNamingTheCursor() {
        String prev = get(get("/collections/buurten/items?limit=5&sortby=wijk_code").next()).prev();
        String cursor = prev.substring(prev.indexOf("cursor=") + "cursor=".length()).replaceAll("&.*", "");
        String json = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"d\":\"prev\""), json);
        List<String> forged = List.of(
                json.replace("\"d\":\"prev\"", "\"d\":\"sideways\""),
                json.replace("\"d\":\"prev\"", "\"d\":\"prev' OR 1=1 --\""),
                json.replaceFirst("\"v\":\\[[^\\]]*\\]", "\"v\":[]"),
                json.replaceFirst("\"f\":\\d+", "\"f\":\"1; DROP TABLE tweeling.buurten\""),
                "{\"d\":\"prev\"}",
                "null");
        for (String f : forged) {
            String c = Base64.getUrlEncoder().withoutPadding().encodeToString(f.getBytes(StandardCharsets.UTF_8));
            given().urlEncodingEnabled(false).get("/collections/buurten/items?limit=5&sortby=wijk_code&cursor=" + c).then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo("cursor"));
        }
        // a prev cursor of one sort order does not fit another
        given().urlEncodingEnabled(false).get("/collections/buurten/items?limit=5&cursor=" + cursor).then()
                .statusCode(400).body("parameter", equalTo("cursor"));
        given().urlEncodingEnabled(false).get("/collections/buurten/items?limit=5&sortby=wijk_code&cursor=%25%25").then()
                .statusCode(400).body("parameter", equalTo("cursor"));
        assertEquals(78L, TestDatabase.count("SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL"));
    }

    @Test
    void aPrevCursorBeforeTheFirstFeatureGivesAnEmptyPageThatLeadsBackToIt() {
        // a valid-looking cursor before everything (a client kept an old link, or the features went away)
        String c = ItemsQuery.cursorBefore(List.of(), Long.MIN_VALUE + 1);
        Page empty = get("/collections/wijken/items?limit=5&cursor=" + c);
        assertEquals(List.of(), empty.ids());
        assertNull(empty.prev());
        assertEquals(get("/collections/wijken/items?limit=5").ids(), get(empty.next()).ids());
    }

    private static String busiestBuurt() {
        return (String) TestDatabase.scalar("SELECT buurt_code FROM tweeling.buildings WHERE valid_to IS NULL"
                + " GROUP BY buurt_code ORDER BY count(*) DESC, buurt_code LIMIT 1");
    }
}
