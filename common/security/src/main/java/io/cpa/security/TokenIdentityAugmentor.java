package io.cpa.security;

import io.cpa.auth.Role;
import io.cpa.auth.Tenants;
import io.cpa.auth.TokenClaims;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An OpenID Connect caller's roles and tenant, from its token: the role claims ({@code cpa.auth.oidc.role-claims})
 * mapped to the four roles and expanded, the tenant claim ({@code cpa.auth.oidc.tenant-claim}). The token's other
 * groups are not roles here, so a group that happens to be called like a role elsewhere grants only what the mapping
 * says.
 */
@Singleton
public class TokenIdentityAugmentor implements SecurityIdentityAugmentor {
    private final SecurityConfig.Oidc config;

    TokenIdentityAugmentor(SecurityConfig config) {
        this.config = config.oidc();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) return Uni.createFrom().item(identity);
        List<String> values = new ArrayList<>();
        for (String path : config.roleClaims()) values.addAll(strings(claim(jwt, path)));
        Object t = claim(jwt, config.tenantClaim());
        String tenant = t instanceof JsonString s ? s.getString() : t instanceof String s ? s : null;
        TokenClaims.Grant grant = TokenClaims.grant(values, config.roleMapping(), tenant);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(Tenants.IDENTITY_ATTRIBUTE, grant.tenant())
                .addAttribute(ApiKeyIdentityProvider.METHOD_ATTRIBUTE, "oidc");
        for (Role r : grant.roles()) b.addRole(r.id());
        return Uni.createFrom().item(b.build());
    }

    private static Object claim(JsonWebToken jwt, String path) {
        String[] parts = path.split("/");
        Object v = jwt.getClaim(parts[0]);
        for (int i = 1; i < parts.length && v != null; i++) {
            v = v instanceof JsonObject o ? o.get(parts[i]) : null;
        }
        return v;
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (JsonValue e : a) if (e instanceof JsonString s) out.add(s.getString());
        } else if (v instanceof JsonString s) {
            out.add(s.getString());
        } else if (v instanceof String s) {
            for (String p : s.split("[ ,]")) if (!p.isBlank()) out.add(p);
        } else if (v instanceof Collection<?> c) {
            for (Object e : c) if (e != null) out.add(e instanceof JsonString s ? s.getString() : e.toString());
        }
        return out;
    }
}
