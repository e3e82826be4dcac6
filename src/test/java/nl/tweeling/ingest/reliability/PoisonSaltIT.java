package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream salted with 1% poison (malformed JSON, unknown datastreams, results outside the plausible range):
 * every poison message becomes exactly one dead letter with its reason and origin in headers, every good one
 * lands in PostGIS, and the stream never stops.
 */
class PoisonSaltIT {

    static final int TOTAL = 10_000;
    static final int POISON = TOTAL / 100;
    static final Pattern MARKER = Pattern.compile("poison-[0-9a-f]{8}-(\\d+)");

    enum Kind {
        MALFORMED("malformed JSON"), UNKNOWN("unknown datastream"), OUT_OF_RANGE("plausible range");

        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }
    }

    private Scenario scenario;

    @AfterEach
    void stopApp() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyPoisonMessageIsDeadLetteredOnceAndEveryGoodOneLands() throws Exception {
        scenario = Scenario.start("PoisonSaltIT", "poison");
        String topic = scenario.topic;
        ObservationSet set = new ObservationSet(8, "NO2", TOTAL - POISON, 99L, 1000);

        // the good messages in order, with the poison at seeded positions
        Random random = new Random(99L);
        List<Feeder.Message> messages = set.messages();
        Map<Integer, Kind> poison = new HashMap<>();
        for (int i = 0; i < POISON; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            poison.put(i, kind);
            String key = set.keys.get(random.nextInt(set.keys.size()));
            String marker = "poison-" + set.tag + "-" + i;
            String time = Instant.parse("2025-05-01T00:00:00Z").plusSeconds(60L * i).toString();
            String value = switch (kind) {
                case MALFORMED -> "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + time + "\",\"result\":1, " + marker + " ";
                case UNKNOWN -> {
                    key = "rel-unknown-" + UUID.randomUUID();
                    yield "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + time + "\",\"result\":1,\"note\":\"" + marker + "\"}";
                }
                case OUT_OF_RANGE -> "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + time + "\",\"result\":"
                        + (5000 + i) + ",\"note\":\"" + marker + "\"}";
            };
            messages.add(random.nextInt(messages.size() + 1), new Feeder.Message(key, value));
        }

        try (Feeder feeder = new Feeder(topic, messages, 500, Duration.ofSeconds(5))) {
            assertNull(feeder.awaitAllAcked(TOTAL, Duration.ofSeconds(60)), "producing the salted stream");
        }
        set.awaitCount(TOTAL - POISON, Duration.ofSeconds(60), scenario.app);

        // the dead letters: read the test's own DLQ topic from the start
        Map<Integer, String> reasons = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int deadLetters = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Services.kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "tweeling-reliability-dlq-" + set.tag,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            c.subscribe(List.of(topic + ".dlq"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long quietUntil = Long.MAX_VALUE;
            // read until all are there, then 3 s more: a duplicate dead letter would show up then
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    deadLetters++;
                    Matcher m = MARKER.matcher(r.value() == null ? "" : r.value());
                    if (!m.find()) {
                        problems.add("a dead letter that is no poison of this test: " + r.value());
                        continue;
                    }
                    int i = Integer.parseInt(m.group(1));
                    String reason = header(r, "tweeling.reason");
                    if (reasons.put(i, reason) != null) {
                        problems.add("poison " + i + " was dead-lettered twice");
                    }
                    if (!topic.equals(header(r, "tweeling.source.topic"))) {
                        problems.add("poison " + i + " names source topic " + header(r, "tweeling.source.topic"));
                    }
                    if (header(r, "tweeling.source.offset") == null || header(r, "tweeling.source.partition") == null) {
                        problems.add("poison " + i + " lacks its source partition or offset");
                    }
                }
                if (reasons.size() >= POISON && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        Services.sleep(500);
        ObservationSet.Summary expected = set.expected();
        ObservationSet.Summary actual = set.actual();
        System.out.printf("PoisonSaltIT: %d messages, %d poison, %d dead letters, table %s; %.1f s%n", TOTAL, POISON,
                deadLetters, actual, scenario.seconds());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        List<Integer> missing = new ArrayList<>(poison.keySet());
        missing.removeAll(reasons.keySet());
        assertTrue(missing.isEmpty(), missing.size() + " poison messages never reached the DLQ: " + missing);
        assertEquals(POISON, deadLetters, "dead letters");
        for (Map.Entry<Integer, String> e : reasons.entrySet()) {
            Kind kind = poison.get(e.getKey());
            assertNotNull(e.getValue(), "poison " + e.getKey() + " (" + kind + ") has no tweeling.reason header");
            assertTrue(e.getValue().contains(kind.reason), "poison " + e.getKey() + " (" + kind + ") has reason '"
                    + e.getValue() + "', expected one containing '" + kind.reason + "'");
        }
        assertEquals(expected.count(), actual.count(), "good observations in the table");
        assertEquals(expected.sumQuarters(), actual.sumQuarters(), "sum of good results");
        assertEquals(expected.md5(), actual.md5(), "md5 over the good (datastream, time, result)");
        assertEquals(TOTAL, ObservationSet.records(topic), "messages in the topic");
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
