package nl.tweeling.feature.edit;

import static nl.tweeling.feature.edit.EditFixture.as;
import static nl.tweeling.feature.edit.EditFixture.state;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Features Part 4, class update: PATCH with a JSON merge patch (RFC 7396) changes what it names, empties
 * what it sets to null and keeps the rest, as a new version; application/merge-patch+json, application/geo+json and
 * application/json all carry one.
 */
@QuarkusTest
class FeatureUpdateTest {

    @Inject
    LayerRegistry registry;

    @Test
    void aMergePatchChangesWhatItNamesAndKeepsTheRest() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String item = "/collections/" + layer + "/items/a";
        String tag = as(null).get(item).header("ETag");
        Object geomBefore = TestDatabase.scalar("SELECT ST_AsText(geom) FROM tweeling." + layer
                + " WHERE feature_id = 'a' AND valid_to IS NULL");
        Response patched = as(editor).contentType("application/merge-patch+json").header("If-Match", tag)
                .body("{\"properties\":{\"height_m\":11.5,\"construction_year\":null}}").patch(item);
        patched.then().statusCode(204);
        assertNotEquals(tag, patched.header("ETag"));
        as(null).get(item).then().statusCode(200)
                .body("properties.height_m", equalTo(11.5f))
                .body("properties.construction_year", equalTo(null))
                .body("properties.buurt_code", equalTo("100"))
                .body("properties.use", equalTo("residential"))
                .body("properties.dwellings", equalTo(2))
                .body("properties.source", equalTo("api"));
        assertEquals(geomBefore, TestDatabase.scalar("SELECT ST_AsText(geom) FROM tweeling." + layer
                + " WHERE feature_id = 'a' AND valid_to IS NULL"), "the geometry stays");
        assertEquals(List.of(9.5f, 11.5f), List.of(TestDatabase.scalar("SELECT array_agg(height_m ORDER BY valid_from)::text FROM tweeling."
                + layer + " WHERE feature_id = 'a'").toString().replaceAll("[{}]", "").split(",")).stream()
                .map(Float::parseFloat).toList(), "two versions");
        assertEquals("update", TestDatabase.scalar("SELECT operation FROM tweeling.feature_edit WHERE id = (SELECT source_id::uuid"
                + " FROM tweeling." + layer + " WHERE feature_id = 'a' AND valid_to IS NULL)"));
        // an empty patch changes nothing: no new version, the same tag
        String now = patched.header("ETag");
        as(editor).contentType("application/merge-patch+json").header("If-Match", now).body("{\"properties\":{}}")
                .patch(item).then().statusCode(204).header("ETag", equalTo(now));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'a'"));
        // the feature b is untouched
        assertEquals("test", TestDatabase.scalar("SELECT string_agg(source, ',') FROM tweeling." + layer + " WHERE feature_id = 'b'"));
    }

    @Test
    void aPatchMayMoveTheGeometryInAnyServedCrsAndComeAsGeoJsonOrJson() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String item = "/collections/" + layer + "/items/b";
        String tag = as(null).get(item).header("ETag");
        Response r = as(editor).contentType("application/geo+json").header("If-Match", tag)
                .header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/28992>")
                .body("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[203200,503200],[203220,503200],"
                        + "[203220,503220],[203200,503200]]]}}").patch(item);
        r.then().statusCode(204);
        assertEquals("MULTIPOLYGON(((203200 503200,203220 503200,203220 503220,203200 503200)))",
                TestDatabase.scalar("SELECT ST_AsText(geom) FROM tweeling." + layer + " WHERE feature_id = 'b' AND valid_to IS NULL"));
        as(editor).contentType("application/json").header("If-Match", r.header("ETag"))
                .body("{\"type\":\"Feature\",\"properties\":{\"use\":\"school\"}}").patch(item).then().statusCode(204);
        as(null).get(item).then().body("properties.use", equalTo("school")).body("properties.height_m", equalTo(20));
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'b'"));
    }

    /** The path of the WebMercatorQuad tile at zoom 15 over RD New x, y in a layer's tile set. */
    static String tile(String layer, double x, double y) {
        double[] ll = TestDatabase.lonLat(x, y);
        double n = 1 << 15;
        long col = (long) Math.floor((ll[0] + 180) / 360 * n);
        double lat = Math.toRadians(ll[1]);
        long row = (long) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        return "/collections/" + layer + "/tiles/WebMercatorQuad/15/" + row + "/" + col;
    }

    @Test
    void theTilesOverTheOldAndTheNewGeometryAreMadeAgainAtOnce() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String oldTile = tile(layer, 203110, 503110);
        String newTile = tile(layer, 213110, 513110);
        String before = as(null).get(oldTile).then().statusCode(200).extract().header("ETag");
        assertEquals(before, as(null).get(oldTile).then().statusCode(200).extract().header("ETag"), "cached");
        as(null).get(newTile).then().statusCode(204);
        String tag = as(null).get("/collections/" + layer + "/items/b").header("ETag");
        as(editor).contentType("application/merge-patch+json").header("If-Match", tag)
                .header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/28992>")
                .body("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[213100,513100],[213120,513100],"
                        + "[213120,513120],[213100,513120],[213100,513100]]]}}")
                .patch("/collections/" + layer + "/items/b").then().statusCode(204);
        // no waiting: the edit's LayerChanged evicted both tiles before its answer
        assertNotEquals(before, as(null).get(oldTile).then().statusCode(200).extract().header("ETag"),
                "feature a is still there, b has gone");
        as(null).get(newTile).then().statusCode(200);
    }

    @Test
    void aBadPatchChangesNothing() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String item = "/collections/" + layer + "/items/a";
        String tag = as(null).get(item).header("ETag");
        String before = state(layer);
        for (String body : List.of("{\"properties\":{\"nosuch\":1}}", "{\"properties\":{\"dwellings\":null}}",
                "{\"properties\":null}", "{\"geometry\":null}", "{\"id\":\"b\"}", "[]", "{\"properties\":{\"height_m\":[1]}}")) {
            as(editor).contentType("application/merge-patch+json").header("If-Match", tag).body(body).patch(item)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        as(editor).contentType("application/merge-patch+json").header("If-Match", "*").body("{}")
                .patch("/collections/" + layer + "/items/nosuch").then().statusCode(404);
        assertEquals(before, state(layer));
    }
}
