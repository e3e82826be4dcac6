package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.push.SseClient;

/**
 * Live push across instances: two packaged apps on the same database and broker. Instance A consumes
 * nothing (its ingest consumer is off) and serves a stream; instance B takes a POST, stores it and publishes
 * it to the change topic; A's stream receives it through Kafka. A stores nothing, so the event cannot have
 * come from A's own write, and no instance polls the database for streams.
 */
class TwoInstanceStreamIT {

    private final List<ChildApp> apps = new ArrayList<>();

    @BeforeAll
    static void packaged() {
        ChildApp.jar();
    }

    @AfterEach
    void stopApps() {
        apps.forEach(ChildApp::close);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void anObservationCommittedByOneInstanceArrivesOnAStreamOfTheOther() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String topic = ObservationSet.topicFor("stream");
        Map<String, String> env = new HashMap<>(ChildApp.isolated(topic, "tweeling-reliability-stream-" + tag));
        env.put("TWEELING_PUSH_TOPIC", topic + ".committed");
        env.put("TWEELING_MQTT_ENABLED", "false");
        Map<String, String> streaming = new HashMap<>(env);
        streaming.put("TWEELING_INGEST_CONSUMER_ENABLED", "false");
        ChildApp a = new ChildApp("TwoInstanceStreamIT-a", streaming);
        apps.add(a);
        ChildApp b = new ChildApp("TwoInstanceStreamIT-b", env);
        apps.add(b);
        a.start(Duration.ofSeconds(120));
        b.start(Duration.ofSeconds(120));

        String key = "stream-it-" + tag;
        String apiKey = "twk_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = Services.connect()) {
            update(c, "INSERT INTO tweeling.thing (key, name, geom, source) VALUES (?, ?, ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'test')",
                    key, "Stream IT " + key);
            update(c, "INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                    + " SELECT ?, id, 'NO2', 'Stream IT', 'test' FROM tweeling.thing WHERE key = ?", key, key);
            update(c, "INSERT INTO tweeling.api_key (name, key_hash, roles) VALUES (?, encode(sha256(convert_to(?, 'UTF8')), 'hex'),"
                    + " ARRAY['ingest'])", "stream-it-" + tag, apiKey);
        }

        try (SseClient stream = SseClient.open(a.port(), "/observations/stream?datastream="
                + URLEncoder.encode(key, StandardCharsets.UTF_8))) {
            assertEquals(200, stream.status(), stream.body());
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + b.port() + "/ingest/observations"))
                    .header("X-API-Key", apiKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"datastream\":\"" + key
                            + "\",\"phenomenonTime\":\"2026-06-01T12:00:00Z\",\"result\":17.25}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, posted.statusCode(), posted.body());
            SseClient.Event e = stream.next(Duration.ofSeconds(60));
            assertNotNull(e, "no event on instance A; B's log ends:\n" + b.tail(30) + "\nA's log ends:\n" + a.tail(30));
            JsonNode o = new ObjectMapper().readTree(e.data());
            assertEquals(key, o.get("datastream").asText());
            assertEquals(17.25, o.get("result").asDouble());
            assertEquals("2026-06-01T12:00:00Z", o.get("phenomenonTime").asText());
        }
        assertEquals(0, ScaleOutIT.inserted(a), "instance A wrote observations itself");
        assertTrue(ScaleOutIT.inserted(b) >= 1, "instance B did not write the observation");
    }

    private static void update(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
