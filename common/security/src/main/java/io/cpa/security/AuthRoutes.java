package io.cpa.security;

import io.cpa.auth.Role;
import io.cpa.auth.Tenants;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code GET /auth/me}: who the caller is (name, roles, tenant, how authenticated), for the dashboard;
 * {@code GET /auth/login}: an authenticated page that sends the browser on to the dashboard, so a link to it starts
 * the OpenID Connect login. Both need an authenticated caller ({@link io.cpa.auth.AccessRules}).
 */
@Singleton
public class AuthRoutes {
    void routes(@Observes Router router) {
        router.get("/auth/me").order(-90).handler(ctx -> QuarkusHttpUser.getSecurityIdentity(ctx, null).subscribe().with(id -> {
            JsonArray roles = new JsonArray();
            for (Role r : Role.values()) if (id != null && id.hasRole(r.id())) roles.add(r.id());
            Object tenant = id == null ? null : id.getAttribute(Tenants.IDENTITY_ATTRIBUTE);
            Object method = id == null ? null : id.getAttribute(ApiKeyIdentityProvider.METHOD_ATTRIBUTE);
            JsonObject body = new JsonObject()
                    .put("name", id == null || id.isAnonymous() ? null : id.getPrincipal().getName())
                    .put("anonymous", id == null || id.isAnonymous())
                    .put("roles", roles)
                    .put("tenant", tenant == null ? Tenants.DEFAULT : tenant.toString())
                    .put("method", method == null ? "none" : method.toString());
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body.encode());
        }, ctx::fail));
        router.get("/auth/login").order(-90).handler(ctx -> ctx.redirect("/"));
    }
}
