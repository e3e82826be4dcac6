package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * Files made to make GDAL reach beyond them (issue 11, point 0): a VRT that runs SQL in our database, a VRT that
 * reads a local file, GeoPackages and GeoJSON that name other files or URLs. Each is refused with a 400 that names
 * the format, creates no layer and no job, and reads nothing: a canary sequence the VRT's SQL would advance stays
 * untouched, and a local HTTP server that GDAL would fetch from sees no request. Controls show each fixture is
 * live: GDAL run without the confinement does run the SQL and does fetch.
 */
@QuarkusTest
class HostileImportTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String canary;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        canary = "tweeling.canary_" + UUID.randomUUID().toString().replace("-", "");
        TestDatabase.update("CREATE SEQUENCE " + canary);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        TestDatabase.update("DROP SEQUENCE IF EXISTS " + canary);
    }

    private volatile String served = "";

    private String base() {
        return "http://127.0.0.2:" + server.getAddress().getPort();
    }

    /** True when the canary sequence was advanced (the VRT's SQL ran). */
    private boolean canaryCalled() {
        return (Boolean) TestDatabase.scalar("SELECT is_called FROM " + canary);
    }

    /** A VRT whose SQL runs in the test database: it advances the canary and reads the API keys. */
    private String pgVrt() {
        var config = ConfigProvider.getConfig();
        Matcher m = Pattern.compile("jdbc:postgresql://([^/:]+):(\\d+)/([^?]+)")
                .matcher(config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertTrue(m.find());
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return "<OGRVRTDataSource>\n  <OGRVRTLayer name=\"keys\">\n"
                + "    <SrcDataSource>PG:host=" + m.group(1) + " port=" + m.group(2) + " dbname=" + m.group(3)
                + " user=" + user + (password.isEmpty() ? "" : " password=" + password) + "</SrcDataSource>\n"
                + "    <SrcSQL>SELECT nextval('" + canary + "') AS n, current_user AS db_user,"
                + " (SELECT count(*) FROM tweeling.api_key) AS keys</SrcSQL>\n"
                + "  </OGRVRTLayer>\n</OGRVRTDataSource>\n";
    }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static long jobs() {
        return TestDatabase.count("SELECT count(*) FROM tweeling.job");
    }

    /** Uploads and expects a 400 problem naming {@code format}; no job, no layer. */
    private void refusedUpload(String format, Path... files) {
        String layer = ImportSupport.layerName("hostile");
        long before = jobs();
        var r = given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("layer", layer);
        for (Path f : files) {
            r = r.multiPart("file", f.toFile());
        }
        r.post("/imports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(format));
        assertEquals(before, jobs(), "no job");
        given().get("/collections/" + layer).then().statusCode(404);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", layer));
    }

    @Test
    void aVrtThatRunsSqlInTheDatabaseIsRefusedUnderAnyName() throws Exception {
        String vrt = pgVrt();
        refusedUpload("VRT", write("keys.vrt", vrt));
        refusedUpload("VRT", write("keys.csv", vrt));
        refusedUpload("VRT", write("keys.geojson", "\uFEFF<?xml version=\"1.0\"?>\n<!-- a layer -->\n" + vrt));
        Path zip = tmp.resolve("keys.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("keys.vrt"));
            z.write(vrt.getBytes(StandardCharsets.UTF_8));
        }
        refusedUpload("VRT", zip);
        Path zipped = tmp.resolve("shape.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipped))) {
            z.putNextEntry(new ZipEntry("a.shp.xml"));
            z.write(vrt.getBytes(StandardCharsets.UTF_8));
        }
        refusedUpload("VRT", zipped);
        assertFalse(canaryCalled(), "the VRT's SQL must not have run");

        // control: GDAL without the confinement runs the VRT's SQL
        Path control = write("control.vrt", vrt);
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", control.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(canaryCalled(), "the fixture is live: plain ogrinfo ran its SQL\n" + out);
    }

    @Test
    void aVrtReadingALocalFileThroughCsvIsRefused() throws Exception {
        String vrt = "<OGRVRTDataSource><OGRVRTLayer name=\"passwd\"><SrcDataSource>CSV:/etc/passwd</SrcDataSource>"
                + "<GeometryType>wkbNone</GeometryType></OGRVRTLayer></OGRVRTDataSource>";
        refusedUpload("VRT", write("passwd.vrt", vrt));
        refusedUpload("VRT", write("passwd.txt", vrt));
        refusedUpload("VRT", write("passwd.json", vrt));
    }

    @Test
    void aVrtByUrlIsRefusedAndItsSqlNeverRuns() {
        served = pgVrt();
        String layer = ImportSupport.layerName("hostile");
        // by its name: refused at once
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body(Map.of("url", base() + "/data/keys.vrt", "layer", layer))
                .post("/imports").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("VRT"));
        assertEquals(0, requests.get(), "nothing fetched");
        // by its content: the run downloads it, refuses it and changes nothing
        String job = given().header("X-API-Key", ImportSupport.ADMIN_KEY).contentType("application/json")
                .body(Map.of("url", base() + "/data/keys", "layer", layer))
                .post("/imports").then().statusCode(201).extract().path("jobID");
        JsonPath status = ImportSupport.await(job);
        assertEquals("failed", status.getString("status"));
        assertTrue(status.getString("message").contains("VRT"), status.getString("message"));
        given().get("/collections/" + layer).then().statusCode(404);
        assertFalse(canaryCalled(), "the VRT's SQL must not have run");
    }

    /** A GeoPackage made by GDAL, with {@code sql} added to its schema as a hostile writer would. */
    private Path geoPackage(String name, String... sql) throws Exception {
        Path json = write(name + ".geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":1,"
                + "\"properties\":{\"a\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}]}");
        Path gpkg = tmp.resolve(name + ".gpkg");
        Process p = new ProcessBuilder("ogr2ogr", "-f", "GPKG", gpkg.toString(), json.toString(), "-nln", "pts")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
        return gpkg;
    }

    @Test
    void geoPackagesThatNameOtherSourcesAreRefused() throws Exception {
        String url = "/vsicurl/" + base() + "/layer.geojson";
        Path vtab = geoPackage("vtab", "PRAGMA writable_schema = ON",
                "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES ('table', 'remote', 'remote', 0,"
                        + " 'CREATE VIRTUAL TABLE remote USING VirtualOGR(''" + url + "'')')",
                "PRAGMA writable_schema = OFF",
                "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('remote', 'features', 'remote')");
        refusedUpload("virtual table", vtab);
        Path view = geoPackage("view", "CREATE VIEW zipped AS SELECT * FROM pts WHERE '/vsizip//etc/x.zip' IS NOT NULL",
                "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('zipped', 'features', 'zipped')");
        refusedUpload("view", view);
        Path sqlite = tmp.resolve("plain.gpkg");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id integer)");
        }
        refusedUpload("not a GeoPackage", sqlite);
        assertEquals(0, requests.get(), "nothing fetched");

        // control: the same GeoPackage without the additions imports
        ImportSupport.importOk(Map.of("layer", ImportSupport.layerName("gpkg")), geoPackage("plain"));
    }

    @Test
    void geoJsonWhoseCrsNamesAFileOrUrlIsRefused() throws Exception {
        String features = ",\"features\":[{\"type\":\"Feature\",\"properties\":{\"a\":1},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[200000,500000]}}]}";
        Path link = write("link.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\",\"properties\":"
                + "{\"href\":\"" + base() + "/crs.prj\",\"type\":\"esriwkt\"}}" + features);
        Path vsi = write("vsi.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"/vsicurl/" + base() + "/crs.wkt\"}}" + features);
        Path zipPath = write("zip.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"/vsizip//tmp/a.zip/a.prj\"}}" + features);
        Path local = write("local.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"/etc/hostname\"}}" + features);
        for (Path f : List.of(link, vsi, zipPath, local)) {
            refusedUpload("GeoJSON whose crs member", f);
        }
        Path zip = tmp.resolve("linked.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("linked.geojson"));
            z.write(Files.readAllBytes(link));
        }
        refusedUpload("GeoJSON whose crs member", zip);
        assertEquals(0, requests.get(), "nothing fetched");

        // control: GDAL without the confinement fetches the linked CRS
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", link.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, requests.get(), "the fixture is live: plain ogrinfo fetched its CRS\n" + out);
    }

    @Test
    void xmlWithEntitiesIsRefused() throws Exception {
        Path gml = write("entity.gml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                + "<ogr:FeatureCollection xmlns:ogr=\"http://ogr.maptools.org/\" xmlns:gml=\"http://www.opengis.net/gml\">"
                + "<gml:featureMember><ogr:a><ogr:v>&e;</ogr:v></ogr:a></gml:featureMember></ogr:FeatureCollection>");
        refusedUpload("document type declaration", gml);
    }

    /** Below the file checks: GDAL as the import runs it opens none of the refused drivers and reaches no network. */
    @Test
    void gdalItselfIsConfined() throws Exception {
        Gdal gdal = new Gdal("ogrinfo", "ogr2ogr");
        var env = gdal.confined(Map.of());
        List<String> skipped = List.of(env.get("GDAL_SKIP").split(","));
        for (String d : List.of("OGR_VRT", "PostgreSQL", "SQLite", "HTTP", "OAPIF", "WFS", "CSW", "MySQL", "PGDUMP")) {
            assertTrue(skipped.contains(d), d + " must be skipped: " + skipped);
        }
        for (String d : Gdal.INPUT_DRIVERS) {
            assertFalse(skipped.contains(d), d + " must stay");
        }
        assertFalse(gdal.confined(Map.of(), "PGDUMP").get("GDAL_SKIP").contains("PGDUMP"));

        // a VRT handed straight to GDAL (past the file checks) does not open, and its SQL does not run
        Path vrt = write("direct.vrt", pgVrt());
        Gdal.GdalException e = assertThrows(Gdal.GdalException.class, () -> gdal.inspect(tmp, vrt.toString(), List.of()));
        assertFalse(canaryCalled(), e.getMessage());

        // a CRS link GDAL would fetch: the confined GDAL does not reach the server
        Path link = write("direct.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\",\"properties\":"
                + "{\"href\":\"" + base() + "/crs.prj\",\"type\":\"esriwkt\"}},\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"a\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[200000,500000]}}]}");
        gdal.inspect(tmp, link.toString(), List.of());
        assertThrows(Gdal.GdalException.class, () -> gdal.inspect(tmp, "/vsicurl/" + base() + "/a.geojson", List.of()));
        assertEquals(0, requests.get(), "GDAL reached the network");

        // the same without the network namespace (as in a pod that may not make one): the settings alone hold
        ProcessBuilder pb = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", link.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process run = pb.start();
        run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, requests.get(), "GDAL's settings alone must keep it off the network");
    }

    @Test
    void layerNamesThatLookLikeOptionsAreRefused() throws Exception {
        Path json = write("opt.geojson", "{\"type\":\"FeatureCollection\",\"name\":\"-sql\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"a\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}]}");
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("layer", ImportSupport.layerName("opt"))
                .multiPart("file", json.toFile()).post("/imports").then().statusCode(400)
                .body("detail", containsString("layer name")).body("status", equalTo(400));
    }
}
