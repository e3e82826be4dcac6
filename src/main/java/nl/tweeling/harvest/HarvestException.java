package nl.tweeling.harvest;

/** A harvest run that cannot complete (fetch failed, body malformed); the message is safe to show in the job. */
public class HarvestException extends RuntimeException {

    public HarvestException(String message) {
        super(message);
    }

    public HarvestException(String message, Throwable cause) {
        super(message, cause);
    }
}
