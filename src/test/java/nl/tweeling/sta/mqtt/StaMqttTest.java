package nl.tweeling.sta.mqtt;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/**
 * The SensorThings MQTT extension against the test Mosquitto: committed observations are published on the
 * four topics; observations clients publish are created through the ingest pipeline; bad ones are
 * dead-lettered with the reason; the server's own notifications are not created again.
 */
@QuarkusTest
@TestProfile(StaMqttTest.Profile.class)
class StaMqttTest {

    static final String ROOT = "http://tweeling.test/sta";
    static final ObjectMapper JSON = new ObjectMapper();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tweeling.sta.mqtt.publish", "true", "tweeling.sta.mqtt.create", "true",
                    "tweeling.sta.mqtt.public-url", ROOT + "/", "tweeling.sta.mqtt.client-id", "tweeling-sta-test");
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    StaMqttSubscriber subscriber;

    @Inject
    StaMqttPublisher publisher;

    private MqttClient client;
    private final LinkedBlockingQueue<String[]> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.connected() && publisher.connected());
        client = MqttClient.create(vertx, new MqttClientOptions().setClientId("sta-test-" + UUID.randomUUID())
                .setCleanSession(true));
        client.publishHandler(m -> received.add(new String[] {m.topicName(), m.payload().toString(StandardCharsets.UTF_8)}));
        client.connect(ConfigProvider.getConfig().getValue("tweeling.mqtt.port", Integer.class), "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws Exception {
        if (client != null && client.isConnected()) {
            client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void subscribe(String... topics) throws Exception {
        Map<String, Integer> t = new LinkedHashMap<>();
        for (String s : topics) {
            t.put(s, 1);
        }
        client.subscribe(t).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Thread.sleep(200);   // the SUBACK came; let the broker settle the subscription before publishing
    }

    private void publish(String topic, String payload) throws Exception {
        client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Messages received within {@code timeout} whose payload has {@code @iot.id} == id, by topic. */
    private Map<String, JsonNode> notificationsOf(long id, int expected, Duration timeout) throws Exception {
        Map<String, JsonNode> byTopic = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (byTopic.size() < expected && System.nanoTime() < deadline) {
            String[] m = received.poll(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                JsonNode n = JSON.readTree(m[1]);
                if (n.path("@iot.id").asLong() == id) {
                    assertFalse(byTopic.containsKey(m[0]), "published twice on " + m[0]);
                    byTopic.put(m[0], n);
                }
            }
        }
        return byTopic;
    }

    @Test
    void aCommittedObservationIsPublishedOnTheFourTopics() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        long ds = TestDatabase.datastreamId(key);
        subscribe("v1.1/Datastreams(" + ds + ")/Observations", "v1.0/Datastreams(" + ds + ")/Observations",
                "v1.1/Observations", "v1.0/Observations");
        given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType("application/json")
                .body("{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-07-01T08:00:00Z\",\"result\":12.5}")
                .post("/ingest/observations").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds) == 1);
        long id = TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ?", ds);
        Map<String, JsonNode> got = notificationsOf(id, 4, Duration.ofSeconds(30));
        assertEquals(java.util.Set.of("v1.1/Datastreams(" + ds + ")/Observations", "v1.0/Datastreams(" + ds + ")/Observations",
                "v1.1/Observations", "v1.0/Observations"), got.keySet());
        for (Map.Entry<String, JsonNode> e : got.entrySet()) {
            String version = e.getKey().substring(0, 4);
            JsonNode n = e.getValue();
            assertEquals(ROOT + "/" + version + "/Observations(" + id + ")", n.get("@iot.selfLink").asText());
            assertEquals("2026-07-01T08:00:00Z", n.get("phenomenonTime").asText());
            assertEquals(12.5, n.get("result").asDouble());
            assertTrue(n.has("resultTime"), n.toString());
            assertEquals(ROOT + "/" + version + "/Observations(" + id + ")/Datastream",
                    n.get("Datastream@iot.navigationLink").asText());
        }
    }

    @Test
    void observationsClientsPublishAreCreatedAndTheEchoIsNot() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        long ds = TestDatabase.datastreamId(key);
        subscribe("v1.1/Datastreams(" + ds + ")/Observations");
        long createdBefore = subscriber.created();
        long ignoredBefore = subscriber.ignored();
        publish("v1.1/Datastreams(" + ds + ")/Observations", "{\"phenomenonTime\":\"2026-07-02T08:00:00Z\",\"result\":3.5}");
        publish("v1.0/Observations", "{\"phenomenonTime\":\"2026-07-02T09:00:00+02:00\",\"result\":{\"state\":\"open\"},"
                + "\"resultQuality\":\"good\",\"Datastream\":{\"@iot.id\":" + ds + "}}");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds) == 2);
        assertEquals(3.5, ((Number) TestDatabase.scalar("SELECT result FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2026-07-02T08:00:00Z'", ds)).doubleValue());
        assertEquals("{\"state\": \"open\"}", String.valueOf(TestDatabase.scalar("SELECT result_json::text FROM"
                + " tweeling.observation WHERE datastream_id = ? AND phenomenon_time = '2026-07-02T07:00:00Z'", ds)));
        assertEquals("good", TestDatabase.scalar("SELECT quality FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2026-07-02T07:00:00Z'", ds));

        // both were committed and published back on the topics the subscriber listens to (4 topics each): those
        // echoes carry @iot.id and are left alone, not created again
        long first = TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2026-07-02T08:00:00Z'", ds);
        assertNotNull(notificationsOf(first, 1, Duration.ofSeconds(30)).get("v1.1/Datastreams(" + ds + ")/Observations"));
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.ignored() - ignoredBefore >= 8);
        Thread.sleep(2000);
        assertEquals(2, subscriber.created() - createdBefore, "the server's own notifications were created again");
        assertEquals(0, TestDatabase.count("SELECT coalesce(sum(corrections), 0) FROM tweeling.observation WHERE datastream_id = ?", ds));
    }

    @Test
    void badRequestsAreDeadLetteredWithTheReason() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        long ds = TestDatabase.datastreamId(key);
        String marker = UUID.randomUUID().toString();
        long before = subscriber.deadLettered();
        publish("v1.1/Observations", "{\"phenomenonTime\":\"2026-07-03T08:00:00Z\",\"result\":1,\"parameters\":{\"m\":\"" + marker + "\"}}");
        publish("v1.1/Datastreams(" + ds + ")/Observations", "{\"phenomenonTime\":\"2026-07-03T08:00:00Z/2026-07-03T09:00:00Z\","
                + "\"result\":1,\"parameters\":{\"m\":\"" + marker + "\"}}");
        publish("v1.1/Datastreams(999999999)/Observations", "{\"phenomenonTime\":\"2026-07-03T08:00:00Z\",\"result\":1,"
                + "\"parameters\":{\"m\":\"" + marker + "\"}}");
        publish("v1.1/Datastreams(" + ds + ")/Observations", "{\"phenomenonTime\":\"2026-07-03T10:00:00Z\",\"result\":2}");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds) == 1);
        List<String[]> letters = deadLetters(marker, 3);
        assertEquals(3, letters.size());
        assertTrue(letters.get(0)[0].startsWith("no Datastream"), letters.get(0)[0]);
        assertTrue(letters.get(1)[0].startsWith("phenomenonTime intervals"), letters.get(1)[0]);
        assertTrue(letters.get(2)[0].startsWith("unknown datastream"), letters.get(2)[0]);
        assertEquals("mqtt:v1.1/Observations", letters.get(0)[1]);
        assertTrue(subscriber.deadLettered() - before >= 3);
    }

    /** Reason and source topic of the dead letters whose value contains {@code marker}. */
    static List<String[]> deadLetters(String marker, int expected) {
        var config = ConfigProvider.getConfig();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", config.getValue("kafka.bootstrap.servers", String.class),
                "group.id", "test-sta-dlq-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class,
                "value.deserializer", StringDeserializer.class))) {
            c.subscribe(List.of(config.getValue("tweeling.ingest.dlq-topic", String.class)));
            List<String[]> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().contains(marker)) {
                        out.add(new String[] {header(r, "tweeling.reason"), header(r, "tweeling.source.topic")});
                    }
                }
            }
            return out;
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
