package io.cpa.security;

import io.cpa.auth.ApiKeys;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * API keys in {@value #HEADER}, else in {@code Authorization: Bearer} (what OpenAI SDKs send as their
 * {@code api_key}) unless that header belongs to an upstream ({@link UpstreamAuthorization}). A key in
 * {@value #HEADER} must be known (else 401); a bearer token that is no key is left to OpenID Connect, which reads it
 * as a token when it is on. Ahead of OIDC's mechanism, so a key never costs a token validation.
 */
@Singleton
public class ApiKeyMechanism implements HttpAuthenticationMechanism {
    public static final String HEADER = "X-CPA-Key";
    private static final int PRIORITY = DEFAULT_PRIORITY + 500;

    private final SecuritySetup setup;
    static final String UNAUTHORIZED = "missing or unknown credentials: an API key (X-CPA-Key or Authorization: Bearer) or an OpenID Connect token";

    private final Instance<UpstreamAuthorization> upstream;
    private final Instance<AuthErrorReply> replies;

    ApiKeyMechanism(SecuritySetup setup, Instance<UpstreamAuthorization> upstream, Instance<AuthErrorReply> replies) {
        this.setup = setup;
        this.upstream = upstream;
        this.replies = replies;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (setup.keys().isEmpty()) return Uni.createFrom().nullItem();
        String own = ctx.request().getHeader(HEADER);
        if (own != null) return identities.authenticate(new ApiKeyRequest(own.strip()));
        if (authorizationIsUpstreams(ctx)) return Uni.createFrom().nullItem();
        String bearer = ApiKeys.bearer(ctx.request().getHeader("Authorization"));
        if (bearer == null || bearer.isEmpty()) return Uni.createFrom().nullItem();
        if (setup.keys().identify(bearer).isPresent() || !setup.oidc()) {
            return identities.authenticate(new ApiKeyRequest(bearer));
        }
        // not a key: a token for OpenID Connect
        return Uni.createFrom().nullItem();
    }

    private boolean authorizationIsUpstreams(RoutingContext ctx) {
        for (UpstreamAuthorization u : upstream) if (u.belongsUpstream(ctx)) return true;
        return false;
    }

    /**
     * The 401 itself, with a JSON body saying what is missing in the shape the service's callers read
     * ({@link AuthErrorReply}, else {@code {"error": ...}}): Quarkus' own challenge has no body. A browser opening a
     * page while OpenID Connect is on is left to OIDC's redirect to its login.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext ctx) {
        if (setup.oidc() && BrowserRequests.isNavigation(ctx)) return Uni.createFrom().item(false);
        if (ctx.response().headWritten()) return Uni.createFrom().item(true);
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cpa\"");
        for (AuthErrorReply r : replies) if (r.reply(ctx, 401, UNAUTHORIZED)) return Uni.createFrom().item(true);
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", UNAUTHORIZED).encode());
        return Uni.createFrom().item(true);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        // a browser opening a page goes to the login page of OpenID Connect (its mechanism challenges next)
        if (setup.oidc() && BrowserRequests.isNavigation(ctx)) return Uni.createFrom().nullItem();
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"cpa\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
