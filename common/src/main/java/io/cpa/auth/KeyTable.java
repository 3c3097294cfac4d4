package io.cpa.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the {@link ApiKeys} of a service from its configuration. Every mistake is an {@link IllegalArgumentException}
 * naming the configuration key, never the secret. The legacy list {@code cpa.auth.keys} (env {@code CPA_AUTH_KEYS})
 * still works: each of its keys has the role {@link Role#INGEST} and the tenant {@link Tenants#DEFAULT}, as those keys
 * only ever opened the proxy and the ingest API.
 */
public final class KeyTable {
    public static final String PREFIX = "cpa.auth.api-keys.";

    private KeyTable() {}

    public static ApiKeys build(Collection<KeySpec> specs, List<String> legacy, Function<String, String> env) {
        List<ApiKey> keys = new ArrayList<>();
        for (KeySpec s : specs) keys.add(entry(s, env));
        int i = 0;
        for (String k : legacy) {
            String key = k.strip();
            if (key.isEmpty()) continue;
            keys.add(new ApiKey("legacy-" + (++i), KeyDigest.of(key), EnumSet.of(Role.INGEST), Tenants.DEFAULT));
        }
        return new ApiKeys(keys);
    }

    static ApiKey entry(KeySpec s, Function<String, String> env) {
        String at = PREFIX + s.name() + ".";
        int given = (s.digest().isPresent() ? 1 : 0) + (s.key().isPresent() ? 1 : 0) + (s.keyEnv().isPresent() ? 1 : 0);
        if (given != 1)
            throw new IllegalArgumentException(at + "digest, " + at + "key or " + at + "key-env: exactly one is required, " + given + " given");
        byte[] digest;
        if (s.digest().isPresent()) {
            try {
                digest = KeyDigest.parse(s.digest().get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "digest: " + e.getMessage());
            }
        } else if (s.key().isPresent()) {
            String key = s.key().get().strip();
            if (key.isEmpty()) throw new IllegalArgumentException(at + "key is empty");
            digest = KeyDigest.of(key);
        } else {
            String var = s.keyEnv().get().strip();
            String key = env.apply(var);
            if (key == null || key.isBlank())
                throw new IllegalArgumentException(at + "key-env names the environment variable " + var + ", which is not set");
            digest = KeyDigest.of(key.strip());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        String list = s.roles().orElse("");
        for (String r : list.split(",")) {
            if (r.isBlank()) continue;
            try {
                roles.add(Role.parse(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "roles: " + e.getMessage());
            }
        }
        if (roles.isEmpty()) throw new IllegalArgumentException(at + "roles: at least one of viewer, operator, ingest, admin is required");
        String tenant;
        try {
            tenant = tenant(s.tenant().orElse(null), roles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "tenant: " + e.getMessage());
        }
        return new ApiKey(s.name(), digest, roles, tenant);
    }

    /** A caller's tenant: {@link Tenants#ALL} only together with admin; otherwise a tenant name (none: the default). */
    public static String tenant(String configured, Set<Role> roles) {
        if (configured != null && Tenants.ALL.equals(configured.strip())) {
            if (!roles.contains(Role.ADMIN)) throw new IllegalArgumentException("'*' (every tenant) is allowed only with the role admin");
            return Tenants.ALL;
        }
        return Tenants.normalize(configured);
    }
}
