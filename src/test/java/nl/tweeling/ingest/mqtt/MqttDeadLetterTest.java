package nl.tweeling.ingest.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/** Payloads that cannot become observations go to the dead-letter topic with the reason, and the next message still arrives. */
@QuarkusTest
class MqttDeadLetterTest {

    @Inject
    MqttSubscriber subscriber;

    @Test
    void invalidPayloadsAreDeadLetteredAndDoNotBlockTheNextMessage() throws Exception {
        String key = TestDatabase.newDatastream("NO2");
        long id = TestDatabase.datastreamId(key);
        String topic = "test/tweeling/dlq/" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        MqttTestSupport.awaitSubscribed(subscriber);
        MqttTestSupport.publishLines(topic, List.of(
                "{\"datastream\": \"" + marker + "\", not json",
                "{\"datastream\":\"no-such-" + marker + "\",\"phenomenonTime\":\"2026-04-01T10:00:00Z\",\"result\":1}",
                "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"2026-04-01T11:00:00Z\",\"result\":11}"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 1);
        assertEquals(11.0, ((Number) TestDatabase.scalar("SELECT result FROM tweeling.observation WHERE datastream_id = ?", id)).doubleValue());
        List<String[]> letters = deadLetters(marker, 2);
        assertEquals(2, letters.size());
        assertTrue(letters.get(0)[0].startsWith("malformed JSON"), letters.get(0)[0]);
        assertTrue(letters.get(1)[0].startsWith("unknown datastream"), letters.get(1)[0]);
        for (String[] l : letters) {
            assertEquals("mqtt:" + topic, l[1]);
            assertEquals("-1", l[2]);
            assertTrue(Integer.parseInt(l[3]) > 0, "offset is the MQTT message id");
        }
    }

    @Test
    void senmlPackOnASenmlTopicArrives() throws Exception {
        String key = TestDatabase.newDatastream("air_temperature");
        long id = TestDatabase.datastreamId(key);
        MqttTestSupport.awaitSubscribed(subscriber);
        MqttTestSupport.publishLines("test/senml/" + UUID.randomUUID(),
                List.of("[{\"bn\":\"" + key + "\",\"bt\":1775000000,\"u\":\"Cel\",\"v\":11.5},{\"t\":600,\"v\":12.0}]"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) == 2);
    }

    /** Reason, source topic, partition and offset of the dead letters whose value contains {@code marker}. */
    static List<String[]> deadLetters(String marker, int expected) {
        var config = ConfigProvider.getConfig();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", config.getValue("kafka.bootstrap.servers", String.class),
                "group.id", "test-mqtt-dlq-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class,
                "value.deserializer", StringDeserializer.class))) {
            c.subscribe(List.of(config.getValue("tweeling.ingest.dlq-topic", String.class)));
            List<String[]> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().contains(marker)) {
                        out.add(new String[] {header(r, "tweeling.reason"), header(r, "tweeling.source.topic"),
                                header(r, "tweeling.source.partition"), header(r, "tweeling.source.offset")});
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
