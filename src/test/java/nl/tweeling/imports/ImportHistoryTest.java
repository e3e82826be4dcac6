package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** Re-imports version a layer: unchanged features untouched, edits as versions, failures change nothing. */
@QuarkusTest
class ImportHistoryTest {

    @TempDir
    Path tmp;

    private static String table(String layer) {
        return "tweeling_layer.\"" + layer + "\"";
    }

    /** Row count, newest ingested_at and highest xmin: any write changes at least one of them. */
    private static String fingerprint(String layer) {
        return (String) TestDatabase.scalar("SELECT count(*) || '/' || coalesce(max(ingested_at)::text, '-') || '/' || "
                + "coalesce(max(xmin::text::bigint), 0) || '/' || count(valid_to) FROM " + table(layer));
    }

    @Test
    void reImportOfTheSameFileWritesNothing() {
        String layer = ImportSupport.layerName("buurten-again");
        Path file = RealData.file("boundaries/zwolle_buurten_demographics_2024.geojson");
        ImportSupport.importOk(Map.of("layer", layer, "idField", "BRTNR"), file);
        String before = fingerprint(layer);
        JsonPath again = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "idField", "BRTNR"), file);
        assertEquals(78, again.getInt("unchanged"));
        assertEquals(0, again.getInt("inserted") + again.getInt("updated") + again.getInt("ended") + again.getInt("rejected"));
        assertEquals(before, fingerprint(layer));
    }

    @Test
    void anEditedFileGivesExactlyTheExpectedVersions() throws Exception {
        String layer = ImportSupport.layerName("history");
        Path v1 = geojson("v1.geojson", List.of(
                feature("a", "Assendorp", 203000, 502000), feature("b", "Binnenstad", 203500, 502800),
                feature("c", "Diezerpoort", 204000, 503200), feature("d", "Holtenbroek", 203200, 504500)));
        String job1 = ImportSupport.upload(Map.of("layer", layer, "idField", "code"), v1);
        JsonPath status1 = ImportSupport.await(job1);
        assertEquals("successful", status1.getString("status"), status1.getString("message"));
        String between = status1.getString("finished");
        Thread.sleep(50);

        // b renamed, c removed, e added
        Path v2 = geojson("v2.geojson", List.of(
                feature("a", "Assendorp", 203000, 502000), feature("b", "Binnenstad-Centrum", 203500, 502800),
                feature("d", "Holtenbroek", 203200, 504500), feature("e", "Stadshagen", 201000, 505000)));
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "idField", "code"), v2);
        assertEquals(1, report.getInt("inserted"));
        assertEquals(1, report.getInt("updated"));
        assertEquals(2, report.getInt("unchanged"));
        assertEquals(1, report.getInt("ended"));
        assertEquals(0, report.getInt("rejected"));

        assertEquals(6L, TestDatabase.count("SELECT count(*) FROM " + table(layer)));
        assertEquals(4L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE valid_to IS NULL"));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE feature_id = 'b'"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE feature_id = 'c' AND valid_to IS NOT NULL"));

        JsonPath now = given().get("/collections/" + layer + "/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("Assendorp", "Binnenstad-Centrum", "Holtenbroek", "Stadshagen"),
                now.getList("features.properties.naam", String.class).stream().sorted().toList());
        JsonPath then = given().queryParam("datetime", between).get("/collections/" + layer + "/items").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("Assendorp", "Binnenstad", "Diezerpoort", "Holtenbroek"),
                then.getList("features.properties.naam", String.class).stream().sorted().toList());
    }

    @Test
    void aFailingRunLeavesTheLayerAsItWas() throws Exception {
        String layer = ImportSupport.layerName("atomic");
        Path v1 = geojson("ok.geojson", List.of(feature("a", "Assendorp", 203000, 502000), feature("b", "Binnenstad", 203500, 502800)));
        ImportSupport.importOk(Map.of("layer", layer, "idField", "code"), v1);
        String before = fingerprint(layer);

        // "inwoners" was an integer column; the edited file has a value that is not a number for one feature
        Path bad = tmp.resolve("bad.geojson");
        Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"a\",\"naam\":\"Assendorp 2\",\"inwoners\":\"veel\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.08,52.50]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"z\",\"naam\":\"Nieuw\",\"inwoners\":\"12\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}]}", StandardCharsets.UTF_8);
        // the column takes whole numbers, the file's field is text: refused before any work (ImportModesTest)
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", bad.toFile()).multiPart("layer", layer)
                .multiPart("mode", "replace").multiPart("idField", "code").post("/imports").then().statusCode(400)
                .body("detail", containsString("inwoners"));
        assertEquals(before, fingerprint(layer));
        // a run that fails in its transaction (ids that are not unique) leaves the layer as it was
        Path repeated = geojson("repeated.geojson", List.of(feature("a", "Assendorp 3", 203000, 502000),
                feature("a", "Assendorp 4", 203100, 502100)));
        String job = ImportSupport.upload(Map.of("layer", layer, "mode", "replace", "idField", "code"), repeated);
        JsonPath status = ImportSupport.await(job);
        assertEquals("failed", status.getString("status"));
        assertTrue(status.getString("message").contains("not unique"), status.getString("message"));
        assertEquals(before, fingerprint(layer));

        // a new layer whose run fails is not created at all
        String fresh = ImportSupport.layerName("never");
        Path duplicates = geojson("dup.geojson", List.of(feature("x", "Een", 203000, 502000), feature("x", "Twee", 203100, 502100)));
        String job2 = ImportSupport.upload(Map.of("layer", fresh, "idField", "code"), duplicates);
        JsonPath status2 = ImportSupport.await(job2);
        assertEquals("failed", status2.getString("status"));
        assertTrue(status2.getString("message").contains("not unique"), status2.getString("message"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", fresh));
        assertEquals(null, TestDatabase.scalar("SELECT to_regclass(?)", table(fresh)));
        given().get("/collections/" + fresh).then().statusCode(404);
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).get("/imports/" + job2).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("message", containsString("unchanged"));
        assertFalse(TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage'") > 0
                && TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage' AND tablename = ?",
                        "run_" + job2.replace("-", "")) > 0, "the staging table is dropped");
    }

    @Test
    void geometryPolicyRepairsOrRejectsWithAReason() throws Exception {
        String layer = ImportSupport.layerName("policy");
        Path f = tmp.resolve("policy.geojson");
        // 1 valid, 2 a self-intersecting bow tie (repaired), 3 no geometry, 4 a point in a polygon layer,
        // 5 an empty polygon
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + poly("1", "[[6.08,52.50],[6.09,52.50],[6.09,52.51],[6.08,52.51],[6.08,52.50]]") + ","
                + poly("2", "[[6.08,52.50],[6.09,52.51],[6.09,52.50],[6.08,52.51],[6.08,52.50]]") + ","
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"3\"},\"geometry\":null},"
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"4\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.08,52.5]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"5\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}"
                + "]}", StandardCharsets.UTF_8);
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer, "idField", "code"), f);
        assertEquals(2, report.getInt("inserted"));
        assertEquals(3, report.getInt("rejected"));
        List<String> reasons = report.getList("rejections.reason", String.class);
        assertTrue(reasons.stream().anyMatch(r -> r.equals("no geometry")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("wrong dimension")), reasons.toString());
        // GDAL reads an empty coordinate array as no geometry at all
        assertTrue(reasons.stream().filter(r -> r.equals("empty geometry") || r.equals("no geometry")).count() == 2,
                reasons.toString());
        assertEquals("MultiPolygon", report.getString("geometryType"));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE ST_IsValid(geom)"));

        // the first load wrote the valid feature directly and the repaired one after the policy: both hashes
        // are those a re-import computes, so the same file again changes nothing
        String before = fingerprint(layer);
        JsonPath again = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "idField", "code"), f);
        assertEquals(2, again.getInt("unchanged"), again.prettify());
        assertEquals(0, again.getInt("inserted") + again.getInt("updated") + again.getInt("ended"));
        assertEquals(3, again.getInt("rejected"));
        assertEquals(before, fingerprint(layer));
    }

    private static String poly(String code, String ring) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
                + ring + "]}}";
    }

    private static String feature(String code, String naam, double x, double y) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"naam\":\"" + naam + "\",\"inwoners\":"
                + (int) (x / 1000) + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + x + "," + y + "]}}";
    }

    private Path geojson(String name, List<String> features) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
                + "\"urn:ogc:def:crs:EPSG::28992\"}},\"features\":[" + String.join(",", features) + "]}", StandardCharsets.UTF_8);
        return f;
    }
}
