package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** Imports of real files through POST /imports: new layers, served at once as collections. */
@QuarkusTest
class ImportTest {

    @Test
    void buurtenGeoJsonWithLegacyCrsBecomesACollection() {
        String layer = ImportSupport.layerName("buurten2024");
        String job = ImportSupport.upload(Map.of("layer", layer),
                RealData.file("boundaries/zwolle_buurten_demographics_2024.geojson"));
        JsonPath status = ImportSupport.await(job);
        assertEquals("successful", status.getString("status"), status.getString("message"));
        assertEquals(100, status.getInt("progress"));
        assertEquals("process", status.getString("type"));
        assertEquals("import", status.getString("processID"));
        assertTrue(status.getList("links.rel", String.class).contains("http://www.opengis.net/def/rel/ogc/1.0/results"));

        JsonPath report = ImportSupport.report(job);
        assertEquals(78, report.getInt("inserted"));
        assertEquals(0, report.getInt("rejected"));
        assertTrue(report.getString("sourceCrs").contains("28992"), report.getString("sourceCrs"));

        Number sum = (Number) TestDatabase.scalar("SELECT sum(inwoners_op_1_januari) FROM tweeling_layer.\"" + layer
                + "\" WHERE valid_to IS NULL");
        assertEquals(132_829, sum.longValue());
        // Zwolle: RD New coordinates of the buurten lie around (203000, 503000)
        assertEquals(78L, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer + "\" WHERE valid_to IS NULL"
                + " AND ST_Intersects(geom, ST_MakeEnvelope(190000, 490000, 215000, 515000, 28992))"));

        given().get("/collections").then().statusCode(200).body("collections.id", hasItem(layer));
        JsonPath items = given().get("/collections/" + layer + "/items?limit=100").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(78, items.getList("features").size());
        double apiSum = items.getList("features.properties.inwoners_op_1_januari", Number.class).stream()
                .filter(java.util.Objects::nonNull).mapToDouble(Number::doubleValue).sum();
        assertEquals(132_829, apiSum, 0.001);
        // the source's non-ASCII field keeps its name as the property's title
        given().get("/collections/" + layer + "/queryables").then().statusCode(200)
                .body("properties.officiele.title", equalTo("OFFICIËLE"));
    }

    @Test
    void urlImportDownloadsInTheJob() {
        // Tweeling's own OGC API as the source: the sample's wijken as GeoJSON (CRS84)
        String source = "http://127.0.0.2:" + io.restassured.RestAssured.port + "/collections/wijken/items?limit=100";
        String layer = ImportSupport.layerName("wijken-by-url");
        String job = given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body(Map.of("url", source, "layer", layer, "idField", "code"))
                .post("/imports").then().statusCode(201).extract().path("jobID");
        JsonPath status = ImportSupport.await(job);
        assertEquals("successful", status.getString("status"), status.getString("message"));
        long wijken = TestDatabase.count("SELECT count(*) FROM tweeling.wijken WHERE valid_to IS NULL");
        assertEquals(wijken, ImportSupport.report(job).getLong("inserted"));
        // the API writes CRS84 with 7 decimals (about 1 cm): the round trip keeps every vertex within 2 cm
        double worst = ((Number) TestDatabase.scalar("SELECT max(ST_HausdorffDistance(w.geom, i.geom)) FROM tweeling.wijken AS w"
                + " JOIN tweeling_layer.\"" + layer + "\" AS i ON i.feature_id = w.code WHERE w.valid_to IS NULL")).doubleValue();
        assertTrue(worst < 0.02, "worst vertex distance " + worst);

        String missing = given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body(Map.of("url", "http://127.0.0.2:" + io.restassured.RestAssured.port + "/collections/none/items",
                        "layer", ImportSupport.layerName("none")))
                .post("/imports").then().statusCode(201).extract().path("jobID");
        JsonPath failed = ImportSupport.await(missing);
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("message").contains("HTTP 404"), failed.getString("message"));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).get("/jobs?type=import&limit=5").then().statusCode(200).body("jobs.jobID", hasItem(missing));
    }

    @Test
    void invalidJsonIsRejectedWithLineAndColumn() {
        given().header("X-API-Key", ImportSupport.ADMIN_KEY)
                .multiPart("file", RealData.file("sensorthings/geonovum_gw_thing.json").toFile())
                .multiPart("layer", ImportSupport.layerName("thing"))
                .post("/imports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("line 8, column 3"));
    }

    @Test
    void importsNeedAnIngestOrAdminKey() {
        var file = RealData.file("boundaries/cbs_buurten_2014_zwolle.geojson").toFile();
        given().multiPart("file", file).multiPart("layer", "nokey").post("/imports").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("X-API-Key", TestDatabase.newApiKey("planner")).multiPart("file", file).multiPart("layer", "nokey")
                .post("/imports").then().statusCode(403).contentType("application/problem+json");
        String job = given().header("X-API-Key", TestDatabase.newApiKey("ingest")).multiPart("file", file)
                .multiPart("layer", ImportSupport.layerName("cbs-buurten")).post("/imports").then().statusCode(201)
                .header("Location", containsString("/jobs/")).extract().path("jobID");
        assertEquals("successful", ImportSupport.await(job).getString("status"));
    }

    @Test
    void badRequestsAreProblemsAndCreateNoJob() {
        var file = RealData.file("boundaries/cbs_buurten_2014_zwolle.geojson").toFile();
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'import'");
        for (Map<String, String> params : List.<Map<String, String>>of(Map.of("layer", "Bad Name"), Map.of(), Map.of("layer", "ok-name", "crs", "EPSG:999999"),
                Map.of("layer", "ok-name", "crs", "nonsense"), Map.of("layer", "ok-name", "encoding", "klingon-8"),
                Map.of("layer", "ok-name", "idField", "no_such_field"))) {
            var r = given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", file);
            for (var e : params.entrySet()) {
                r = r.multiPart(e.getKey(), e.getValue());
            }
            r.post("/imports").then().statusCode(400).contentType("application/problem+json");
        }
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", "notes.txt", "just some words\n".getBytes())
                .multiPart("layer", "ok-name").post("/imports").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("GDAL"));
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body("{\"url\": \"ftp://example.org/x.geojson\", \"layer\": \"ok-name\"}")
                .post("/imports").then().statusCode(400).contentType("application/problem+json");
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'import'"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = 'ok-name'"));
        given().get("/jobs/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get("/imports/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }
}
