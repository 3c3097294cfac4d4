package io.cpa.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cpa.auth.*}: the API keys (env {@code CPA_AUTH_API_KEYS_<NAME>_<FIELD>}), the legacy key list
 * ({@code CPA_AUTH_KEYS}), open mode and how OpenID Connect tokens carry roles and tenants.
 */
@ConfigMapping(prefix = "cpa.auth")
public interface SecurityConfig {
    /** Legacy: keys with the role ingest on the default tenant. */
    Optional<List<String>> keys();

    Map<String, ApiKeyEntry> apiKeys();

    /** Run open (no key, no OIDC) on an address other than the loopback interface. */
    @WithDefault("false")
    boolean allowOpen();

    Oidc oidc();

    interface ApiKeyEntry {
        Optional<String> digest();

        Optional<String> key();

        Optional<String> keyEnv();

        Optional<String> roles();

        Optional<String> tenant();
    }

    interface Oidc {
        /** Claims holding role names, a path with '/' into nested objects (Keycloak: realm_access/roles). */
        @WithDefault("groups,realm_access/roles")
        List<String> roleClaims();

        @WithDefault("tenant")
        String tenantClaim();

        /** A claim value (a group) and the roles it grants. */
        Map<String, List<String>> roleMapping();
    }
}
