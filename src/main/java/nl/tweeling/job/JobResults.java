package nl.tweeling.job;

import java.util.List;
import java.util.UUID;

/**
 * Removes what a finished job produced, when its kind keeps results that live until the job is deleted (process
 * jobs: their result layers; implemented in nl.tweeling.process). {@link DismissService} calls it for a finished job
 * whose kind {@link #handles}.
 */
public interface JobResults {

    boolean handles(Job job);

    /** Deletes the job's results and marks it dismissed with {@code message}; returns what was removed (layer ids). */
    List<String> delete(Job job, String message);
}
