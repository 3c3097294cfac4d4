package io.cpa.security.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/**
 * What events keep of their private text: the answer-service's answers (question, option texts, answer), the
 * certainty-service's replies (each follows its answer's policy, or this one if stricter); see
 * {@link io.cpa.privacy.TextPrivacy}. A route's own {@code cpa.routes.<name>.text} is read with the routing table's
 * keys; the stricter of route and tenant wins.
 */
@ConfigMapping(prefix = "cpa.privacy")
public interface PrivacyConfig {
    /** keep, truncate or none: every tenant's policy unless its own says otherwise (env CPA_PRIVACY_TEXT) */
    @WithDefault("keep")
    String text();

    /** characters truncate keeps of each text (env CPA_PRIVACY_TRUNCATE_CHARS) */
    @WithDefault("200")
    int truncateChars();

    /** base64 key (at least 16 bytes) of the HMAC-SHA-256 digests of withheld text; without it plain SHA-256 (env CPA_PRIVACY_DIGEST_KEY; never logged) */
    Optional<String> digestKey();

    /** base64 of 32 bytes, the same on both services: the answer-service seals withheld text with it and the certainty-service opens it, AES-256-GCM (env CPA_PRIVACY_TRANSIT_KEY; never logged) */
    Optional<String> transitKey();

    /** per tenant: cpa.privacy.tenants.<tenant>.text (env CPA_PRIVACY_TENANTS_<TENANT>_TEXT), replacing the default for that tenant */
    Map<String, Tenant> tenants();

    interface Tenant {
        /** keep, truncate or none */
        String text();
    }
}
