package io.cpa.answer.tenant;

import io.cpa.auth.Tenants;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place the answer-service reads who is calling: the tenant of the caller's identity (attribute
 * {@value Tenants#IDENTITY_ATTRIBUTE}; missing is {@link Tenants#DEFAULT}). The REST resources ask {@link #current()};
 * the plain Vert.x routes (proxy, ingest, OTLP, labels) ask {@link #of(RoutingContext)}, since authentication attaches
 * the identity to the request there and no CDI request context is active on their event loop.
 */
@ApplicationScoped
public class CallerTenant {
    private final SecurityIdentity identity;

    CallerTenant(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The tenant of the caller of the current REST request. */
    public String current() {
        return Tenants.ofCaller(identity.getAttribute(Tenants.IDENTITY_ATTRIBUTE));
    }

    /** The tenant of the caller of a Vert.x route; an anonymous request is the default tenant's. */
    public static String of(RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user && user.getSecurityIdentity() != null) {
            return Tenants.ofCaller(user.getSecurityIdentity().getAttribute(Tenants.IDENTITY_ATTRIBUTE));
        }
        return Tenants.DEFAULT;
    }

    /** The tenant of what the caller of a Vert.x route sends in. */
    public static String ofData(RoutingContext ctx) {
        return Tenants.ofData(of(ctx));
    }
}
