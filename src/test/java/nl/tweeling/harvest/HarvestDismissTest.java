package nl.tweeling.harvest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.job.Job;
import nl.tweeling.job.JobHandle;
import nl.tweeling.job.JobService;
import nl.tweeling.job.RunningJobs;
import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * {@code DELETE /jobs/{id}} of a running harvest: the run stops at its next progress report and writes nothing
 * (no thing, datastream or observation names it).
 */
@QuarkusTest
class HarvestDismissTest {

    private static final String ADMIN_KEY = "twk_test_bootstrap_admin_key_0123456789";

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    @Inject
    RunningJobs running;

    @Test
    void aHarvestDismissedWhileFetchingWritesNothing() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        CountDownLatch release = new CountDownLatch(1);
        String location = "d" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        try (FeedServer server = new FeedServer().route("/slow.json", x -> {
            try {
                release.await(30, TimeUnit.SECONDS);   // the source answers once the test lets it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FeedServer.Answer.ok("application/json", file);
        })) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("rws-dismiss"),
                    HarvesterTypes.RWS_WATERINFO, server.url("/slow.json"), Map.of("location", location, "lon", 6.0606,
                            "lat", 52.5338));
            UUID job = runner.start(h, "test");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.hits("/slow.json") > 0);
            assertEquals(Job.RUNNING, jobs.find(job).orElseThrow().status);

            // the run is blocked in its fetch, and the DELETE waits for its next progress report: let the source
            // answer once the DELETE has reached the run
            Thread answer = new Thread(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> running.find(job).map(JobHandle::cancelled).orElse(true));
                release.countDown();
            });
            answer.start();
            given().header("X-API-Key", ADMIN_KEY).delete("/jobs/" + job).then().statusCode(200)
                    .body("status", equalTo("dismissed"));
            answer.join();

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> TestDatabase.scalar("SELECT pg_try_advisory_lock(hashtext('tweeling.harvest'), hashtext(?))"
                            + " AND pg_advisory_unlock(hashtext('tweeling.harvest'), hashtext(?))", h.id(), h.id())
                            .equals(Boolean.TRUE));   // the run has ended and let go of its lock
            Job after = jobs.find(job).orElseThrow();
            assertEquals(Job.DISMISSED, after.status, after.message);
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE source_run = ?", job));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE source_run = ?", job));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE source_run = ?", job));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE key LIKE ?",
                    "rws-" + location + "-%"));
        }
    }
}
