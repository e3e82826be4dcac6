package nl.tweeling.harvest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** PUT and DELETE /harvesters/{id}, and the scheduler seeing a changed or removed harvester. */
@QuarkusTest
class HarvesterChangeTest {

    static final String ADMIN = HarvesterResourceTest.ADMIN;

    @Inject
    HarvestRunner runner;

    @Inject
    HarvesterRegistry registry;

    private static String definition(String id, String url, String extraOptions) {
        return "{\"id\":\"" + id + "\",\"type\":\"rws-waterinfo\",\"url\":\"" + url
                + "\",\"options\":{\"location\":\"katv-" + id + "\"" + extraOptions + "}}";
    }

    private static String stored(String id) {
        return (String) TestDatabase.scalar("SELECT url || ' ' || coalesce(extract(epoch FROM every)::text, '-') || ' '"
                + " || options::text FROM tweeling.harvester WHERE id = ?", id);
    }

    @Test
    void putReplacesTheDefinitionAndKeepsASecretSentBackAsShown() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/old.json", "application/json", file)
                .serve("/new.json", "application/json", file)) {
            String id = HarvestTesting.uniqueId("put");
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body(definition(id, server.url("/old.json"), ",\"token\":\"s3cret-token\""))
                    .post("/harvesters").then().statusCode(201);

            // what GET shows, sent back with another url and interval: the token stays the stored one
            String changed = "{\"type\":\"rws-waterinfo\",\"url\":\"" + server.url("/new.json") + "\",\"every\":\"2h\","
                    + "\"options\":{\"location\":\"katv-" + id + "\",\"token\":\"***\"}}";
            given().contentType("application/json").body(changed).put("/harvesters/" + id).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"));
            given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType("application/json").body(changed)
                    .put("/harvesters/" + id).then().statusCode(403);
            given().header("X-API-Key", ADMIN).contentType("application/json").body(changed)
                    .put("/harvesters/" + id).then().statusCode(200)
                    .body("id", equalTo(id)).body("url", equalTo(server.url("/new.json")))
                    .body("every", equalTo("PT2H")).body("options.token", equalTo("***"))
                    .body("origin", equalTo("api"));
            given().get("/harvesters/" + id).then().statusCode(200)
                    .body("url", equalTo(server.url("/new.json"))).body("options.token", equalTo("***"));
            assertEquals("s3cret-token", TestDatabase.scalar("SELECT options ->> 'token' FROM tweeling.harvester WHERE id = ?", id));

            // a run after the change fetches the new url, with the kept token
            String job = given().header("X-API-Key", ADMIN).post("/harvesters/" + id + "/run").then().statusCode(202)
                    .extract().path("jobID");
            await().atMost(Duration.ofSeconds(60)).until(() -> "successful".equals(
                    TestDatabase.scalar("SELECT status FROM tweeling.job WHERE id = ?::uuid", job)));
            assertEquals(0, server.hits("/old.json"));
            assertEquals(1, server.hits("/new.json"));
            assertEquals("Bearer s3cret-token", server.lastHeader("/new.json", "Authorization"));

            // a new secret replaces the stored one; leaving it out drops it
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body(definition(id, server.url("/new.json"), ",\"token\":\"other\""))
                    .put("/harvesters/" + id).then().statusCode(200).body("options.token", equalTo("***"));
            assertEquals("other", TestDatabase.scalar("SELECT options ->> 'token' FROM tweeling.harvester WHERE id = ?", id));
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body(definition(id, server.url("/new.json"), ""))
                    .put("/harvesters/" + id).then().statusCode(200).body("options", not(org.hamcrest.Matchers.hasKey("token")));
            assertEquals(null, TestDatabase.scalar("SELECT options ->> 'token' FROM tweeling.harvester WHERE id = ?", id));
        }
    }

    @Test
    void badPutsAreProblemsAndChangeNothing() {
        String id = HarvestTesting.uniqueId("putbad");
        String url = "http://127.0.0.2:9/katv.json";
        given().header("X-API-Key", ADMIN).contentType("application/json").body(definition(id, url, ""))
                .post("/harvesters").then().statusCode(201);
        String before = stored(id);

        given().header("X-API-Key", ADMIN).contentType("application/json").body(definition("other-id", url, ""))
                .put("/harvesters/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("id")).body("detail", containsString("cannot change"));
        given().header("X-API-Key", ADMIN).contentType("application/json")
                .body("{\"type\":\"no-such-type\",\"url\":\"" + url + "\"}")
                .put("/harvesters/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("unknown harvester type"));
        given().header("X-API-Key", ADMIN).contentType("application/json")
                .body(definition(id, "http://127.0.0.1:8080/q/metrics", ""))
                .put("/harvesters/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("url")).body("detail", containsString("loopback"));
        given().header("X-API-Key", ADMIN).contentType("application/json")
                .body(definition(id, url, ",\"apiKey\":\"***\""))
                .put("/harvesters/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("options.apiKey"));
        given().header("X-API-Key", ADMIN).contentType("application/json").body("{not json")
                .put("/harvesters/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"));
        assertEquals(before, stored(id));

        given().header("X-API-Key", ADMIN).contentType("application/json").body(definition("nope", url, ""))
                .put("/harvesters/" + HarvestTesting.uniqueId("nope")).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().header("X-API-Key", ADMIN).contentType("application/json")
                .body("{\"type\":\"knmi-daily\",\"url\":\"https://example.org/etmgeg_278.txt\"}")
                .put("/harvesters/config-knmi-heino").then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("configuration file"));
    }

    @Test
    void deleteRemovesButNotWhileRunningAndKeepsThePastJobs() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/katv.json", "application/json", file)) {
            String id = HarvestTesting.uniqueId("del");
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body(definition(id, server.url("/katv.json"), "")).post("/harvesters").then().statusCode(201);
            String job = given().header("X-API-Key", ADMIN).post("/harvesters/" + id + "/run").then().statusCode(202)
                    .extract().path("jobID");
            await().atMost(Duration.ofSeconds(60)).until(() -> "successful".equals(
                    TestDatabase.scalar("SELECT status FROM tweeling.job WHERE id = ?::uuid", job)));

            given().delete("/harvesters/" + id).then().statusCode(401).contentType(startsWith("application/problem+json"));
            given().header("X-API-Key", TestDatabase.newApiKey("ingest")).delete("/harvesters/" + id).then().statusCode(403);

            // a run going on (here: another instance's, holding the harvester's lock) keeps it
            try (var lock = TestDatabase.connect()) {
                try (var ps = lock.prepareStatement("SELECT pg_advisory_lock(hashtext('tweeling.harvest'), hashtext(?))")) {
                    ps.setString(1, id);
                    ps.execute();
                }
                given().header("X-API-Key", ADMIN).delete("/harvesters/" + id).then().statusCode(409)
                        .contentType(startsWith("application/problem+json")).body("detail", containsString("running"));
            }
            given().get("/harvesters/" + id).then().statusCode(200);

            given().header("X-API-Key", ADMIN).delete("/harvesters/" + id).then().statusCode(204);
            given().get("/harvesters/" + id).then().statusCode(404).contentType(startsWith("application/problem+json"));
            given().get("/harvesters").then().body("harvesters.id", not(hasItem(id)));
            given().header("X-API-Key", ADMIN).delete("/harvesters/" + id).then().statusCode(404);
            given().header("X-API-Key", ADMIN).post("/harvesters/" + id + "/run").then().statusCode(404);
            // the run's job and what it wrote stay
            given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().statusCode(200).body("status", equalTo("successful"));
            assertEquals(287L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE source_run = ?::uuid", job));

            given().header("X-API-Key", ADMIN).delete("/harvesters/config-knmi-heino").then().statusCode(409)
                    .body("detail", containsString("configuration file"));
            given().get("/harvesters/config-knmi-heino").then().statusCode(200);
        }
    }

    @Test
    void theSchedulerRunsTheDefinitionAsItIsNowAndNotARemovedOne() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/old.json", "application/json", file)
                .serve("/new.json", "application/json", file)) {
            // as the scheduler listed it a moment ago
            HarvesterDefinition listed = new HarvesterDefinition(HarvestTesting.uniqueId("sched-put"), HarvesterTypes.RWS_WATERINFO,
                    server.url("/old.json"), Duration.ofHours(1), Map.of("location", "katv-sched-put"), "api");
            registry.add(listed, "test");
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body("{\"type\":\"rws-waterinfo\",\"url\":\"" + server.url("/new.json") + "\",\"every\":\"1h\","
                            + "\"options\":{\"location\":\"katv-sched-put\"}}")
                    .put("/harvesters/" + listed.id()).then().statusCode(200);
            runner.runIfDue(listed, "scheduler");
            assertEquals(0, server.hits("/old.json"));
            assertEquals(1, server.hits("/new.json"));

            HarvesterDefinition removed = new HarvesterDefinition(HarvestTesting.uniqueId("sched-del"), HarvesterTypes.RWS_WATERINFO,
                    server.url("/old.json"), Duration.ofHours(1), Map.of("location", "katv-sched-del"), "api");
            registry.add(removed, "test");
            given().header("X-API-Key", ADMIN).delete("/harvesters/" + removed.id()).then().statusCode(204);
            runner.runIfDue(removed, "scheduler");
            assertEquals(0, server.hits("/old.json"));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'harvest' AND inputs ->> 'harvester' = ?",
                    removed.id()));
        }
    }
}
