package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Features Part 3 (Filtering) with CQL2 text and JSON, against the sample in real PostGIS:
 * each filter's numberMatched equals the same condition written in SQL.
 */
@QuarkusTest
class FilterTest {

    static void matches(String collection, String filter, String lang, String sqlWhere) {
        long expected = TestDatabase.count("SELECT count(*) FROM tweeling." + collection + " WHERE valid_to IS NULL AND (" + sqlWhere + ")");
        given().queryParam("filter", filter).queryParam("filter-lang", lang).queryParam("limit", 1)
                .get("/collections/" + collection + "/items").then().statusCode(200)
                .body("numberMatched", equalTo((int) expected));
    }

    @Test
    void webMercatorLiteralsFollowTheTrueCurveOfTheirEdges() {
        // a 24 km wide box in EPSG:3857 (5.98–6.20 E, 52.505–52.512 N) whose edges run through the city: its
        // east-west edges are straight in 3857 but curved in RD New, metres away from the chord between the corners
        String polygon = "POLYGON((665690 6891956, 690180 6891956, 690180 6893236, 665690 6893236, 665690 6891956))";
        long truth = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                + " AND ST_Intersects(ST_Transform(geom, 3857), ST_GeomFromText(?, 3857))", polygon);
        long chord = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                + " AND ST_Intersects(geom, ST_Transform(ST_GeomFromText(?, 3857), 28992))", polygon);
        assertTrue(truth > 0 && truth != chord, "addresses lie between the curve and the chord: " + truth + " vs " + chord);
        for (String filter : List.of("S_INTERSECTS(geometry, " + polygon + ")",
                "S_INTERSECTS(geometry, BBOX(665690, 6891956, 690180, 6893236))")) {
            given().queryParam("filter", filter).queryParam("filter-crs", "http://www.opengis.net/def/crs/EPSG/0/3857")
                    .queryParam("limit", 1).get("/collections/addresses/items").then().statusCode(200)
                    .body("numberMatched", equalTo((int) truth));
        }
    }

    @Test
    void basicCql2() {
        matches("buildings", "use = 'office' AND dwellings = 0", "cql2-text", "use = 'office' AND dwellings = 0");
        matches("buildings", "height_m > 20 OR NOT (use <> 'retail')", "cql2-text", "height_m > 20 OR use = 'retail'");
        matches("buurten", "residents IS NULL", "cql2-text", "residents IS NULL");
    }

    @Test
    void advancedComparisonOperators() {
        matches("buildings", "construction_year BETWEEN 1900 AND 1945", "cql2-text", "construction_year BETWEEN 1900 AND 1945");
        matches("buurten", "name LIKE 'Oud%'", "cql2-text", "name LIKE 'Oud%'");
        matches("facilities", "kind IN ('school', 'gp')", "cql2-text", "kind IN ('school', 'gp')");
    }

    @Test
    void spatialFunctionsInEachFilterCrs() {
        matches("addresses", "S_INTERSECTS(geometry, POLYGON((6.08 52.50, 6.11 52.50, 6.11 52.52, 6.08 52.52, 6.08 52.50)))",
                "cql2-text", "ST_Intersects(geom, ST_Transform(ST_GeomFromText('POLYGON((6.08 52.50, 6.11 52.50, 6.11 52.52, 6.08 52.52, 6.08 52.50))', 4326), 28992))");
        long inRd = TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE valid_to IS NULL"
                + " AND ST_Within(geom, ST_MakeEnvelope(202000, 502000, 204000, 504000, 28992))");
        given().queryParam("filter", "S_WITHIN(geometry, BBOX(202000, 502000, 204000, 504000))")
                .queryParam("filter-crs", "http://www.opengis.net/def/crs/EPSG/0/28992").queryParam("limit", 1)
                .get("/collections/buildings/items").then().statusCode(200).body("numberMatched", equalTo((int) inRd));
        // EPSG:4326 literals are latitude first
        given().queryParam("filter", "S_INTERSECTS(geometry, BBOX(52.50, 6.08, 52.52, 6.11))")
                .queryParam("filter-crs", "http://www.opengis.net/def/crs/EPSG/0/4326").queryParam("limit", 1)
                .get("/collections/addresses/items").then().statusCode(200)
                .body("numberMatched", equalTo((int) TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                        + " AND ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(6.08, 52.50, 6.11, 52.52, 4326), 28992))")));
    }

    @Test
    void temporalFunctions() {
        matches("wijken", "T_AFTER(valid_from, TIMESTAMP('2000-01-01T00:00:00Z'))", "cql2-text", "valid_from > '2000-01-01T00:00:00Z'");
        matches("wijken", "T_BEFORE(valid_from, TIMESTAMP('2000-01-01T00:00:00Z'))", "cql2-text", "valid_from < '2000-01-01T00:00:00Z'");
    }

    @Test
    void cql2JsonGivesTheSameAnswer() {
        matches("buildings", "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"use\"},\"office\"]},"
                + "{\"op\":\">\",\"args\":[{\"property\":\"height_m\"},15]}]}", "cql2-json", "use = 'office' AND height_m > 15");
    }

    @Test
    void filterPagesWithNextLinks() {
        String first = given().queryParam("filter", "use = 'residential'").queryParam("limit", 500)
                .get("/collections/buildings/items").then().statusCode(200)
                .extract().jsonPath().getString("links.find { it.rel == 'next' }.href");
        given().urlEncodingEnabled(false).get(first).then().statusCode(200).body("numberReturned", equalTo(500))
                .body("features.properties.use.unique()", equalTo(java.util.List.of("residential")));
    }

    @Test
    void brokenFiltersAre400WithPositionAndChangeNothing() {
        long before = TestDatabase.count("SELECT count(*) FROM tweeling.buildings");
        given().queryParam("filter", "use = ").get("/collections/buildings/items").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("filter")).body("detail", containsString("position"));
        given().queryParam("filter", "colour = 'red'").get("/collections/buildings/items").then().statusCode(400)
                .body("detail", containsString("queryables"));
        given().queryParam("filter", "use = 'x'' OR 1=1 --'").get("/collections/buildings/items").then().statusCode(200)
                .body("numberMatched", equalTo(0));
        given().queryParam("filter", "use = 'x'; DROP TABLE tweeling.buildings; --").get("/collections/buildings/items")
                .then().statusCode(400);
        given().queryParam("filter", "{\"op\":\"=\",\"args\":[").queryParam("filter-lang", "cql2-json")
                .get("/collections/buildings/items").then().statusCode(400).body("parameter", equalTo("filter"));
        given().queryParam("filter", "(".repeat(500) + "use = 'x'" + ")".repeat(500)).get("/collections/buildings/items")
                .then().statusCode(400);
        given().queryParam("filter", "height_m > 'tall'").get("/collections/buildings/items").then().statusCode(400);
        assertEquals(before, TestDatabase.count("SELECT count(*) FROM tweeling.buildings"));
    }
}
