package nl.tweeling.process;

import nl.tweeling.platform.security.Caller;

/**
 * The seam to scenarios for process runs (implemented by the scenario feature; without an implementation every
 * process refuses a {@code scenario} input with a 400). A run reads each layer through
 * {@link #relation}: the layer's current features as the scenario makes them at the revision.
 */
public interface ScenarioRelations {

    /**
     * Checks that {@code caller} may read scenario {@code scenario} and that {@code revision} (null: its current
     * revision) exists, and returns the revision to read. Throws a TweelingException (404 for an unknown or
     * invisible scenario, 400 for a revision it does not have) otherwise.
     */
    long resolve(String scenario, Long revision, Caller caller);

    /**
     * The SQL of a parenthesised relation without bind parameters, with all columns of layer {@code layerId}'s table,
     * holding the features current in {@code scenario} at {@code revision}; IllegalArgumentException when the layer
     * does not exist there.
     */
    String relation(String layerId, String scenario, long revision);
}
