package io.cpa.analysis.tenant;

import io.cpa.auth.Tenants;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place the analysis-service reads who is calling: the {@link TenantScope} of the current request's identity
 * (attribute {@value Tenants#IDENTITY_ATTRIBUTE}; missing is {@link Tenants#DEFAULT}).
 */
@ApplicationScoped
public class CallerScope {
    private final SecurityIdentity identity;

    CallerScope(SecurityIdentity identity) {
        this.identity = identity;
    }

    public TenantScope current() {
        return TenantScope.of(Tenants.ofCaller(identity.getAttribute(Tenants.IDENTITY_ATTRIBUTE)));
    }
}
