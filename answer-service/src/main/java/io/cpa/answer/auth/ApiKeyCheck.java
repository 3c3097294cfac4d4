package io.cpa.answer.auth;

import io.cpa.answer.http.HttpErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which key a request presents: {@code X-CPA-Key}, else the {@code Authorization: Bearer} token (what the OpenAI
 * SDKs send as their {@code api_key}) unless that header belongs to the upstream (pass-through).
 */
@ApplicationScoped
public class ApiKeyCheck {
    public static final String HEADER = "X-CPA-Key";

    private final ApiKeys keys;

    ApiKeyCheck(AuthConfig config) {
        this.keys = new ApiKeys(config.keys().orElse(java.util.List.of()));
    }

    public boolean enabled() {
        return keys.enabled();
    }

    public boolean accepts(RoutingContext ctx, boolean authorizationIsUpstreams) {
        if (!keys.enabled()) return true;
        String presented = ctx.request().getHeader(HEADER);
        if (presented == null && !authorizationIsUpstreams) presented = ApiKeys.bearer(ctx.request().getHeader("Authorization"));
        return keys.accepts(presented);
    }

    /**
     * A route handler for the plain JSON APIs (ingest, labels): on to the next handler with a valid key, else 401
     * {@code {"error"}} before the body is read.
     */
    public void require(RoutingContext ctx) {
        if (accepts(ctx, false)) ctx.next();
        else HttpErrors.plain(ctx, 401, "missing or unknown API key (X-CPA-Key or Authorization: Bearer)", null);
    }
}
