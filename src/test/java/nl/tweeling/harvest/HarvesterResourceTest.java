package nl.tweeling.harvest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** GET/POST /harvesters, POST /harvesters/{id}/run, the configuration file and the scheduler's due rule. */
@QuarkusTest
class HarvesterResourceTest {

    @Inject
    HarvestRunner runner;

    @Inject
    HarvesterRegistry registry;

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @Test
    void configuredHarvestersAreListed() {
        given().get("/harvesters").then().statusCode(200)
                .body("harvesters.id", hasItem("config-knmi-heino"))
                .body("harvesters.find { it.id == 'config-knmi-heino' }.origin", equalTo("config"))
                .body("harvesters.find { it.id == 'config-knmi-heino' }.every", equalTo("PT24H"));
    }

    @Test
    void registerRunAndInspect() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/katv.json", "application/json", file)) {
            String id = HarvestTesting.uniqueId("api-rws");
            String body = "{\"id\":\"" + id + "\",\"type\":\"rws-waterinfo\",\"url\":\"" + server.url("/katv.json")
                    + "\",\"options\":{\"location\":\"katv-api\",\"forecasts\":true}}";
            given().contentType("application/json").body(body).post("/harvesters").then().statusCode(401)
                    .contentType(startsWith("application/problem+json"));
            given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType("application/json").body(body)
                    .post("/harvesters").then().statusCode(403);
            given().header("X-API-Key", ADMIN).contentType("application/json").body(body)
                    .post("/harvesters").then().statusCode(201)
                    .header("Location", containsString("/harvesters/" + id))
                    .body("origin", equalTo("api"));
            given().header("X-API-Key", ADMIN).contentType("application/json").body(body)
                    .post("/harvesters").then().statusCode(409).contentType(startsWith("application/problem+json"));
            given().get("/harvesters").then().statusCode(200).body("harvesters.id", hasItem(id));

            String job = given().header("X-API-Key", ADMIN).post("/harvesters/" + id + "/run").then().statusCode(202)
                    .body("status", equalTo("running")).extract().path("jobID");
            await().atMost(Duration.ofSeconds(60)).until(() -> "successful".equals(
                    TestDatabase.scalar("SELECT status FROM tweeling.job WHERE id = ?::uuid", job)));
            assertEquals("admin-bootstrap", TestDatabase.scalar("SELECT created_by FROM tweeling.job WHERE id = ?::uuid", job));
            assertEquals("admin-bootstrap", TestDatabase.scalar("SELECT created_by FROM tweeling.harvester WHERE id = ?", id));
            given().header("X-API-Key", ADMIN).get("/harvesters/" + id).then().statusCode(200)
                    .body("runs[0].jobID", equalTo(job))
                    .body("runs[0].status", equalTo("successful"))
                    .body("runs[0].results.inserted", equalTo(287 + 289));
        }
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        long before = TestDatabase.count("SELECT count(*) FROM tweeling.harvester");
        for (String body : new String[] {
                "{\"id\":\"x1\",\"type\":\"ftp-dump\",\"url\":\"http://example.org/a\"}",
                "{\"id\":\"x2\",\"type\":\"knmi-daily\",\"url\":\"file:///etc/passwd\"}",
                "{\"id\":\"X 3\",\"type\":\"knmi-daily\",\"url\":\"http://example.org/a\"}",
                "{\"id\":\"x4\",\"type\":\"ndw-trafficspeed\",\"url\":\"http://example.org/a\"}",
                "{\"id\":\"x4b\",\"type\":\"ndw-trafficspeed\",\"url\":\"http://example.org/a\",\"options\":{\"all\":true,\"siteTable\":\"file:///etc/passwd\"}}",
                "{\"id\":\"x5\",\"type\":\"knmi-daily\",\"url\":\"http://example.org/a\",\"every\":\"5s\"}",
                "{\"id\":\"x6\",\"type\":\"knmi-daily\",\"url\":\"http://example.org/a\",\"cron\":\"* * *\"}",
                "{\"id\":\"x7\",\"type\":\"rivm-lml\",\"url\":\"http://example.org/a\",\"options\":{\"zone\":\"Mars/Olympus\"}}",
                "{\"id\":\"x8\",\"type\":\"ogcapi-features\",\"url\":\"http://example.org/a\",\"options\":{\"layer\":\"wijken\"}}",
                "{\"id\":\"config-knmi-heino\",\"type\":\"knmi-daily\",\"url\":\"http://example.org/a\"}",
                "{\"id\": ",
                "[]"}) {
            int status = given().header("X-API-Key", ADMIN).contentType("application/json").body(body)
                    .post("/harvesters").then().contentType(startsWith("application/problem+json"))
                    .extract().statusCode();
            assertTrue(status == 400 || status == 409, body + " -> " + status);
        }
        assertEquals(before, TestDatabase.count("SELECT count(*) FROM tweeling.harvester"));
        given().header("X-API-Key", ADMIN).post("/harvesters/no-such-harvester/run").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/harvesters/no-such-harvester").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void aConfigurationFileWithARefusedAddressStopsTheStartNamingIt() throws Exception {
        // checked by the outbound policy without DNS and without connecting: the address is never contacted
        java.nio.file.Path file = Files.createTempFile("harvesters", ".json");
        try {
            Files.writeString(file, "{\"harvesters\": [{\"id\": \"cfg-ok\", \"type\": \"knmi-daily\","
                    + " \"url\": \"https://data.example.org/etmgeg_278.txt\"}, {\"id\": \"cfg-metadata\","
                    + " \"type\": \"knmi-daily\", \"url\": \"http://169.254.169.254/latest/meta-data/\"}]}");
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> registry.load(file));
            assertTrue(e.getMessage().contains("harvesters[1]") && e.getMessage().contains("url")
                    && e.getMessage().contains("metadata") && e.getMessage().contains("tweeling.outbound.allow"),
                    e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void runWhileAnotherInstanceRunsItIs409() throws Exception {
        try (var lock = TestDatabase.connect()) {
            try (var ps = lock.prepareStatement("SELECT pg_advisory_lock(hashtext('tweeling.harvest'), hashtext('config-knmi-heino'))")) {
                ps.execute();
            }
            given().header("X-API-Key", ADMIN).post("/harvesters/config-knmi-heino/run").then().statusCode(409)
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", containsString("running already"));
            try (var ps = lock.prepareStatement("SELECT pg_advisory_unlock(hashtext('tweeling.harvest'), hashtext('config-knmi-heino'))")) {
                ps.execute();
            }
        }
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'harvest' AND inputs ->> 'harvester' = 'config-knmi-heino'"));
    }

    @Test
    void schedulerRunsADueHarvesterOnceAcrossInstances() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/katv.json", "application/json", file)) {
            HarvesterDefinition h = new HarvesterDefinition(HarvestTesting.uniqueId("sched"), HarvesterTypes.RWS_WATERINFO,
                    server.url("/katv.json"), Duration.ofHours(1), Map.of("location", "katv-sched"), "api");
            registry.add(h, "test");   // the scheduler runs registered harvesters only
            runner.runIfDue(h, "scheduler");
            runner.runIfDue(h, "scheduler");
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'harvest' AND inputs ->> 'harvester' = ?", h.id()));
            assertEquals(1, server.hits("/katv.json"));
        }
    }

    @Test
    void dueRuleAndIntervals() {
        HarvesterDefinition hourly = new HarvesterDefinition("h", "knmi-daily", "http://x/", Duration.ofHours(1), Map.of(), "api");
        Instant t = Instant.parse("2026-03-29T00:30:00Z");
        assertTrue(HarvestScheduler.due(hourly, null, t));
        assertFalse(HarvestScheduler.due(hourly, t.minusSeconds(3599), t));
        assertTrue(HarvestScheduler.due(hourly, t.minusSeconds(3600), t));
        assertFalse(HarvestScheduler.due(new HarvesterDefinition("h", "knmi-daily", "http://x/", null, Map.of(), "api"), null, t));
        assertEquals(Duration.ofMinutes(15), HarvesterRegistry.every("15m"));
        assertEquals(Duration.ofDays(1), HarvesterRegistry.every("1d"));
        assertEquals(Duration.ofHours(2), HarvesterRegistry.every("PT2H"));
        assertTrue(registry.find("config-knmi-heino").isPresent());
    }
}
