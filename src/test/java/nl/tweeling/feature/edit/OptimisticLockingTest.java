package nl.tweeling.feature.edit;

import static nl.tweeling.feature.edit.EditFixture.as;
import static nl.tweeling.feature.edit.EditFixture.feature;
import static nl.tweeling.feature.edit.EditFixture.state;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Features Part 4, class optimistic-locking-etags: every single feature carries a strong ETag of its
 * current version; PUT, PATCH and DELETE need If-Match (428 without), and a tag of another version is a 412 that
 * changes nothing; {@code *} matches any current version (RFC 9110).
 */
@QuarkusTest
class OptimisticLockingTest {

    @Inject
    LayerRegistry registry;

    @Test
    void everySingleFeatureHasAStrongEtagPerRepresentation() {
        String layer = EditFixture.layer(registry);
        String item = "/collections/" + layer + "/items/a";
        String json = as(null).get(item).then().statusCode(200).extract().header("ETag");
        assertTrue(json.matches("\"[0-9a-z]+-[0-9a-z]+\""), json);
        assertEquals(json, as(null).get(item + "?f=json").header("ETag"));
        assertEquals(json, as(null).head(item).then().statusCode(200).extract().header("ETag"), "HEAD too");
        String rd = as(null).get(item + "?crs=http://www.opengis.net/def/crs/EPSG/0/28992").header("ETag");
        String html = as(null).get(item + "?f=html").header("ETag");
        assertNotEquals(json, rd);
        assertNotEquals(json, html);
        assertNotEquals(rd, html);
        assertTrue(rd.startsWith(json.substring(0, json.length() - 1) + "."), rd);
        // a sample feature has one as well
        assertNotNull(as(null).get("/collections/buurten/items?limit=1").then().extract().path("features[0].id"));
        String sample = as(null).get("/collections/buurten/items?limit=1").then().extract().path("features[0].id");
        assertNotNull(as(null).get("/collections/buurten/items/" + sample).header("ETag"));
    }

    @Test
    void withoutIfMatch428AndWithAnotherVersion412AndNothingChanges() {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String item = "/collections/" + layer + "/items/a";
        String tag = as(null).get(item).header("ETag");
        String other = as(null).get("/collections/" + layer + "/items/b").header("ETag");
        String before = state(layer);
        for (String ifMatch : new String[] {null, other, "W/" + tag, "\"nonsense\""}) {
            int status = ifMatch == null ? 428 : 412;
            put(editor, ifMatch).put(item).then().statusCode(status).contentType("application/problem+json");
            patch(editor, ifMatch).patch(item).then().statusCode(status).contentType("application/problem+json");
            with(editor, ifMatch).delete(item).then().statusCode(status).contentType("application/problem+json");
        }
        put(editor, other).put(item).then().body("detail", containsString(tag));
        assertEquals(before, state(layer), "no refused write changed anything");
        // the tag of another representation of the current version matches; the write's tag is the new one
        String rd = as(null).get(item + "?crs=http://www.opengis.net/def/crs/EPSG/0/28992").header("ETag");
        String next = patch(editor, "\"x-1\", " + rd).patch(item).then().statusCode(204).extract().header("ETag");
        assertEquals(next, as(null).get(item).header("ETag"));
        // the old tag is stale now
        with(editor, tag).delete(item).then().statusCode(412);
        // * matches whatever is current
        String afterStar = put(editor, "*").put(item).then().statusCode(204).extract().header("ETag");
        assertNotEquals(next, afterStar);
        with(editor, afterStar).delete(item).then().statusCode(204);
        // nothing is current any more: 404, whatever If-Match says
        with(editor, "*").delete(item).then().statusCode(404);
        as(null).get(item).then().statusCode(404).body("status", equalTo(404));
    }

    @Test
    void ofConcurrentWritesWithTheSameTagExactlyOneWins() throws Exception {
        String layer = EditFixture.layer(registry);
        String editor = TestDatabase.newApiKey("editor");
        String item = "/collections/" + layer + "/items/a";
        String tag = as(null).get(item).header("ETag");
        int n = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                String use = "writer-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return with(editor, tag).contentType("application/merge-patch+json")
                            .body("{\"properties\":{\"use\":\"" + use + "\"}}").patch(item).statusCode();
                }));
            }
            start.countDown();
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            java.util.Collections.sort(statuses);
            assertEquals(java.util.List.of(204, 412, 412, 412), statuses);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'a'"),
                "one new version, no lost update");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'a' AND valid_to IS NULL"));
    }

    @Test
    void theApiDocumentDescribesTheEditingOperations() {
        String layer = EditFixture.layer(registry);
        io.restassured.path.json.JsonPath api = as(null).get("/api").then().statusCode(200).extract().jsonPath();
        String items = "paths.'/collections/" + layer + "/items'";
        String item = "paths.'/collections/" + layer + "/items/{featureId}'";
        assertNotNull(api.get(items + ".post.responses.'201'.headers.Location"));
        assertNotNull(api.get(items + ".post.requestBody.content.'application/geo+json'"));
        for (String op : new String[] {"put", "patch", "delete"}) {
            for (String status : new String[] {"401", "403", "404", "412", "428"}) {
                assertNotNull(api.get(item + "." + op + ".responses.'" + status + "'"), op + " " + status);
            }
            assertEquals(java.util.List.of("If-Match"), api.getList(item + "." + op + ".parameters.findAll { it.in == 'header' && it.required }.name"));
        }
        assertNotNull(api.get(item + ".patch.requestBody.content.'application/merge-patch+json'"));
        assertNotNull(api.get(item + ".get.responses.'200'.headers.ETag"));
        // the sensors layer, which the platform keeps, has no editing operations
        assertNull(api.get("paths.'/collections/sensors/items'.post"));
        assertNull(api.get("paths.'/collections/sensors/items/{featureId}'.put"));
    }

    private static RequestSpecification with(String key, String ifMatch) {
        RequestSpecification r = as(key);
        return ifMatch == null ? r : r.header("If-Match", ifMatch);
    }

    private static RequestSpecification put(String key, String ifMatch) {
        return with(key, ifMatch).contentType("application/geo+json").body(feature(6.1, 52.5, 0.0002, "\"use\":\"put\""));
    }

    private static RequestSpecification patch(String key, String ifMatch) {
        return with(key, ifMatch).contentType("application/merge-patch+json").body("{\"properties\":{\"use\":\"patched\"}}");
    }
}
