package io.cpa.certainty.service;

import io.cpa.client.HttpTransport;
import io.cpa.client.JdkHttpTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The transport of every model call, as {@code cpa.certainty.http.client} says; the Vert.x one is built only when chosen. */
@ApplicationScoped
class ModelTransport {
    @Produces
    @ApplicationScoped
    HttpTransport transport(ElicitationConfig config, Instance<VertxHttpTransport> vertx) {
        return switch (config.http().client()) {
            case "jdk" -> new JdkHttpTransport();
            case "vertx" -> vertx.get();
            default -> throw new IllegalArgumentException("cpa.certainty.http.client must be jdk or vertx, not "
                    + config.http().client());
        };
    }
}
