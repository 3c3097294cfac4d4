package io.cpa.security;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials of the request being served, for a call this service makes to a peer instance on the caller's
 * behalf (the analysis-service's interactive queries): the peer then authorizes the same caller, with the same roles
 * and tenant, instead of trusting the instance.
 */
@Singleton
public class PeerCredentials {
    private final Instance<CurrentVertxRequest> current;

    PeerCredentials(Instance<CurrentVertxRequest> current) {
        this.current = current;
    }

    /** Header name to value; empty outside a request. */
    public Map<String, String> headers() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            CurrentVertxRequest c = current.get();
            if (c == null || c.getCurrent() == null) return out;
            HttpServerRequest r = c.getCurrent().request();
            copy(r, ApiKeyMechanism.HEADER, out);
            copy(r, "Authorization", out);
            copy(r, "Cookie", out);
        } catch (RuntimeException e) {
            // no active request context: a call not on behalf of a caller
        }
        return out;
    }

    private static void copy(HttpServerRequest r, String name, Map<String, String> out) {
        String v = r.getHeader(name);
        if (v != null) out.put(name, v);
    }
}
