package nl.tweeling.job;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;

/**
 * Dismisses jobs (OGC API – Processes, {@code DELETE /jobs/{jobId}}). An accepted or running job is cancelled:
 * through its {@link JobHandle} when this instance runs it (the runner stops at once and rolls back), and in the
 * database in any case, where the instance running it finds it at its next progress report and before it commits.
 * The run changes nothing; the job keeps its row, with status {@code dismissed}. A job that has ended is never
 * removed: rows of layers and observations name it as their {@code source_run} (lineage).
 */
@ApplicationScoped
public class DismissService {

    private static final Logger LOG = Logger.getLogger(DismissService.class);
    /**
     * The kinds whose runners stop when dismissed (they hold a {@link JobHandle}, watch {@link JobService#progress}
     * and claim their commit): a job of another kind (e.g. a sample load) runs to its end.
     */
    static final Set<String> DISMISSABLE = Set.of("import", "harvest");
    /** How long a DELETE waits for this instance's runner to have stopped and cleaned up. */
    static final long WAIT_MILLIS = 30_000;

    @Inject
    JobService jobs;

    @Inject
    RunningJobs running;

    @Inject
    jakarta.enterprise.inject.Instance<JobResults> results;

    /**
     * Dismisses {@code job} (already found and authorised) and returns it as it is afterwards. A job that has
     * succeeded or failed, or finished while being dismissed, is a 409; one that is dismissed already is returned
     * as it is (DELETE is idempotent).
     */
    public Job dismiss(Job job, String by) {
        if (Job.DISMISSED.equals(job.status)) {
            return job;
        }
        if (job.finished()) {
            for (JobResults r : results) {
                if (r.handles(job)) {
                    // results that live until their job is deleted (process jobs): deleting the job removes them
                    List<String> removed = r.delete(job, "deleted" + (by == null ? "" : " by " + by) + " after it had "
                            + job.status + (job.message == null ? "" : " (" + job.message + ")")
                            + "; its results were removed");
                    LOG.infof("job %s (%s) deleted%s with its results %s", job.id, job.kind,
                            by == null ? "" : " by " + by, removed);
                    return jobs.find(job.id).orElseThrow();
                }
            }
            throw ended(job);
        }
        if (!DISMISSABLE.contains(job.kind) && !job.process()) {
            throw new TweelingException(409, "Conflict", "Jobs of type " + job.kind + " cannot be dismissed; wait for"
                    + " job " + job.id + " to end.", null, null);
        }
        String message = "dismissed" + (by == null ? "" : " by " + by) + " while " + job.status + "; the run was stopped";
        Optional<JobHandle> handle = running.find(job.id);
        if (handle.isPresent() && !handle.get().cancel(message)) {
            // the runner here had claimed its commit: it ends as it would have
            await(handle.get());
            return endedOrDismissed(job.id);
        }
        // this instance's runner stops and records the dismissal itself; wait for it (it may hold locks on the
        // job table until its transaction has rolled back)
        handle.ifPresent(this::await);
        Job now = jobs.find(job.id).orElseThrow();
        if (!now.finished() && !jobs.dismiss(job.id, message)) {
            // it ended meanwhile, or is committing on another instance
            return endedOrDismissed(job.id);
        }
        Job dismissed = endedOrDismissed(job.id);
        LOG.infof("job %s (%s) dismissed%s at %d%% (%s)", job.id, job.kind, by == null ? "" : " by " + by, job.progress,
                job.message);
        return dismissed;
    }

    private void await(JobHandle h) {
        if (!h.started()) {
            return;   // still in a queue: its worker skips it
        }
        try {
            if (!h.awaitDone(WAIT_MILLIS)) {
                LOG.warnf("job %s: the dismissed run has not stopped after %d ms", h.id(), WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Job endedOrDismissed(UUID id) {
        Job now = jobs.find(id).orElseThrow();
        if (Job.DISMISSED.equals(now.status)) {
            return now;
        }
        if (!now.finished()) {
            // committing (progress 100): wait briefly for its end, so the answer says how it ended
            for (int i = 0; i < 50 && !now.finished(); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                now = jobs.find(id).orElseThrow();
            }
        }
        throw ended(now);
    }

    private static TweelingException ended(Job job) {
        String detail = switch (job.status) {
            case Job.SUCCESSFUL -> "Job " + job.id + " has finished successfully; it cannot be dismissed. Its results"
                    + " are data (rows name it as their source_run), so the job is kept for lineage. To change the data,"
                    + " run a new job (e.g. import again).";
            case Job.FAILED -> "Job " + job.id + " has failed and changed nothing; it is kept as a record of the"
                    + " attempt and cannot be dismissed.";
            default -> "Job " + job.id + " is committing its results and can no longer be dismissed; GET /jobs/"
                    + job.id + " shows how it ends.";
        };
        return new TweelingException(409, "Conflict", detail, null, null);
    }
}
