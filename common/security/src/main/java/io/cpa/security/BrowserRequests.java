package io.cpa.security;

import io.vertx.ext.web.RoutingContext;

/** Whether a request is a browser opening a page (which may be sent to a login page) rather than an API call. */
final class BrowserRequests {
    private BrowserRequests() {}

    static boolean isNavigation(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("text/html")
                && ctx.request().getHeader(ApiKeyMechanism.HEADER) == null
                && ctx.request().getHeader("Authorization") == null;
    }
}
