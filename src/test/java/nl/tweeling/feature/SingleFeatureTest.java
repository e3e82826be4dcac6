package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A single feature takes the parameters /api gives it (crs, properties, skipGeometry, f) and no others; geometries
 * in any CRS carry no "crs" member (RFC 7946 has none; Part 2 names the CRS in Content-Crs).
 */
@QuarkusTest
class SingleFeatureTest {

    private static String firstId() {
        return given().get("/collections/buurten/items?limit=1").then().statusCode(200).extract()
                .path("features[0].id").toString();
    }

    @Test
    void skipGeometryAndPropertiesApplyToASingleFeature() {
        String id = firstId();
        given().get("/collections/buurten/items/" + id).then().statusCode(200)
                .body("geometry.type", equalTo("MultiPolygon"));
        given().get("/collections/buurten/items/" + id + "?skipGeometry=true").then().statusCode(200)
                .body("geometry", nullValue()).body("id", equalTo(id));
        Map<String, Object> props = given().get("/collections/buurten/items/" + id + "?properties=name,residents")
                .then().statusCode(200).extract().path("properties");
        assertEquals(List.of("name", "residents"), List.copyOf(new java.util.TreeSet<>(props.keySet())));
        given().get("/collections/buurten/items/" + id + "?properties=nosuch").then().statusCode(400)
                .body("parameter", equalTo("properties"));
        given().get("/collections/buurten/items/" + id + "?limit=3").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("limit"));
        given().get("/collections/buurten/items/" + id + "?skipGeometry=maybe").then().statusCode(400);
        given().get("/collections/buurten/items/" + id + "?crs=EPSG:28992&crs=EPSG:28992").then().statusCode(400);
    }

    @Test
    void geometriesCarryNoCrsMemberInAnyCrs() {
        String id = firstId();
        for (String crs : List.of("http://www.opengis.net/def/crs/EPSG/0/28992", "http://www.opengis.net/def/crs/EPSG/0/3857",
                "http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")) {
            var one = given().queryParam("crs", crs).get("/collections/buurten/items/" + id);
            one.then().statusCode(200).header("Content-Crs", "<" + crs + ">");
            Map<String, Object> geometry = one.then().extract().path("geometry");
            assertFalse(geometry.containsKey("crs"), crs + ": " + geometry.keySet());
            List<Map<String, Object>> page = given().queryParam("crs", crs).get("/collections/buurten/items?limit=3")
                    .then().statusCode(200).extract().path("features.geometry");
            assertTrue(page.stream().noneMatch(g -> g.containsKey("crs")), crs);
        }
    }
}
