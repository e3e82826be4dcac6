package nl.tweeling.ingest.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/**
 * The 65 real TTN uplinks, published to the test broker on {@code test/ttn/<run>/devices/<dev_id>/up}, become
 * observations of the datastreams {@code ttn-<run>-<dev_id>-<field>} (the test mapping in application.properties,
 * allow-list waterEC, waterTemperature, temp, hum).
 */
@QuarkusTest
class MqttTtnIngestTest {

    static final Map<String, String> PROPERTY = Map.of("waterEC", "traffic_count", "waterTemperature", "air_temperature",
            "temp", "air_temperature", "hum", "parking_occupancy");

    @Inject
    MqttSubscriber subscriber;

    @Test
    void realUplinksBecomeObservations() throws Exception {
        List<JsonNode> uplinks = TtnUplinkMapperTest.realUplinks();
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<String>> linesByDevice = new LinkedHashMap<>();
        for (JsonNode u : uplinks) {
            String dev = u.get("dev_id").asText();
            if (!linesByDevice.containsKey(dev)) {
                String thing = "ttn-" + run + "-" + dev;
                TestDatabase.update("INSERT INTO tweeling.thing (key, name, source) VALUES (?, ?, 'test')", thing, "TTN " + dev);
                u.get("payload_fields").fieldNames().forEachRemaining(field -> {
                    if (PROPERTY.containsKey(field)) {
                        TestDatabase.update("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                                + " SELECT ?, id, ?, ?, 'test' FROM tweeling.thing WHERE key = ?",
                                thing + "-" + field, PROPERTY.get(field), field + " of " + dev, thing);
                    }
                });
            }
            linesByDevice.computeIfAbsent(dev, d -> new ArrayList<>()).add(u.toString());
        }
        assertEquals(19, linesByDevice.size());
        MqttTestSupport.awaitSubscribed(subscriber);
        long acknowledgedBefore = subscriber.acknowledged();
        long deadBefore = subscriber.deadLettered();
        for (Map.Entry<String, List<String>> e : linesByDevice.entrySet()) {
            MqttTestSupport.publishLines("test/ttn/" + run + "/devices/" + e.getKey() + "/up", e.getValue());
        }
        String like = "ttn-" + run + "-%";
        try {
            // 180 s, not 60: in full runs all 65 uplinks were acknowledged (in Kafka) and 116 of the 130
            // observations stored at once, while the rest came only after a pause of more than a minute in which
            // no consumer stored anything (seen twice on 2026-12-07; cause not found yet, see issue 12's note)
            await().atMost(Duration.ofSeconds(180)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d ON d.id = o.datastream_id WHERE d.key LIKE ?",
                    like) >= 130);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // what a failure needs to be understood: did the messages reach the subscriber, Kafka, the table?
            throw new AssertionError("TTN uplinks not stored within 180 s: " + count(like) + " of 130 stored; the subscriber"
                    + " acknowledged " + (subscriber.acknowledged() - acknowledgedBefore) + " and dead-lettered "
                    + (subscriber.deadLettered() - deadBefore) + " messages since publishing (connected: "
                    + subscriber.connected() + "); newest observation ingested "
                    + TestDatabase.scalar("SELECT max(ingested_at) FROM tweeling.observation") + ", now "
                    + java.time.Instant.now() + nl.tweeling.support.IngestDiagnostics.describe(), e);
        }
        Thread.sleep(1000);   // nothing more arrives
        // 29 mijnomgeving uplinks (waterEC + waterTemperature, payload timestamp) + 36 WON uplinks (temp + hum, receive time)
        assertEquals(130, count(like));
        assertEquals(29, count("ttn-" + run + "-3575%-waterEC"));
        assertEquals(36, count("ttn-" + run + "-SMA-A42987-temp"));
        // a device with three uplinks: values and times from the payload
        String ec = "ttn-" + run + "-357518080166580-waterEC";
        assertEquals(3, count(ec));
        assertEquals(927.0, value(ec, "2019-10-29T12:16:13Z"));
        assertEquals(929.0, value(ec, "2019-10-29T13:16:13Z"));
        assertEquals(927.0, value(ec, "2019-10-29T13:46:10Z"));
        assertEquals(13.77, value("ttn-" + run + "-357518080166580-waterTemperature", "2019-10-29T13:16:13Z"));
        // the first uplink of the file
        assertEquals(294.0, value("ttn-" + run + "-357518080168982-waterEC", "2019-10-29T12:10:09Z"));
    }

    static long count(String keyLike) {
        return TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d ON d.id = o.datastream_id"
                + " WHERE d.key LIKE ?", keyLike);
    }

    static double value(String key, String time) {
        return ((Number) TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d"
                + " ON d.id = o.datastream_id WHERE d.key = ? AND o.phenomenon_time = ?::timestamptz", key, time)).doubleValue();
    }
}
