package io.cpa.auth;

import java.util.Set;

/**
 * One configured API key: its name (what logs and identities show, never the key), the SHA-256 of the key, the
 * roles it grants (already expanded by {@link Role#effective}) and its tenant.
 */
public record ApiKey(String name, byte[] digest, Set<Role> roles, String tenant) {
    public ApiKey {
        roles = Set.copyOf(Role.effective(roles));
        digest = digest.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[" + name + ", roles=" + roles + ", tenant=" + tenant + "]";
    }
}
