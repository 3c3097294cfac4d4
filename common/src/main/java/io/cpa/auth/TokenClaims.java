package io.cpa.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles and tenant of an OpenID Connect caller, from its token's claims. A claim value is a role when it names one
 * ({@code viewer}, {@code operator}, {@code ingest}, {@code admin}, any case) or when the mapping names it
 * ({@code cpa.auth.oidc.role-mapping.<value>=viewer,operator}); other values are ignored. A token whose tenant claim
 * is not a valid tenant, or is {@code *} without admin, grants nothing.
 */
public final class TokenClaims {
    public record Grant(Set<Role> roles, String tenant) {
        public static final Grant NONE = new Grant(Set.of(), Tenants.DEFAULT);
    }

    private TokenClaims() {}

    public static Grant grant(Collection<String> roleValues, Map<String, List<String>> mapping, String tenantClaim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String v : roleValues) {
            if (v == null) continue;
            List<String> mapped = mapping.get(v.strip());
            if (mapped != null) {
                for (String m : mapped) parse(m).ifPresent(roles::add);
            } else {
                parse(v).ifPresent(roles::add);
            }
        }
        if (roles.isEmpty()) return Grant.NONE;
        String tenant;
        try {
            tenant = KeyTable.tenant(tenantClaim, roles);
        } catch (IllegalArgumentException e) {
            return Grant.NONE;
        }
        return new Grant(Set.copyOf(Role.effective(roles)), tenant);
    }

    private static Optional<Role> parse(String v) {
        try {
            return Optional.of(Role.parse(v.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
