package io.cpa.answer.model;

import io.cpa.client.ChatClient;
import io.cpa.client.ModelEndpoint;
import io.cpa.route.ModelRoute;
import io.cpa.route.ModelRoutes;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Chat clients for the models benchmark runs and studies ask, from the routing table: a model name is asked on its
 * route with the route's key. The older form, a model at a given base URL, keeps working: at its route's own base
 * URL it gets the route's key, at any other it is asked without a key (keys come only from configuration). One
 * HTTP client is shared; a client is made per run, so nothing here grows. Answers asked outside the table get no
 * certainty (nobody else may be asked in their model's name): put such a model in the table to have both.
 */
@ApplicationScoped
public class ModelClients {
    private final ModelRoutes routes;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    ModelClients(ModelRoutes routes) {
        this.routes = routes;
    }


    /**
     * A client for one model, and the name of the route it goes through ({@link ModelRoutes#OUTSIDE_TABLE} for a base
     * URL outside the table: the certainty-service then skips its answers with {@code no-route} rather than ask
     * another upstream).
     */
    public record Resolved(ChatClient client, String route) {}

    /**
     * The model runs ask when the request names none: the first exact model name of the default route, else of the
     * first route that has one.
     */
    public String defaultModel() {
        return routes.defaultRoute().stream().flatMap(r -> r.models().stream()).filter(ModelClients::exact).findFirst()
                .or(() -> routes.routes().stream().flatMap(r -> r.models().stream()).filter(ModelClients::exact).findFirst())
                .orElseThrow(() -> new IllegalStateException("no route names an exact model: name one in the run request"));
    }

    /** The model on its route; an {@link IllegalArgumentException} naming it when it has none or its route has no key to use. */
    public Resolved forModel(String model) {
        ModelRoute route = routes.routeFor(model).orElseThrow(() -> new IllegalArgumentException(
                "model '" + model + "' has no route (cpa.routes.<name>.models) and there is no default route"));
        if (!route.hasOwnCredentials()) {
            throw new IllegalArgumentException("model '" + model + "': route " + route.name()
                    + " passes the callers' keys through and has none of its own, so runs cannot ask it");
        }
        return new Resolved(new ChatClient(new ModelEndpoint(route.baseUrl(), route.apiKey().orElse(null), model), route.timeout(), http),
                route.name());
    }

    /** The older {@code NAME=BASE_URL} form; a null base URL is {@link #forModel(String)}. */
    public Resolved forModel(String model, String baseUrl) {
        if (baseUrl == null) return forModel(model);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        for (ModelRoute r : routes.routes()) {
            if (r.baseUrl().equals(base) && r.matches(model) && r.hasOwnCredentials()) {
                return new Resolved(new ChatClient(new ModelEndpoint(base, r.apiKey().orElse(null), model), r.timeout(), http), r.name());
            }
        }
        Duration timeout = routes.routeFor(model).map(ModelRoute::timeout).orElse(ModelRoutes.DEFAULT_TIMEOUT);
        return new Resolved(new ChatClient(new ModelEndpoint(base, null, model), timeout, http), ModelRoutes.OUTSIDE_TABLE);
    }

    private static boolean exact(String name) {
        return name.indexOf('*') < 0 && name.indexOf('?') < 0;
    }
}
