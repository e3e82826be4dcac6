package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's own datastreams (fresh thing and datastream rows) and a seeded set of observations for them,
 * with the means to compare the observation table with the set: exact count, sum and an md5 over every
 * (datastream, time, result) in order. Results are multiples of 0.25, so they are exact in double precision
 * and the checksum does not depend on number formatting.
 */
final class ObservationSet {

    /** One observation: datastream index into {@link #keys}, epoch second, result in quarters. */
    record Obs(int ds, long epochSecond, int quarters) {
    }

    /** What the table holds for the set's datastreams. */
    record Summary(long count, long sumQuarters, String md5, long corrections) {
        @Override
        public String toString() {
            return "count=" + count + " sum=" + (sumQuarters / 4.0) + " md5=" + md5 + " corrections=" + corrections;
        }
    }

    static final Instant BASE = Instant.parse("2025-06-01T00:00:00Z");

    final List<String> keys = new ArrayList<>();
    final List<Long> ids = new ArrayList<>();
    final List<Obs> observations;
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    /**
     * Makes {@code datastreams} datastreams of {@code property} and {@code n} observations spread round-robin
     * over them, one minute apart per datastream; results are drawn from {@code seed} within [0, maxResult).
     */
    ObservationSet(int datastreams, String property, int n, long seed, int maxResult) throws SQLException {
        try (Connection c = Services.connect()) {
            String thing = "rel-" + tag;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tweeling.thing (key, name, geom, source)"
                    + " VALUES (?, ?, ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'test')")) {
                ps.setString(1, thing);
                ps.setString(2, "Reliability test thing " + tag);
                ps.executeUpdate();
            }
            for (int i = 0; i < datastreams; i++) {
                String key = thing + "-" + i;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                        + " SELECT ?, id, ?, ?, 'test' FROM tweeling.thing WHERE key = ? RETURNING id")) {
                    ps.setString(1, key);
                    ps.setString(2, property);
                    ps.setString(3, "Reliability " + property + " " + i);
                    ps.setString(4, thing);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
                keys.add(key);
            }
        }
        Random random = new Random(seed);
        List<Obs> obs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int ds = i % datastreams;
            obs.add(new Obs(ds, BASE.getEpochSecond() + 60L * (i / datastreams), random.nextInt(maxResult * 4)));
        }
        observations = Collections.unmodifiableList(obs);
    }

    String key(Obs o) {
        return keys.get(o.ds());
    }

    String json(Obs o) {
        return "{\"datastream\":\"" + keys.get(o.ds()) + "\",\"phenomenonTime\":\"" + Instant.ofEpochSecond(o.epochSecond())
                + "\",\"result\":" + (o.quarters() / 4.0) + "}";
    }

    /** The set as messages to produce, in order: keyed by datastream, one JSON observation each (a list to add to). */
    List<Feeder.Message> messages() {
        List<Feeder.Message> messages = new ArrayList<>(observations.size());
        observations.forEach(o -> messages.add(new Feeder.Message(key(o), json(o))));
        return messages;
    }

    /** What the table must hold once every observation of the set has landed. */
    Summary expected() {
        List<Obs> sorted = new ArrayList<>(observations);
        sorted.sort((a, b) -> a.ds() != b.ds() ? Long.compare(ids.get(a.ds()), ids.get(b.ds()))
                : Long.compare(a.epochSecond(), b.epochSecond()));
        StringBuilder s = new StringBuilder(sorted.size() * 24);
        long sum = 0;
        for (Obs o : sorted) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(ids.get(o.ds())).append(':').append(o.epochSecond()).append(':').append(o.quarters());
            sum += o.quarters();
        }
        return new Summary(sorted.size(), sum, md5(s.toString()), 0);
    }

    /** What the table holds now for the set's datastreams. */
    Summary actual() throws SQLException {
        try (Connection c = Services.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(sum((result * 4)::bigint), 0),"
                        + " md5(coalesce(string_agg(datastream_id || ':' || extract(epoch FROM phenomenon_time)::bigint"
                        + " || ':' || (result * 4)::bigint, ',' ORDER BY datastream_id, phenomenon_time), '')),"
                        + " coalesce(sum(corrections), 0)"
                        + " FROM tweeling.observation WHERE datastream_id = ANY (?)")) {
            Array a = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Summary(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4));
            }
        }
    }

    /** Rows of the set's datastreams now, or -1 while the database cannot be reached. */
    long count() {
        try (Connection c = Services.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM tweeling.observation WHERE datastream_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Waits until the table holds {@code expected} rows for the set (the count stops at that, as writes are
     * idempotent) or fails after {@code timeout}, naming how far it came.
     */
    void awaitCount(long expected, Duration timeout, ChildApp app) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (true) {
            last = count();
            if (last >= expected) {
                return;
            }
            if (app != null && !app.alive()) {
                fail("the app died while " + last + " of " + expected + " observations had landed; its log:\n" + app.tail(40));
            }
            if (System.nanoTime() > deadline) {
                fail("only " + last + " of " + expected + " observations landed within " + timeout.toSeconds() + " s"
                        + (app == null ? "" : "; the app's log ends:\n" + app.tail(30)));
            }
            Services.sleep(250);
        }
    }

    static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- Kafka ---------------------------------------------------------------------------------------

    /** A unique topic name for a test (its dead-letter topic is this plus ".dlq"). */
    static String topicFor(String test) {
        return "tweeling.reliability." + test + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Services.kafka(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000));
    }

    /** Creates the topic (with {@code partitions}) and its dead-letter topic before the app or a producer does. */
    static void createTopics(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
                    .all().get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Removes every member from the group. After a SIGKILL the dead member stays in the group until its
     * session times out (the consumer's default session.timeout.ms, 45 s, which the app does not let us
     * configure), and a replacement gets no partitions before that. Evicting it is what an operator would do
     * and keeps the test short; it changes nothing about which offsets are committed.
     */
    static void evictGroupMembers(String group) {
        try (Admin admin = admin()) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the group may be empty already (the member never joined): nothing to evict
        }
    }

    /** A durable producer that rides out broker restarts: acks=all, idempotent, long delivery timeout. */
    static KafkaProducer<String, String> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Services.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 150_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    /** Records in a topic (sum of its partitions' end offsets; the topics here are never compacted or trimmed). */
    static long records(String topic) throws Exception {
        try (Admin admin = admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS).get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (var p : partitions) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long n = 0;
            for (var r : admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS).values()) {
                n += r.offset();
            }
            return n;
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
    static boolean waitFor(Duration timeout, LongSupplier value, long atLeast) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Services.sleep(100);
        }
        return true;
    }
}
