package nl.tweeling.feature.edit;

import java.time.Instant;

/**
 * One version of a feature as an {@link EditTarget} keeps it: what the ETag of its representations is made
 * from ({@link EditHttp#etag}).
 *
 * @param featureId the feature's id
 * @param token     opaque, changes with every version and never repeats for the feature (the baseline uses the
 *                  row's key and valid_from); letters, digits and {@code -} only
 * @param validFrom when the version began
 */
public record Version(String featureId, String token, Instant validFrom) {

    /** The token of a stored row: its key and start, in base 36 ({@code fid-validFromMicros}). */
    public static String token(long rowKey, Instant validFrom) {
        long micros = Math.multiplyExact(validFrom.getEpochSecond(), 1_000_000L) + validFrom.getNano() / 1_000;
        return Long.toString(rowKey, 36) + "-" + Long.toString(micros, 36);
    }
}
