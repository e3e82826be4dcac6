package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostGIS goes away for 20 s in the middle of ingestion: the consumer backs off and re-reads the batch, and
 * once the database is back everything lands, nothing lost and nothing doubled, without restarting the app.
 */
class DatabaseOutageIT {

    static final int N = 20_000;
    static final Duration OUTAGE = Duration.ofSeconds(20);

    private Scenario scenario;

    @AfterEach
    void restore() {
        try {
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            Services.ensureDatabaseRunning();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theConsumerRidesOutADatabaseOutage() throws Exception {
        scenario = Scenario.start("DatabaseOutageIT", "dbdown");
        ChildApp app = scenario.app;
        ObservationSet set = new ObservationSet(8, "PM10", N, 4242L, 2000);

        long pid = app.pid();
        long landedBefore;
        long retriesBefore = app.logLines("retrying in");
        try (Feeder feeder = new Feeder(scenario.topic, set.messages(), 200, Duration.ofSeconds(30))) {
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
        String story = landedBefore + " of " + N + " had landed when PostgreSQL stopped for " + OUTAGE.toSeconds()
                + " s; the consumer logged " + retries + " retries";
        scenario.assertTableHoldsExactly(set, story, ": ", "re-read batches");
        assertTrue(retries > 0, "the consumer never noticed the outage (no 'retrying in' in its log), so the test proved"
                + " nothing: " + story);
        scenario.assertNothingDeadLettered("valid observations were dead-lettered during the outage: " + story);
    }
}
