package io.cpa.security;

import io.vertx.ext.web.RoutingContext;

/**
 * Implemented by a service whose routes forward the caller's {@code Authorization} header to an upstream (the
 * answer-service's pass-through proxy): on those requests that header is not read as an API key.
 */
public interface UpstreamAuthorization {
    boolean belongsUpstream(RoutingContext ctx);
}
