package nl.tweeling.harvest;

import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs harvesters that have an interval ({@code every}) when they are due: once a minute each instance looks at
 * when each harvester's newest run started. App instances are stateless; the per-harvester advisory lock and a
 * second look at the newest run under that lock keep two instances from running (or re-running) the same
 * harvester.
 */
@ApplicationScoped
public class HarvestScheduler {

    private static final Logger LOG = Logger.getLogger(HarvestScheduler.class);

    @Inject
    HarvestConfig config;

    @Inject
    HarvesterRegistry registry;

    @Inject
    HarvestRunner runner;

    @Inject
    HarvestRepository repository;

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.schedulerEnabled()) {
            return;
        }
        try {
            Map<String, Instant> last = repository.lastStarts();
            for (HarvesterDefinition h : registry.all()) {
                if (due(h, last.get(h.id()), Instant.now())) {
                    runner.runIfDue(h, "scheduler");
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("harvest scheduler: %s; trying again in a minute", e.getMessage());
        }
    }

    /** Whether a harvester with its newest run started at {@code lastStart} (null: never) should run at {@code now}. */
    static boolean due(HarvesterDefinition h, Instant lastStart, Instant now) {
        return h.every() != null && (lastStart == null || !now.isBefore(lastStart.plus(h.every())));
    }
}
