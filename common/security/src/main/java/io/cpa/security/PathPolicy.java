package io.cpa.security;

import io.cpa.auth.Access;
import io.cpa.auth.AccessRules;
import io.cpa.auth.Csrf;
import io.cpa.auth.Role;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every request of the service, Vert.x route or REST resource, against {@link AccessRules} (a path no rule names needs
 * admin) and, for a changing request of a browser session, {@link Csrf}. A global policy (no name): Quarkus applies it
 * to every request. A denied anonymous caller gets 401, a denied authenticated one 403.
 */
@Singleton
public class PathPolicy implements HttpSecurityPolicy {
    @Override
    public Uni<CheckResult> checkPermission(RoutingContext ctx, Uni<SecurityIdentity> identity, AuthorizationRequestContext context) {
        Access access = AccessRules.required(ctx.request().method().name(), ctx.normalizedPath());
        if (access.isOpen()) return CheckResult.permit();
        return identity.map(id -> {
            if (!access.allows(roles(id))) return CheckResult.DENY;
            boolean byCookie = id.getCredential(IdTokenCredential.class) != null;
            boolean csrfOk = Csrf.allows(ctx.request().method().name(), byCookie, ctx.request().getHeader(Csrf.HEADER),
                    ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"));
            return csrfOk ? CheckResult.PERMIT : CheckResult.DENY;
        });
    }

    static Set<Role> roles(SecurityIdentity id) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) if (id.hasRole(r.id())) out.add(r);
        return out;
    }
}
