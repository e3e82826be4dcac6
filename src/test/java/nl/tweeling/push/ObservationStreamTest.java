package nl.tweeling.push;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import nl.tweeling.ingest.Observation;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.ingest.kafka.KafkaSettings;
import nl.tweeling.ingest.kafka.KafkaTopics;
import nl.tweeling.support.TestDatabase;

/** GET /observations/stream: committed observations as Server-Sent Events, filtered, resumable, never waited for. */
@QuarkusTest
class ObservationStreamTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObservationStream streams;

    @Inject
    CommittedFeed feed;

    @Inject
    KafkaSettings kafka;

    @Inject
    PushConfig config;

    @Inject
    ObservationRepository repository;

    @Inject
    CommittedPublisher publisher;

    @Inject
    KafkaTopics topics;

    @Inject
    ObjectMapper objectMapper;

    static String body(String key, String time, double result) {
        return "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + time + "\",\"result\":" + result + "}";
    }

    static void post(String apiKey, String... bodies) {
        given().header("X-API-Key", apiKey).contentType("application/json").body("[" + String.join(",", bodies) + "]")
                .post("/ingest/observations").then().statusCode(202);
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The next data event, parsed; fails when none comes in time. */
    static JsonNode next(SseClient c, Duration timeout) throws Exception {
        SseClient.Event e = c.next(timeout);
        assertNotNull(e, "no event within " + timeout);
        assertEquals("message", e.type(), "event " + e);
        return JSON.readTree(e.data());
    }

    @Test
    void aPostedObservationArrivesOnAnOpenStreamAndOtherDatastreamsDoNot() throws Exception {
        String mine = TestDatabase.newDatastream("NO2");
        String other = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        try (SseClient stream = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(mine))) {
            assertEquals(200, stream.status(), stream.body());
            assertTrue(stream.header("content-type").startsWith("text/event-stream"), stream.header("content-type"));
            post(apiKey, body(other, "2026-05-01T10:00:00Z", 7), body(mine, "2026-05-01T10:00:00Z", 41.5));
            JsonNode o = next(stream, Duration.ofSeconds(30));
            long received = System.currentTimeMillis();
            assertEquals(mine, o.get("datastream").asText());
            assertEquals(TestDatabase.datastreamId(mine), o.get("datastreamId").asLong());
            assertEquals("NO2", o.get("observedProperty").asText());
            assertEquals("2026-05-01T10:00:00Z", o.get("phenomenonTime").asText());
            assertEquals(41.5, o.get("result").asDouble());
            assertEquals(0, o.get("corrections").asInt());
            // the test thing stands at RD 203000,503000: about 6.10 E, 52.51 N
            assertEquals(6.10, o.get("x").asDouble(), 0.02);
            assertEquals(52.51, o.get("y").asDouble(), 0.02);
            assertEquals(TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ?"
                    + " AND phenomenon_time = '2026-05-01T10:00:00Z'", TestDatabase.datastreamId(mine)), o.get("id").asLong());
            // committed (ingested_at is the transaction's start, a little before its commit) to received
            long stored = TestDatabase.count("SELECT (extract(epoch FROM ingested_at) * 1000)::bigint FROM tweeling.observation"
                    + " WHERE id = ?", o.get("id").asLong());
            System.out.println("stream latency from the write's start: " + (received - stored) + " ms");
            assertTrue(received - stored < 2000, "delivered " + (received - stored) + " ms after the write began");
            assertNotNull(stream.lastId());
            // the other datastream's observation (committed in the same batch) was not sent
            assertNull(stream.next(Duration.ofSeconds(2)), "an event of another datastream arrived");

            // a duplicate is not pushed, a correction is (with its count)
            post(apiKey, body(mine, "2026-05-01T10:00:00Z", 41.5));
            post(apiKey, body(mine, "2026-05-01T10:00:00Z", 42.5));
            JsonNode corrected = next(stream, Duration.ofSeconds(30));
            assertEquals(42.5, corrected.get("result").asDouble());
            assertEquals(1, corrected.get("corrections").asInt());
            assertEquals(o.get("id").asLong(), corrected.get("id").asLong());
        }
    }

    /**
     * The change topic is at least once: a consumer that re-reads a batch it had already written (offsets not
     * committed after a crash, a rebalance or an unacknowledged publication) gets the same rows reported again
     * by the write and publishes them again. A stream still sends each value once, live and on a replay.
     */
    @Test
    void anObservationPublishedTwiceReachesAStreamOnce() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        long dsId = TestDatabase.datastreamId(ds);
        String apiKey = TestDatabase.newApiKey("ingest");
        long copiesBefore = feed.copies();
        String resumeFrom;
        try (SseClient live = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds))) {
            assertEquals(200, live.status(), live.body());
            post(apiKey, body(ds, "2026-05-05T09:00:00Z", 1));
            assertEquals(1.0, next(live, Duration.ofSeconds(30)).get("result").asDouble());
            resumeFrom = live.lastId();

            // the same observation posted twice (two requests, then twice in one)
            String t = "2026-05-05T10:00:00Z";
            post(apiKey, body(ds, t, 41.5));
            post(apiKey, body(ds, t, 41.5));
            post(apiKey, body(ds, t, 41.5), body(ds, t, 41.5));
            JsonNode first = next(live, Duration.ofSeconds(30));
            assertEquals(41.5, first.get("result").asDouble());
            assertEquals(0, first.get("corrections").asInt());
            long id = first.get("id").asLong();

            // the consumer's redelivery of the batch that stored it: the same message (source and offset)
            // written again reports the row again, and is published again
            String source = (String) TestDatabase.scalar("SELECT source FROM tweeling.observation WHERE id = ?", id);
            long offset = TestDatabase.count("SELECT source_offset FROM tweeling.observation WHERE id = ?", id);
            Observation again = new Observation(dsId, Instant.parse(t), 41.5, null, null, source, offset);
            List<ObservationRepository.Stored> stored = repository.write(List.of(again)).stored();
            assertEquals(1, stored.size(), "a redelivery reports its row again");
            assertEquals(id, stored.get(0).id());
            publisher.publish(stored);

            // then a correction (behind the copy in the topic, same datastream): it is the next event
            post(apiKey, body(ds, t, 42.5));
            JsonNode corrected = next(live, Duration.ofSeconds(30));
            assertEquals(id, corrected.get("id").asLong());
            assertEquals(1, corrected.get("corrections").asInt(), "an event came twice: " + corrected);
            assertEquals(42.5, corrected.get("result").asDouble());
            assertTrue(feed.copies() > copiesBefore, "the copy was on the topic and skipped");
        }
        // a stream resuming from before: the same, from the replay
        try (SseClient resumed = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds), resumeFrom, 0)) {
            assertEquals(200, resumed.status(), resumed.body());
            JsonNode a = next(resumed, Duration.ofSeconds(30));
            assertEquals(List.of(41.5, 0), List.of(a.get("result").asDouble(), a.get("corrections").asInt()));
            JsonNode b = next(resumed, Duration.ofSeconds(30));
            assertEquals(List.of(42.5, 1), List.of(b.get("result").asDouble(), b.get("corrections").asInt()),
                    "the replay sent the copy");
        }
    }

    /**
     * A feed that starts after a value was published reads the topic's recent messages first, so it takes a
     * later copy for one (an instance that restarts between a publication and its redelivery).
     */
    @Test
    void aFeedStartedLaterRecognisesACopyOfWhatCameBefore() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        long dsId = TestDatabase.datastreamId(ds);
        String apiKey = TestDatabase.newApiKey("ingest");
        String t = "2026-05-06T10:00:00Z";
        long id;
        try (SseClient live = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds))) {
            post(apiKey, body(ds, t, 7));
            id = next(live, Duration.ofSeconds(30)).get("id").asLong();
        }
        CommittedFeed fresh = new CommittedFeed();
        fresh.config = config;
        fresh.settings = kafka;
        fresh.topics = topics;
        fresh.json = objectMapper;
        List<CommittedObservation> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        fresh.start(null);
        try {
            assertNotNull(fresh.subscribe(new CommittedFeed.Listener() {
                @Override
                public void committed(CommittedObservation o, byte[] json, int partition, long offset, Position after) {
                    if (o.datastreamId() == dsId) {
                        heard.add(o);
                    }
                }

                @Override
                public void heartbeat(Position now) {
                }
            }, Duration.ofSeconds(30)));
            // the stored row's message again (a redelivery), then a new observation behind it
            String source = (String) TestDatabase.scalar("SELECT source FROM tweeling.observation WHERE id = ?", id);
            long offset = TestDatabase.count("SELECT source_offset FROM tweeling.observation WHERE id = ?", id);
            publisher.publish(repository.write(List.of(new Observation(dsId, Instant.parse(t), 7.0, null, null, source,
                    offset))).stored());
            post(apiKey, body(ds, "2026-05-06T11:00:00Z", 8));
            await().atMost(30, TimeUnit.SECONDS).until(() -> !heard.isEmpty());
            assertEquals(List.of(8.0), heard.stream().map(o -> Double.parseDouble(o.result())).toList(),
                    "the fresh feed passed on the copy");
            assertEquals(1, fresh.copies());
        } finally {
            fresh.stop(null);
        }
    }

    @Test
    void observedPropertyAndBboxFilter() throws Exception {
        String no2 = TestDatabase.newDatastream("NO2");
        String level = TestDatabase.newDatastream("water_level");
        String apiKey = TestDatabase.newApiKey("ingest");
        try (SseClient byProperty = SseClient.open(RestAssured.port, "/observations/stream?observedProperty=water_level&datastream="
                + q(no2 + "," + level));
                SseClient inBox = SseClient.open(RestAssured.port, "/observations/stream?bbox=6.0,52.4,6.2,52.6&datastream=" + q(no2));
                SseClient outOfBox = SseClient.open(RestAssured.port, "/observations/stream?bbox=4.0,51.0,4.5,51.5&datastream=" + q(no2))) {
            assertEquals(200, byProperty.status());
            assertEquals(200, inBox.status());
            assertEquals(200, outOfBox.status());
            post(apiKey, body(no2, "2026-05-02T10:00:00Z", 1), body(level, "2026-05-02T10:00:00Z", 2));
            assertEquals(level, next(byProperty, Duration.ofSeconds(30)).get("datastream").asText());
            assertEquals(no2, next(inBox, Duration.ofSeconds(30)).get("datastream").asText());
            assertNull(outOfBox.next(Duration.ofSeconds(2)), "an observation outside the bbox arrived");
            assertNull(byProperty.next(Duration.ofMillis(500)), "an observation of another property arrived");
        }
    }

    @Test
    void badParametersAre400ProblemsBeforeTheStream() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        for (String query : List.of("bbox=1,2,3", "bbox=6,52,5,53", "bbox=a,b,c,d", "datastream=no-such-" + ds,
                "datastream=", "limit=10")) {
            try (SseClient c = SseClient.open(RestAssured.port, "/observations/stream?" + query)) {
                assertEquals(400, c.status(), query);
                assertTrue(c.header("content-type").startsWith("application/problem+json"), query);
                JsonNode p = JSON.readTree(c.body());
                assertEquals(400, p.get("status").asInt());
                assertTrue(p.hasNonNull("detail"), c.body());
            }
        }
        for (String id : List.of("garbage", "1.2", "-1." + "0".repeat(3))) {
            try (SseClient c = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds), id, 0)) {
                assertEquals(400, c.status(), id);
                assertEquals("Last-Event-ID", JSON.readTree(c.body()).get("parameter").asText());
            }
        }
    }

    @Test
    void lastEventIdResumesWithWhatWasPublishedWhileDisconnected() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        String apiKey = TestDatabase.newApiKey("ingest");
        String resumeFrom;
        try (SseClient first = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds));
                SseClient watcher = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds))) {
            post(apiKey, body(ds, "2026-05-03T10:00:00Z", 1));
            assertEquals(1.0, next(first, Duration.ofSeconds(30)).get("result").asDouble());
            assertEquals(1.0, next(watcher, Duration.ofSeconds(30)).get("result").asDouble());
            resumeFrom = first.lastId();
            first.close();
            // while the first is away: three more, in two batches (the watcher shows they were published)
            post(apiKey, body(ds, "2026-05-03T10:10:00Z", 2), body(ds, "2026-05-03T10:20:00Z", 3));
            post(apiKey, body(ds, "2026-05-03T10:30:00Z", 4));
            List<Double> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seen.add(next(watcher, Duration.ofSeconds(30)).get("result").asDouble());
            }
            assertEquals(List.of(2.0, 3.0, 4.0), seen);
        }
        try (SseClient again = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds), resumeFrom, 0)) {
            assertEquals(200, again.status(), again.body());
            List<Double> replayed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replayed.add(next(again, Duration.ofSeconds(30)).get("result").asDouble());
            }
            assertEquals(List.of(2.0, 3.0, 4.0), replayed, "replayed from " + resumeFrom);
            // and live again after the replay
            post(apiKey, body(ds, "2026-05-03T10:40:00Z", 5));
            assertEquals(5.0, next(again, Duration.ofSeconds(30)).get("result").asDouble());
            assertNull(again.next(Duration.ofSeconds(1)), "an event was repeated");
        }
    }

    @Test
    void aSlowClientIsDroppedWithAFinalEvent() throws Exception {
        String ds = TestDatabase.newDatastream("NO2");
        long id = TestDatabase.datastreamId(ds);
        int droppedBefore = streams.dropped();
        // large committed observations (100 KB results), put straight on the change topic
        String big = "\"" + "x".repeat(100_000) + "\"";
        try (SseClient slow = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds), null, 4096);
                SseClient fast = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + q(ds));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            assertEquals(200, slow.status());
            int n = 200;   // 20 MB, 1 MB every 50 ms: more than the socket buffers and the stream's buffers hold
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    if (i % 10 == 9) {
                        producer.flush();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    String json = "{\"id\":" + (-1 - i) + ",\"datastreamId\":" + id + ",\"datastream\":\"" + ds
                            + "\",\"observedProperty\":\"NO2\",\"phenomenonTime\":\"2026-05-04T10:00:00Z\",\"result\":" + big
                            + ",\"corrections\":0}";
                    producer.send(new ProducerRecord<>(config.topic(), Long.toString(id), json.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            });
            feeder.start();
            // the fast reader gets them all, as they come, while the slow one reads nothing
            for (int i = 0; i < n; i++) {
                assertEquals(-1 - i, next(fast, Duration.ofSeconds(30)).get("id").asLong());
            }
            feeder.join();
            await().atMost(30, TimeUnit.SECONDS).until(() -> streams.dropped() > droppedBefore);
            // what the slow client still gets ends with the final event
            String rest = slow.rest(Duration.ofSeconds(60));
            assertTrue(rest.endsWith("event: dropped\ndata: {\"reason\":\"the client did not keep up: more than "
                    + config.clientBuffer() + " bytes unread\"}\n\n"), "the stream ended with: "
                    + rest.substring(Math.max(0, rest.length() - 300)));
            assertTrue(rest.split("\ndata: \\{\"id\":", -1).length - 1 < n, "the slow client got everything");
        }
    }
}
