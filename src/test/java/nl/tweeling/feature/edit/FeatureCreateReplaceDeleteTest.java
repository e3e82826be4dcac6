package nl.tweeling.feature.edit;

import static nl.tweeling.feature.edit.EditFixture.ADMIN;
import static nl.tweeling.feature.edit.EditFixture.as;
import static nl.tweeling.feature.edit.EditFixture.feature;
import static nl.tweeling.feature.edit.EditFixture.state;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Features Part 4, class create-replace-delete (with the Features class: GeoJSON bodies, Content-Crs):
 * POST, PUT and DELETE on the live baseline write versions with lineage, keep the registry current, and every 4xx
 * leaves the layer as it was. Each test makes its own layer (EditFixture).
 */
@QuarkusTest
class FeatureCreateReplaceDeleteTest {

    static final String GEOJSON = "application/geo+json";

    @Inject
    LayerRegistry registry;

    @Test
    void createReplaceDeleteWriteVersionsWithLineageAndKeepTheRegistryCurrent() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String items = "/collections/" + layer + "/items";

        // create, well outside the two features: the extent must grow
        Response created = as(editor).contentType(GEOJSON)
                .body(feature(6.2, 52.6, 0.0005, "\"buurt_code\":\"200\",\"height_m\":7.25,\"use\":\"retail\"")
                        .replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":\"ignored\","))
                .post(items);
        created.then().statusCode(201);
        String location = created.header("Location");
        assertTrue(location.contains(items + "/"), location);
        String id = location.substring(location.lastIndexOf('/') + 1);
        String tag1 = created.header("ETag");
        assertNotNull(tag1);
        Response got = as(editor).get(items + "/" + id);
        got.then().statusCode(200)
                .body("id", equalTo(id))
                .body("properties.buurt_code", equalTo("200"))
                .body("properties.height_m", equalTo(7.25f))
                .body("properties.dwellings", equalTo(0)) // left out: the column's default
                .body("properties.source", equalTo("api"));
        assertEquals(tag1, got.header("ETag"), "the write's ETag is the one GET gives");
        String editId = got.path("properties.source_id");
        Object[] log = TestDatabase.row("SELECT layer_id, feature_id, operation, holder FROM tweeling.feature_edit WHERE id = ?::uuid", editId);
        assertEquals(List.of(layer, id, "create", EditFixture.holder(editor)), List.of(log));
        Map<String, Object> collection = as(null).get("/collections/" + layer).then().statusCode(200).extract().path("");
        assertEquals(3, collection.get("featureCount"));
        @SuppressWarnings("unchecked")
        List<Float> bbox = ((List<List<Float>>) ((Map<String, Map<String, Object>>) collection.get("extent")).get("spatial").get("bbox")).get(0);
        assertTrue(bbox.get(2) >= 6.2004 && bbox.get(3) >= 52.6004, "the extent covers the new feature: " + bbox);
        Instant v1 = ((java.sql.Timestamp) TestDatabase.scalar("SELECT valid_from FROM tweeling." + layer
                + " WHERE feature_id = ? AND valid_to IS NULL", id)).toInstant();

        // replace: a new version; the old one stays readable with datetime
        Response replaced = as(editor).contentType(GEOJSON).header("If-Match", tag1)
                .body(feature(6.2, 52.6, 0.0005, "\"buurt_code\":\"201\",\"use\":\"office\",\"source\":\"ignored\""))
                .put(items + "/" + id);
        replaced.then().statusCode(204);
        String tag2 = replaced.header("ETag");
        assertNotEquals(tag1, tag2);
        as(null).get(items + "/" + id).then().statusCode(200)
                .body("properties.buurt_code", equalTo("201"))
                .body("properties.height_m", equalTo(null)) // replaced as a whole: left out is empty
                .body("properties.source", equalTo("api"));
        assertEquals(tag2, as(null).get(items + "/" + id).header("ETag"));
        List<String> old = as(null).queryParam("datetime", v1.toString()).queryParam("buurt_code", "200")
                .get(items).then().statusCode(200).extract().path("features.id");
        assertEquals(List.of(id), old, "the first version at its own start");
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = ?", id));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " AS o JOIN tweeling." + layer
                + " AS n ON n.feature_id = o.feature_id AND n.valid_from = o.valid_to WHERE o.feature_id = ?", id),
                "the old version ends when the new one begins");

        // delete: the current version ends; history stays
        Instant beforeDelete = Instant.now();
        as(editor).header("If-Match", tag2).delete(items + "/" + id).then().statusCode(204);
        as(null).get(items + "/" + id).then().statusCode(404);
        List<String> then = as(null).queryParam("datetime", beforeDelete.toString()).queryParam("buurt_code", "201")
                .get(items).then().statusCode(200).extract().path("features.id");
        assertEquals(List.of(id), then);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = ? AND valid_to IS NULL", id));
        assertEquals(List.of("create", "replace", "delete"), List.of(TestDatabase.scalar("SELECT array_agg(operation ORDER BY edited_at)::text"
                + " FROM tweeling.feature_edit WHERE layer_id = ? AND feature_id = ? AND holder = ?", layer, id,
                EditFixture.holder(editor)).toString().replaceAll("[{}]", "").split(",")));
        as(null).get("/collections/" + layer).then().body("featureCount", equalTo(2));
        // a sample feature's version of the layer: untouched
        as(null).get(items + "/a").then().statusCode(200).body("properties.source", equalTo("test"));
    }

    @Test
    void theRegistryStatisticsStayExactAfterEveryKindOfEdit() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String items = "/collections/" + layer + "/items";
        double[] inside = TestDatabase.lonLat(203050, 503050);
        double[] far = TestDatabase.lonLat(213050, 513050);
        String a = as(null).get(items + "/a").header("ETag");
        // an edit of a feature on the extent's edge (the first edit also stores what the fixture left out)
        as(editor).contentType("application/merge-patch+json").header("If-Match", a).body("{\"properties\":{\"use\":\"x\"}}")
                .patch(items + "/a").then().statusCode(204);
        EditFixture.assertStatistics(layer);
        // a feature inside the extent: created, replaced, moved out, deleted
        String c = created(as(editor).contentType(GEOJSON).body(feature(inside[0], inside[1], 0.0001, "")).post(items));
        EditFixture.assertStatistics(layer);
        String tag = as(editor).contentType(GEOJSON).header("If-Match", "*").body(feature(inside[0], inside[1], 0.00005, ""))
                .put(items + "/" + c).then().statusCode(204).extract().header("ETag");
        EditFixture.assertStatistics(layer);
        tag = as(editor).contentType(GEOJSON).header("If-Match", tag).body(feature(far[0], far[1], 0.0001, ""))
                .put(items + "/" + c).then().statusCode(204).extract().header("ETag");
        EditFixture.assertStatistics(layer);
        as(editor).header("If-Match", tag).delete(items + "/" + c).then().statusCode(204);
        EditFixture.assertStatistics(layer);
        // and the features of the fixture, which began together
        as(editor).header("If-Match", "*").delete(items + "/b").then().statusCode(204);
        EditFixture.assertStatistics(layer);
        as(editor).header("If-Match", "*").delete(items + "/a").then().statusCode(204);
        EditFixture.assertStatistics(layer);
        as(null).get("/collections/" + layer).then().statusCode(200).body("featureCount", equalTo(0));
    }

    @Test
    void onlyEditorsAndAdminsWriteAndHiddenOrMaintainedLayersAreRefused() {
        String layer = EditFixture.layer(registry);
        String items = "/collections/" + layer + "/items";
        String body = feature(6.1, 52.5, 0.0001, "");
        String before = state(layer);
        as(null).contentType(GEOJSON).body(body).post(items).then().statusCode(401)
                .contentType("application/problem+json");
        as(TestDatabase.newApiKey("planner")).contentType(GEOJSON).body(body).post(items).then().statusCode(403)
                .body("detail", containsString("lacks role editor"));
        as(TestDatabase.newApiKey("ingest")).header("If-Match", "*").delete(items + "/a").then().statusCode(403);
        as(TestDatabase.newApiKey("planner")).header("If-Match", "*").contentType("application/merge-patch+json")
                .body("{}").patch(items + "/a").then().statusCode(403);
        assertEquals(before, state(layer), "refused requests change nothing");
        as(ADMIN).contentType(GEOJSON).body(body).post(items).then().statusCode(201);
        as(TestDatabase.newApiKey("editor,planner")).contentType(GEOJSON).body(body).post(items).then().statusCode(201);

        // a layer the editor may not see: 404, as for reads, and nothing changes
        String hidden = EditFixture.layer(registry, "admin", "{}");
        String hiddenBefore = state(hidden);
        String editor = TestDatabase.newApiKey("editor");
        String missing = as(editor).contentType(GEOJSON).body(body).post("/collections/nosuch_layer/items").then()
                .statusCode(404).extract().path("detail");
        String refused = as(editor).contentType(GEOJSON).body(body).post("/collections/" + hidden + "/items").then()
                .statusCode(404).extract().path("detail");
        assertEquals(missing.replace("nosuch_layer", "X"), refused.replace(hidden, "X"));
        as(editor).header("If-Match", "*").delete("/collections/" + hidden + "/items/a").then().statusCode(404);
        assertEquals(hiddenBefore, state(hidden));

        // the sensors layer is kept by the platform
        as(editor).contentType(GEOJSON).body(feature(6.1, 52.5, 0.0001, "")).post("/collections/sensors/items")
                .then().statusCode(409).body("detail", containsString("SensorThings"));
        // an unknown feature
        as(editor).header("If-Match", "*").delete(items + "/nosuch").then().statusCode(404);
        // a layer a harvester feeds: its next run would overwrite an edit
        String harvester = "h-" + layer.replace('_', '-');
        TestDatabase.update("INSERT INTO tweeling.harvester (id, type, url, options) VALUES (?, 'ogcapi-features',"
                + " 'http://127.0.0.1:9/', jsonb_build_object('layer', ?::text))", harvester, layer);
        try {
            String fed = state(layer);
            as(editor).header("If-Match", "*").delete(items + "/a").then().statusCode(409)
                    .body("detail", containsString("harvester " + harvester));
            assertEquals(fed, state(layer));
        } finally {
            TestDatabase.update("DELETE FROM tweeling.harvester WHERE id = ?", harvester);
        }
        as(editor).header("If-Match", "*").delete(items + "/a").then().statusCode(204);
    }

    @Test
    void invalidRequestsAreProblemsThatNameEachFieldAndChangeNothing() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String items = "/collections/" + layer + "/items";
        String before = state(layer);
        String tag = as(null).get(items + "/a").header("ETag");
        String point = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.1,52.5]},\"properties\":{}}";
        String bowTie = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[6.1,52.5],[6.2,52.6],"
                + "[6.2,52.5],[6.1,52.6],[6.1,52.5]]]},\"properties\":{}}";
        Map<String, String> bodies = Map.of(
                feature(6.1, 52.5, 0.001, "\"nosuch\":1"), "properties.nosuch",
                feature(6.1, 52.5, 0.001, "\"height_m\":\"tall\""), "properties.height_m",
                feature(6.1, 52.5, 0.001, "\"construction_year\":1e6"), "properties.construction_year",
                point, "geometry.type",
                bowTie, "geometry",
                "{\"type\":\"Feature\",", "(not JSON)");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            Response post = as(editor).contentType(GEOJSON).body(b.getKey()).post(items);
            post.then().statusCode(400).contentType("application/problem+json");
            Response put = as(editor).contentType(GEOJSON).header("If-Match", tag).body(b.getKey()).put(items + "/a");
            put.then().statusCode(400).contentType("application/problem+json");
            if (!b.getValue().startsWith("(")) {
                List<String> names = post.path("errors.name");
                assertEquals(List.of(b.getValue()), names, b.getKey());
                assertEquals(names, put.path("errors.name"));
            }
        }
        // two problems in one body: both named
        List<String> names = as(editor).contentType(GEOJSON).body(feature(6.1, 52.5, 0.001, "\"nosuch\":1,\"use\":2"))
                .post(items).then().statusCode(400).extract().path("errors.name");
        assertEquals(List.of("properties.nosuch", "properties.use"), names);
        // a CRS the API does not serve
        as(editor).contentType(GEOJSON).header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/2154>")
                .body(feature(6.1, 52.5, 0.001, "")).post(items).then().statusCode(400)
                .body("parameter", equalTo("Content-Crs"));
        // a body that is not a feature at all, and another media type
        as(editor).contentType(GEOJSON).body("[]").post(items).then().statusCode(400);
        as(editor).contentType("text/plain").body("x").post(items).then().statusCode(415);
        assertEquals(before, state(layer), "no 4xx changed anything");

        // what only the table knows (a CHECK of facilities.kind): still a 400, and the sample layer is unchanged
        String facilities = state("facilities");
        as(editor).contentType(GEOJSON).body("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
                + "[6.09,52.51]},\"properties\":{\"kind\":\"castle\"}}").post("/collections/facilities/items").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("check"));
        assertEquals(facilities, state("facilities"));
    }

    @Test
    void geometriesInContentCrs28992And4326AndRepairs() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String items = "/collections/" + layer + "/items";
        String square = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[204000,504000],"
                + "[204010,504000],[204010,504010],[204000,504010],[204000,504000]]]},\"properties\":{}}";
        String rd = created(as(editor).contentType(GEOJSON).header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/28992>")
                .body(square).post(items));
        assertEquals("MULTIPOLYGON(((204000 504000,204010 504000,204010 504010,204000 504010,204000 504000)))",
                TestDatabase.scalar("SELECT ST_AsText(geom) FROM tweeling." + layer + " WHERE feature_id = ? AND valid_to IS NULL", rd));

        // the same corner as CRS84 lon/lat and as EPSG:4326 lat/lon: the same stored point
        double[] ll = TestDatabase.lonLat(204000, 504000);
        String lonLat = created(as(editor).contentType(GEOJSON).body(feature(ll[0], ll[1], 0.0001, "")).post(items));
        String corner = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]},\"properties\":{}}";
        String latLon = created(as(editor).contentType(GEOJSON).header("Content-Crs", "http://www.opengis.net/def/crs/EPSG/0/4326")
                .body(String.format(java.util.Locale.ROOT, corner, ll[1], ll[0], ll[1], ll[0] + 0.0001, ll[1] + 0.0001, ll[0] + 0.0001, ll[1], ll[0]))
                .post(items));
        for (String id : List.of(lonLat, latLon)) {
            double d = ((Number) TestDatabase.scalar("SELECT ST_Distance(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1),"
                    + " ST_SetSRID(ST_MakePoint(204000, 504000), 28992)) FROM tweeling." + layer
                    + " WHERE feature_id = ? AND valid_to IS NULL", id)).doubleValue();
            assertTrue(d < 0.01, id + " starts " + d + " m from the corner");
        }

        // a ring that touches itself (an inverted hole) is repaired: valid, same area
        String touching = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[205000,505000],[205010,505000],"
                + "[205010,505010],[205000,505010],[205000,505000],[205004,505004],[205004,505006],[205006,505006],[205006,505004],"
                + "[205004,505004],[205000,505000]]]},\"properties\":{}}";
        String fixed = created(as(editor).contentType(GEOJSON).header("Content-Crs", "EPSG:28992").body(touching).post(items));
        Object[] g = TestDatabase.row("SELECT ST_IsValid(geom), ST_Area(geom) FROM tweeling." + layer
                + " WHERE feature_id = ? AND valid_to IS NULL", fixed);
        assertEquals(true, g[0]);
        assertEquals(96.0, ((Number) g[1]).doubleValue(), 1e-6);
    }

    @Test
    void aPropertyTheEditorMayNotSeeCannotBeWrittenAndKeepsItsValue() {
        String layer = EditFixture.layer(registry, "public", "{\"use\": \"planner\"}");
        String editor = TestDatabase.newApiKey("editor");
        String items = "/collections/" + layer + "/items";
        String before = state(layer);
        String hidden = as(editor).contentType(GEOJSON).body(feature(6.1, 52.5, 0.001, "\"use\":\"x\"")).post(items)
                .then().statusCode(400).extract().path("errors[0].reason");
        String unknown = as(editor).contentType(GEOJSON).body(feature(6.1, 52.5, 0.001, "\"nosuch\":\"x\"")).post(items)
                .then().statusCode(400).extract().path("errors[0].reason");
        assertEquals(unknown, hidden);
        assertFalse(hidden.contains("use"), hidden);
        assertEquals(before, state(layer));
        // a replace by the editor leaves the hidden property as it was
        String tag = as(editor).get(items + "/a").then().statusCode(200).extract().header("ETag");
        as(editor).contentType(GEOJSON).header("If-Match", tag).body(feature(6.1, 52.5, 0.001, "\"buurt_code\":\"300\""))
                .put(items + "/a").then().statusCode(204);
        assertEquals(List.of("300", "residential"), List.of(TestDatabase.row("SELECT buurt_code, use FROM tweeling." + layer
                + " WHERE feature_id = 'a' AND valid_to IS NULL")));
        // the admin sees and writes it
        String adminTag = as(ADMIN).get(items + "/a").header("ETag");
        as(ADMIN).contentType("application/merge-patch+json").header("If-Match", adminTag).body("{\"properties\":{\"use\":\"shop\"}}")
                .patch(items + "/a").then().statusCode(204);
        assertEquals("shop", TestDatabase.scalar("SELECT use FROM tweeling." + layer + " WHERE feature_id = 'a' AND valid_to IS NULL"));
    }

    private static String created(Response r) {
        r.then().statusCode(201);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
