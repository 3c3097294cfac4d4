package io.cpa.security;

import io.vertx.ext.web.RoutingContext;

/**
 * Implemented by a service whose callers expect their own 401 shape on some paths (the answer-service's proxy:
 * OpenAI's {@code {"error": {...}}}). Returns false to leave the request to the default {@code {"error": message}}.
 */
public interface AuthErrorReply {
    boolean reply(RoutingContext ctx, int status, String message);
}
