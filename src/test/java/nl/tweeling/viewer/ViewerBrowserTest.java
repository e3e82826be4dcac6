package nl.tweeling.viewer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/**
 * The map viewer in a real browser: src/test/webui/viewer.browser.mjs drives Debian's headless Chromium with
 * playwright-core (software WebGL) through /viewer — layers rendered, feature information with lineage, a live
 * observation, the time slider, a choropleth, the scenario panel (a planner's scenario, the swipe, flood runs on
 * the baseline and the scenario with their progress and result layers, their per-buurt difference), no console
 * errors — and runs axe-core on the viewer and the HTML
 * pages. Screenshots and axe reports go to target/browser/. Without Chromium the test fails and says how to get it.
 */
@QuarkusTest
class ViewerBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL root;

    @Test
    void theViewerWorksInABrowser() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium"
                + " (apt-get install chromium; ./tweeling test installs it)");
        Process version = new ProcessBuilder("node", "-p", "process.versions.node.split('.')[0]").redirectErrorStream(true).start();
        String major = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(version.waitFor() == 0 && major.matches("\\d+") && Integer.parseInt(major) >= 20,
                "playwright-core needs Node.js 20 or newer on PATH; node -p gave: " + major);
        Path webui = Path.of("src/main/webui/node_modules/playwright-core");
        assertTrue(Files.isDirectory(webui), webui + " is missing: the build runs npm ci in src/main/webui (./mvnw generate-resources)");

        // a facility that stood 200 to 100 days ago and is gone now, at the middle of the sample's town
        String ended = "viewer-ended-" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("INSERT INTO tweeling.facilities (feature_id, kind, name, geom, valid_from, valid_to, source)"
                + " VALUES (?, 'school', 'Gesloten school', ST_SetSRID(ST_MakePoint(203010, 503020), 28992),"
                + " now() - interval '200 days', now() - interval '100 days', 'test')", ended);
        double[] lonLat = TestDatabase.lonLat(203010, 503020);
        String endedAt = LocalDate.now(ZoneOffset.UTC).minusDays(150).toString();
        String buurt = (String) TestDatabase.scalar(
                "SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY feature_id LIMIT 1");

        // a planner's scenario that raises the Zwarte Water dike section the river overtops first (ZW-07, 5.4 m):
        // at 5.5 m the baseline floods, the scenario stays dry
        String planner = TestDatabase.newApiKey("planner");
        String scenario = given().header("X-API-Key", planner).contentType("application/json")
                .body("{\"name\": \"Hogere Zwarte Waterdijk\", \"description\": \"ZW-07 op 6,5 m\"}")
                .post("/scenarios").then().statusCode(201).extract().jsonPath().getString("id");
        String dike = (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.dikes WHERE section = 'ZW-07'"
                + " AND valid_to IS NULL");
        String path = "/scenarios/" + scenario + "/collections/dikes/items/" + dike;
        String etag = given().header("X-API-Key", planner).get(path).then().statusCode(200).extract().header("ETag");
        given().header("X-API-Key", planner).header("If-Match", etag).contentType("application/merge-patch+json")
                .body("{\"properties\": {\"crest_m\": 6.5}}").patch(path).then().statusCode(204);

        Path out = Path.of("target/browser");
        Files.createDirectories(out);
        ProcessBuilder pb = new ProcessBuilder("node", "src/test/webui/viewer.browser.mjs").redirectErrorStream(true)
                .redirectOutput(out.resolve("viewer.browser.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("BASE", root.toString().replace("localhost", "127.0.0.1"));
        env.put("OUT", out.toAbsolutePath().toString());
        env.put("INGEST_KEY", TestDatabase.newApiKey("ingest"));
        env.put("LIVE_DATASTREAM", "aq-01-no2");
        env.put("ENDED_ID", ended);
        env.put("ENDED_LON", Double.toString(lonLat[0]));
        env.put("ENDED_LAT", Double.toString(lonLat[1]));
        env.put("ENDED_AT", endedAt);
        env.put("FEATURE_ID", buurt);
        env.put("PLANNER_KEY", planner);
        env.put("SCENARIO_ID", scenario);
        env.put("LEVEL", "5.5");
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the browser test took over 20 minutes; its log: " + out.resolve("viewer.browser.log"));
        }
        String log = Files.readString(out.resolve("viewer.browser.log"), StandardCharsets.UTF_8);
        System.out.println(log);
        assertEquals(0, p.exitValue(), "the browser checks failed (screenshots and axe reports in target/browser):\n" + log);
    }
}
