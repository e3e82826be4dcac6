package nl.tweeling.platform.security;

import java.util.Set;

/** A verified API key: the holder's name and roles. Never holds the secret. */
public record ApiKey(String name, Set<Role> roles) {

    public boolean allows(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }
}
