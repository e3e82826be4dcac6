package nl.tweeling.harvest;

import static nl.tweeling.harvest.HarvestTesting.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;
import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** Each file reader through a harvest run over HTTP, serving the real file. */
@QuarkusTest
class FeedHarvestTest {

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    static double value(String datastream, String instant) {
        Object v = TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d ON d.id = o.datastream_id"
                + " WHERE d.key = ? AND o.phenomenon_time = ?", datastream, Timestamp.from(Instant.parse(instant)));
        return ((Number) v).doubleValue();
    }

    @Test
    void rijkswaterstaatKaterveer() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/waterinfo/katv.json", "application/json", file)) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("rws-katv"), HarvesterTypes.RWS_WATERINFO,
                    server.url("/waterinfo/katv.json"), Map.of("location", "katv", "lon", 6.0606, "lat", 52.5338));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(287, number(first, "inserted"));
            assertEquals(78.0, value("rws-katv-water-level", "2024-11-22T16:10:00Z"));
            assertEquals(101.0, value("rws-katv-water-level", "2024-11-24T15:50:00Z"));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE key = 'rws-katv-water-level-forecast'"));
            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(0, number(second, "inserted"));
            assertEquals(287, number(second, "unchanged"));
        }
    }

    @Test
    void rivmLmlBothExports() throws Exception {
        byte[] metingen = Files.readAllBytes(RealData.file("airquality/rivm_lml_measurements_2014070708.xml"));
        byte[] rowset = Files.readAllBytes(RealData.file("airquality/rivm_lml_rowset_2014070708_NO2.xml"));
        try (FeedServer server = new FeedServer().serve("/lml/2014070708.xml", "text/xml", metingen)
                .serve("/lml/2014070708-NO2.xml", "text/xml", rowset)) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("rivm-lml"), HarvesterTypes.RIVM_LML,
                    server.url("/lml/2014070708.xml"), Map.of());
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(260, number(first, "inserted"));
            assertEquals(60.0, value("rivm-nl01483-no2", "2014-07-07T05:00:00Z"));
            assertEquals(0, number(HarvestTesting.run(runner, jobs, h), "inserted"));

            // the ROWSET export of the same hour has NO2 with decimals: corrections of the same observations
            HarvesterDefinition r = HarvestTesting.definition(HarvestTesting.uniqueId("rivm-lml-no2"), HarvesterTypes.RIVM_LML,
                    server.url("/lml/2014070708-NO2.xml"), Map.of("component", "NO2"));
            Job rows = HarvestTesting.run(runner, jobs, r);
            assertEquals(Job.SUCCESSFUL, rows.status, rows.message);
            assertEquals(72, number(rows, "inserted") + number(rows, "corrected") + number(rows, "unchanged"));
            assertEquals(3, number(rows, "missing"));
            assertEquals(0, number(rows, "rejected"));
            assertTrue(number(rows, "corrected") > 0, rows.results.toString());
            assertEquals(60.3, value("rivm-nl01483-no2", "2014-07-07T05:00:00Z"));
            assertEquals(r.source(), TestDatabase.scalar("SELECT o.source FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = 'rivm-nl01483-no2'"));
        }
    }

    @Test
    void ndwTrafficSpeedGzipForConfiguredSites() throws Exception {
        byte[] gz = Files.readAllBytes(RealData.file("traffic/ndw_trafficspeed_20250815T2149.xml.gz"));
        try (FeedServer server = new FeedServer().serve("/ndw/trafficspeed.xml.gz", "application/gzip", gz)) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("ndw-a28"), HarvesterTypes.NDW_TRAFFICSPEED,
                    server.url("/ndw/trafficspeed.xml.gz"),
                    Map.of("sites", List.of("RWS01_MONIBAS_0281hrl1085ra_1", "RWS01_MONIBAS_0281hrr1108ra")));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(23, number(first, "inserted"));
            assertEquals(7, number(first, "missing"));
            assertEquals(105.83, value("ndw-RWS01_MONIBAS_0281hrl1085ra_1-24", "2025-08-15T21:47:00Z"));
            assertEquals("traffic_speed", TestDatabase.scalar("SELECT observed_property FROM tweeling.datastream"
                    + " WHERE key = 'ndw-RWS01_MONIBAS_0281hrl1085ra_1-24'"));
            assertEquals(360.0, value("ndw-RWS01_MONIBAS_0281hrl1085ra_1-20", "2025-08-15T21:47:00Z"));
            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(0, number(second, "inserted"));
            assertEquals(23, number(second, "unchanged"));
        }
    }
}
