package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/** The first read API over the layer registry, against the sample loaded into real PostGIS. */
@QuarkusTest
class CollectionsTest {

    static final List<String> BASE_LAYERS =
            List.of("wijken", "buurten", "buildings", "addresses", "roads", "green", "landcover", "facilities");

    @Test
    void collectionsListTheBaseLayersWithTheirFeatureCounts() {
        JsonPath body = given().get("/collections").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("collections.id", hasItems(BASE_LAYERS.toArray()))
                .extract().jsonPath();
        for (String id : BASE_LAYERS) {
            long inDb = TestDatabase.count("SELECT count(*) FROM tweeling." + id + " WHERE valid_to IS NULL");
            assertTrue(inDb > 0, id + " holds features");
            Number served = body.get("collections.find { it.id == '" + id + "' }.featureCount");
            assertEquals(inDb, served.longValue(), "feature count of " + id);
        }
        assertEquals(16L, TestDatabase.count("SELECT count(*) FROM tweeling.wijken WHERE valid_to IS NULL"));
    }

    @Test
    void collectionHasExtentInCrs84AroundZwolle() {
        List<Float> bbox = given().get("/collections/buurten").then().statusCode(200)
                .body("id", equalTo("buurten"))
                .extract().jsonPath().getList("extent.spatial.bbox[0]", Float.class);
        assertEquals(4, bbox.size());
        // Zwolle lies around 6.1 E, 52.5 N
        assertTrue(bbox.get(0) > 5.9 && bbox.get(2) < 6.3, "longitudes " + bbox);
        assertTrue(bbox.get(1) > 52.4 && bbox.get(3) < 52.7, "latitudes " + bbox);
    }

    @Test
    void itemsAreGeoJsonInCrs84AndPageByCursorWithoutRepeats() {
        Set<String> seen = new HashSet<>();
        String url = "/collections/buildings/items?limit=250";
        for (int page = 0; page < 3; page++) {
            JsonPath body = given().urlEncodingEnabled(false).get(url).then().statusCode(200)
                    .contentType(startsWith("application/geo+json"))
                    .body("type", equalTo("FeatureCollection"))
                    .body("numberReturned", equalTo(250))
                    .extract().jsonPath();
            List<String> ids = body.getList("features.id");
            for (String id : ids) {
                assertTrue(seen.add(id), "feature " + id + " served twice");
            }
            List<Float> first = body.getList("features[0].geometry.coordinates[0][0][0]", Float.class);
            assertTrue(first.get(0) > 5.9 && first.get(0) < 6.3 && first.get(1) > 52.4 && first.get(1) < 52.7,
                    "lon,lat order in CRS84: " + first);
            List<Map<String, Object>> links = body.getList("links");
            String next = links.stream().filter(l -> "next".equals(l.get("rel"))).map(l -> (String) l.get("href"))
                    .findFirst().orElseThrow();
            url = next;
        }
        assertEquals(750, seen.size());
    }

    @Test
    void lastPageHasNoNextLink() {
        JsonPath body = given().get("/collections/wijken/items?limit=10").then().statusCode(200).extract().jsonPath();
        String next = body.getString("links.find { it.rel == 'next' }.href");
        JsonPath last = given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("numberReturned", equalTo(6))
                .body("numberMatched", equalTo(16))
                .extract().jsonPath();
        assertEquals(null, last.getString("links.find { it.rel == 'next' }"));
    }

    @Test
    void bboxReturnsExactlyTheFeaturesWhoseBoxesIntersect() {
        // a box around the city centre
        String bbox = "6.08,52.50,6.11,52.52";
        long expected = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                + " AND ST_Intersects(geom_crs84, ST_MakeEnvelope(6.08, 52.50, 6.11, 52.52, 4326))");
        assertTrue(expected > 0);
        long served = 0;
        String url = "/collections/addresses/items?limit=10000&bbox=" + bbox;
        while (url != null) {
            JsonPath body = given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract().jsonPath();
            served += body.getInt("numberReturned");
            url = body.getString("links.find { it.rel == 'next' }.href");
        }
        assertEquals(expected, served);
    }

    @Test
    void featureById() {
        String id = (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.wijken WHERE valid_to IS NULL ORDER BY fid LIMIT 1");
        given().get("/collections/wijken/items/" + id).then().statusCode(200)
                .contentType(startsWith("application/geo+json"))
                .body("type", equalTo("Feature"))
                .body("id", equalTo(id))
                .body("geometry.type", equalTo("MultiPolygon"))
                .body("properties.name", equalTo(TestDatabase.scalar(
                        "SELECT name FROM tweeling.wijken WHERE feature_id = ? AND valid_to IS NULL", id)));
    }

    @Test
    void unknownCollectionAndFeatureAre404Problems() {
        given().get("/collections/nope/items").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
        given().get("/collections/wijken/items/no-such-feature").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void malformedParametersAre400ProblemsNamingTheParameter() {
        for (String query : List.of("limit=0", "limit=1000000000", "limit=abc", "bbox=1,2,3", "bbox=6,53,5,52",
                "bbox=a,b,c,d", "cursor=%27%3B+DROP+TABLE+tweeling.wijken%3B--", "crs=EPSG:4258",
                "sortby=name%3BDROP+TABLE+tweeling.wijken", "name%27%3B--=x", "datetime=2026-13-01T00:00:00Z",
                "properties=name,nope", "skipGeometry=maybe", "unknown=1")) {
            String parameter = java.net.URLDecoder.decode(query.substring(0, query.indexOf('=')), java.nio.charset.StandardCharsets.UTF_8);
            given().urlEncodingEnabled(false).get("/collections/wijken/items?" + query).then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo(parameter));
        }
        assertEquals(16L, TestDatabase.count("SELECT count(*) FROM tweeling.wijken WHERE valid_to IS NULL"));
    }

    @Test
    void propertyFiltersSelectionAndNumberMatched() {
        long residential = TestDatabase.count(
                "SELECT count(*) FROM tweeling.buildings WHERE valid_to IS NULL AND use = 'residential' AND dwellings = 1");
        JsonPath body = given().get("/collections/buildings/items?use=residential&dwellings=1&limit=5&properties=use,dwellings&skipGeometry=true")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(residential, body.getLong("numberMatched"));
        assertEquals(List.of("residential"), body.getList("features.properties.use").stream().distinct().toList());
        assertEquals(Set.of("use", "dwellings"), body.getMap("features[0].properties").keySet());
        assertEquals((Object) null, body.get("features[0].geometry"));
    }

    @Test
    void sortbyPagesInOrderWithoutRepeatsOrGaps() {
        // descending height with many ties: the cursor must carry the sort value and the key
        List<Float> heights = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        String url = "/collections/buildings/items?limit=400&sortby=-height_m&properties=height_m&buurt_code="
                + TestDatabase.scalar("SELECT buurt_code FROM tweeling.buildings GROUP BY buurt_code ORDER BY count(*) DESC LIMIT 1");
        long expected = -1;
        while (url != null) {
            JsonPath body = given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract().jsonPath();
            expected = body.getLong("numberMatched");
            heights.addAll(body.getList("features.properties.height_m", Float.class));
            for (String id : body.<String>getList("features.id")) {
                assertTrue(seen.add(id), "feature " + id + " served twice");
            }
            url = body.getString("links.find { it.rel == 'next' }.href");
        }
        assertEquals(expected, seen.size());
        for (int i = 1; i < heights.size(); i++) {
            assertTrue(heights.get(i - 1) >= heights.get(i), "descending at " + i);
        }
    }

    @Test
    void queryablesAreAJsonSchemaOfTheLayersProperties() {
        given().get("/collections/buildings/queryables").then().statusCode(200)
                .contentType(startsWith("application/schema+json"))
                .body("type", equalTo("object"))
                .body("properties.height_m.type", equalTo("number"))
                .body("properties.dwellings.type", equalTo("integer"))
                .body("properties.use.type", equalTo("string"))
                .body("properties.valid_from.format", equalTo("date-time"))
                .body("properties.geometry.format", equalTo("geometry-multipolygon"));
        given().get("/collections/nope/queryables").then().statusCode(404);
    }

    @Test
    void landingPageLinksToTheApi() {
        given().get("/").then().statusCode(200)
                .body("links.rel", hasItems("self", "data", "service-desc", "service-doc"));
    }
}
