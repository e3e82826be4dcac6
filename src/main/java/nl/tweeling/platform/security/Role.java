package nl.tweeling.platform.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Roles an API key can carry. {@link #ADMIN} implies the others. {@link #EDITOR} creates, replaces, updates and
 * deletes features (OGC API – Features Part 4; docs/security.md).
 */
public enum Role {
    INGEST, PLANNER, EDITOR, ADMIN;

    /** The role's name as stored and shown: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
