package nl.tweeling.harvest.ogc;

import static nl.tweeling.harvest.HarvestTesting.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.harvest.FeedServer;
import nl.tweeling.harvest.HarvestRunner;
import nl.tweeling.harvest.HarvestTesting;
import nl.tweeling.harvest.HarvesterDefinition;
import nl.tweeling.harvest.HarvesterTypes;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;
import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** The OGC API - Features harvester against Tweeling's own API and against paged real GeoJSON. */
@QuarkusTest
class FeaturesHarvestTest {

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    @Inject
    LayerRegistry layers;

    static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh, empty layer shaped like {@code like} (its own table, registered), so tests never touch the sample. */
    String newLayer(String like) {
        String id = "harvest_" + like + "_" + HarvestTesting.uniqueId("t").substring(2).replace("-", "");
        TestDatabase.update("CREATE TABLE tweeling." + id + " (LIKE tweeling." + like + " INCLUDING ALL)");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source)"
                + " SELECT ?, 'Harvest test ' || ?, ?, geometry_type, 'test' FROM tweeling.layer WHERE id = ?", id, id, id, like);
        layers.invalidate();
        return id;
    }

    static long current(String table) {
        return TestDatabase.count("SELECT count(*) FROM tweeling." + table + " WHERE valid_to IS NULL");
    }

    @Test
    void tweelingsOwnApiAsTheSourceInPagesOfFive() {
        String layer = newLayer("wijken");
        HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("oapif-self"), HarvesterTypes.OGCAPI_FEATURES,
                "http://127.0.0.2:" + RestAssured.port,
                Map.of("collection", "wijken", "layer", layer, "limit", 5, "properties", Map.of("code", "code", "name", "name")));
        Job first = HarvestTesting.run(runner, jobs, h);
        assertEquals(Job.SUCCESSFUL, first.status, first.message);
        long wijken = current("wijken");
        assertEquals(wijken, number(first, "inserted"));
        assertEquals((wijken + 4) / 5, number(first, "pages"));
        assertEquals(wijken, current(layer));
        // the same districts, code for code, name for name, geometry for geometry (asked for in EPSG:28992)
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.wijken w LEFT JOIN tweeling." + layer + " h"
                + " ON h.feature_id = w.feature_id AND h.valid_to IS NULL AND h.code = w.code AND h.name = w.name"
                + " AND ST_HausdorffDistance(h.geom, w.geom) < 0.01 WHERE w.valid_to IS NULL AND h.fid IS NULL"));
        assertEquals(wijken, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE source = ? AND source_run = ?",
                h.source(), first.id));

        Job second = HarvestTesting.run(runner, jobs, h);
        assertEquals(Job.SUCCESSFUL, second.status, second.message);
        assertEquals(0, number(second, "inserted"));
        assertEquals(0, number(second, "updated"));
        assertEquals(wijken, number(second, "unchanged"));
        assertEquals(wijken, TestDatabase.count("SELECT count(*) FROM tweeling." + layer));
    }

    /** Serves a FeatureCollection in pages of {@code size}, with relative next links, in CRS84 (no Content-Crs). */
    static void servePaged(FeedServer server, String path, JsonNode collection, int size) {
        server.route(path, x -> {
            String q = x.getRequestURI().getRawQuery();
            int start = 0;
            if (q != null && q.contains("start=")) {
                start = Integer.parseInt(q.replaceAll(".*start=(\\d+).*", "$1"));
            }
            ArrayNode all = (ArrayNode) collection.get("features");
            ObjectNode page = JSON.createObjectNode();
            page.put("type", "FeatureCollection");
            ArrayNode features = page.putArray("features");
            for (int i = start; i < Math.min(all.size(), start + size); i++) {
                features.add(all.get(i));
            }
            ArrayNode links = page.putArray("links");
            if (start + size < all.size()) {
                links.addObject().put("rel", "next").put("type", "application/geo+json").put("href", "items?start=" + (start + size));
            }
            return FeedServer.Answer.json(page.toString());
        });
    }

    @Test
    void realCbsBuurtenInPagesWithHistoryOnEdit() throws Exception {
        JsonNode buurten = JSON.readTree(Files.readString(RealData.file("boundaries/cbs_buurten_2014_zwolle.geojson")));
        String layer = newLayer("buurten");
        try (FeedServer server = new FeedServer()) {
            servePaged(server, "/pdok/collections/buurten/items", buurten, 20);
            HarvesterDefinition h = HarvestTesting.definition(HarvestTesting.uniqueId("oapif-cbs"), HarvesterTypes.OGCAPI_FEATURES,
                    server.url("/pdok"), Map.of("collection", "buurten", "layer", layer, "idProperty", "STATCODE",
                            "properties", Map.of("code", "BU_2014", "cbs_code", "STATCODE", "name", "BU_NAAM", "wijk_code", "WK_2014")));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(78, number(first, "inserted"));
            assertEquals(4, number(first, "pages"));
            assertEquals(true, first.results.get("transformedFromCrs84"));
            assertEquals(4, server.hits("/pdok/collections/buurten/items"));
            // Binnenstad-Zuid lies in the centre of Zwolle: RD about (203 km, 502 km)
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'BU01931000'"
                    + " AND name = 'Binnenstad-Zuid' AND code = '01931000' AND wijk_code = 'WK019310'"
                    + " AND ST_X(ST_Centroid(geom)) BETWEEN 202000 AND 205000 AND ST_Y(ST_Centroid(geom)) BETWEEN 501000 AND 504000"));

            // an edited source: one buurt renamed, one gone
            ObjectNode edited = buurten.deepCopy();
            ArrayNode features = (ArrayNode) edited.get("features");
            ((ObjectNode) features.get(0).get("properties")).put("BU_NAAM", "Binnenstad-Zuid (nieuw)");
            String gone = features.get(77).get("properties").get("STATCODE").asText();
            features.remove(77);
            servePaged(server, "/pdok/collections/buurten/items", edited, 20);
            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, second.status, second.message);
            assertEquals(0, number(second, "inserted"));
            assertEquals(1, number(second, "updated"));
            assertEquals(1, number(second, "ended"));
            assertEquals(76, number(second, "unchanged"));
            assertEquals(2L, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = 'BU01931000'"));
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE feature_id = ? AND valid_to IS NOT NULL", gone));
            assertEquals(77, current(layer));

            // a page that fails half-way leaves the layer exactly as it was
            server.route("/pdok/collections/buurten/items", failingAt40(buurten));
            long rows = TestDatabase.count("SELECT count(*) FROM tweeling." + layer);
            Job broken = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.FAILED, broken.status);
            assertTrue(broken.message.contains("HTTP 503"), broken.message);
            assertEquals(rows, TestDatabase.count("SELECT count(*) FROM tweeling." + layer));
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling." + layer + " WHERE source_run = ?", broken.id));
        }
    }

    static java.util.function.Function<com.sun.net.httpserver.HttpExchange, FeedServer.Answer> failingAt40(JsonNode collection) {
        return x -> {
            String q = x.getRequestURI().getRawQuery();
            if (q != null && q.contains("start=40")) {
                return new FeedServer.Answer(503, "text/plain", "busy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            int start = q != null && q.contains("start=") ? Integer.parseInt(q.replaceAll(".*start=(\\d+).*", "$1")) : 0;
            ArrayNode all = (ArrayNode) collection.get("features");
            ObjectNode page = JSON.createObjectNode();
            page.put("type", "FeatureCollection");
            ArrayNode features = page.putArray("features");
            for (int i = start; i < Math.min(all.size(), start + 20); i++) {
                features.add(all.get(i));
            }
            page.putArray("links").addObject().put("rel", "next").put("href", "items?start=" + (start + 20));
            return FeedServer.Answer.json(page.toString());
        };
    }
}
