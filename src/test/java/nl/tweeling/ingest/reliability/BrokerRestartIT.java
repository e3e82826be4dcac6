package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka broker restarts in the middle of ingestion: the producer (acks=all, idempotent, long delivery
 * timeout) retries, the app's consumer reconnects, and everything lands exactly once.
 */
class BrokerRestartIT {

    static final int N = 20_000;
    static final Duration DOWN = Duration.ofSeconds(5);

    private ChildApp app;

    @BeforeAll
    static void packaged() {
        ChildApp.jar();
    }

    @AfterEach
    void restore() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            Services.ensureBrokerRunning();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void producerAndConsumerRideOutABrokerRestart() throws Exception {
        long started = System.nanoTime();
        // the app migrates the schema at its first start: start it before making rows
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        String topic = ObservationSet.topicFor("broker");
        String group = "tweeling-reliability-broker-" + tag;
        ObservationSet.createTopics(topic, 4);
        app = new ChildApp("BrokerRestartIT", ChildApp.isolated(topic, group)).start(Duration.ofSeconds(60));
        ObservationSet set = new ObservationSet(8, "noise_level", N, 777L, 160);
        List<Feeder.Message> messages = new ArrayList<>(N);
        set.observations.forEach(o -> messages.add(new Feeder.Message(set.key(o), set.json(o))));

        long pid = app.pid();
        long sentAtStop;
        long ackedAtStop;
        long landedAtStop;
        long restartMillis;
        try (Feeder feeder = new Feeder(topic, messages, 200, Duration.ofSeconds(30))) {
            // restart the broker while messages are still being produced and consumed
            if (!ObservationSet.waitFor(Duration.ofSeconds(60), feeder.acked::get, N / 4)
                    || !ObservationSet.waitFor(Duration.ofSeconds(60), set::count, 1)) {
                fail("before the restart: " + feeder.acked.get() + " acknowledged, " + set.count() + " landed after 60 s;"
                        + " the app's log ends:\n" + app.tail(30));
            }
            long t0 = System.nanoTime();
            try {
                sentAtStop = feeder.sent.get();
                ackedAtStop = feeder.acked.get();
                landedAtStop = set.count();
                Services.stopBroker();
                Services.say("BrokerRestartIT", "broker stopped after " + (System.nanoTime() - t0) / 1_000_000 + " ms; "
                        + sentAtStop + " sent, " + ackedAtStop + " acknowledged, " + landedAtStop + " landed before");
                Services.sleep(DOWN.toMillis());
            } finally {
                Services.ensureBrokerRunning();
            }
            restartMillis = (System.nanoTime() - t0) / 1_000_000;
            Services.say("BrokerRestartIT", "broker back after " + restartMillis + " ms; " + feeder.sent.get() + " sent, "
                    + feeder.acked.get() + " acknowledged, " + set.count() + " landed");
            assertTrue(ackedAtStop < N, "everything was acknowledged before the broker stopped, so the producer's retries"
                    + " were not tested");
            assertNull(feeder.awaitAllAcked(N, Duration.ofSeconds(90)), "producing the set across the broker restart");
        }
        set.awaitCount(N, Duration.ofSeconds(60), app);
        Services.sleep(1000);
        assertTrue(app.alive(), "the app died");
        assertEquals(pid, app.pid(), "the same app instance finished the stream");
        ObservationSet.Summary expected = set.expected();
        ObservationSet.Summary actual = set.actual();
        String story = sentAtStop + " sent, " + ackedAtStop + " acknowledged and " + landedAtStop + " landed of " + N
                + " when the broker stopped; it was back after " + restartMillis + " ms";
        System.out.printf("BrokerRestartIT: %s; table %s; %.1f s%n", story, actual, (System.nanoTime() - started) / 1e9);
        assertEquals(expected.count(), actual.count(), "row count: " + story);
        assertEquals(expected.sumQuarters(), actual.sumQuarters(), "sum of results: " + story);
        assertEquals(expected.md5(), actual.md5(), "md5 over (datastream, time, result): " + story);
        assertEquals(0, actual.corrections(), "redelivered duplicates were counted as corrections: " + story);
        assertEquals(N, ObservationSet.records(topic), "the topic holds each message once (idempotent producer): " + story);
        assertEquals(0, ObservationSet.records(topic + ".dlq"), "valid observations were dead-lettered: " + story);
    }
}
