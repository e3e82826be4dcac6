package nl.tweeling.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/** Tables that stopped runs left in tweeling_stage go at startup; those of running jobs stay. */
@QuarkusTest
class StageSweeperTest {

    @Inject
    StageSweeper sweeper;

    @Test
    void dropsTheTablesOfEndedOrUnknownJobsAndKeepsThoseOfRunningOnes() throws Exception {
        UUID unknown = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        TestDatabase.update("INSERT INTO tweeling.job (id, kind, status) VALUES (?, 'import', 'running'), (?, 'import', 'failed')",
                running, failed);
        String unknownLoad = "load_" + hex(unknown);
        String runningRun = "run_" + hex(running);
        String failedRun = "run_" + hex(failed);
        for (String t : List.of(unknownLoad, runningRun, failedRun)) {
            TestDatabase.update("CREATE TABLE tweeling_stage." + t + " (x int)");
        }
        TestDatabase.update("CREATE TABLE tweeling_stage.not_a_run_table (x int)");

        List<String> dropped = sweeper.sweep();
        assertTrue(dropped.containsAll(List.of(unknownLoad, failedRun)), dropped.toString());
        assertFalse(dropped.contains(runningRun), dropped.toString());
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage' AND tablename = ?",
                runningRun));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage'"
                + " AND tablename IN (?, ?)", unknownLoad, failedRun));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'tweeling_stage'"
                + " AND tablename = 'not_a_run_table'"));
        TestDatabase.update("DROP TABLE tweeling_stage." + runningRun + ", tweeling_stage.not_a_run_table");
        TestDatabase.update("UPDATE tweeling.job SET status = 'failed' WHERE id = ?", running);
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }
}
