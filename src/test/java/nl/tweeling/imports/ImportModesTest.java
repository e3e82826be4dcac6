package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * Into an existing layer an import says what it does (mode=replace or mode=upsert); dryRun reports and writes
 * nothing; a source that does not fit an existing layer is refused before any work, naming every problem.
 */
@QuarkusTest
class ImportModesTest {

    @TempDir
    Path tmp;

    private Path geojson(String name, String... features) throws Exception {
        Path f = tmp.resolve(name + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
        return f;
    }

    private static String point(int id, Object a, double x) {
        return "{\"type\":\"Feature\",\"id\":" + id + ",\"properties\":{\"a\":" + (a instanceof String ? "\"" + a + "\"" : a)
                + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + x + ",52.5]}}";
    }

    private static String table(String layer) {
        return "tweeling_layer.\"" + layer + "\"";
    }

    /** Every row of the layer, history included, as one text: what "nothing changed" compares. */
    private static String snapshot(String layer) {
        return (String) TestDatabase.scalar("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY fid)), '') FROM "
                + table(layer) + " t");
    }

    private static void refused(String parameter, String detail, Map<String, String> fields, Path file) {
        var r = given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", file.toFile());
        for (var e : fields.entrySet()) {
            r = r.multiPart(e.getKey(), e.getValue());
        }
        r.post("/imports").then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo(parameter)).body("detail", containsString(detail));
    }

    @Test
    void anExistingLayerNeedsAModeAndEachModeDoesWhatItSays() throws Exception {
        String layer = ImportSupport.layerName("modes");
        Path first = geojson("first", point(1, 10, 6.09), point(2, 20, 6.10), point(3, 30, 6.11));
        JsonPath created = ImportSupport.importOk(Map.of("layer", layer), first);
        assertEquals(3, created.getInt("inserted"));

        // no mode: refused, nothing changed, no job
        String before = snapshot(layer);
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job");
        refused("mode", "mode=replace", Map.of("layer", layer), first);
        refused("mode", "mode must be replace", Map.of("layer", layer, "mode", "merge"), first);
        assertEquals(before, snapshot(layer));
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job"));

        // replace: 1 changed, 2 the same, 3 missing → 1 updated, 1 unchanged, 1 ended
        Path second = geojson("second", point(1, 11, 6.09), point(2, 20, 6.10));
        JsonPath dry = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "dryRun", "true"), second);
        assertTrue(dry.getBoolean("dryRun"));
        assertEquals(1, dry.getInt("updated"));
        assertEquals(1, dry.getInt("unchanged"));
        assertEquals(1, dry.getInt("ended"));
        assertEquals(before, snapshot(layer), "a dry run writes nothing");
        JsonPath replaced = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace"), second);
        assertEquals(1, replaced.getInt("updated"));
        assertEquals(1, replaced.getInt("unchanged"));
        assertEquals(1, replaced.getInt("ended"));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE valid_to IS NULL"));

        // upsert: 4 new, 2 changed, 1 missing (kept) → 1 inserted, 1 updated, 0 ended
        Path third = geojson("third", point(2, 21, 6.10), point(4, 40, 6.12));
        JsonPath upserted = ImportSupport.importOk(Map.of("layer", layer, "mode", "upsert"), third);
        assertEquals(1, upserted.getInt("inserted"));
        assertEquals(1, upserted.getInt("updated"));
        assertEquals(0, upserted.getInt("ended"));
        assertEquals(3L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE valid_to IS NULL"));
        assertEquals(11, ((Number) TestDatabase.scalar("SELECT a FROM " + table(layer)
                + " WHERE valid_to IS NULL AND feature_id = '1'")).intValue(), "feature 1 kept by the upsert");
    }

    @Test
    void aDryRunOfANewLayerCreatesNothing() throws Exception {
        String layer = ImportSupport.layerName("dry");
        JsonPath dry = ImportSupport.importOk(Map.of("layer", layer, "dryRun", "true"),
                geojson("dry", point(1, 1, 6.09), point(2, 2, 6.10)));
        assertEquals(2, dry.getInt("inserted"));
        assertTrue(dry.getBoolean("wouldCreateLayer"));
        assertFalse(dry.getBoolean("createdLayer"));
        given().get("/collections/" + layer).then().statusCode(404);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", layer));
        assertEquals(null, TestDatabase.scalar("SELECT to_regclass(?)::text", "tweeling_layer.\"" + layer + "\""));
    }

    @Test
    void aSourceThatDoesNotFitAnExistingLayerIsRefusedBeforeAnyWork() throws Exception {
        // points with a field 'a' into the base layer of neighbourhoods: required fields missing, wrong geometry
        long buurten = TestDatabase.count("SELECT count(*) FROM tweeling.buurten");
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job");
        Path points = geojson("points", point(1, 1, 6.09));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", points.toFile())
                .multiPart("layer", "buurten").multiPart("mode", "replace").post("/imports").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("layer"))
                .body("detail", allOf(containsString("field code is missing"), containsString("field name is missing"),
                        containsString("geometries are points, the layer's are areas")));
        assertEquals(buurten, TestDatabase.count("SELECT count(*) FROM tweeling.buurten"));
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job"));

        // text into a column of whole numbers
        String layer = ImportSupport.layerName("typed");
        ImportSupport.importOk(Map.of("layer", layer), geojson("typed", point(1, 1, 6.09)));
        String before = snapshot(layer);
        refused("layer", "field a is String, but column a takes whole numbers", Map.of("layer", layer, "mode", "upsert"),
                geojson("text", point(1, "one", 6.09)));
        assertEquals(before, snapshot(layer));
    }
}
