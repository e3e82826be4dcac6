package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import nl.tweeling.support.TestDatabase;

/**
 * Who may read what (issue 11, point 3) and managing layers (point 4). A layer or property the caller may not
 * see is absent from every surface: /collections, the collection, items, a single item, queryables, /api, HTML,
 * filters, sorting and property parameters, in JSON and HTML; its absence looks exactly like non-existence.
 */
@QuarkusTest
class LayerAccessTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @TempDir
    Path tmp;

    @TestHTTPResource("/")
    String root;

    private static RequestSpecification as(String key) {
        RequestSpecification r = given();
        return key == null ? r : r.header("X-API-Key", key);
    }

    /** An imported layer of three points with properties a (public) and secret. */
    private String importLayer() throws Exception {
        String layer = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"a\":1,\"secret\":\"x1\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}},"
                + "{\"type\":\"Feature\",\"id\":2,\"properties\":{\"a\":2,\"secret\":\"x2\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.10,52.52]}},"
                + "{\"type\":\"Feature\",\"id\":3,\"properties\":{\"a\":3,\"secret\":\"x3\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.11,52.50]}}]}");
        String job = given().header("X-API-Key", ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer)
                .post("/imports").then().statusCode(201).extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
            String s = as(ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        as(ADMIN).get("/collections/" + layer).then().statusCode(200);
        return layer;
    }

    private static void patch(String layer, String body) {
        as(ADMIN).contentType("application/merge-patch+json").body(body).patch("/collections/" + layer)
                .then().statusCode(200);
    }

    /** Every surface that would show the layer, as {@code key} sees it: visible or absent (as a missing one). */
    private void assertLayerVisible(String layer, String key, boolean visible) {
        String missing = "nosuch-" + UUID.randomUUID().toString().substring(0, 6);
        int status = visible ? 200 : 404;
        List<String> ids = as(key).get("/collections").then().statusCode(200).extract().path("collections.id");
        assertEquals(visible, ids.contains(layer), key + " in /collections: " + ids);
        assertEquals(visible, as(key).get("/collections?f=html").then().statusCode(200).extract().asString()
                .contains("collections/" + layer), "HTML list");
        for (String path : List.of("", "/items", "/items/1", "/queryables", "?f=html", "/items?f=html")) {
            as(key).get("/collections/" + layer + path).then().statusCode(status);
        }
        if (!visible) {
            String hidden = as(key).get("/collections/" + layer).then().extract().path("detail");
            String none = as(key).get("/collections/" + missing).then().extract().path("detail");
            assertEquals(none.replace(missing, "X"), hidden.replace(layer, "X"), "hidden looks like missing");
        }
        String api = as(key).get("/api").then().statusCode(200).extract().asString();
        assertEquals(visible, api.contains("/collections/" + layer + "/items"), "/api");
    }

    @Test
    void accessLevelsHideWholeLayersEverywhere() throws Exception {
        String layer = importLayer();
        String ingest = TestDatabase.newApiKey("ingest");
        String planner = TestDatabase.newApiKey("planner");
        assertLayerVisible(layer, null, true);

        patch(layer, "{\"access\":\"authenticated\"}");
        assertLayerVisible(layer, null, false);
        assertLayerVisible(layer, ingest, true);
        assertLayerVisible(layer, planner, true);

        patch(layer, "{\"access\":\"planner\"}");
        assertLayerVisible(layer, null, false);
        assertLayerVisible(layer, ingest, false);
        assertLayerVisible(layer, planner, true);
        assertLayerVisible(layer, ADMIN, true);

        patch(layer, "{\"access\":\"public\"}");
        assertLayerVisible(layer, null, true);
    }

    @Test
    void aWrongKeyIsRefusedEvenWhereNoneIsNeeded() {
        given().header("X-API-Key", "twk_not-a-real-key").get("/collections").then().statusCode(401)
                .contentType("application/problem+json");
    }

    /** addresses.residents is restricted to planners in the sample (V006; docs/security.md says why). */
    @Test
    void restrictedPropertiesAreAbsentForThoseWhoMayNotSeeThem() {
        String planner = TestDatabase.newApiKey("planner");
        String ingest = TestDatabase.newApiKey("ingest");
        for (String key : new String[] {null, ingest}) {
            Map<String, Object> props = as(key).get("/collections/addresses/items?limit=5").then().statusCode(200)
                    .extract().path("features[0].properties");
            assertFalse(props.containsKey("residents"), "items: " + props.keySet());
            String id = as(key).get("/collections/addresses/items?limit=1").then().extract().path("features[0].id").toString();
            Map<String, Object> one = as(key).get("/collections/addresses/items/" + id).then().statusCode(200)
                    .extract().path("properties");
            assertFalse(one.containsKey("residents"), "item: " + one.keySet());
            as(key).get("/collections/addresses/queryables").then().statusCode(200)
                    .body("properties.keySet()", not(hasItem("residents")));
            // a filter, a sort, a property parameter or a properties list on it: as for a property that does not exist
            String unknown = as(key).queryParam("filter", "nosuchprop > 0").get("/collections/addresses/items")
                    .then().statusCode(400).extract().path("detail");
            String hidden = as(key).queryParam("filter", "residents > 0").get("/collections/addresses/items")
                    .then().statusCode(400).extract().path("detail");
            assertEquals(unknown.replace("nosuchprop", "P"), hidden.replace("residents", "P"));
            as(key).queryParam("sortby", "residents").get("/collections/addresses/items").then().statusCode(400);
            as(key).queryParam("residents", "1").get("/collections/addresses/items").then().statusCode(400);
            as(key).queryParam("properties", "residents").get("/collections/addresses/items").then().statusCode(400);
            List<String> params = as(key).get("/api").then().statusCode(200).extract().jsonPath()
                    .getList("paths.'/collections/addresses/items'.get.parameters.name");
            assertFalse(params.contains("residents"), "/api: " + params);
            assertTrue(params.contains("house_number"), "/api: " + params);
            assertFalse(as(key).get("/collections/addresses?f=html").then().extract().asString().contains("residents"));
            assertFalse(as(key).get("/collections/addresses/items?f=html&limit=3").then().extract().asString()
                    .contains("residents"));
            Map<String, Object> collection = as(key).get("/collections/addresses").then().extract().path("");
            assertFalse(collection.toString().contains("residents"), "collection: " + collection);
        }
        Map<String, Object> props = as(planner).get("/collections/addresses/items?limit=1").then().statusCode(200)
                .extract().path("features[0].properties");
        assertTrue(props.containsKey("residents"), "a planner sees residents: " + props.keySet());
        as(planner).queryParam("filter", "residents > 0").get("/collections/addresses/items").then().statusCode(200);
        as(planner).get("/collections/addresses/queryables").then().body("properties.keySet()", hasItem("residents"));
        assertTrue(as(planner).get("/api").then().extract().jsonPath()
                .getList("paths.'/collections/addresses/items'.get.parameters.name").contains("residents"));
        // counts are the layer's own: numberMatched does not depend on who asks
        int anonymous = as(null).get("/collections/addresses/items?limit=1").then().extract().path("numberMatched");
        int planners = as(planner).get("/collections/addresses/items?limit=1").then().extract().path("numberMatched");
        assertEquals(anonymous, planners);
    }

    @Test
    void gdalReadsARestrictedLayerWithAKeyInItsHeaders() throws Exception {
        String layer = importLayer();
        patch(layer, "{\"access\":\"planner\",\"restrictedProperties\":{\"secret\":\"admin\"}}");
        String planner = TestDatabase.newApiKey("planner");
        String withKey = ogrinfo(layer, "X-API-Key: " + planner);
        assertTrue(withKey.contains("Feature Count: 3"), withKey);
        assertTrue(withKey.contains("a: Integer"), withKey);
        assertFalse(withKey.contains("secret"), "a planner does not see the admin's property\n" + withKey);
        String withAdmin = ogrinfo(layer, "X-API-Key: " + ADMIN);
        assertTrue(withAdmin.contains("secret"), withAdmin);
        String without = ogrinfo(layer, null);
        assertFalse(without.contains("Feature Count: 3"), without);
    }

    private String ogrinfo(String layer, String headers) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=100"));
        if (headers != null) {
            cmd.addAll(List.of("--config", "GDAL_HTTP_HEADERS", headers));
        }
        cmd.addAll(List.of("OAPIF:" + root, layer));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void patchChangesMetadataShownAsLinksAndInHtml() throws Exception {
        String layer = importLayer();
        as(ADMIN).contentType("application/json").body("{\"title\":\"Bomen\",\"description\":\"Trees of Zwolle\","
                + "\"keywords\":[\"bomen\",\"groen\"],\"licence\":\"CC-BY-4.0\",\"attribution\":\"Gemeente Zwolle\"}")
                .patch("/collections/" + layer).then().statusCode(200)
                .body("title", equalTo("Bomen")).body("keywords", equalTo(List.of("bomen", "groen")));
        Response c = given().get("/collections/" + layer);
        c.then().statusCode(200).body("title", equalTo("Bomen")).body("description", equalTo("Trees of Zwolle"))
                .body("attribution", equalTo("Gemeente Zwolle")).body("license", equalTo("CC-BY-4.0"))
                .body("links.find { it.rel == 'license' }.href", equalTo("https://spdx.org/licenses/CC-BY-4.0.html"))
                .body("access", equalTo(null));
        String html = given().get("/collections/" + layer + "?f=html").then().extract().asString();
        assertTrue(html.contains("rel=\"license\"") && html.contains("Gemeente Zwolle") && html.contains("bomen, groen"), html);
        patch(layer, "{\"licence\":\"Open data Zwolle\",\"licenceUrl\":\"https://example.org/licence\"}");
        given().get("/collections/" + layer).then()
                .body("links.find { it.rel == 'license' }.href", equalTo("https://example.org/licence"));
        // admins see the access rules
        as(ADMIN).get("/collections/" + layer).then().body("access", equalTo("public"));
    }

    @Test
    void badPatchesAreRefusedAndChangeNothing() throws Exception {
        String layer = importLayer();
        String before = as(ADMIN).get("/collections/" + layer).then().extract().asString();
        for (String body : List.of("{\"colour\":\"red\"}", "{\"access\":\"everyone\"}", "{\"title\":\"\"}",
                "{\"title\":\"ok\",\"keywords\":\"a\"}", "{\"restrictedProperties\":{\"nosuch\":\"planner\"}}",
                "{\"restrictedProperties\":{\"secret\":\"friends\"}}", "{\"licenceUrl\":\"file:///etc/passwd\"}",
                "{}", "[1]", "not json", "{\"title\":\"a\u0000b\"}")) {
            as(ADMIN).contentType("application/json").body(body).patch("/collections/" + layer).then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().contentType("application/json").body("{\"title\":\"x\"}").patch("/collections/" + layer).then().statusCode(401);
        as(TestDatabase.newApiKey("planner")).contentType("application/json").body("{\"title\":\"x\"}")
                .patch("/collections/" + layer).then().statusCode(403);
        as(ADMIN).contentType("application/json").body("{\"title\":\"x\"}").patch("/collections/nosuch-layer")
                .then().statusCode(404);
        assertEquals(before, as(ADMIN).get("/collections/" + layer).then().extract().asString());
    }

    @Test
    void deleteRemovesAnImportedLayerWithItsHistoryAndRefusesBaseLayers() throws Exception {
        as(ADMIN).delete("/collections/buurten").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("base layer"));
        given().get("/collections/buurten").then().statusCode(200);

        String layer = importLayer();
        given().delete("/collections/" + layer).then().statusCode(401);
        as(TestDatabase.newApiKey("planner")).delete("/collections/" + layer).then().statusCode(403);

        // while an import holds the layer's lock
        try (Connection c = TestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtext('tweeling.import'), hashtext(?))")) {
            ps.setString(1, layer);
            ps.execute();
            as(ADMIN).delete("/collections/" + layer).then().statusCode(409).body("detail", containsString("import"));
        }
        // while an import of it is queued
        UUID job = UUID.randomUUID();
        TestDatabase.update("INSERT INTO tweeling.job (id, kind, status, inputs) VALUES (?, 'import', 'accepted',"
                + " jsonb_build_object('layer', ?::text))", job, layer);
        as(ADMIN).delete("/collections/" + layer).then().statusCode(409).body("detail", containsString(job.toString()));
        TestDatabase.update("UPDATE tweeling.job SET status = 'failed' WHERE id = ?", job);
        given().get("/collections/" + layer).then().statusCode(200);

        String table = (String) TestDatabase.scalar("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM tweeling.layer WHERE id = ?", layer);
        as(ADMIN).delete("/collections/" + layer).then().statusCode(204);
        given().get("/collections/" + layer).then().statusCode(404);
        assertNull(TestDatabase.scalar("SELECT to_regclass(?)::text", table), "table dropped");
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer_field WHERE layer_id = ?", layer));
        as(ADMIN).delete("/collections/" + layer).then().statusCode(404);
    }

    @Test
    void anImportSetsWhoMayReadTheLayerItCreates() throws Exception {
        String layer = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":1,"
                + "\"properties\":{\"a\":1,\"secret\":\"x1\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}]}");
        // bad options: 400 naming them, no job
        as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer).multiPart("access", "friends")
                .post("/imports").then().statusCode(400).body("detail", containsString("access"));
        as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer).multiPart("restrictedProperties", "secret")
                .post("/imports").then().statusCode(400).body("detail", containsString("restrictedProperties"));
        String job = as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer).multiPart("access", "authenticated")
                .multiPart("restrictedProperties", "secret:planner").post("/imports").then().statusCode(201)
                .extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() ->
                "successful".equals(as(ADMIN).get("/jobs/" + job).then().extract().path("status")));
        given().get("/collections/" + layer).then().statusCode(404);
        String ingest = TestDatabase.newApiKey("ingest");
        Map<String, Object> props = as(ingest).get("/collections/" + layer + "/items").then().statusCode(200)
                .extract().path("features[0].properties");
        assertFalse(props.containsKey("secret"), props.toString());
        assertTrue(props.containsKey("a"), props.toString());
        props = as(TestDatabase.newApiKey("planner")).get("/collections/" + layer + "/items").then().statusCode(200)
                .extract().path("features[0].properties");
        assertTrue(props.containsKey("secret"), props.toString());
        // an existing layer's access changes by PATCH only
        as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer).multiPart("mode", "replace")
                .multiPart("access", "public").post("/imports").then().statusCode(400).body("detail", containsString("PATCH"));
        // a property the new layer does not have fails the import, which leaves nothing
        String other = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        String failed = as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", other)
                .multiPart("restrictedProperties", "nosuch:planner").post("/imports").then().statusCode(201)
                .extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() ->
                "failed".equals(as(ADMIN).get("/jobs/" + failed).then().extract().path("status")));
        assertTrue(as(ADMIN).get("/jobs/" + failed).then().extract().<String>path("message").contains("nosuch"));
        as(ADMIN).get("/collections/" + other).then().statusCode(404);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", other));
    }
}
