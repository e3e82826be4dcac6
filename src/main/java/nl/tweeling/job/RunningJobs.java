package nl.tweeling.job;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The jobs this instance runs (or holds in a queue) that can be dismissed. A runner {@link #open opens} a handle
 * when it accepts a job and {@link #close closes} it when the run has ended and cleaned up; {@code DELETE
 * /jobs/{id}} cancels through it. Jobs running on another instance are dismissed through the database instead
 * (their runner sees the status at its next progress report and before it commits).
 */
@ApplicationScoped
public class RunningJobs {

    private final ConcurrentHashMap<UUID, JobHandle> handles = new ConcurrentHashMap<>();

    /** A handle for a job this instance is about to run. */
    public JobHandle open(UUID job) {
        JobHandle h = new JobHandle(job);
        handles.put(job, h);
        return h;
    }

    /** The run has ended: nothing of it runs any more. */
    public void close(JobHandle handle) {
        handles.remove(handle.id(), handle);
        handle.done();
    }

    public Optional<JobHandle> find(UUID job) {
        return Optional.ofNullable(handles.get(job));
    }
}
