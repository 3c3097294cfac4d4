package io.cpa.certainty.service;

import io.cpa.client.ChatClient;
import io.cpa.client.CircuitBreaker;
import io.cpa.client.ModelEndpoint;
import io.cpa.route.CertaintyTarget;
import io.cpa.route.ModelRoute;
import io.cpa.route.ModelRoutes;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP client and one circuit breaker per route of the table (so bounded by it): a failing upstream opens only its
 * own circuit, and the answers of other models go on being asked.
 */
final class RouteClients {
    record Upstream(ModelRoute route, CircuitBreaker breaker) {}

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    RouteClients(ModelRoutes routes, CircuitBreaker.Settings circuit) {
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

    /** A client that sends the target's model name to its route, with the route's key; shares one connection pool. */
    ChatClient client(CertaintyTarget target) {
        ModelRoute r = target.route();
        return new ChatClient(new ModelEndpoint(r.baseUrl(), r.apiKey().orElse(null), target.model()), r.timeout(), http);
    }
}
