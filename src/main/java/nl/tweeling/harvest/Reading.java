package nl.tweeling.harvest;

import java.time.Instant;

/**
 * One value read from a source, already in the observed property's unit and at a UTC instant.
 *
 * @param offset the record's position or original numeric id at the source (stored as source_offset)
 */
public record Reading(SourceStream stream, Instant phenomenonTime, double result, long offset) {
}
