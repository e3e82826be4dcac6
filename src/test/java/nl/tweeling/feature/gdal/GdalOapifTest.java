package nl.tweeling.feature.gdal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import nl.tweeling.support.TestDatabase;

/**
 * Debian's GDAL ({@code gdal-bin} 3.6) as a real OGC API – Features client of the running test app: its
 * {@code OAPIF} driver lists the collections, pages through a whole collection, pushes {@code -spat} down
 * as {@code bbox}, loads single features by id and pushes property filters down. GDAL is a hard requirement
 * here (it is in the packages {@code ./tweeling test} installs): without it these tests fail, never skip.
 */
@QuarkusTest
class GdalOapifTest {

    static final List<String> BASE_LAYERS =
            List.of("wijken", "buurten", "buildings", "addresses", "roads", "green", "landcover", "facilities");

    /** A box in the city centre of Zwolle (CRS84: minLon minLat maxLon maxLat). */
    static final String[] CENTRE = {"6.08", "52.50", "6.11", "52.52"};

    /** Longest a single GDAL run may take; a whole-collection download takes seconds. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path work;

    /** Collections downloaded whole into a GeoPackage, shared by the tests of this class. */
    private static final Map<String, Path> DOWNLOADS = new HashMap<>();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void gdalIsInstalled() {
        for (String tool : List.of("ogrinfo", "ogr2ogr")) {
            if (!onPath(tool)) {
                fail(tool + " is not on PATH: install Debian's gdal-bin (apt-get install gdal-bin); "
                        + "./tweeling test installs it");
            }
        }
    }

    @Test
    void ogrinfoListsEveryBaseCollection() {
        Result r = ok(gdal("ogrinfo", "-ro", "-so", root()));
        Set<String> layers = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\d+: (\\S+)").matcher(r.out());
        while (m.find()) {
            layers.add(m.group(1));
        }
        assertTrue(layers.containsAll(BASE_LAYERS), "GDAL lists " + layers + ", expected at least " + BASE_LAYERS);
    }

    @Test
    void theWholeAddressesCollectionDownloadsOnceEach() {
        Path gpkg = download("addresses");
        int numberMatched = given().get("/collections/addresses/items?limit=1").then().statusCode(200)
                .extract().path("numberMatched");
        long inDb = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL");
        assertEquals(inDb, numberMatched, "numberMatched of addresses against the database");

        Result summary = ok(gdal("ogrinfo", "-ro", "-so", gpkg.toString(), "addresses"));
        assertEquals(numberMatched, featureCount(summary), "features in the GeoPackage GDAL downloaded");

        Result counts = ok(gdal("ogrinfo", "-ro", "-dialect", "sqlite", "-sql",
                "SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS distinct_ids FROM addresses", gpkg.toString()));
        Map<String, String> row = fields(counts.out());
        assertEquals(String.valueOf(numberMatched), row.get("n"), "rows in the GeoPackage\n" + counts.out());
        assertEquals(row.get("n"), row.get("distinct_ids"), "every id occurs once in the download\n" + counts.out());
    }

    @Test
    void serverBboxEqualsClientSideBboxOfTheFullDownload() {
        for (String collection : List.of("buildings", "addresses")) {
            Result server = ok(gdal("ogr2ogr", "--debug", "on", "-f", "CSV", "/vsistdout/", "-oo", "PAGE_SIZE=1000",
                    "-spat", CENTRE[0], CENTRE[1], CENTRE[2], CENTRE[3], "-select", "id", root(), collection));
            assertTrue(server.err().contains("/collections/" + collection + "/items?") && server.err().contains("bbox="),
                    "GDAL sends -spat to the server as bbox:\n" + tail(server.err()));
            Set<String> fromServer = csvIds(server.out());

            Result client = ok(gdal("ogr2ogr", "-f", "CSV", "/vsistdout/",
                    "-spat", CENTRE[0], CENTRE[1], CENTRE[2], CENTRE[3], "-select", "id",
                    download(collection).toString(), collection));
            Set<String> fromClient = csvIds(client.out());

            long all = TestDatabase.count("SELECT count(*) FROM tweeling." + collection + " WHERE valid_to IS NULL");
            assertFalse(fromClient.isEmpty(), collection + ": the centre box holds features");
            assertTrue(fromClient.size() < all, collection + ": the centre box holds a part of the features only");
            assertEquals(fromClient.size(), fromServer.size(), collection + ": features in the box, server vs client side");
            assertEquals(fromClient, fromServer, collection + ": ids in the box, server vs client side");

            Integer matched = given().urlEncodingEnabled(false)
                    .get("/collections/" + collection + "/items?limit=1&bbox=" + String.join(",", CENTRE))
                    .then().statusCode(200).extract().path("numberMatched");
            if (matched != null) {
                assertEquals(fromServer.size(), matched.intValue(), collection + ": numberMatched of the bbox request");
            }
        }
    }

    @Test
    void aSingleFeatureLoadsByIdWithItsAttributesAndCoordinates() {
        String id = (String) TestDatabase.scalar(
                "SELECT feature_id FROM tweeling.addresses WHERE valid_to IS NULL ORDER BY fid OFFSET 4321 LIMIT 1");
        // GDAL 3.6 answers an equality on the id field with GET /items/{featureId} (-fid N is GDAL's own
        // sequence number in paging order, not the server's id)
        Result r = ok(gdal("ogrinfo", "-ro", "-q", "--debug", "on", root(), "addresses", "-where", "id = '" + id + "'"));
        assertTrue(r.err().contains("/collections/addresses/items/" + id + ")"),
                "GDAL fetches /collections/addresses/items/" + id + ":\n" + tail(r.err()));
        assertEquals(1, count(r.out(), "OGRFeature("), "exactly one feature:\n" + r.out());

        String body = given().get("/collections/addresses/items/" + id).then().statusCode(200).extract().asString();
        JsonPath api = new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        Map<String, String> gdal = fields(r.out());
        assertEquals(id, gdal.get("id"), r.out());
        for (String p : List.of("street", "postcode", "building_id")) {
            assertEquals(api.getString("properties." + p), gdal.get(p), p + " via GDAL vs the API\n" + r.out());
        }
        // residents is restricted to planners (LayerAccessTest): absent for this anonymous client, in both
        assertFalse(gdal.containsKey("residents") || body.contains("\"residents\""), r.out());
        for (String p : List.of("house_number")) {
            Object v = api.get("properties." + p);
            assertEquals(v == null ? "(null)" : String.valueOf(((Number) v).longValue()), gdal.get(p),
                    p + " via GDAL vs the API\n" + r.out());
        }
        Matcher point = Pattern.compile("POINT \\(([-0-9.eE]+) ([-0-9.eE]+)\\)").matcher(r.out());
        assertTrue(point.find(), "GDAL prints the point:\n" + r.out());
        List<Double> xy = api.getList("geometry.coordinates", Double.class);
        assertEquals(xy.get(0), Double.parseDouble(point.group(1)), 1e-9, "longitude via GDAL vs the API");
        assertEquals(xy.get(1), Double.parseDouble(point.group(2)), 1e-9, "latitude via GDAL vs the API");

        Result missing = gdal("ogrinfo", "-ro", "-q", root(), "addresses", "-where", "id = 'no-such-address'");
        assertEquals(0, count(missing.out(), "OGRFeature("), "an unknown id gives no feature:\n" + missing.out());
    }

    @Test
    void propertyFilterCountsMatchTheDatabase() throws IOException {
        long inDb = TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE valid_to IS NULL AND use = 'office'");
        assertTrue(inDb > 0, "the sample has office buildings");
        Result r = ok(gdal("ogrinfo", "-ro", "-so", "--debug", "on", "-oo", "PAGE_SIZE=1000", root(), "buildings",
                "-where", "use = 'office'"));
        assertEquals(inDb, featureCount(r), "office buildings via GDAL vs the database");
        // GDAL pushes a property filter down only when the OpenAPI document lists it as a query parameter of
        // the items path; otherwise it filters client side, and the count above is all there is to check
        if (apiListsParameter("/collections/buildings/items", "use")) {
            assertTrue(r.err().contains("use=office"), "GDAL pushes use = 'office' down as use=office:\n" + tail(r.err()));
        }
    }

    // ---- helpers ----

    static String root() {
        return "OAPIF:http://localhost:" + RestAssured.port + "/";
    }

    /** The whole collection as a GeoPackage, downloaded by ogr2ogr once per test run. */
    static synchronized Path download(String collection) {
        return DOWNLOADS.computeIfAbsent(collection, c -> {
            Path gpkg = work.resolve(c + ".gpkg");
            ok(gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), "-oo", "PAGE_SIZE=1000", root(), c));
            return gpkg;
        });
    }

    record Result(List<String> command, int exit, String out, String err) {
    }

    /** Runs a GDAL tool with a timeout; output and errors go to files, so neither pipe can block it. */
    static Result gdal(String... command) {
        int n = RUNS.incrementAndGet();
        Path out = work.resolve("run-" + n + ".out");
        Path err = work.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("NO_PROXY", "localhost,127.0.0.1");
        pb.environment().put("no_proxy", "localhost,127.0.0.1");
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT + "; its errors:\n" + tail(read(err)));
            }
            return new Result(List.of(command), p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    static Result ok(Result r) {
        if (r.exit() != 0) {
            fail(String.join(" ", r.command()) + " exited with " + r.exit() + "; its errors:\n" + tail(r.err()));
        }
        return r;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The end of a long text (GDAL's debug output has one line per request). */
    static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }

    static long featureCount(Result ogrinfo) {
        Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(ogrinfo.out());
        assertTrue(m.find(), "ogrinfo prints a feature count:\n" + ogrinfo.out() + "\n" + tail(ogrinfo.err()));
        return Long.parseLong(m.group(1));
    }

    /** The {@code name (Type) = value} lines ogrinfo prints for a feature or a result row. */
    static Map<String, String> fields(String ogrinfoOut) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^  (\\w+) \\([A-Za-z0-9]+\\) = (.*)$").matcher(ogrinfoOut);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2));
        }
        return out;
    }

    /** The id column of a CSV that ogr2ogr wrote (header line first; ids hold no commas). */
    static Set<String> csvIds(String csv) {
        List<String> lines = new ArrayList<>(csv.lines().filter(l -> !l.isBlank()).toList());
        assertFalse(lines.isEmpty(), "ogr2ogr wrote a CSV header");
        List<String> header = List.of(lines.remove(0).replace("\"", "").split(",", -1));
        int column = header.indexOf("id");
        assertTrue(column >= 0, "the CSV has an id column: " + header);
        Set<String> ids = new TreeSet<>();
        for (String l : lines) {
            String id = l.replace("\"", "").split(",", -1)[column].strip();
            assertTrue(ids.add(id), "id " + id + " occurs twice");
        }
        return ids;
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Whether GET /api exists and lists {@code name} as a parameter of GET {@code path}. */
    static boolean apiListsParameter(String path, String name) throws IOException {
        var response = given().get("/api");
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode doc = new ObjectMapper().readTree(response.asString());
        JsonNode parameters = doc.path("paths").path(path).path("get").path("parameters");
        for (JsonNode p : parameters) {
            JsonNode resolved = p;
            if (p.has("$ref") && p.get("$ref").asText().startsWith("#/")) {
                resolved = doc.at(p.get("$ref").asText().substring(1));
            }
            if (name.equals(resolved.path("name").asText()) && "query".equals(resolved.path("in").asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
