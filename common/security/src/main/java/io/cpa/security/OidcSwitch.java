package io.cpa.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * {@value #NAME}: OpenID Connect is on exactly when an auth server is named ({@code quarkus.oidc.auth-server-url},
 * env {@code CPA_OIDC_AUTH_SERVER_URL}), unless the property is set. The services set
 * {@code quarkus.oidc.tenant-enabled=${cpa.auth.oidc.enabled}}, so they start without any OIDC server when none is
 * configured (Quarkus would otherwise refuse to start without the URL).
 */
// below the expression interceptor (3300), whose ${...} lookups only reach the interceptors after it
@Priority(Priorities.LIBRARY + 100)
public class OidcSwitch implements ConfigSourceInterceptor {
    static final String NAME = "cpa.auth.oidc.enabled";
    private static final String URL = "quarkus.oidc.auth-server-url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue v = context.proceed(name);
        if (!NAME.equals(name) || (v != null && v.getValue() != null && !v.getValue().isBlank())) return v;
        ConfigValue url = context.restart(URL);
        boolean on = url != null && url.getValue() != null && !url.getValue().isBlank();
        return ConfigValue.builder().withName(NAME).withValue(Boolean.toString(on)).withConfigSourceName("cpa-oidc-switch").build();
    }
}
