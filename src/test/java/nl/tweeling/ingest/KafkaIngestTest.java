package nl.tweeling.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/** Observations produced to the real broker reach PostGIS and the API; poison does not stop the stream. */
@QuarkusTest
class KafkaIngestTest {

    static final String TOPIC = "tweeling.observations";

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "acks", "all",
                "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class));
    }

    @Test
    void producedObservationsAreReadableThroughTheApi() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        try (KafkaProducer<String, String> p = producer()) {
            for (int i = 0; i < 10; i++) {
                String json = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-01T0" + i
                        + ":00:00Z\",\"result\":" + (20 + i) + "}";
                p.send(new ProducerRecord<>(TOPIC, key, json)).get(10, TimeUnit.SECONDS);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(10))
                .body("observations[9].result", equalTo(29.0f)));
        Number latest = given().get("/datastreams/" + key).then().statusCode(200)
                .extract().jsonPath().get("latest.result");
        assertEquals(29.0, latest.doubleValue());
    }

    @Test
    void duplicatesChangeNothingAndCorrectionsWin() throws Exception {
        String key = TestDatabase.newDatastream("PM10");
        long id = TestDatabase.datastreamId(key);
        String first = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-02T10:00:00Z\",\"result\":11}";
        String corrected = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-02T10:00:00Z\",\"result\":12}";
        String marker = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-02T11:00:00Z\",\"result\":1}";
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(TOPIC, key, first)).get(10, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(TOPIC, key, first)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 1);
            assertEquals(0, ((Number) TestDatabase.scalar(
                    "SELECT corrections FROM tweeling.observation WHERE datastream_id = ?", id)).intValue(),
                    "a duplicate is not a correction");
            p.send(new ProducerRecord<>(TOPIC, key, corrected)).get(10, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(TOPIC, key, marker)).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 2);
        assertEquals(12.0, ((Number) TestDatabase.scalar(
                "SELECT result FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time = '2026-03-02T10:00:00Z'", id)).doubleValue());
        assertEquals(1, ((Number) TestDatabase.scalar(
                "SELECT corrections FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time = '2026-03-02T10:00:00Z'", id)).intValue());
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextGoodMessageStillArrives() throws Exception {
        String key = TestDatabase.newDatastream("noise_level");
        String poisonMarker = "poison-" + UUID.randomUUID();
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\": \"" + key + "\", this is not json " + poisonMarker))
                    .get(10, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key
                    + "\",\"phenomenonTime\":\"2026-03-03T10:00:00Z\",\"result\":999999,\"note\":\"" + poisonMarker + "\"}"))
                    .get(10, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key
                    + "\",\"phenomenonTime\":\"2026-03-03T11:00:00Z\",\"result\":55.5}")).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(1))
                .body("observations[0].result", equalTo(55.5f)));

        List<String> reasons = deadLetterReasons(poisonMarker, 2);
        assertEquals(2, reasons.size(), "both poison messages are dead letters: " + reasons);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("malformed JSON")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("plausible range")), reasons.toString());
    }

    @Test
    void senmlPackMessagesBecomeSeveralObservations() throws Exception {
        String key = TestDatabase.newDatastream("noise_level");
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(TOPIC, key, "[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"v\":51},"
                    + "{\"t\":3600,\"v\":48},{\"t\":7200,\"v\":45}]")).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(3)));
    }

    @Test
    void dataTheDatabaseCannotHoldIsDeadLetteredAndTheRestOfTheBatchLands() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        String marker = "refused-" + UUID.randomUUID();
        try (KafkaProducer<String, String> p = producer()) {
            // a NUL character passes JSON parsing but PostgreSQL text cannot hold it: validation refuses it
            // before the database sees it (over HTTP that is a 400)
            p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-04T10:00:00Z\","
                    + "\"result\":1,\"resultQuality\":\"bad\\u0000" + marker + "\"}"));
            for (int i = 11; i < 15; i++) {
                p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-04T" + i
                        + ":00:00Z\",\"result\":" + i + "}"));
            }
            p.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(4)));
        List<String> reasons = deadLetterReasons(marker, 1);
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("resultQuality contains a NUL character"), reasons.toString());
    }

    @Test
    void deadLettersReplayAfterTheFix() throws Exception {
        String key = "later-" + UUID.randomUUID();
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key
                    + "\",\"phenomenonTime\":\"2026-03-05T10:00:00Z\",\"result\":7}")).get(10, TimeUnit.SECONDS);
        }
        assertTrue(deadLetterReasons(key, 1).get(0).contains("unknown datastream"));
        // the fix: the datastream is registered; then the admin replays the dead letters
        TestDatabase.update("INSERT INTO tweeling.thing (key, name, source) VALUES (?, 'Late thing', 'test')", key);
        TestDatabase.update("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                + " SELECT ?, id, 'NO2', 'Late', 'test' FROM tweeling.thing WHERE key = ?", key, key);
        given().header("X-API-Key", TestDatabase.newApiKey("ingest")).post("/admin/dead-letters/replay").then().statusCode(403);
        given().header("X-API-Key", TestDatabase.newApiKey("admin")).post("/admin/dead-letters/replay").then().statusCode(200)
                .body("replayed", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/datastreams/" + key + "/observations").then().statusCode(200)
                .body("numberReturned", equalTo(1)));
    }

    /**
     * The consumer reads keys and values as views of the fetched bytes: a compressed batch (decompressed by
     * the client) arrives whole and exact, and a dead letter in the middle of it carries the message's own
     * key and bytes.
     */
    @Test
    void compressedBatchesArriveWholeAndDeadLettersKeepTheirBytes() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        long id = TestDatabase.datastreamId(key);
        String poison = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-03-06T00:00:00Z\",\"result\":-1e9,\"note\":\"poison-"
                + UUID.randomUUID() + "\"}";
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "acks", "all", "compression.type", "gzip", "linger.ms", 50,
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class));
        try (KafkaProducer<String, String> p = new KafkaProducer<>(settings)) {
            for (int i = 0; i < 3000; i++) {
                if (i == 1500) {
                    p.send(new ProducerRecord<>(TOPIC, key, poison));
                }
                p.send(new ProducerRecord<>(TOPIC, key, "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\""
                        + java.time.Instant.parse("2026-03-06T01:00:00Z").plusSeconds(i) + "\",\"result\":" + (i % 100) / 4.0 + "}"));
            }
            p.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 3000);
        assertEquals(30 * 4950 / 4, TestDatabase.count("SELECT sum(result)::bigint FROM tweeling.observation WHERE datastream_id = ?", id));
        try (KafkaConsumer<String, String> c = dlqConsumer()) {
            ConsumerRecord<String, String> found = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (poison.equals(r.value())) {
                        found = r;
                    }
                }
            }
            assertTrue(found != null, "the poison message is a dead letter with its exact bytes");
            assertEquals(key, found.key());
            assertTrue(new String(found.headers().lastHeader("tweeling.reason").value(), StandardCharsets.UTF_8)
                    .contains("plausible range"));
        }
    }

    /** A consumer of its own group, reading the DLQ from its start. */
    static KafkaConsumer<String, String> dlqConsumer() {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "group.id", "test-dlq-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class,
                "value.deserializer", StringDeserializer.class));
        c.subscribe(List.of(TOPIC + ".dlq"));
        return c;
    }

    /** Reasons of the dead letters whose value contains {@code marker}, read from the start of the DLQ. */
    static List<String> deadLetterReasons(String marker, int expected) {
        try (KafkaConsumer<String, String> c = dlqConsumer()) {
            List<String> reasons = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().contains(marker) && reasons.size() < expected) {
                        assertEquals(TOPIC, new String(r.headers().lastHeader("tweeling.source.topic").value(), StandardCharsets.UTF_8));
                        new String(r.headers().lastHeader("tweeling.source.offset").value(), StandardCharsets.UTF_8);
                        reasons.add(new String(r.headers().lastHeader("tweeling.reason").value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return reasons;
        }
    }
}
