package nl.tweeling.process.model;

/**
 * Thrown by {@link ModelContext#progress} and {@link ModelContext#checkCancelled} once the job has been dismissed
 * ({@code DELETE /jobs/{id}}): let it propagate; the job's transaction rolls back and nothing the run wrote remains.
 */
public class ModelCancelledException extends RuntimeException {

    public ModelCancelledException(String message) {
        super(message, null, false, false);
    }
}
