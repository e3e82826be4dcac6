package nl.tweeling.scenario;

import java.time.OffsetDateTime;

/**
 * A scenario: a versioned copy-on-write overlay on the baseline layers (docs/scenarios.md).
 *
 * @param owner      the holder (name) of the API key that made it
 * @param visibility {@code private} (its owner and admins only) or {@code shared} (every planner reads it)
 * @param baseAt     null: over the live baseline; else the instant whose versions it starts from
 * @param revision   the current revision (0: made, nothing edited yet); each change makes the next one
 * @param adoptedAt  when an admin applied it to the baseline, or null
 */
public record Scenario(long id, String name, String description, String owner, String visibility,
        OffsetDateTime baseAt, OffsetDateTime createdAt, int revision, OffsetDateTime adoptedAt, String adoptedBy) {

    public static final String PRIVATE = "private";
    public static final String SHARED = "shared";

    /** The instant the scenario's baseline is compared with when it is adopted: its pinned base or its start. */
    public OffsetDateTime baseInstant() {
        return baseAt != null ? baseAt : createdAt;
    }
}
