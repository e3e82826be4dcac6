package nl.tweeling.harvest;

import static nl.tweeling.harvest.HarvestTesting.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

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

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL port;

    static double value(String datastream, String instant) {
        Object v = TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d ON d.id = o.datastream_id"
                + " WHERE d.key = ? AND o.phenomenon_time = ?", datastream, Timestamp.from(Instant.parse(instant)));
        return ((Number) v).doubleValue();
    }

    @Test
    void rijkswaterstaatKaterveer() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/waterinfo/katv.json", "application/json", file);
                nl.tweeling.push.SseClient stream = nl.tweeling.push.SseClient.open(port.getPort(),
                        "/observations/stream?observedProperty=water_level")) {
            assertEquals(200, stream.status());
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("rws-katv"), HarvesterTypes.RWS_WATERINFO,
                    server.url("/waterinfo/katv.json"), Map.of("location", "katv", "lon", 6.0606, "lat", 52.5338));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(287, number(first, "inserted"));
            // what a harvest stores reaches live streams, as what comes in through Kafka does
            java.util.Set<String> heard = new java.util.HashSet<>();
            long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (heard.size() < 287 && System.nanoTime() < until) {
                nl.tweeling.push.SseClient.Event e = stream.next(java.time.Duration.ofSeconds(5));
                if (e != null && e.data().contains("\"datastream\":\"rws-katv-water-level\"")) {
                    heard.add(e.data().replaceAll(".*\"phenomenonTime\":\"([^\"]+)\".*", "$1"));
                }
            }
            assertEquals(287, heard.size(), "the stream heard every harvested observation");
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

    /** The one site of the real site table excerpt; its record has no measurementSiteLocation. */
    static final String NDW_TABLE_SITE = "PZH01_MST_0629_00";
    static final String NDW_OTHER_SITE = "PZH01_MST_0065_00";

    static Object thingGeom(String key) {
        return TestDatabase.scalar("SELECT ST_AsText(geom) FROM tweeling.thing WHERE key = ?", key);
    }

    @Test
    void ndwSiteTableGivesTheSitesTheirLocation() throws Exception {
        byte[] gz = Files.readAllBytes(RealData.file("traffic/ndw_trafficspeed_20250815T2149.xml.gz"));
        String table = Files.readString(RealData.file("traffic/ndw_measurementsitetable_sample.xml"));
        // the real excerpt has no coordinates: a made-up point (near the N457) is added to its record, served gzipped
        String located = table.replace("</measurementSiteRecord>", "<measurementSiteLocation xsi:type=\"Point\">"
                + "<pointByCoordinates><pointCoordinates><latitude>52.012345</latitude><longitude>4.654321</longitude>"
                + "</pointCoordinates></pointByCoordinates></measurementSiteLocation></measurementSiteRecord>");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
            out.write(located.getBytes(StandardCharsets.UTF_8));
        }
        try (FeedServer server = new FeedServer().serve("/ndw/trafficspeed.xml.gz", "application/gzip", gz)
                .serve("/ndw/sites.xml", "text/xml", table.getBytes(StandardCharsets.UTF_8))
                .serve("/ndw/sites-located.xml.gz", "application/gzip", packed.toByteArray())) {
            List<String> sites = List.of(NDW_TABLE_SITE, NDW_OTHER_SITE);
            HarvesterDefinition plain = HarvestTesting.definition(HarvestTesting.uniqueId("ndw-sites"), HarvesterTypes.NDW_TRAFFICSPEED,
                    server.url("/ndw/trafficspeed.xml.gz"), Map.of("sites", sites, "siteTable", server.url("/ndw/sites.xml")));
            Job first = HarvestTesting.run(runner, jobs, plain);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(1, server.hits("/ndw/sites.xml"));
            assertNull(thingGeom("ndw-" + NDW_TABLE_SITE));
            assertNull(thingGeom("ndw-" + NDW_OTHER_SITE));

            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("ndw-sites"), HarvesterTypes.NDW_TRAFFICSPEED,
                    server.url("/ndw/trafficspeed.xml.gz"), Map.of("sites", sites, "siteTable", server.url("/ndw/sites-located.xml.gz")));
            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, second.status, second.message);
            assertEquals(0.0, value("ndw-" + NDW_TABLE_SITE + "-1", "2025-08-15T21:48:00Z"));
            // stored in EPSG:28992 like every thing: back in WGS84 within 1e-7 degrees (about 1 cm)
            assertEquals(4.654321, ((Number) TestDatabase.scalar("SELECT ST_X(ST_Transform(geom, 4326)) FROM tweeling.thing"
                    + " WHERE key = ?", "ndw-" + NDW_TABLE_SITE)).doubleValue(), 1e-7);
            assertEquals(52.012345, ((Number) TestDatabase.scalar("SELECT ST_Y(ST_Transform(geom, 4326)) FROM tweeling.thing"
                    + " WHERE key = ?", "ndw-" + NDW_TABLE_SITE)).doubleValue(), 1e-7);
            // its 4 flow datastreams (its 4 speeds are all -1) are at the same point; the other site is not in the table
            assertEquals(4L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream d JOIN tweeling.thing t ON t.id = d.thing_id"
                    + " WHERE t.key = ? AND ST_Equals(d.geom, t.geom)"
                    + " AND ST_Equals(d.geom, ST_Transform(ST_SetSRID(ST_MakePoint(4.654321, 52.012345), 4326), 28992))",
                    "ndw-" + NDW_TABLE_SITE));
            assertNull(thingGeom("ndw-" + NDW_OTHER_SITE));
            // 6 flows and 2 speeds with a value, none with a location
            assertEquals(8L, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE key LIKE ? AND geom IS NULL",
                    "ndw-" + NDW_OTHER_SITE + "-%"));
        }
    }

    @Test
    void ndwBrokenSiteTableFailsTheRunAndWritesNothing() throws Exception {
        byte[] gz = Files.readAllBytes(RealData.file("traffic/ndw_trafficspeed_20250815T2149.xml.gz"));
        byte[] table = Files.readAllBytes(RealData.file("traffic/ndw_measurementsitetable_sample.xml"));
        try (FeedServer server = new FeedServer().serve("/ndw/trafficspeed.xml.gz", "application/gzip", gz)
                .serve("/ndw/sites.xml", "text/xml", Arrays.copyOf(table, table.length / 2))) {
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("ndw-broken"), HarvesterTypes.NDW_TRAFFICSPEED,
                    server.url("/ndw/trafficspeed.xml.gz"), Map.of("sites", List.of(NDW_TABLE_SITE, NDW_OTHER_SITE),
                            "siteTable", server.url("/ndw/sites.xml")));
            Job run = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.FAILED, run.status);
            assertTrue(run.message.startsWith("site table " + server.url("/ndw/sites.xml") + " is malformed: XML error"), run.message);
            for (String written : List.of("thing", "datastream", "observation")) {
                assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling." + written + " WHERE source = ? OR source_run = ?",
                        h.source(), run.id), written);
            }
        }
    }
}
