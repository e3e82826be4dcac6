package nl.tweeling.job;

/**
 * Thrown inside a job's runner when the job was dismissed ({@code DELETE /jobs/{id}}): the runner stops, rolls
 * back what it started and records nothing but the dismissal. Control flow only; it never reaches a client.
 */
public class JobDismissedException extends RuntimeException {

    public JobDismissedException(String message) {
        super(message, null, false, false);
    }
}
