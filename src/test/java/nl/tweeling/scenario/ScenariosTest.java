package nl.tweeling.scenario;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import nl.tweeling.support.TestDatabase;

/**
 * Scenarios (issue 14): copy-on-write overlays on a layer of their own, read and edited through the OGC API under
 * /scenarios/{sid}; the baseline never changes but by adopt. Each test imports its own layer.
 */
@QuarkusTest
class ScenariosTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @TempDir
    Path tmp;

    static RequestSpecification as(String key) {
        RequestSpecification r = given();
        return key == null ? r : r.header("X-API-Key", key);
    }

    /** An imported point layer: features 1, 2, 3 with a = 1, 2, 3 and a name. */
    private String importLayer() throws Exception {
        String layer = "scn-" + UUID.randomUUID().toString().substring(0, 8);
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"a\":1,\"name\":\"one\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}},"
                + "{\"type\":\"Feature\",\"id\":2,\"properties\":{\"a\":2,\"name\":\"two\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.10,52.52]}},"
                + "{\"type\":\"Feature\",\"id\":3,\"properties\":{\"a\":3,\"name\":\"three\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.11,52.50]}}]}");
        String job = as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer)
                .post("/imports").then().statusCode(201).extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
            String s = as(ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        as(ADMIN).get("/collections/" + layer).then().statusCode(200);
        return layer;
    }

    /** The md5 of every row of the layer's table (every version, every column) in fid order. */
    static String dump(String layer) {
        Object[] t = TestDatabase.row("SELECT table_schema, table_name FROM tweeling.layer WHERE id = ?", layer);
        String table = "\"" + t[0] + "\".\"" + t[1] + "\"";
        return (String) TestDatabase.scalar("SELECT md5(string_agg(r::text, '|' ORDER BY r.fid)) FROM " + table + " AS r");
    }

    static long create(String key, String body) {
        return ((Number) as(key).contentType("application/json").body(body).post("/scenarios").then().statusCode(201)
                .header("Location", containsString("/scenarios/")).extract().path("id")).longValue();
    }

    static String etag(String key, long sid, String layer, String fid) {
        return as(key).get("/scenarios/" + sid + "/collections/" + layer + "/items/" + fid).then().statusCode(200)
                .extract().header("ETag");
    }

    static void patchA(String key, long sid, String layer, String fid, int a) {
        as(key).contentType("application/merge-patch+json").header("If-Match", etag(key, sid, layer, fid))
                .body("{\"properties\":{\"a\":" + a + "}}")
                .patch("/scenarios/" + sid + "/collections/" + layer + "/items/" + fid).then().statusCode(204);
    }

    static Map<String, Object> feature(String key, String path) {
        return as(key).get(path).then().statusCode(200).extract().path("$");
    }

    @SuppressWarnings("unchecked")
    static Object a(String key, String path) {
        return ((Map<String, Object>) feature(key, path).get("properties")).get("a");
    }

    static List<String> ids(String key, String path) {
        List<Object> ids = as(key).get(path).then().statusCode(200).extract().path("features.id");
        return ids.stream().map(Object::toString).toList();
    }

    @Test
    void editsChangeOnlyTheirScenarioNeverTheBaseline() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        String before = dump(layer);
        long a = create(planner, "{\"name\":\"A\",\"description\":\"first\"}");
        long b = create(planner, "{\"name\":\"B\"}");

        patchA(planner, a, layer, "1", 100);
        as(planner).header("If-Match", etag(planner, a, layer, "2"))
                .delete("/scenarios/" + a + "/collections/" + layer + "/items/2").then().statusCode(204);
        String location = as(planner).contentType("application/geo+json")
                .body("{\"type\":\"Feature\",\"properties\":{\"a\":7,\"name\":\"new\"},"
                        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.095,52.515]}}")
                .post("/scenarios/" + a + "/collections/" + layer + "/items").then().statusCode(201)
                .header("ETag", org.hamcrest.Matchers.notNullValue()).extract().header("Location");
        assertTrue(location.contains("/scenarios/" + a + "/collections/" + layer + "/items/"), location);
        patchA(planner, b, layer, "1", 200);

        String items = "/scenarios/" + a + "/collections/" + layer + "/items";
        assertEquals(100, a(planner, items + "/1"));
        as(planner).get(items + "/2").then().statusCode(404);
        assertEquals(7, a(planner, location.substring(location.indexOf("/scenarios/"))));
        as(planner).get(items).then().statusCode(200).body("numberMatched", equalTo(3))
                .body("features.properties.name", hasItem("new"));
        assertEquals(List.of("1", "2", "3"), ids(planner, "/scenarios/" + b + "/collections/" + layer + "/items").stream()
                .sorted().toList());
        assertEquals(200, a(planner, "/scenarios/" + b + "/collections/" + layer + "/items/1"));
        assertEquals(1, a(null, "/collections/" + layer + "/items/1"));
        assertEquals(3, ids(null, "/collections/" + layer + "/items").size());
        assertEquals(before, dump(layer), "the baseline's rows, byte for byte");

        as(planner).get("/scenarios/" + a + "/collections/" + layer).then().statusCode(200).body("featureCount", equalTo(3));
        as(planner).get("/scenarios/" + a + "/collections/" + layer + "/items?revision=2").then()
                .body("numberMatched", equalTo(2));
        // the scenario's description lists the edited layer
        as(planner).get("/scenarios/" + a).then().statusCode(200).body("revision", equalTo(3))
                .body("editedCollections[0].collection", equalTo(layer))
                .body("editedCollections[0].removedFromBaseline", equalTo(false));
    }

    @Test
    void revisionsCanBeReadAndReverted() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"revisions\"}");
        String items = "/scenarios/" + s + "/collections/" + layer + "/items";
        patchA(planner, s, layer, "1", 10);
        patchA(planner, s, layer, "1", 20);
        as(planner).header("If-Match", "*").delete(items + "/3").then().statusCode(204);

        List<Integer> numbers = as(planner).get("/scenarios/" + s + "/revisions").then().statusCode(200)
                .body("revisions[1].message", containsString("update " + layer + "/1"))
                .extract().path("revisions.revision");
        assertEquals(List.of(0, 1, 2, 3), numbers);
        assertEquals(1, a(planner, items + "/1?revision=0"));
        assertEquals(10, a(planner, items + "/1?revision=1"));
        assertEquals(20, a(planner, items + "/1"));
        assertEquals(List.of("2", "1"), ids(planner, items + "?revision=3&sortby=a"));
        as(planner).get(items + "?revision=9").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("revisions 0 to 3"));

        as(planner).contentType("application/json").body("{\"revision\":1}").post("/scenarios/" + s + "/revert")
                .then().statusCode(200).body("revision", equalTo(4));
        assertEquals(10, a(planner, items + "/1"));
        assertEquals(List.of("2", "3", "1"), ids(planner, items + "?sortby=a"));
        // the reverted-over revisions stay readable
        assertEquals(20, a(planner, items + "/1?revision=3"));
        as(planner).get(items + "/3?revision=3").then().statusCode(404);
        as(planner).contentType("application/json").body("{\"revision\":4}").post("/scenarios/" + s + "/revert")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void editsNeedTheCurrentEtagAndAValidBody() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"etags\"}");
        String item = "/scenarios/" + s + "/collections/" + layer + "/items/1";
        String old = etag(planner, s, layer, "1");
        String body = "{\"type\":\"Feature\",\"properties\":{\"a\":5,\"name\":\"five\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}";
        as(planner).contentType("application/geo+json").body(body).put(item).then().statusCode(428)
                .contentType("application/problem+json");
        as(planner).contentType("application/geo+json").header("If-Match", old).body(body).put(item).then().statusCode(204);
        as(planner).contentType("application/geo+json").header("If-Match", old).body(body).put(item).then().statusCode(412)
                .contentType("application/problem+json");
        assertNotEquals(old, etag(planner, s, layer, "1"));

        String now = etag(planner, s, layer, "1");
        Response r = as(planner).contentType("application/geo+json").header("If-Match", now)
                .body("{\"type\":\"Feature\",\"properties\":{\"a\":\"many\",\"colour\":\"red\"},"
                        + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[6.09,52.51],[6.1,52.5]]}}")
                .put(item);
        r.then().statusCode(400).contentType("application/problem+json");
        String problem = r.asString();
        assertTrue(problem.contains("colour") && problem.contains("properties.a") && problem.contains("LineString"), problem);
        as(planner).get("/scenarios/" + s).then().body("revision", equalTo(1));
        assertEquals(5, a(planner, item));
        assertEquals(now, etag(planner, s, layer, "1"), "nothing changed");
    }

    @Test
    void ownersEditPlannersReadSharedOnesOthersSeeNothing() throws Exception {
        String layer = importLayer();
        String owner = TestDatabase.newApiKey("planner");
        String other = TestDatabase.newApiKey("planner");
        String ingest = TestDatabase.newApiKey("ingest");
        long s = create(owner, "{\"name\":\"mine\"}");
        String path = "/scenarios/" + s;
        String item = path + "/collections/" + layer + "/items/1";

        as(null).get("/scenarios").then().statusCode(401).contentType("application/problem+json");
        as(null).get(item).then().statusCode(401);
        as(ingest).get(path).then().statusCode(403);
        for (String p : List.of(path, path + "/revisions", item, path + "/collections/" + layer + "/items")) {
            as(other).get(p).then().statusCode(404).contentType("application/problem+json");
        }
        as(other).header("If-Match", "*").delete(item).then().statusCode(404);
        List<Object> listed = as(other).get("/scenarios").then().statusCode(200).extract().path("scenarios.id");
        assertFalse(listed.stream().anyMatch(id -> ((Number) id).longValue() == s));

        as(owner).contentType("application/merge-patch+json").body("{\"visibility\":\"shared\"}").patch(path)
                .then().statusCode(200).body("visibility", equalTo("shared"));
        as(other).get(item).then().statusCode(200);
        as(other).get("/scenarios").then().statusCode(200).body("scenarios.id", hasItem((int) s));
        as(other).contentType("application/merge-patch+json").header("If-Match", "*").body("{\"properties\":{\"a\":9}}")
                .patch(item).then().statusCode(403).contentType("application/problem+json");
        as(other).contentType("application/json").body("{\"name\":\"taken\"}").patch(path).then().statusCode(403);
        as(other).delete(path).then().statusCode(403);
        as(owner).post(path + "/adopt").then().statusCode(403);

        patchA(ADMIN, s, layer, "1", 42);
        assertEquals(42, a(other, item));
        as(owner).delete(path).then().statusCode(204);
        as(owner).get(path).then().statusCode(404);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.scenario_revision WHERE scenario_id = ?", s));
    }

    @Test
    void itemsOfAScenarioTakeTheBaselinesParameters() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"params\"}");
        patchA(planner, s, layer, "2", 20);
        String items = "/scenarios/" + s + "/collections/" + layer + "/items";

        // paging: next links stay in the scenario and keep the revision
        List<String> seen = new ArrayList<>();
        String next = items + "?limit=1&sortby=-a&revision=1";
        while (next != null) {
            Response r = as(planner).get(next);
            r.then().statusCode(200).body("numberReturned", equalTo(1));
            seen.add(r.path("features[0].id").toString());
            List<Map<String, String>> links = r.path("links");
            next = links.stream().filter(l -> "next".equals(l.get("rel"))).map(l -> l.get("href")).findFirst()
                    .map(h -> {
                        assertTrue(h.contains("/scenarios/" + s + "/collections/") && h.contains("revision=1"), h);
                        return h.substring(h.indexOf("/scenarios/"));
                    }).orElse(null);
        }
        assertEquals(List.of("2", "3", "1"), seen);
        assertEquals(List.of("2"), ids(planner, items + "?filter=a > 10"));
        assertEquals(List.of("2"), ids(planner, items + "?a=20"));
        assertEquals(List.of("2"), ids(planner, items + "?bbox=6.099,52.519,6.101,52.521"));
        List<Float> xy = as(planner).get(items + "/2?crs=http://www.opengis.net/def/crs/EPSG/0/28992").then()
                .statusCode(200).header("Content-Crs", containsString("28992")).extract().path("geometry.coordinates");
        assertTrue(xy.get(0) > 100000 && xy.get(1) > 400000, xy.toString());
        as(planner).get(items + "?datetime=2020-01-01T00:00:00Z").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("revision"));
        as(planner).get("/scenarios/" + s + "/collections").then().statusCode(200)
                .body("collections.id", hasItem(layer))
                .body("links[0].href", containsString("/scenarios/" + s + "/collections"));
        as(planner).get(items + "?f=html").then().statusCode(200).contentType(containsString("text/html"));
        as(planner).get("/scenarios/" + s + "/collections/" + layer + "/queryables").then().statusCode(200)
                .body("properties.a.type", equalTo("integer"));
    }

    @Test
    void tilesOfAScenarioShowItsEdits() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"tiles\"}");
        int z = 14;
        double lon = 6.10;
        double lat = 52.52;
        long col = (long) Math.floor((lon + 180) / 360 * (1 << z));
        double r = Math.toRadians(lat);
        long row = (long) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
        String tile = "/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + row + "/" + col;
        byte[] baseline = as(planner).get(tile).then().statusCode(200).extract().asByteArray();
        byte[] unchanged = as(planner).get("/scenarios/" + s + tile).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(baseline, unchanged, "a scenario without edits shows the baseline");
        patchA(planner, s, layer, "2", 2000);
        byte[] edited = as(planner).get("/scenarios/" + s + tile).then().statusCode(200).extract().asByteArray();
        assertFalse(java.util.Arrays.equals(baseline, edited), "the edited feature's tile differs");
        assertArrayEquals(unchanged, as(planner).get("/scenarios/" + s + tile + "?revision=0").then().statusCode(200)
                .extract().asByteArray(), "revision 0 is the baseline");
        as(planner).header("If-Match", "*").delete("/scenarios/" + s + "/collections/" + layer + "/items/2")
                .then().statusCode(204);
        byte[] deleted = as(planner).get("/scenarios/" + s + tile).then().extract().asByteArray();
        assertFalse(java.util.Arrays.equals(edited, deleted) || java.util.Arrays.equals(baseline, deleted),
                "the tile without the deleted feature differs from both");
        assertArrayEquals(baseline, as(planner).get(tile).then().statusCode(200).extract().asByteArray());
        as(planner).get("/scenarios/" + s + "/collections/" + layer + "/tiles/WebMercatorQuad").then().statusCode(200)
                .body(containsString("/scenarios/" + s + "/collections/" + layer + "/tiles/WebMercatorQuad/"));
    }

    @Test
    void adoptAppliesTheEditsAsNewVersions() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"adopt\"}");
        patchA(planner, s, layer, "1", 11);
        as(planner).header("If-Match", "*").delete("/scenarios/" + s + "/collections/" + layer + "/items/3")
                .then().statusCode(204);
        String added = as(planner).contentType("application/geo+json")
                .body("{\"type\":\"Feature\",\"properties\":{\"a\":4,\"name\":\"four\"},"
                        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.1,52.5]}}")
                .post("/scenarios/" + s + "/collections/" + layer + "/items").then().statusCode(201)
                .extract().header("Location");
        String addedId = added.substring(added.lastIndexOf('/') + 1);

        as(ADMIN).post("/scenarios/" + s + "/adopt").then().statusCode(200).body("adopted", org.hamcrest.Matchers.notNullValue());
        assertEquals(11, a(null, "/collections/" + layer + "/items/1"));
        as(null).get("/collections/" + layer + "/items/3").then().statusCode(404);
        assertEquals(4, a(null, "/collections/" + layer + "/items/" + addedId));
        Object[] t = TestDatabase.row("SELECT table_schema, table_name FROM tweeling.layer WHERE id = ?", layer);
        String table = "\"" + t[0] + "\".\"" + t[1] + "\"";
        assertEquals("scenario:" + s, TestDatabase.scalar("SELECT source FROM " + table
                + " WHERE feature_id = '1' AND valid_to IS NULL"));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM " + table + " WHERE feature_id = '1'"), "old version kept");
        // the adopted version names the scenario edit in the edit log, which names the scenario and the planner
        assertEquals(Long.toString(s), TestDatabase.scalar("SELECT e.scenario_id FROM tweeling.feature_edit AS e JOIN "
                + table + " AS t ON t.source_id = e.id::text WHERE t.feature_id = '1' AND t.valid_to IS NULL"
                + " AND e.operation = 'update'"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM " + table + " WHERE feature_id = '3' AND valid_to IS NOT NULL"));
        as(null).get("/collections/" + layer).then().body("featureCount", equalTo(3));
        // an adopted scenario is closed
        as(planner).header("If-Match", "*").delete("/scenarios/" + s + "/collections/" + layer + "/items/2")
                .then().statusCode(409);
    }

    @Test
    void adoptRefusesFeaturesTheBaselineChangedMeanwhile() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"conflict\"}");
        patchA(planner, s, layer, "1", 11);
        patchA(planner, s, layer, "2", 22);
        Object[] t = TestDatabase.row("SELECT table_schema, table_name FROM tweeling.layer WHERE id = ?", layer);
        String table = "\"" + t[0] + "\".\"" + t[1] + "\"";
        // the baseline changes feature 2 after the scenario began (a new version, as an import would write it)
        TestDatabase.update("UPDATE " + table + " SET valid_to = now() WHERE feature_id = '2' AND valid_to IS NULL");
        TestDatabase.update("INSERT INTO " + table + " (feature_id, a, name, geom, source) SELECT feature_id, 99, name,"
                + " geom, 'test' FROM " + table + " WHERE feature_id = '2' ORDER BY fid DESC LIMIT 1");
        String before = dump(layer);
        as(ADMIN).post("/scenarios/" + s + "/adopt").then().statusCode(409).contentType("application/problem+json")
                .body("errors.featureId", equalTo(List.of("2")))
                .body("errors[0].collection", equalTo(layer));
        assertEquals(before, dump(layer), "nothing adopted");
        as(planner).get("/scenarios/" + s).then().body("adopted", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aScenarioOverARemovedLayerSaysSo() throws Exception {
        String layer = importLayer();
        String planner = TestDatabase.newApiKey("planner");
        long s = create(planner, "{\"name\":\"gone\"}");
        patchA(planner, s, layer, "1", 5);
        as(ADMIN).delete("/collections/" + layer).then().statusCode(204);
        as(planner).get("/scenarios/" + s + "/collections/" + layer + "/items").then().statusCode(410)
                .contentType("application/problem+json").body("detail", containsString("removed from the baseline"));
        as(planner).get("/scenarios/" + s).then().statusCode(200)
                .body("editedCollections[0].removedFromBaseline", equalTo(true));
        as(ADMIN).post("/scenarios/" + s + "/adopt").then().statusCode(410);
        assertNotNull(as(planner).get("/scenarios/" + s + "/collections").then().statusCode(200).extract().path("collections"));
    }

    @Test
    void badRequestsAreProblems() {
        String planner = TestDatabase.newApiKey("planner");
        as(planner).contentType("application/json").body("{\"description\":\"no name\"}").post("/scenarios").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("name"));
        as(planner).contentType("application/json").body("{\"name\":\"x\",\"base\":\"yesterday\"}").post("/scenarios")
                .then().statusCode(400).body("detail", containsString("RFC 3339"));
        as(planner).contentType("application/json").body("{\"name\":\"x\",\"visibility\":\"public\"}").post("/scenarios")
                .then().statusCode(400);
        as(planner).contentType("application/json").body("{nope").post("/scenarios").then().statusCode(400)
                .body("detail", containsString("line 1"));
        as(planner).get("/scenarios/abc").then().statusCode(404).contentType("application/problem+json");
        long s = create(planner, "{\"name\":\"x\",\"base\":\"2020-01-01T00:00:00Z\"}");
        as(planner).get("/scenarios/" + s).then().body("base", equalTo("2020-01-01T00:00:00Z"));
        as(planner).get("/scenarios/" + s + "/collections/nosuch/items").then().statusCode(404);
        as(planner).contentType("application/json").body("{\"revision\":\"x\"}").post("/scenarios/" + s + "/revert")
                .then().statusCode(400);
    }
}
