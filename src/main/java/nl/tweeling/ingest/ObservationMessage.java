package nl.tweeling.ingest;

import java.time.Instant;

/**
 * An observation as a client sent it (Tweeling observation JSON), parsed but not yet checked against the
 * datastream catalog.
 *
 * @param datastream the datastream key (or its numeric id as text)
 * @param result     numeric result, or null when {@code resultJson} is set
 * @param resultJson any other JSON result, as text
 * @param lon        longitude of the optional location (CRS84), or null
 * @param lat        latitude of the optional location (CRS84), or null
 */
public record ObservationMessage(
        String datastream,
        Instant phenomenonTime,
        Double result,
        String resultJson,
        String quality,
        Double lon,
        Double lat) {
}
