package io.cpa.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * At start: builds the security setup (so a wrong key table or an open service on a public address stops the start,
 * with its reason) and says in one WARN line when the service is open, and to whom.
 */
@Singleton
public class OpenModeGuard {
    private static final Logger LOG = Logger.getLogger(OpenModeGuard.class);

    void onStart(@Observes StartupEvent event, SecuritySetup setup) {
        if (setup.open()) {
            LOG.warn(setup.mode().warning());
        } else {
            LOG.infof("authentication on: %d API key(s)%s", setup.keys().keys().size(), setup.oidc() ? ", OpenID Connect" : "");
        }
    }
}
