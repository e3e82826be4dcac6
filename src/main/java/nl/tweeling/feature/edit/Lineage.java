package nl.tweeling.feature.edit;

import java.time.Instant;
import java.util.UUID;

/**
 * Who makes an edit and when: what a target records with the versions it writes.
 *
 * @param editId the edit's id (its row in {@code tweeling.feature_edit}; baseline versions carry it as
 *               {@code source_id})
 * @param holder the name of the API key that made it
 * @param at     the edit's instant: valid_from of the version written, valid_to of the one ended. Set by
 *               {@link EditTarget#now} after the feature is locked, later than its current version began
 */
public record Lineage(UUID editId, String holder, Instant at) {

    /** The lineage {@code source} of every version written through the API. */
    public static final String SOURCE = "api";
}
