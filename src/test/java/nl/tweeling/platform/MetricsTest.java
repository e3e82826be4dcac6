package nl.tweeling.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.harvest.FeedServer;
import nl.tweeling.harvest.HarvestRunner;
import nl.tweeling.harvest.HarvestTesting;
import nl.tweeling.harvest.HarvesterDefinition;
import nl.tweeling.harvest.HarvesterTypes;
import nl.tweeling.job.JobService;
import nl.tweeling.support.RealData;

/** /q/metrics: HTTP requests per route template, job counts and durations by kind and outcome, help on every tweeling metric. */
@QuarkusTest
class MetricsTest {

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series whose name is {@code name} and whose labels include every one of {@code labels}; 0 if none. */
    private static double value(String scrape, String name, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void httpRequestsAreCountedPerRouteTemplateNotPerPath() {
        String a = "metrics-a-" + System.nanoTime();
        String b = "metrics-b-" + System.nanoTime();
        double before = value(scrape(), "http_server_requests_seconds_count", "uri=\"/collections/{collectionId}\"",
                "method=\"GET\"", "status=\"404\"");
        given().get("/collections/" + a).then().statusCode(404);
        given().get("/collections/" + b).then().statusCode(404);
        given().get("/collections/" + b).then().statusCode(404);
        String after = scrape();
        assertEquals(before + 3, value(after, "http_server_requests_seconds_count", "uri=\"/collections/{collectionId}\"",
                "method=\"GET\"", "status=\"404\""), after.lines().filter(l -> l.startsWith("http_server")).toList().toString());
        assertFalse(after.contains(a), "a raw path is a series of its own");
        assertFalse(after.contains(b), "a raw path is a series of its own");
    }

    @Test
    void jobsAreCountedAndTimedByKindAndOutcome() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/katv.json", "application/json", file).fail("/broken.json", 500)) {
            String before = scrape();
            HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("metrics-ok"),
                    HarvesterTypes.RWS_WATERINFO, server.url("/katv.json"), Map.of("location", "katv-metrics")));
            HarvesterDefinition broken = HarvestTesting.definition(HarvestTesting.uniqueId("metrics-fail"),
                    HarvesterTypes.RWS_WATERINFO, server.url("/broken.json"), Map.of("location", "katv-metrics"));
            HarvestTesting.run(runner, jobs, broken);
            String after = scrape();
            String kind = "kind=\"harvest\"";
            assertEquals(value(before, "tweeling_jobs_started_total", kind) + 2, value(after, "tweeling_jobs_started_total", kind));
            assertEquals(value(before, "tweeling_job_duration_seconds_count", kind, "outcome=\"successful\"") + 1,
                    value(after, "tweeling_job_duration_seconds_count", kind, "outcome=\"successful\""));
            assertEquals(value(before, "tweeling_job_duration_seconds_count", kind, "outcome=\"failed\"") + 1,
                    value(after, "tweeling_job_duration_seconds_count", kind, "outcome=\"failed\""));
            assertTrue(value(after, "tweeling_job_duration_seconds_sum", kind, "outcome=\"successful\"")
                    > value(before, "tweeling_job_duration_seconds_sum", kind, "outcome=\"successful\""));
            // the run wrote through ingestion, whose meters are there too
            assertTrue(value(after, "tweeling_ingest_observations_total", "outcome=\"inserted\"") >= 287);
        }
    }

    @Test
    void everyTweelingMetricHasHelpText() {
        // make sure the HTTP and ingest meters exist before looking
        given().get("/collections").then().statusCode(200);
        String scrape = scrape();
        Pattern help = Pattern.compile("^# HELP (tweeling_\\S+)(.*)$", Pattern.MULTILINE);
        Matcher m = help.matcher(scrape);
        List<String> names = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            if (m.group(2).isBlank()) {
                empty.add(m.group(1));
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("tweeling_job")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("tweeling_ingest")), names.toString());
        assertEquals(List.of(), empty, "tweeling metrics without help text");
        assertTrue(scrape.contains("# HELP http_server_requests_seconds"), "HTTP request metrics are on");
    }
}
