package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Horizontal scale-out: two packaged app instances in one consumer group, each with two consumer threads,
 * share the topic's four partitions. The produced set lands exactly once (count, sum and md5), and both
 * instances wrote part of it.
 */
class ScaleOutIT {

    static final int N = 20_000;
    static final long SEED = Long.getLong("tweeling.reliability.seed", 20261128L);

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
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoInstancesShareThePartitionsAndWriteEachObservationOnce() throws Exception {
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        String topic = ObservationSet.topicFor("scale");
        String group = "tweeling-reliability-scale-" + tag;
        ObservationSet.createTopics(topic, 4);
        Map<String, String> env = new HashMap<>(ChildApp.isolated(topic, group));
        env.put("TWEELING_INGEST_CONSUMER_THREADS", "2");
        for (String name : List.of("ScaleOutIT-a", "ScaleOutIT-b")) {
            apps.add(new ChildApp(name, env).start(Duration.ofSeconds(90)));
        }
        // both instances in the group, each consumer with a partition, before the stream starts
        Map<String, Integer> partitionsByHost = awaitStableGroup(group, 4, Duration.ofSeconds(90));
        Services.say("ScaleOutIT", "group " + group + " stable: partitions per consumer " + partitionsByHost);

        ObservationSet set = new ObservationSet(16, "NO2", N, SEED, 1000);
        try (Feeder feeder = new Feeder(topic, set.messages(), 500, Duration.ofSeconds(10))) {
            assertNull(feeder.awaitAllAcked(N, Duration.ofSeconds(90)), "producing the set");
        }
        set.awaitCount(N, Duration.ofSeconds(120), apps.get(0));
        Services.sleep(1000); // a late redelivery must not add rows either

        ObservationSet.Summary expected = set.expected();
        ObservationSet.Summary actual = set.actual();
        assertEquals(expected.count(), actual.count(), "row count");
        assertEquals(expected.sumQuarters(), actual.sumQuarters(), "sum of results");
        assertEquals(expected.md5(), actual.md5(), "md5 over (datastream, time, result)");
        assertEquals(0, actual.corrections(), "duplicates were counted as corrections");

        Map<String, Long> bySource = rowsBySource(set);
        Services.say("ScaleOutIT", "rows per source partition " + bySource);
        assertTrue(bySource.size() >= 2, "rows came from " + bySource.keySet() + " only");
        assertTrue(bySource.keySet().stream().allMatch(s -> s.startsWith("kafka:" + topic + "/")), "sources " + bySource.keySet());

        long total = 0;
        for (ChildApp app : apps) {
            long inserted = inserted(app);
            Services.say("ScaleOutIT", app.log().getFileName() + " inserted " + inserted);
            assertTrue(inserted > 0, "instance " + app.log().getFileName() + " wrote nothing; its log ends:\n" + app.tail(30));
            total += inserted;
        }
        assertEquals(N, total, "rows inserted by the two instances together");
    }

    /** Waits until the group is stable with {@code members} members that all have a partition; partitions per member. */
    static Map<String, Integer> awaitStableGroup(String group, int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        try (Admin admin = ObservationSet.admin()) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(20, TimeUnit.SECONDS).get(group);
                last = d.groupState() + " with " + d.members().size() + " members";
                if (d.groupState() == org.apache.kafka.common.GroupState.STABLE && d.members().size() == members
                        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    Map<String, Integer> byHost = new TreeMap<>();
                    d.members().forEach(m -> byHost.put(m.consumerId().substring(Math.max(0, m.consumerId().length() - 8)),
                            m.assignment().topicPartitions().size()));
                    return byHost;
                }
                Services.sleep(500);
            }
        }
        fail("group " + group + " did not become stable with " + members + " consumers holding partitions: " + last);
        return Map.of();
    }

    static Map<String, Long> rowsBySource(ObservationSet set) throws Exception {
        Map<String, Long> bySource = new TreeMap<>();
        try (Connection c = Services.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT source, count(*) FROM tweeling.observation WHERE datastream_id = ANY (?) GROUP BY source")) {
            Array a = c.createArrayOf("bigint", set.ids.toArray());
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bySource.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return bySource;
    }

    /** Observations this instance inserted from Kafka (its own metric). */
    static long inserted(ChildApp app) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("tweeling_ingest_observations_total{") && line.contains("outcome=\"inserted\"")
                    && line.contains("source=\"kafka\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }
}
