package io.cpa.security;

import io.cpa.auth.OpenMode;
import io.cpa.auth.Role;
import io.cpa.auth.Tenants;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * The one place the rule of open mode is applied: in a service that runs open, the anonymous caller acts with every
 * role ({@link OpenMode#ROLES}) on every tenant ({@link OpenMode#TENANT}), so everything works as before
 * authentication existed. In a secured service the anonymous caller has no role and the default tenant.
 */
@Singleton
public class OpenIdentityAugmentor implements SecurityIdentityAugmentor {
    private final SecuritySetup setup;

    OpenIdentityAugmentor(SecuritySetup setup) {
        this.setup = setup;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() || identity.getAttribute(Tenants.IDENTITY_ATTRIBUTE) != null) return Uni.createFrom().item(identity);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder(identity);
        if (setup.open()) {
            for (Role r : OpenMode.ROLES) b.addRole(r.id());
            b.addAttribute(Tenants.IDENTITY_ATTRIBUTE, OpenMode.TENANT);
        } else {
            b.addAttribute(Tenants.IDENTITY_ATTRIBUTE, Tenants.DEFAULT);
        }
        return Uni.createFrom().item(b.build());
    }
}
