package io.cpa.answer.model;

import io.cpa.route.ModelRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The model routing table from this service's configuration ({@code cpa.routes.*}, or the single-model
 * {@code cpa.model.*} settings as a one-route table); a bad table fails the start with the key named.
 */
@ApplicationScoped
public class RoutesProducer {
    private static final Logger LOG = Logger.getLogger(RoutesProducer.class);

    @Produces
    @ApplicationScoped
    ModelRoutes routes(Config config) {
        ModelRoutes routes = ModelRoutes.fromConfig(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class), System.getenv());
        LOG.infof("model routes: %s", routes); // a route's toString never shows its key
        return routes;
    }
}
