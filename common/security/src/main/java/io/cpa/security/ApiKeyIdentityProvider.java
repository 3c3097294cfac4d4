package io.cpa.security;

import io.cpa.auth.ApiKey;
import io.cpa.auth.Role;
import io.cpa.auth.Tenants;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** An API key to an identity: the key's name as principal, its roles, its tenant; an unknown key fails with 401. */
@Singleton
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {
    /** The identity attribute saying how the caller authenticated. */
    public static final String METHOD_ATTRIBUTE = "cpa.auth.method";

    private final SecuritySetup setup;

    ApiKeyIdentityProvider(SecuritySetup setup) {
        this.setup = setup;
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        // hashing and comparing a few digests is cheap: no need to leave the event loop
        return setup.keys().identify(request.key())
                .map(k -> Uni.createFrom().item(identity(k)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API key")));
    }

    static SecurityIdentity identity(ApiKey key) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("key:" + key.name()))
                .addAttribute(Tenants.IDENTITY_ATTRIBUTE, key.tenant())
                .addAttribute(METHOD_ATTRIBUTE, "api-key");
        for (Role r : key.roles()) b.addRole(r.id());
        return b.build();
    }
}
