package nl.tweeling.job;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The runner's side of dismissing one job in this instance (see {@link RunningJobs}). The runner calls
 * {@link #check()} between its steps, registers what can interrupt a step as it starts it ({@link #onCancel}: destroy
 * an ogr2ogr process, cancel a JDBC statement) and claims {@link #finish()} just before it commits; {@link #cancel}
 * and {@link #finish} exclude each other, so a job is either dismissed and changes nothing, or finishes as it would
 * have. Thread-safe: the runner and the thread answering {@code DELETE} share it.
 */
public final class JobHandle {

    private static final Logger LOG = Logger.getLogger(JobHandle.class);

    /** Something that interrupts the current step; unregister it with {@link Registration#close()}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final UUID id;
    private final List<Runnable> stoppers = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private boolean started;
    private boolean finishing;
    private String dismissal;

    JobHandle(UUID id) {
        this.id = id;
    }

    public UUID id() {
        return id;
    }

    /** A worker took the job; false when it was dismissed while it waited (the worker then skips it). */
    public synchronized boolean start() {
        started = true;
        return dismissal == null;
    }

    synchronized boolean started() {
        return started;
    }

    /**
     * Dismisses the job: runs every registered stopper once. False when the runner already claimed
     * {@link #finish()}: the job is committing and ends as it would have.
     */
    public synchronized boolean cancel(String message) {
        if (finishing) {
            return false;
        }
        if (dismissal == null) {
            dismissal = message;
            for (Runnable r : List.copyOf(stoppers)) {
                stop(r);
            }
        }
        return true;
    }

    /** Whether the job was dismissed. */
    public synchronized boolean cancelled() {
        return dismissal != null;
    }

    /** The dismissal's message, or null. */
    public synchronized String dismissal() {
        return dismissal;
    }

    /** Throws {@link JobDismissedException} when the job was dismissed; call it between steps. */
    public void check() {
        String message = dismissal();
        if (message != null) {
            throw new JobDismissedException(message);
        }
    }

    /**
     * Registers what interrupts the step starting now; runs it at once when the job is dismissed already. Close
     * the registration before the resource it touches is released (e.g. before a connection goes back to the pool).
     */
    public synchronized Registration onCancel(Runnable stopper) {
        stoppers.add(stopper);
        if (dismissal != null) {
            stop(stopper);
        }
        return () -> {
            synchronized (JobHandle.this) {
                stoppers.remove(stopper);
            }
        };
    }

    /** Claims the end of the run before committing; false (commit nothing) when the job was dismissed. */
    public synchronized boolean finish() {
        if (dismissal != null) {
            return false;
        }
        finishing = true;
        return true;
    }

    void done() {
        done.countDown();
    }

    /** Waits for the runner to have ended (cleaned up); false on timeout. */
    boolean awaitDone(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    private void stop(Runnable stopper) {
        try {
            stopper.run();
        } catch (RuntimeException e) {
            LOG.warnf("job %s: stopping a step of the dismissed run failed: %s", id, e.getMessage());
        }
    }
}
