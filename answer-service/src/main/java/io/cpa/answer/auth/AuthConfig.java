package io.cpa.answer.auth;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * API keys for the proxy and the ingest API: {@code cpa.auth.keys=key1,key2} (env CPA_AUTH_KEYS). When none is
 * configured, both entrances are open: run them on a trusted network only.
 */
@ConfigMapping(prefix = "cpa.auth")
public interface AuthConfig {
    Optional<List<String>> keys();
}
