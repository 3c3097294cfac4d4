package io.cpa.security.privacy;

import io.cpa.privacy.TextPrivacy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The text policy of this service's events from its configuration; a bad value fails the start with the key named. */
@ApplicationScoped
public class PrivacyProducer {
    private static final Logger LOG = Logger.getLogger(PrivacyProducer.class);

    @Produces
    @ApplicationScoped
    TextPrivacy privacy(PrivacyConfig c, Config config) {
        Map<String, String> tenants = new TreeMap<>();
        c.tenants().forEach((t, v) -> tenants.put(t, v.text()));
        TextPrivacy privacy = TextPrivacy.configured(c.text(), c.truncateChars(), c.digestKey(), c.transitKey(), tenants,
                routeTextProperties(config, System.getenv()));
        LOG.infof("private text: %s", privacy.describe()); // never a key
        return privacy;
    }

    /** Built at start, not at the first answer: a bad value fails the start, and the settings are logged once. */
    void onStart(@Observes StartupEvent started, TextPrivacy privacy) {
        privacy.policies();
    }

    /**
     * The routes' text keys as the configuration lists them, and the environment's {@code CPA_ROUTES_*_TEXT} as they
     * are; a dotted name the configuration made of such a variable ({@code cpa.routes.sim.a.text}) is left out, as the
     * routing table does.
     */
    static Map<String, String> routeTextProperties(Config config, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("cpa.routes.") || !name.endsWith(".text")) continue;
            if (env.containsKey(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))) continue;
            config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name, v));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("CPA_ROUTES_") && k.endsWith("_TEXT")) out.put(k, v);
        });
        return out;
    }
}
