package nl.tweeling.imports;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

import static io.restassured.RestAssured.given;

/**
 * A new layer's one-pass first load (FirstLoad): it writes the same rows, hashes and lineage as the staging path,
 * puts invalid geometries through the same policy, hands what it cannot take to the staging path, and leaves no
 * table behind.
 */
@QuarkusTest
class FirstLoadTest {

    /** Awkward values: COPY escapes (tab, newline, backslash), quotes, non-ASCII, NULLs, dates and numbers. */
    private static final String TRICKY = "tab\there, newline\nthere, back\\\\slash, \\\"quoted\\\", Zwolle–Ëë";

    @TempDir
    Path tmp;

    @Test
    void aNewLayerLoadsInOnePassWithTheStagingPathsRowsAndHashes() throws Exception {
        Path file = polygons("first.geojson", List.of(
                square("a", TRICKY, "12", "1.5", "\"2024-02-29\"", "\"2024-03-31T02:30:00+02:00\"", 203000, 502000),
                square("b", "Binnenstad", "null", "null", "null", "null", 203500, 502800),
                bowTie("c", "Diezerpoort", 204000, 503200),
                square("d", "Holtenbroek", "-7", "0.1", "\"1900-01-01\"", "\"2024-10-27T02:30:00Z\"", 203200, 504500)));
        String layer = ImportSupport.layerName("first");
        String job = ImportSupport.importedJob(Map.of("layer", layer, "idField", "code"), file);
        JsonPath report = ImportSupport.report(job);
        assertEquals("direct", report.getString("load"), report.prettify());
        assertEquals(4, report.getInt("inserted"));
        assertEquals(0, report.getInt("rejected"));
        assertEquals("MultiPolygon", report.getString("geometryType"));
        String table = "tweeling_layer.\"" + layer + "\"";
        assertEquals(4L, TestDatabase.count("SELECT count(*) FROM " + table + " WHERE ST_IsValid(geom) AND valid_to IS NULL"
                + " AND source_run = ?::uuid AND source_id = feature_id"
                // no stored hash for what the COPY wrote (computed when compared); the repaired feature has one
                + " AND (content_hash IS NULL) = (feature_id <> 'c')", job));
        assertEquals(TRICKY.replace("\\\\", "\\").replace("\\\"", "\""),
                TestDatabase.scalar("SELECT naam FROM " + table + " WHERE feature_id = 'a'"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM " + table + " WHERE feature_id = 'b' AND inwoners IS NULL"
                + " AND dichtheid IS NULL AND peildatum IS NULL AND gemeten IS NULL"));
        // the bow tie went through ST_MakeValid, as the staging path repairs it
        assertEquals(2L, TestDatabase.count("SELECT ST_NumGeometries(geom) FROM " + table + " WHERE feature_id = 'c'"));

        // the same features through the staging path: imported into an existing layer of the same fields
        String staged = ImportSupport.layerName("staged");
        ImportSupport.importOk(Map.of("layer", staged, "idField", "code"), polygons("seed.geojson", List.of(
                square("z", "seed", "1", "2.5", "\"2000-01-01\"", "\"2000-01-01T00:00:00Z\"", 205000, 505000))));
        JsonPath viaStage = ImportSupport.importOk(Map.of("layer", staged, "mode", "replace", "idField", "code"), file);
        assertEquals("staged", viaStage.getString("load"));
        assertEquals(4, viaStage.getInt("inserted"));
        // the hash a re-import computes for a first-loaded row (split_rejects.sql over the columns in table order)
        String hash = "coalesce(content_hash, md5(concat_ws(chr(31), coalesce(code::text, chr(30)), coalesce(naam::text, chr(30)),"
                + " coalesce(inwoners::text, chr(30)), coalesce(dichtheid::text, chr(30)), coalesce(peildatum::text, chr(30)),"
                + " coalesce(gemeten::text, chr(30)), md5(ST_AsEWKB(geom)))))";
        String columns = "feature_id, naam, inwoners, dichtheid, peildatum, gemeten, ST_AsEWKB(geom), ST_AsEWKB(geom_crs84), "
                + hash;
        String stagedTable = "tweeling_layer.\"" + staged + "\"";
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM ((SELECT " + columns + " FROM " + table + ") EXCEPT (SELECT "
                + columns + " FROM " + stagedTable + " WHERE valid_to IS NULL)) AS d"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM ((SELECT " + columns + " FROM " + stagedTable
                + " WHERE valid_to IS NULL AND feature_id <> 'z') EXCEPT (SELECT " + columns + " FROM " + table + ")) AS d"));

        // and a re-import compares with the hashes the first load stored: nothing changed, nothing written
        String before = (String) TestDatabase.scalar("SELECT count(*) || '/' || max(xmin::text::bigint) FROM " + table);
        JsonPath again = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "idField", "code"), file);
        assertEquals(4, again.getInt("unchanged"), again.prettify());
        assertEquals(before, TestDatabase.scalar("SELECT count(*) || '/' || max(xmin::text::bigint) FROM " + table));
        assertNoTablesLeft(job);

        // a field added at the end (empty everywhere): every feature changes, as it does where the hashes were stored
        // (the staged layer): the first load's hashes are stored before the column is added
        Path withExtra = tmp.resolve("extra.geojson");
        Files.writeString(withExtra, Files.readString(file).replace("},\"geometry\"", ",\"extra\":null},\"geometry\""));
        JsonPath extra = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "idField", "code"), withExtra);
        JsonPath extraStaged = ImportSupport.importOk(Map.of("layer", staged, "mode", "replace", "idField", "code"), withExtra);
        assertEquals(4, extraStaged.getInt("updated"), extraStaged.prettify());
        assertEquals(4, extra.getInt("updated"), extra.prettify());
        assertEquals(0, extra.getInt("unchanged"));
        // the identity continues after the FIDs the load wrote
        assertEquals(1, TestDatabase.update("INSERT INTO " + table + " (feature_id, geom, source) SELECT 'e', geom, 'test' FROM "
                + table + " WHERE feature_id = 'b' AND valid_to IS NULL"));
    }

    @Test
    void aFeatureWithoutGeometryTakesTheStagingPathAndIsRejected() throws Exception {
        Path file = tmp.resolve("points.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":["
                + point("p1", 6.08, 52.50) + "," + point("p2", 6.09, 52.51) + ","
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"p3\"},\"geometry\":null}]}", StandardCharsets.UTF_8);
        String layer = ImportSupport.layerName("nogeom");
        String job = ImportSupport.importedJob(Map.of("layer", layer, "idField", "code"), file);
        JsonPath report = ImportSupport.report(job);
        assertEquals("staged", report.getString("load"), report.prettify());
        assertEquals(2, report.getInt("inserted"));
        assertEquals(1, report.getInt("rejected"));
        assertEquals("no geometry", report.getString("rejections[0].reason"));
        assertEquals("Point", report.getString("geometryType"));
        assertNoTablesLeft(job);
    }

    @Test
    void anEmptyPointInAPointLayerIsRejectedAfterTheLoad() throws Exception {
        // a GeoPackage that declares Point and holds an empty point (GDAL writes the CSV's WKT as it is)
        Path csv = tmp.resolve("points.csv");
        Files.writeString(csv, "code,wkt\np1,POINT (203000 502000)\np2,POINT EMPTY\np3,POINT (203500 502800)\n",
                StandardCharsets.UTF_8);
        Path gpkg = tmp.resolve("points.gpkg");
        Process p = new ProcessBuilder("ogr2ogr", "-f", "GPKG", gpkg.toString(), csv.toString(), "-nlt", "POINT",
                "-a_srs", "EPSG:28992", "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String job = ImportSupport.importedJob(Map.of("layer", ImportSupport.layerName("empty-point"), "idField", "code"), gpkg);
        JsonPath report = ImportSupport.report(job);
        assertEquals("direct", report.getString("load"), report.prettify());
        assertEquals("Point", report.getString("geometryType"));
        assertEquals(2, report.getInt("inserted"));
        assertEquals(1, report.getInt("rejected"));
        assertEquals("p2", report.getString("rejections[0].featureId"));
        assertEquals("empty geometry", report.getString("rejections[0].reason"));
        assertNoTablesLeft(job);
    }

    @Test
    void aRepeatedIdIsRefusedAndLeavesNothing() throws Exception {
        Path file = tmp.resolve("repeated.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":["
                + point("p1", 6.08, 52.50) + "," + point("p1", 6.09, 52.51) + "," + point("p2", 6.10, 52.52) + "]}",
                StandardCharsets.UTF_8);
        String layer = ImportSupport.layerName("repeated");
        String job = ImportSupport.upload(Map.of("layer", layer, "idField", "code"), file);
        JsonPath status = ImportSupport.await(job);
        assertEquals("failed", status.getString("status"));
        assertTrue(status.getString("message").contains("the id field code is not unique: 'p1' (2 times)"),
                status.getString("message"));
        given().get("/collections/" + layer).then().statusCode(404);
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).get("/imports/" + job).then().statusCode(200).body("message", containsString("unchanged"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM pg_tables WHERE tablename = ?", layer));
        assertNoTablesLeft(job);
    }

    private static void assertNoTablesLeft(String job) {
        String id = job.replace("-", "");
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage'"
                + " AND tablename IN (?, ?)", "run_" + id, "load_" + id), "staging and load tables are dropped");
    }

    private Path polygons(String name, List<String> features) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
                + "\"urn:ogc:def:crs:EPSG::28992\"}},\"features\":[" + String.join(",", features) + "]}", StandardCharsets.UTF_8);
        return f;
    }

    private static String properties(String code, String naam, String inwoners, String dichtheid, String peildatum,
            String gemeten) {
        return "{\"code\":\"" + code + "\",\"naam\":\"" + naam.replace("\t", "\\t").replace("\n", "\\n") + "\",\"inwoners\":"
                + inwoners + ",\"dichtheid\":" + dichtheid + ",\"peildatum\":" + peildatum + ",\"gemeten\":" + gemeten + "}";
    }

    private static String square(String code, String naam, String inwoners, String dichtheid, String peildatum,
            String gemeten, double x, double y) {
        return "{\"type\":\"Feature\",\"properties\":" + properties(code, naam, inwoners, dichtheid, peildatum, gemeten)
                + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + 100) + "," + y + "],["
                + (x + 100) + "," + (y + 100) + "],[" + x + "," + (y + 100) + "],[" + x + "," + y + "]]]}}";
    }

    /** A self-intersecting ring: ST_MakeValid turns it into two triangles. */
    private static String bowTie(String code, String naam, double x, double y) {
        return "{\"type\":\"Feature\",\"properties\":" + properties(code, naam, "3", "0.5", "null", "null")
                + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + 100) + "," + (y + 100)
                + "],[" + (x + 100) + "," + y + "],[" + x + "," + (y + 100) + "],[" + x + "," + y + "]]]}}";
    }

    private static String point(String code, double lon, double lat) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\"},\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[" + lon + "," + lat + "]}}";
    }
}
