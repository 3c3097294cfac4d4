package io.cpa.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * 401 and 403 as JSON saying what is missing, in the shape a service's callers read ({@link AuthErrorReply}), instead
 * of an empty body. A browser opening a page while OpenID Connect is on is left to OIDC's redirect to its login.
 */
@Singleton
public class AuthFailures {
    static final String UNAUTHORIZED = "missing or unknown credentials: an API key (X-CPA-Key or Authorization: Bearer) or an OpenID Connect token";
    static final String FORBIDDEN = "the caller's roles do not allow this request";

    private final SecuritySetup setup;
    private final Instance<AuthErrorReply> replies;

    AuthFailures(SecuritySetup setup, Instance<AuthErrorReply> replies) {
        this.setup = setup;
        this.replies = replies;
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        int status;
        String message;
        if (f instanceof AuthenticationFailedException || f instanceof UnauthorizedException) {
            if (setup.oidc() && BrowserRequests.isNavigation(ctx)) {
                ctx.next();
                return;
            }
            status = 401;
            message = UNAUTHORIZED;
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cpa\"");
        } else if (f instanceof ForbiddenException) {
            status = 403;
            message = FORBIDDEN;
        } else {
            ctx.next();
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        for (AuthErrorReply r : replies) if (r.reply(ctx, status, message)) return;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
