package nl.tweeling.ingest;

import java.time.Instant;

/**
 * One validated observation, ready to write.
 *
 * @param datastreamId  the datastream it belongs to (resolved from the message's key or id)
 * @param result        the numeric result, or null when {@code resultJson} holds another result type
 * @param resultJson    a non-numeric result as JSON text, or null
 * @param source        where it came from, e.g. {@code kafka:tweeling.observations/3}
 * @param sourceOffset  its position there (Kafka offset, line number), or null; among messages for the
 *                      same key from the same source, the higher position wins
 */
public record Observation(
        long datastreamId,
        Instant phenomenonTime,
        Double result,
        String resultJson,
        String quality,
        String source,
        Long sourceOffset) {
}
