package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consumer commits offsets only after the database commit and writes idempotently, so killing the app
 * hard (SIGKILL) mid-stream, again and again, loses nothing and duplicates nothing: after three kills and
 * restarts the table holds exactly the produced set.
 */
class KillConsumerIT {

    static final int N = 50_000;
    static final int KILLS = 3;
    /** Seed of the kill points and the results; -Dtweeling.reliability.seed=... replays another run. */
    static final long SEED = Long.getLong("tweeling.reliability.seed", 20261128L);

    private Scenario scenario;

    @AfterEach
    void stopApp() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void hardKillsMidStreamLoseAndDuplicateNothing() throws Exception {
        Random random = new Random(SEED);
        double[] points = new double[KILLS];
        for (int i = 0; i < KILLS; i++) {
            points[i] = 0.1 + 0.8 * random.nextDouble();
        }
        Arrays.sort(points);
        // small transactions (500 records a poll): the drain after each restart takes many commits, and the
        // kill falls between them rather than after the whole backlog landed in a few large batches
        scenario = Scenario.start("KillConsumerIT", "kill", Map.of("TWEELING_INGEST_CONSUMER_MAX_POLL_RECORDS", "500"));
        ChildApp app = scenario.app;
        ObservationSet set = new ObservationSet(8, "NO2", N, SEED, 1000);

        List<String> kills = new ArrayList<>();
        try (Feeder feeder = new Feeder(scenario.topic, set.messages(), 250, Duration.ofSeconds(30))) {
            for (double point : points) {
                long target = (long) (point * N);
                if (!ObservationSet.waitFor(Duration.ofSeconds(60), feeder.acked::get, target)) {
                    fail("the producer did not reach " + target + " acknowledged messages within 60 s (" + feeder.acked.get() + ")");
                }
                // kill while the app is writing: once the rows reach the point, and this instance has landed something
                long atStart = Math.max(0, set.count());
                if (!ObservationSet.waitFor(Duration.ofSeconds(60), set::count, Math.max(target, atStart + 1))) {
                    fail("the app (re)started but did not write up to " + Math.max(target, atStart + 1)
                            + " rows within 60 s; its log ends:\n" + app.tail(30));
                }
                long landed = set.count();
                app.kill();
                Services.say("KillConsumerIT", String.format("SIGKILL at %.0f%%: %d acknowledged, %d landed", point * 100,
                        feeder.acked.get(), landed));
                kills.add(String.format("kill at %.0f%% produced: %d acknowledged, %d landed", point * 100,
                        feeder.acked.get(), landed));
                assertTrue(landed < N, "the kill came after everything had landed, so it proves nothing: " + kills);
                ObservationSet.evictGroupMembers(scenario.group);
                app.start(Duration.ofSeconds(60));
            }
            assertNull(feeder.awaitAllAcked(N, Duration.ofSeconds(60)), "producing the set");
        }
        set.awaitCount(N, Duration.ofSeconds(60), app);
        Services.sleep(1000); // a late redelivery must not add rows either
        String story = "seed " + SEED + ", " + String.join("; ", kills);
        scenario.assertTableHoldsExactly(set, story, " after ", "redelivered duplicates");
        scenario.assertNothingDeadLettered("valid observations were dead-lettered after " + story);
    }
}
