package nl.tweeling.process;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** OGC API – Processes settings (prefix {@code tweeling.processes}); docs/processes.md describes them. */
@ConfigMapping(prefix = "tweeling.processes")
public interface ProcessConfig {

    /** Process jobs this instance runs at the same time; more wait (status accepted). */
    @WithDefault("1")
    int workers();

    /** Process jobs that may wait for a worker in this instance; beyond that an execute request gets a 503. */
    @WithDefault("20")
    int queue();

    /**
     * How long an execute request with {@code Prefer: respond-sync} waits for its run; a run that takes longer is
     * answered asynchronously (201 with the job's status), as if the preference had not been given.
     */
    @WithDefault("30s")
    Duration syncWait();
}
