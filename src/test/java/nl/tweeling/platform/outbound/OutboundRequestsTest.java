package nl.tweeling.platform.outbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import nl.tweeling.harvest.FeedServer;
import nl.tweeling.harvest.HarvestRunner;
import nl.tweeling.harvest.HarvestTesting;
import nl.tweeling.harvest.HarvesterTypes;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;
import nl.tweeling.support.TestDatabase;

/**
 * The outbound policy through the API, against real HTTP servers on this machine: the test profile allows only
 * 127.0.0.2 ({@code %test.tweeling.outbound.allow}); a "refused" server listens on 127.0.0.1 (and one on ::1) and
 * counts requests, which must stay at zero. Private and metadata addresses are never used here: OutboundPolicyTest
 * checks them without connecting.
 */
@QuarkusTest
class OutboundRequestsTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";
    static final byte[] GEOJSON = ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":1,"
            + "\"properties\":{\"name\":\"a\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}]}")
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    static String layer() {
        return "outbound-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static io.restassured.response.ValidatableResponse postImport(String key, String url) {
        return given().header("X-API-Key", key).contentType("application/json")
                .body(Map.of("url", url, "layer", layer())).post("/imports").then();
    }

    static JsonPath awaitJob(String job) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().statusCode(200).extract().jsonPath();
            return List.of("successful", "failed", "dismissed").contains(last[0].getString("status"));
        });
        return last[0];
    }

    @Test
    void loopbackInEveryFormIsRefusedAtSubmitWithoutAJobAndNothingIsFetched() throws Exception {
        try (FeedServer refused = new FeedServer("127.0.0.1"); FeedServer refused6 = new FeedServer("::1")) {
            refused.serve("/q/metrics", "text/plain", "metrics".getBytes(StandardCharsets.UTF_8));
            refused6.serve("/q/metrics", "text/plain", "metrics".getBytes(StandardCharsets.UTF_8));
            int port = refused.port();
            long jobsBefore = TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'import'");
            for (String url : List.of(
                    "http://127.0.0.1:" + port + "/q/metrics",
                    "http://2130706433:" + port + "/q/metrics",
                    "http://0x7f000001:" + port + "/q/metrics",
                    "http://0177.0.0.1:" + port + "/q/metrics",
                    "http://127.1:" + port + "/q/metrics",
                    "http://localhost:" + port + "/q/metrics",
                    "http://LOCALHOST.:" + port + "/q/metrics",
                    "http://[::ffff:127.0.0.1]:" + port + "/q/metrics",
                    "http://[::1]:" + refused6.port() + "/q/metrics")) {
                postImport(ADMIN, url).statusCode(400)
                        .contentType(startsWith("application/problem+json"))
                        .body("parameter", equalTo("url"))
                        .body("detail", containsString("a loopback address"))
                        .body("detail", containsString("tweeling.outbound.allow"));
            }
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body(Map.of("url", "http://127.0.0.1:" + port + "/q/metrics", "layer", layer())).post("/imports")
                    .then().body("detail", startsWith("url http://127.0.0.1:" + port
                            + "/q/metrics resolves to 127.0.0.1, a loopback address; outbound requests to loopback,"));
            postImport(ADMIN, "gopher://127.0.0.2:" + port + "/").statusCode(400).body("parameter", equalTo("url"));
            assertEquals(jobsBefore, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'import'"),
                    "a refused url makes no job");
            assertEquals(0, refused.hits(), "the refused server on 127.0.0.1 saw no request");
            assertEquals(0, refused6.hits(), "the refused server on ::1 saw no request");
        }
    }

    @Test
    void aRedirectFromAnAllowedServerToARefusedAddressIsNotFollowed() throws Exception {
        try (FeedServer refused = new FeedServer("127.0.0.1"); FeedServer allowed = new FeedServer()) {
            refused.serve("/data.json", "application/json", GEOJSON);
            allowed.redirect("/to-literal", refused.url("/data.json"));
            allowed.redirect("/to-name", "http://localhost:" + refused.port() + "/data.json");
            allowed.redirect("/to-decimal", "http://2130706433:" + refused.port() + "/data.json");
            for (String path : List.of("/to-literal", "/to-name", "/to-decimal")) {
                String job = postImport(ADMIN, allowed.url(path)).statusCode(201).extract().path("jobID");
                JsonPath status = awaitJob(job);
                assertEquals("failed", status.getString("status"), path);
                String message = status.getString("message");
                assertTrue(message.startsWith("could not download, refused: " + allowed.url(path) + " redirects"),
                        message);
                assertTrue(message.contains("a loopback address") && message.contains("tweeling.outbound.allow"), message);
                assertEquals(1, allowed.hits(path), path);
            }
            // the same through a harvester: every fetch is checked, also when registered without the API
            Job run = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("outbound"),
                    HarvesterTypes.KNMI_DAILY, allowed.url("/to-name"), Map.of()));
            assertEquals(Job.FAILED, run.status);
            assertTrue(run.message.contains("127.0.0.1, a loopback address"), run.message);
            Job direct = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("outbound"),
                    HarvesterTypes.KNMI_DAILY, "http://localhost:" + refused.port() + "/data.json", Map.of()));
            assertEquals(Job.FAILED, direct.status);
            assertTrue(direct.message.contains("localhost resolves to 127.0.0.1, a loopback address"), direct.message);
            assertEquals(0, refused.hits(), "the refused server saw no request");
        }
    }

    @Test
    void harvestersWithRefusedUrlsAreNotRegistered() throws Exception {
        try (FeedServer refused = new FeedServer("127.0.0.1")) {
            String id = HarvestTesting.uniqueId("outbound");
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body("{\"id\":\"" + id + "\",\"type\":\"knmi-daily\",\"url\":\"" + refused.url("/etmgeg.txt") + "\"}")
                    .post("/harvesters").then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo("url")).body("detail", containsString("a loopback address"));
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body("{\"id\":\"" + id + "\",\"type\":\"knmi-daily\",\"url\":\"http://localhost:" + refused.port()
                            + "/etmgeg.txt\"}")
                    .post("/harvesters").then().statusCode(400).body("parameter", equalTo("url"))
                    .body("detail", containsString("localhost resolves to 127.0.0.1"));
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body("{\"id\":\"" + id + "\",\"type\":\"ndw-trafficspeed\",\"url\":\"http://127.0.0.2:9/speed.xml\","
                            + "\"options\":{\"all\":true,\"siteTable\":\"http://[::1]:" + refused.port() + "/sites.xml\"}}")
                    .post("/harvesters").then().statusCode(400).body("parameter", equalTo("options.siteTable"))
                    .body("detail", containsString("loopback"));
            given().header("X-API-Key", ADMIN).contentType("application/json")
                    .body("{\"id\":\"" + id + "\",\"type\":\"knmi-daily\",\"url\":\"http://user:hunter2@127.0.0.2:9/a.txt\"}")
                    .post("/harvesters").then().statusCode(400).body("detail", containsString("options username and password"))
                    .body("detail", not(containsString("hunter2")));
            given().get("/harvesters/" + id).then().statusCode(404);
            assertEquals(0, refused.hits());
        }
    }

    @Test
    void aFailedDownloadSaysNothingTheFarSideOrTheSocketSaid() throws Exception {
        try (FeedServer allowed = new FeedServer();
                ServerSocket notHttp = new ServerSocket()) {
            allowed.route("/boom", x -> new FeedServer.Answer(500, "text/plain",
                    "internal secret stack trace".getBytes(StandardCharsets.UTF_8)));
            // an open port that is not HTTP: it greets and hangs up, as a database or SSH server would
            notHttp.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            Thread greeter = new Thread(() -> {
                while (!notHttp.isClosed()) {
                    try (Socket s = notHttp.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("SSH-2.0-OpenSSH_9.2 secret-banner\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            greeter.setDaemon(true);
            greeter.start();
            int closedPort;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                closedPort = s.getLocalPort();
            }
            Map<String, String> expected = Map.of(
                    allowed.url("/boom"), "could not download " + allowed.url("/boom") + ": HTTP 500.",
                    "http://127.0.0.2:" + notHttp.getLocalPort() + "/x.json",
                    "could not download http://127.0.0.2:" + notHttp.getLocalPort() + "/x.json.",
                    "http://127.0.0.2:" + closedPort + "/x.json", "could not download http://127.0.0.2:" + closedPort + "/x.json.");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String job = postImport(ADMIN, e.getKey()).statusCode(201).extract().path("jobID");
                String message = awaitJob(job).getString("message");
                assertEquals(e.getValue() + " The layer is unchanged.", message);
            }
        }
    }

    @Test
    void credentialsInAnImportUrlAreUsedButNeverStoredOrShownAndJobsAreTheirKeysOwn() throws Exception {
        String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("reader:" + password).getBytes(StandardCharsets.UTF_8));
        try (FeedServer allowed = new FeedServer()) {
            allowed.route("/secure.json", x -> basic.equals(x.getRequestHeaders().getFirst("Authorization"))
                    ? FeedServer.Answer.ok("application/json", GEOJSON)
                    : new FeedServer.Answer(401, "text/plain", "who are you".getBytes(StandardCharsets.UTF_8)));
            String owner = TestDatabase.newApiKey("ingest");
            String other = TestDatabase.newApiKey("ingest");
            String url = "http://reader:" + password + "@127.0.0.2:" + allowed.port() + "/secure.json";
            String job = postImport(owner, url).statusCode(201)
                    .body("inputs.source", equalTo(allowed.url("/secure.json"))).extract().path("jobID");
            JsonPath status = awaitJob(job);
            assertEquals("successful", status.getString("status"), status.getString("message"));
            assertEquals(basic, allowed.lastHeader("/secure.json", "Authorization"), "the userinfo became Basic auth");

            // nothing stored or shown holds the password
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE inputs::text LIKE ? OR"
                    + " results::text LIKE ? OR coalesce(message, '') LIKE ?", "%" + password + "%", "%" + password + "%",
                    "%" + password + "%"));
            assertFalse(given().header("X-API-Key", ADMIN).get("/jobs?limit=1000").asString().contains(password));

            // the job is its key's and the admins': others get "not found", an empty list without a key
            given().header("X-API-Key", owner).get("/jobs/" + job).then().statusCode(200)
                    .body("inputs.source", equalTo(allowed.url("/secure.json")));
            given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().statusCode(200);
            given().get("/jobs/" + job).then().statusCode(404).contentType(startsWith("application/problem+json"));
            given().header("X-API-Key", other).get("/jobs/" + job).then().statusCode(404);
            given().get("/jobs/" + job + "/results").then().statusCode(404);
            given().header("X-API-Key", other).get("/jobs/" + job + "/results").then().statusCode(404);
            given().get("/imports/" + job).then().statusCode(404);
            given().header("X-API-Key", owner).get("/imports/" + job).then().statusCode(200);
            given().get("/jobs").then().statusCode(200).body("jobs", org.hamcrest.Matchers.empty());
            given().header("X-API-Key", other).get("/jobs").then().statusCode(200).body("jobs.jobID", not(hasItem(job)));
            given().header("X-API-Key", owner).get("/jobs?type=import").then().statusCode(200)
                    .body("jobs.jobID", equalTo(List.of(job)));
            given().header("X-API-Key", ADMIN).get("/jobs?limit=1000").then().statusCode(200).body("jobs.jobID", hasItem(job));
            given().header("X-API-Key", "twk_unknown_key_0000000000000000000000").get("/jobs").then().statusCode(401);
        }
    }

    @Test
    void harvesterCredentialsAreSecretOptionsSentOnlyToTheirOwnOrigin() throws Exception {
        String token = "tok-" + UUID.randomUUID().toString().substring(0, 12);
        try (FeedServer source = new FeedServer(); FeedServer elsewhere = new FeedServer()) {
            source.serve("/etmgeg.txt", "text/plain", "not a KNMI file".getBytes(StandardCharsets.UTF_8));
            source.redirect("/moved.txt", elsewhere.url("/etmgeg.txt"));
            elsewhere.serve("/etmgeg.txt", "text/plain", "not a KNMI file".getBytes(StandardCharsets.UTF_8));
            String id = HarvestTesting.uniqueId("outbound-secret");
            String body = "{\"id\":\"" + id + "\",\"type\":\"knmi-daily\",\"url\":\"" + source.url("/etmgeg.txt")
                    + "\",\"options\":{\"token\":\"" + token + "\",\"headers\":{\"X-Feed-Key\":\"" + token + "\"}}}";
            given().header("X-API-Key", ADMIN).contentType("application/json").body(body).post("/harvesters").then()
                    .statusCode(201).body("options.token", equalTo("***")).body("options.headers", equalTo("***"));
            String listing = given().get("/harvesters").then().statusCode(200)
                    .body("harvesters.find { it.id == '" + id + "' }.options.token", equalTo("***")).extract().asString();
            assertFalse(listing.contains(token), "GET /harvesters shows no secret");
            assertFalse(given().get("/harvesters/" + id).asString().contains(token));

            String job = given().header("X-API-Key", ADMIN).post("/harvesters/" + id + "/run").then().statusCode(202)
                    .extract().path("jobID");
            await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(
                    TestDatabase.scalar("SELECT status FROM tweeling.job WHERE id = ?::uuid", job)));
            assertEquals("Bearer " + token, source.lastHeader("/etmgeg.txt", "Authorization"));
            assertEquals(token, source.lastHeader("/etmgeg.txt", "X-Feed-Key"));

            // a redirect to another origin (another port) goes without the credentials
            Job moved = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("outbound"),
                    HarvesterTypes.KNMI_DAILY, source.url("/moved.txt"), Map.of("token", token)));
            assertEquals(1, elsewhere.hits("/etmgeg.txt"), moved.message);
            assertEquals("Bearer " + token, source.lastHeader("/moved.txt", "Authorization"));
            assertNull(elsewhere.lastHeader("/etmgeg.txt", "Authorization"));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE inputs::text LIKE ?"
                    + " OR results::text LIKE ? OR coalesce(message, '') LIKE ?", "%" + token + "%", "%" + token + "%",
                    "%" + token + "%"));
        }
    }
}
