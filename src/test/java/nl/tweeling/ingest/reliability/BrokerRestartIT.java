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
 * The Kafka broker restarts in the middle of ingestion: the producer (acks=all, idempotent, long delivery
 * timeout) retries, the app's consumer reconnects, and everything lands exactly once.
 */
class BrokerRestartIT {

    static final int N = 20_000;
    static final Duration DOWN = Duration.ofSeconds(5);

    private Scenario scenario;

    @AfterEach
    void restore() {
        try {
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            Services.ensureBrokerRunning();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void producerAndConsumerRideOutABrokerRestart() throws Exception {
        scenario = Scenario.start("BrokerRestartIT", "broker");
        ChildApp app = scenario.app;
        ObservationSet set = new ObservationSet(8, "noise_level", N, 777L, 160);

        long pid = app.pid();
        long sentAtStop;
        long ackedAtStop;
        long landedAtStop;
        long restartMillis;
        try (Feeder feeder = new Feeder(scenario.topic, set.messages(), 200, Duration.ofSeconds(30))) {
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
        String story = sentAtStop + " sent, " + ackedAtStop + " acknowledged and " + landedAtStop + " landed of " + N
                + " when the broker stopped; it was back after " + restartMillis + " ms";
        scenario.assertTableHoldsExactly(set, story, ": ", "redelivered duplicates");
        assertEquals(N, ObservationSet.records(scenario.topic), "the topic holds each message once (idempotent producer): "
                + story);
        scenario.assertNothingDeadLettered("valid observations were dead-lettered: " + story);
    }
}
