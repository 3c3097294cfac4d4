package io.cpa.auth;

import java.util.Optional;

/**
 * One entry of {@code cpa.auth.api-keys.<name>} as configured: exactly one of {@code digest} ({@code sha256:<hex>}),
 * {@code key} (the key itself) and {@code key-env} (the name of an environment variable holding it); {@code roles}
 * (comma separated) and {@code tenant}.
 */
public record KeySpec(String name, Optional<String> digest, Optional<String> key, Optional<String> keyEnv,
                      Optional<String> roles, Optional<String> tenant) {
    @Override
    public String toString() {
        // never the key itself
        return "KeySpec[" + name + "]";
    }
}
