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
 * PostGIS goes away for 20 s in the middle of ingestion: the consumer backs off and re-reads the batch, and
 * once the database is back everything lands, nothing lost and nothing doubled, without restarting the app.
 */
class DatabaseOutageIT {

    static final int N = 20_000;
    static final Duration OUTAGE = Duration.ofSeconds(20);

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
            Services.ensureDatabaseRunning();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theConsumerRidesOutADatabaseOutage() throws Exception {
        long started = System.nanoTime();
        // the app migrates the schema at its first start: start it before making rows
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        String topic = ObservationSet.topicFor("dbdown");
        String group = "tweeling-reliability-dbdown-" + tag;
        ObservationSet.createTopics(topic, 4);
        app = new ChildApp("DatabaseOutageIT", ChildApp.isolated(topic, group)).start(Duration.ofSeconds(60));
        ObservationSet set = new ObservationSet(8, "PM10", N, 4242L, 2000);
        List<Feeder.Message> messages = new ArrayList<>(N);
        set.observations.forEach(o -> messages.add(new Feeder.Message(set.key(o), set.json(o))));

        long pid = app.pid();
        long landedBefore;
        long retriesBefore = app.logLines("retrying in");
        try (Feeder feeder = new Feeder(topic, messages, 200, Duration.ofSeconds(30))) {
            if (!ObservationSet.waitFor(Duration.ofSeconds(60), set::count, N / 5)) {
                fail("the app did not land " + N / 5 + " observations within 60 s before the outage (" + set.count()
                        + "); its log ends:\n" + app.tail(30));
            }
            landedBefore = set.count();
            try {
                Services.stopDatabase();
                Services.say("DatabaseOutageIT", "PostgreSQL stopped with " + landedBefore + " landed, " + feeder.acked.get()
                        + " acknowledged");
                assertTrue(!Services.databaseUp(), "the database still answers after pg_ctl stop");
                Services.sleep(OUTAGE.toMillis());
                assertTrue(app.alive(), "the app died while the database was down; its log ends:\n" + app.tail(40));
            } finally {
                Services.ensureDatabaseRunning();
                Services.say("DatabaseOutageIT", "PostgreSQL runs again");
            }
            assertNull(feeder.awaitAllAcked(N, Duration.ofSeconds(60)), "producing the set");
        }
        set.awaitCount(N, Duration.ofSeconds(60), app);
        Services.sleep(1000);
        assertEquals(pid, app.pid(), "the same app instance finished the stream");
        long retries = app.logLines("retrying in") - retriesBefore;
        ObservationSet.Summary expected = set.expected();
        ObservationSet.Summary actual = set.actual();
        String story = landedBefore + " of " + N + " had landed when PostgreSQL stopped for " + OUTAGE.toSeconds()
                + " s; the consumer logged " + retries + " retries";
        System.out.printf("DatabaseOutageIT: %s; table %s; %.1f s%n", story, actual, (System.nanoTime() - started) / 1e9);
        assertTrue(retries > 0, "the consumer never noticed the outage (no 'retrying in' in its log), so the test proved"
                + " nothing: " + story);
        assertEquals(expected.count(), actual.count(), "row count: " + story);
        assertEquals(expected.sumQuarters(), actual.sumQuarters(), "sum of results: " + story);
        assertEquals(expected.md5(), actual.md5(), "md5 over (datastream, time, result): " + story);
        assertEquals(0, actual.corrections(), "re-read batches were counted as corrections: " + story);
        assertEquals(0, ObservationSet.records(topic + ".dlq"), "valid observations were dead-lettered during the outage: " + story);
    }
}
