package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ground every reliability story stands on: a topic (four partitions), its dead-letter topic and a
 * consumer group of the test's own, the packaged app consuming them without the sample load, and the check
 * that the table holds exactly a produced set. What a story disrupts, and what else it asserts, stays in
 * the test.
 */
final class Scenario implements AutoCloseable {

    final String name;
    final String topic;
    final String group;
    final ChildApp app;
    private final long started;

    private Scenario(long started, String name, String topic, String group, ChildApp app) {
        this.started = started;
        this.name = name;
        this.topic = topic;
        this.group = group;
        this.app = app;
    }

    /** {@link #start(String, String, Map)} without extra environment. */
    static Scenario start(String name, String label) throws Exception {
        return start(name, label, Map.of());
    }

    /**
     * Creates the topics {@code tweeling.reliability.<label>.*} and group {@code tweeling-reliability-<label>-*}
     * and starts the app {@code name} on them (ready within 60 s), with {@code env} on top of
     * {@link ChildApp#isolated}. The app migrates the schema at its first start: start it before making rows.
     */
    static Scenario start(String name, String label, Map<String, String> env) throws Exception {
        long started = System.nanoTime();
        ChildApp.jar();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String topic = ObservationSet.topicFor(label);
        String group = "tweeling-reliability-" + label + "-" + tag;
        ObservationSet.createTopics(topic, 4);
        Map<String, String> all = new HashMap<>(ChildApp.isolated(topic, group));
        all.putAll(env);
        return new Scenario(started, name, topic, group, new ChildApp(name, all).start(Duration.ofSeconds(60)));
    }

    /**
     * Prints {@code story} with what the table holds, then checks that it holds exactly {@code set}: row
     * count, sum of results, md5 over every (datastream, time, result), and no corrections (a message written
     * again counts as one; {@code duplicates} names what would have been written again, e.g. "redelivered
     * duplicates"). Each message ends with {@code on} and the story, {@code on} being e.g. ": " or " after ".
     */
    void assertTableHoldsExactly(ObservationSet set, String story, String on, String duplicates) throws Exception {
        ObservationSet.Summary expected = set.expected();
        ObservationSet.Summary actual = set.actual();
        System.out.printf("%s: %s; table %s; %.1f s%n", name, story, actual, seconds());
        assertEquals(expected.count(), actual.count(), "row count" + on + story);
        assertEquals(expected.sumQuarters(), actual.sumQuarters(), "sum of results" + on + story);
        assertEquals(expected.md5(), actual.md5(), "md5 over (datastream, time, result)" + on + story);
        assertEquals(0, actual.corrections(), duplicates + " were counted as corrections" + on + story);
    }

    /** Checks that the dead-letter topic is empty. */
    void assertNothingDeadLettered(String message) throws Exception {
        assertEquals(0, ObservationSet.records(topic + ".dlq"), message);
    }

    /** The seconds since the scenario started. */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void close() {
        app.close();
    }
}
