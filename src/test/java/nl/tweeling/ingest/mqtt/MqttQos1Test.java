package nl.tweeling.ingest.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/**
 * 20,000 QoS-1 messages from one publisher, sent as fast as it can: every one lands in PostGIS (exact
 * count), within two minutes of the first publish. The subscriber acknowledges each only after Kafka did.
 */
@QuarkusTest
class MqttQos1Test {

    static final int MESSAGES = 20_000;

    @Inject
    MqttSubscriber subscriber;

    @Test
    void twentyThousandQos1MessagesAllArrive() throws Exception {
        String key = TestDatabase.newDatastream("traffic_count");
        long id = TestDatabase.datastreamId(key);
        Instant base = Instant.parse("2026-05-01T00:00:00Z");
        List<String> lines = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            lines.add("{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + base.plusSeconds(i) + "\",\"result\":" + i + "}");
        }
        MqttTestSupport.awaitSubscribed(subscriber);
        long acknowledgedBefore = subscriber.acknowledged();
        long start = System.nanoTime();
        MqttTestSupport.publishLines("test/tweeling/qos1/" + UUID.randomUUID(), lines);
        long published = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) >= MESSAGES);
        long landed = System.nanoTime();
        System.out.printf("MQTT QoS 1: %d messages published in %d ms, all in PostGIS after %d ms%n", MESSAGES,
                (published - start) / 1_000_000, (landed - start) / 1_000_000);
        assertTrue(Duration.ofNanos(landed - start).compareTo(Duration.ofMinutes(2)) <= 0);
        assertEquals(MESSAGES, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id));
        assertEquals((long) MESSAGES * (MESSAGES - 1) / 2, ((Number) TestDatabase.scalar(
                "SELECT sum(result) FROM tweeling.observation WHERE datastream_id = ?", id)).longValue());
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.acknowledged() - acknowledgedBefore >= MESSAGES);
    }
}
