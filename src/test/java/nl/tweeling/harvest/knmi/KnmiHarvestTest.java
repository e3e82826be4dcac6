package nl.tweeling.harvest.knmi;

import static nl.tweeling.harvest.HarvestTesting.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.harvest.FeedServer;
import nl.tweeling.harvest.HarvestRunner;
import nl.tweeling.harvest.HarvestTesting;
import nl.tweeling.harvest.HarvesterDefinition;
import nl.tweeling.harvest.HarvesterTypes;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;
import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** The KNMI daily file harvested over HTTP: values, lineage, idempotent re-harvest, corrections, failures. */
@QuarkusTest
class KnmiHarvestTest {

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    static final long HEINO_VALUES = 13257 + 13247 + 13247 + 12431;

    @Test
    void heinoOverHttpBecomesObservationsAndASecondHarvestChangesNothing() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("weather/knmi_etmgeg_278_heino.txt"));
        try (FeedServer server = new FeedServer().serve("/knmi/etmgeg_278.txt", "text/plain", file)) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("knmi-heino"), HarvesterTypes.KNMI_DAILY,
                    server.url("/knmi/etmgeg_278.txt"),
                    Map.of("stations", Map.of("278", Map.of("name", "Heino", "lon", 6.259, "lat", 52.4346))));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(HEINO_VALUES, number(first, "fetched"));
            assertEquals(HEINO_VALUES, number(first, "inserted"));
            assertEquals(0, number(first, "rejected"));
            assertEquals(4, number(first, "datastreams"));
            assertEquals(server.url("/knmi/etmgeg_278.txt"), first.results.get("url"));

            // 278,20260625: TG 245 -> 24.5 °C at the start of the UT day, with its lineage
            assertEquals(24.5, TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = 'knmi-278-tg' AND o.phenomenon_time = ?",
                    Timestamp.from(Instant.parse("2026-06-25T00:00:00Z"))));
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = 'knmi-278-tn' AND o.phenomenon_time = ? AND o.result = -17.9"
                    + " AND o.source = ? AND o.source_run = ? AND o.source_offset = 20120204",
                    Timestamp.from(Instant.parse("2012-02-04T00:00:00Z")), h.source(), first.id));
            assertEquals("air_temperature", TestDatabase.scalar("SELECT observed_property FROM tweeling.datastream WHERE key = 'knmi-278-tx'"));
            // Heino lies some 12 km east-south-east of Zwolle: RD x about 212 km, y about 494 km
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE key = 'knmi-278'"
                    + " AND ST_X(geom) BETWEEN 210000 AND 215000 AND ST_Y(geom) BETWEEN 490000 AND 497000"));

            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, second.status, second.message);
            assertEquals(0, number(second, "inserted"));
            assertEquals(0, number(second, "corrected"));
            assertEquals(HEINO_VALUES, number(second, "unchanged"));
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE key = 'knmi-278'"));
            assertEquals(4L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE key LIKE 'knmi-278-%'"));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE source_run = ?", second.id));
            assertEquals(2, server.hits("/knmi/etmgeg_278.txt"));
        }
    }

    static String file(String stn, String... lines) {
        StringBuilder sb = new StringBuilder(KnmiDailyReaderTest.LEGEND).append("\n# STN,YYYYMMDD,   TG,   RH\n\n");
        for (String l : lines) {
            sb.append("  ").append(stn).append(',').append(l).append('\n');
        }
        return sb.toString();
    }

    static String station() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 999_999));
    }

    @Test
    void aChangedValueIsACorrectionAndTheRestStaysUntouched() throws Exception {
        String stn = station();
        try (FeedServer server = new FeedServer()) {
            server.serve("/etmgeg.txt", "text/plain", file(stn, "20240301,   57,    3", "20240302,   61,   -1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("knmi"), HarvesterTypes.KNMI_DAILY,
                    server.url("/etmgeg.txt"), Map.of());
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(4, number(first, "inserted"), first.message);

            server.serve("/etmgeg.txt", "text/plain", file(stn, "20240301,   58,    3", "20240302,   61,   -1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(0, number(second, "inserted"));
            assertEquals(1, number(second, "corrected"));
            assertEquals(3, number(second, "unchanged"));
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ? AND o.result = 5.8 AND o.corrections = 1 AND o.source_run = ?",
                    "knmi-" + stn + "-tg", second.id));
            assertEquals(3L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key LIKE ? AND o.source_run = ? AND o.corrections = 0",
                    "knmi-" + stn + "-%", first.id));
        }
    }

    @Test
    void implausibleValuesAreRejectedWithTheirReasonAndTheRestIsWritten() throws Exception {
        String stn = station();
        try (FeedServer server = new FeedServer()) {
            // TG 999 = 99.9 °C lies outside air_temperature's plausible range [-50, 60]
            server.serve("/etmgeg.txt", "text/plain", file(stn, "20240701,  999,    3", "20240702,  181,   -1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Job job = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("knmi"),
                    HarvesterTypes.KNMI_DAILY, server.url("/etmgeg.txt"), Map.of()));
            assertEquals(Job.SUCCESSFUL, job.status, job.message);
            assertEquals(3, number(job, "inserted"));
            assertEquals(1, number(job, "rejected"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> reasons = (List<Map<String, Object>>) job.results.get("rejections");
            assertEquals(20240701, ((Number) reasons.get(0).get("offset")).intValue());
            assertTrue(reasons.get(0).get("reason").toString().contains("plausible range"), reasons.toString());
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ? AND o.phenomenon_time = '2024-07-01T00:00:00Z'", "knmi-" + stn + "-tg"));
        }
    }

    @Test
    void aFailingSourceFailsTheJobAndWritesNothing() throws Exception {
        String stn = station();
        try (FeedServer server = new FeedServer()) {
            server.fail("/down.txt", 500);
            server.serve("/html.txt", "text/html", "<html>Onderhoud</html>".getBytes(StandardCharsets.UTF_8));
            for (String path : List.of("/down.txt", "/html.txt", "/missing.txt")) {
                HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("knmi"), HarvesterTypes.KNMI_DAILY,
                        server.url(path), Map.of());
                Job job = HarvestTesting.run(runner, jobs, h);
                assertEquals(Job.FAILED, job.status, path);
                assertTrue(job.message.contains(server.url(path)), job.message);
                assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE source_run = ?", job.id));
            }
            assertTrue(HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("knmi"),
                    HarvesterTypes.KNMI_DAILY, server.url("/down.txt"), Map.of())).message.contains("HTTP 500"));
            assertTrue(HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("knmi"),
                    HarvesterTypes.KNMI_DAILY, server.url("/html.txt"), Map.of())).message.contains("malformed"));
        }
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE key LIKE ?", "knmi-" + stn + "-%"));
    }

    @Test
    void aSlowSourceTimesOut() throws Exception {
        try (FeedServer server = new FeedServer()) {
            server.route("/slow.txt", x -> {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FeedServer.Answer.ok("text/plain", new byte[0]);
            });
            Job job = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("knmi"),
                    HarvesterTypes.KNMI_DAILY, server.url("/slow.txt"), Map.of()));
            assertEquals(Job.FAILED, job.status);
            assertTrue(job.message.contains("timed out"), job.message);
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE source_run = ?", job.id));
        }
    }

    @Test
    void twoRunsOfOneHarvesterDoNotOverlap() throws Exception {
        String id = HarvestTesting.uniqueId("knmi");
        try (var lock = TestDatabase.connect()) {
            // another instance holds the harvester's lock
            try (var ps = lock.prepareStatement("SELECT pg_advisory_lock(hashtext('tweeling.harvest'), hashtext(?))")) {
                ps.setString(1, id);
                ps.execute();
            }
            assertTrue(runner.runNow(HarvestTesting.definition(id, HarvesterTypes.KNMI_DAILY, "http://127.0.0.1:9/x", Map.of()), "test").isEmpty());
            // released explicitly: a closed connection's backend releases its locks only once it has exited
            try (var ps = lock.prepareStatement("SELECT pg_advisory_unlock(hashtext('tweeling.harvest'), hashtext(?))")) {
                ps.setString(1, id);
                ps.execute();
            }
        }
        UUID job = runner.runNow(HarvestTesting.definition(id, HarvesterTypes.KNMI_DAILY, "http://127.0.0.1:9/x", Map.of()), "test").orElseThrow();
        assertEquals(Job.FAILED, jobs.find(job).orElseThrow().status);
    }
}
