package nl.tweeling.ingest;

/** A message that cannot become an observation; the message says why, safe to show and to put in a dead letter. */
public class InvalidObservationException extends Exception {

    public InvalidObservationException(String reason) {
        super(reason, null, false, false);
    }
}
