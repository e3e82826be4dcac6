package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import nl.tweeling.support.TestDatabase;

/** OGC API – Features Part 2: output CRS, bbox-crs, axis order, Content-Crs. */
@QuarkusTest
class CrsTest {

    static String addressId() {
        return (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.addresses WHERE valid_to IS NULL ORDER BY fid LIMIT 1");
    }

    static double[] coordinates(String crsParam, String id) {
        String body = given().get("/collections/addresses/items/" + id + (crsParam == null ? "" : "?crs=" + crsParam))
                .then().statusCode(200).extract().asString();
        JsonPath p = new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        List<Double> c = p.getList("geometry.coordinates", Double.class);
        return new double[] {c.get(0), c.get(1)};
    }

    static double sql(String expr, String id) {
        return ((Number) TestDatabase.scalar("SELECT " + expr + " FROM tweeling.addresses WHERE feature_id = ? AND valid_to IS NULL", id)).doubleValue();
    }

    @Test
    void crs84IsLonLatAndEpsg4326IsLatLon() {
        String id = addressId();
        double[] crs84 = coordinates(null, id);
        double[] epsg4326 = coordinates("http://www.opengis.net/def/crs/EPSG/0/4326", id);
        assertEquals(sql("ST_X(ST_Transform(geom, 4326))", id), crs84[0], 1e-7);
        assertEquals(sql("ST_Y(ST_Transform(geom, 4326))", id), crs84[1], 1e-7);
        assertEquals(crs84[1], epsg4326[0], 1e-9);
        assertEquals(crs84[0], epsg4326[1], 1e-9);
    }

    @Test
    void rdNewAndWebMercatorMatchStTransformWithinOneCentimetre() {
        String id = addressId();
        double[] rd = coordinates("http://www.opengis.net/def/crs/EPSG/0/28992", id);
        assertEquals(sql("ST_X(geom)", id), rd[0], 0.01);
        assertEquals(sql("ST_Y(geom)", id), rd[1], 0.01);
        double[] merc = coordinates("http://www.opengis.net/def/crs/EPSG/0/3857", id);
        assertEquals(sql("ST_X(ST_Transform(geom, 3857))", id), merc[0], 0.01);
        assertEquals(sql("ST_Y(ST_Transform(geom, 3857))", id), merc[1], 0.01);
    }

    @Test
    void contentCrsHeaderNamesTheOutputCrs() {
        given().get("/collections/wijken/items?limit=1").then().statusCode(200)
                .header("Content-Crs", equalTo("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"));
        given().get("/collections/wijken/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/28992").then().statusCode(200)
                .header("Content-Crs", equalTo("<http://www.opengis.net/def/crs/EPSG/0/28992>"));
    }

    @Test
    void bboxInEveryCrsSelectsTheSameFeatures() {
        // the same area: a box in RD New, and boxes around it in the other CRSs are compared with SQL
        String rd = "202000,502000,203500,503500";
        long inRd = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                + " AND ST_Intersects(geom, ST_MakeEnvelope(202000, 502000, 203500, 503500, 28992))");
        given().get("/collections/addresses/items?limit=1&bbox=" + rd + "&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/28992")
                .then().statusCode(200).body("numberMatched", equalTo((int) inRd));
        long in4326 = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL"
                + " AND ST_Intersects(geom_crs84, ST_MakeEnvelope(6.09, 52.50, 6.11, 52.52, 4326))");
        given().get("/collections/addresses/items?limit=1&bbox=52.50,6.09,52.52,6.11&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326")
                .then().statusCode(200).body("numberMatched", equalTo((int) in4326));
        given().get("/collections/addresses/items?limit=1&bbox=6.09,52.50,6.11,52.52")
                .then().statusCode(200).body("numberMatched", equalTo((int) in4326));
    }

    @Test
    void collectionsListTheirCrsAndStorageCrs() {
        given().get("/collections/buildings").then().statusCode(200)
                .body("storageCrs", equalTo("http://www.opengis.net/def/crs/EPSG/0/28992"))
                .body("crs[0]", equalTo("http://www.opengis.net/def/crs/OGC/1.3/CRS84"));
    }
}
