package io.cpa.certainty.service;

import io.cpa.client.ChatClient;
import io.cpa.client.CircuitBreaker;
import io.cpa.client.HttpTransport;
import io.cpa.client.ModelEndpoint;
import io.cpa.route.CertaintyTarget;
import io.cpa.route.ModelRoute;
import io.cpa.route.ModelRoutes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One circuit breaker per route of the table (so bounded by it): a failing upstream opens only its own circuit, and
 * the answers of other models go on being asked. Every route's calls go over the one transport (its pools are per host).
 */
final class RouteClients {
    record Upstream(ModelRoute route, CircuitBreaker breaker) {}

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final HttpTransport transport;

    RouteClients(ModelRoutes routes, CircuitBreaker.Settings circuit, HttpTransport transport) {
        this.transport = transport;
        for (ModelRoute r : routes.routes()) upstreams.put(r.name(), new Upstream(r, new CircuitBreaker(r.baseUrl(), circuit)));
    }

    Upstream upstream(ModelRoute route) {
        Upstream u = upstreams.get(route.name());
        if (u == null) throw new IllegalStateException("route " + route.name() + " is not in the table");
        return u;
    }

    Map<String, Upstream> all() {
        return upstreams;
    }

    /** A client that sends the target's model name to its route, with the route's key and timeout. */
    ChatClient client(CertaintyTarget target) {
        ModelRoute r = target.route();
        return new ChatClient(new ModelEndpoint(r.baseUrl(), r.apiKey().orElse(null), target.model()), r.timeout(), transport);
    }
}
