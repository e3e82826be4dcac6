package nl.tweeling.harvest;

/** Receives what a reader finds, in source order. Not thread-safe: one reader calls it from one thread. */
public interface ReadingSink {

    /** A value that becomes an observation (if the datastream catalog accepts it). */
    void reading(Reading reading);

    /** A record that cannot become an observation; {@code reason} is safe to show. */
    void rejected(long offset, String reason);

    /** A record the source marks as missing (empty field, -1 marker): not an error, not written. */
    default void missing(long offset) {
    }
}
