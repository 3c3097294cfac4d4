package io.cpa.security;

import io.cpa.auth.ApiKeys;
import io.cpa.auth.KeySpec;
import io.cpa.auth.KeyTable;
import io.cpa.auth.OpenMode;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Map;

/**
 * What this service's security is, decided once at start: its API keys (the table is fixed until restart), whether
 * OpenID Connect is on, and whether it runs open. A configuration mistake fails the start with a message naming the key.
 */
@Singleton
public class SecuritySetup {
    private final ApiKeys keys;
    private final boolean oidc;
    private final OpenMode.Decision mode;

    SecuritySetup(SecurityConfig config, Config raw) {
        List<KeySpec> specs = config.apiKeys().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new KeySpec(e.getKey(), e.getValue().digest(), e.getValue().key(), e.getValue().keyEnv(),
                        e.getValue().roles(), e.getValue().tenant()))
                .toList();
        this.keys = KeyTable.build(specs, config.keys().orElse(List.of()), System::getenv);
        this.oidc = raw.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(true)
                && raw.getOptionalValue("quarkus.oidc.auth-server-url", String.class).filter(s -> !s.isBlank()).isPresent();
        String host = raw.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        this.mode = OpenMode.decide(!keys.isEmpty() || oidc, host, config.allowOpen());
    }

    public ApiKeys keys() {
        return keys;
    }

    public boolean oidc() {
        return oidc;
    }

    public boolean open() {
        return mode.open();
    }

    OpenMode.Decision mode() {
        return mode;
    }
}
