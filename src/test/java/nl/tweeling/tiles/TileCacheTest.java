package nl.tweeling.tiles;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import nl.tweeling.ingest.kafka.KafkaSettings;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.support.TestDatabase;

/**
 * The tile cache against the running app: an import makes the tile over the changed feature fresh at once while a
 * far tile of the layer stays cached; a change event from another instance (a raw Kafka producer) evicts; an
 * ingested observation refreshes the sensors tile over its thing; a tile made for a planner is never served to
 * an anonymous caller.
 */
@QuarkusTest
class TileCacheTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @Inject
    TileInvalidation invalidation;

    @Inject
    KafkaSettings kafka;

    @Inject
    TweelingConfig config;

    @TempDir
    Path tmp;

    static String geojson(String nearLabel) {
        return "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":\"near\",\"properties\":{\"label\":\"" + nearLabel + "\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.0985,52.5105]}},"
                + "{\"type\":\"Feature\",\"id\":\"far\",\"properties\":{\"label\":\"Ver weg\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.1700,52.5500]}}]}";
    }

    void importLayer(String layer, String body, String mode) throws Exception {
        Path f = tmp.resolve(layer + "-" + UUID.randomUUID() + ".geojson");
        Files.writeString(f, body);
        var request = given().header("X-API-Key", ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer);
        if (mode != null) {
            request = request.multiPart("mode", mode);
        }
        String job = request.post("/imports").then().statusCode(201).extract().path("jobID");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
            String s = given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        assertEquals("successful", given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().extract()
                .path("status"));
    }

    static String path(String layer, long[] rc) {
        return "/collections/" + layer + "/tiles/WebMercatorQuad/15/" + rc[0] + "/" + rc[1];
    }

    static List<String> labels(byte[] tile, long[] rc) throws Exception {
        return Mvt.decode(tile, TileMatrixSet.WEB_MERCATOR_QUAD, 15, rc[0], rc[1]).stream().map(f -> f.get("label"))
                .toList();
    }

    @Test
    void anImportRefreshesTheTileOverTheChangeAndKeepsFarTilesCached() throws Exception {
        TileCache cache = invalidation.cache();
        String layer = "tcache-" + UUID.randomUUID().toString().substring(0, 8);
        importLayer(layer, geojson("Sassenpoort"), null);
        long[] near = Mvt.webMercatorTile(6.0985, 52.5105, 15);
        long[] far = Mvt.webMercatorTile(6.1700, 52.5500, 15);

        Response first = given().get(path(layer, near)).then().statusCode(200).extract().response();
        String etag = first.header("ETag");
        assertEquals(List.of("Sassenpoort"), labels(first.asByteArray(), near));
        String farEtag = given().get(path(layer, far)).then().statusCode(200).extract().header("ETag");
        long hits = cache.hits();
        assertEquals(etag, given().get(path(layer, near)).then().statusCode(200).extract().header("ETag"));
        assertEquals(hits + 1, cache.hits(), "the second request is served from the cache");

        importLayer(layer, geojson("Nieuwe Poort"), "replace");
        Response after = given().get(path(layer, near)).then().statusCode(200).extract().response();
        assertNotEquals(etag, after.header("ETag"), "the tile over the changed feature is made again at once");
        assertEquals(List.of("Nieuwe Poort"), labels(after.asByteArray(), near));
        hits = cache.hits();
        assertEquals(farEtag, given().get(path(layer, far)).then().statusCode(200).extract().header("ETag"));
        assertEquals(hits + 1, cache.hits(), "the far tile, which the change does not touch, stayed cached");
        // a conditional request for the old tag now gets the new tile
        given().header("If-None-Match", etag).get(path(layer, near)).then().statusCode(200);
        // and the other instances are told: the change, with boxes, on the topic they read
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> published(layer).stream()
                .anyMatch(v -> v.contains("\"boxes\"")));
    }

    /** The values of the change events about {@code layer} on the tile cache's topic, from its start. */
    List<String> published(String layer) {
        java.util.List<String> found = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(kafka.reader())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(config.tiles().cache().topic()).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && layer.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void aChangeEventFromAnotherInstanceEvicts() throws Exception {
        assertTrue(invalidation.listening(Duration.ofSeconds(60)), "the change topic is read");
        TileCache cache = invalidation.cache();
        String layer = "tcache-" + UUID.randomUUID().toString().substring(0, 8);
        importLayer(layer, geojson("Sassenpoort"), null);
        long[] far = Mvt.webMercatorTile(6.1700, 52.5500, 15);
        given().get(path(layer, far)).then().statusCode(200);
        long hits = cache.hits();
        given().get(path(layer, far)).then().statusCode(200);
        assertEquals(hits + 1, cache.hits(), "cached");

        // what another instance sends after changing the far feature: a box around it in EPSG:28992
        Object[] rd = TestDatabase.row("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(6.17, 52.55),"
                + " 4326), 28992) AS g");
        double x = ((Number) rd[0]).doubleValue();
        double y = ((Number) rd[1]).doubleValue();
        String event = "{\"layer\":\"" + layer + "\",\"boxes\":[[" + (x - 1) + "," + (y - 1) + "," + (x + 1) + ","
                + (y + 1) + "]]}";
        long invalidated = cache.invalidated();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.tiles().cache().topic(), layer,
                    event.getBytes(StandardCharsets.UTF_8));
            r.headers().add("origin", "another-instance".getBytes(StandardCharsets.UTF_8));
            p.send(r).get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cache.invalidated() > invalidated);
        long misses = cache.misses();
        given().get(path(layer, far)).then().statusCode(200);
        assertEquals(misses + 1, cache.misses(), "evicted by the event: made again");
    }

    @Test
    void anIngestedObservationRefreshesTheSensorsTileOverIt() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        String key = TestDatabase.newApiKey("ingest");
        long[] rc = Mvt.rdTile(203000, 503000, 12);
        String tile = "/collections/sensors/tiles/NetherlandsRDNewQuad/12/" + rc[0] + "/" + rc[1];
        post(key, ds, "2026-05-01T10:00:00Z", 1.5);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "1.5".equals(latest(tile, rc, ds)));
        String etag = given().get(tile).then().statusCode(200).extract().header("ETag");
        long hits = invalidation.cache().hits();
        given().get(tile).then().statusCode(200).header("ETag", etag);
        assertEquals(hits + 1, invalidation.cache().hits(), "cached");

        post(key, ds, "2026-05-01T11:00:00Z", 42.25);
        // the change reaches the cache through the committed-observation feed (Kafka): wait for it, no timing asserted
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "42.25".equals(latest(tile, rc, ds)));
    }

    static void post(String apiKey, String ds, String time, double result) {
        given().header("X-API-Key", apiKey).contentType("application/json")
                .body("[{\"datastream\":\"" + ds + "\",\"phenomenonTime\":\"" + time + "\",\"result\":" + result + "}]")
                .post("/ingest/observations").then().statusCode(202);
    }

    static String latest(String tile, long[] rc, String ds) throws Exception {
        Response r = given().get(tile).then().extract().response();
        if (r.statusCode() != 200) {
            return null;
        }
        return Mvt.decode(r.asByteArray(), TileMatrixSet.NETHERLANDS_RD_NEW_QUAD, 12, rc[0], rc[1]).stream()
                .filter(f -> ds.equals(f.get("feature_id"))).findFirst().map(f -> f.get("latest_result")).orElse(null);
    }

    @Test
    void aTileMadeForAPlannerIsNotServedToAnonymousCallers() throws Exception {
        Object[] a = TestDatabase.row("SELECT feature_id, ST_X(g), ST_Y(g) FROM (SELECT feature_id,"
                + " ST_Transform(geom, 4326) AS g FROM tweeling.addresses WHERE valid_to IS NULL ORDER BY fid DESC LIMIT 1) AS t");
        long[] rc = Mvt.webMercatorTile(((Number) a[1]).doubleValue(), ((Number) a[2]).doubleValue(), 17);
        String path = "/collections/addresses/tiles/WebMercatorQuad/17/" + rc[0] + "/" + rc[1];
        String planner = TestDatabase.newApiKey("planner");
        byte[] asPlanner = given().header("X-API-Key", planner).get(path).then().statusCode(200).extract().asByteArray();
        Mvt.Feature seen = Mvt.decode(asPlanner, TileMatrixSet.WEB_MERCATOR_QUAD, 17, rc[0], rc[1]).stream()
                .filter(f -> a[0].equals(f.get("feature_id"))).findFirst().orElseThrow();
        assertNotNull(seen.get("residents"), seen.toString());
        byte[] anonymous = given().get(path).then().statusCode(200).extract().asByteArray();
        List<Mvt.Feature> features = Mvt.decode(anonymous, TileMatrixSet.WEB_MERCATOR_QUAD, 17, rc[0], rc[1]);
        Mvt.Feature f = features.stream().filter(x -> a[0].equals(x.get("feature_id"))).findFirst().orElseThrow();
        assertNull(f.get("residents"), f.toString());
        assertNotNull(f.get("street"), f.toString());
    }
}
