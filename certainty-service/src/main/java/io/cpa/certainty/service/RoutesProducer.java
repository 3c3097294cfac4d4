package io.cpa.certainty.service;

import io.cpa.route.ModelRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** The routing table from this service's configuration; a bad table fails the start with the key named. */
@ApplicationScoped
public class RoutesProducer {
    private static final Logger LOG = Logger.getLogger(RoutesProducer.class);

    @Produces
    @ApplicationScoped
    ModelRoutes routes(Config config) {
        ModelRoutes routes = ModelRoutes.fromConfig(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class), System::getenv);
        LOG.infof("certainty routes: %s", routes); // keys are never shown by the routes' toString
        return routes;
    }
}
