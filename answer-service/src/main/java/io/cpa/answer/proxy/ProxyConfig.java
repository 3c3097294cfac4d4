package io.cpa.answer.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The OpenAI-compatible proxy. Its upstreams are the routes of the routing table ({@code cpa.routes.*}). */
@ConfigMapping(prefix = "cpa.proxy")
public interface ProxyConfig {
    /**
     * Forward the caller's {@code Authorization} header upstream on every route instead of the route's key (one
     * route alone: {@code cpa.routes.<name>.pass-through}). The proxy's own key must then come in {@code X-CPA-Key}.
     */
    @WithDefault("false")
    boolean passThroughKey();

    /** answers waiting for the broker at most; beyond it they are dropped and counted, the caller never waits */
    @WithDefault("10000")
    int bufferCapacity();

    /** largest request body accepted (413 above) */
    @WithDefault("10485760")
    int maxBodySize();

    /** source label when the caller sends neither X-CPA-App nor X-CPA-Route */
    @WithDefault("proxy")
    String defaultSource();

    /** connections to the upstream at most */
    @WithDefault("256")
    int maxConnections();
}
