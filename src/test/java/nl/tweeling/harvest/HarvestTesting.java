package nl.tweeling.harvest;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;

/** Helpers for harvest tests: unique harvester ids, running one and reading its job. */
public final class HarvestTesting {

    private HarvestTesting() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static HarvesterDefinition definition(String id, String type, String url, Map<String, Object> options) {
        return new HarvesterDefinition(id, type, url, (Duration) null, options, "api");
    }

    /** Runs the harvester now and returns its finished job. */
    public static Job run(HarvestRunner runner, JobService jobs, HarvesterDefinition h) {
        UUID id = runner.runNow(h, "test").orElseThrow(() -> new AssertionError("harvester " + h.id() + " is locked"));
        return jobs.find(id).orElseThrow();
    }

    public static long number(Job job, String key) {
        Object v = job.results.get(key);
        if (!(v instanceof Number n)) {
            throw new AssertionError("job result " + key + " is " + v + " in " + job.results + " (" + job.message + ")");
        }
        return n.longValue();
    }
}
