package nl.tweeling.platform.security;

/**
 * Who makes a request: the verified API key it carries, or nobody. Decides what the caller may read
 * (docs/security.md, "Who may read what").
 */
public record Caller(ApiKey key) {

    public static final Caller ANONYMOUS = new Caller(null);

    public boolean authenticated() {
        return key != null;
    }

    public boolean admin() {
        return key != null && key.roles().contains(Role.ADMIN);
    }

    /**
     * True when the caller meets an access level: {@code public} (or null) anyone; {@code authenticated} any
     * valid key; a role id ({@code ingest}, {@code planner}, {@code editor}, {@code admin}) a key with that role (admin has every
     * role). An unknown level is met by admins only.
     */
    public boolean sees(String level) {
        if (level == null || level.equals("public")) {
            return true;
        }
        if (key == null) {
            return false;
        }
        if (level.equals("authenticated")) {
            return true;
        }
        return Role.of(level).map(key::allows).orElse(admin());
    }

    /** The levels {@link #sees} knows, for validation and docs. */
    public static boolean isLevel(String level) {
        return level != null && (level.equals("public") || level.equals("authenticated") || Role.of(level).isPresent());
    }
}
