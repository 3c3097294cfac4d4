package io.cpa.answer.auth;

import io.cpa.answer.proxy.ProxyConfig;
import io.cpa.answer.proxy.ProxyRoute;
import io.cpa.security.UpstreamAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * With {@code cpa.proxy.pass-through-key} the caller's {@code Authorization} on the proxy's paths is the upstream's
 * key, forwarded as is: the proxy's own key must then come in {@code X-CPA-Key}. (A single pass-through route is
 * known only once the body names its model; {@link ProxyRoute} asks for {@code X-CPA-Key} there.)
 */
// looked up only through Instance<> by the security module, which ArC would not count as a use
@Unremovable
@Singleton
public class ProxyAuthorization implements UpstreamAuthorization {
    private final ProxyConfig config;

    ProxyAuthorization(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public boolean belongsUpstream(RoutingContext ctx) {
        return config.passThroughKey() && ProxyErrors.isProxyPath(ctx.normalizedPath());
    }
}
