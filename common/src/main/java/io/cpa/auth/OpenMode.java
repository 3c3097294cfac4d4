package io.cpa.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a service runs without authentication, and whether it may. With neither an API key nor OpenID Connect
 * configured a service is open: every caller is anonymous and acts with every role ({@link #ROLES}) on every tenant
 * ({@link #TENANT}), as before authentication existed. That is allowed on the loopback interface, and elsewhere only
 * when {@code cpa.auth.allow-open=true} says so explicitly.
 */
public final class OpenMode {
    /** The roles of an anonymous caller of an open service. */
    public static final Set<Role> ROLES = Set.copyOf(EnumSet.allOf(Role.class));
    /** The tenant of an anonymous caller of an open service. */
    public static final String TENANT = Tenants.ALL;

    public record Decision(boolean open, String warning) {}

    private OpenMode() {}

    /**
     * @param secured   an API key or OpenID Connect is configured
     * @param host      {@code quarkus.http.host}
     * @param allowOpen {@code cpa.auth.allow-open}
     * @throws IllegalStateException when the service would be open on a non-loopback address without allow-open
     */
    public static Decision decide(boolean secured, String host, boolean allowOpen) {
        if (secured) return new Decision(false, null);
        if (isLoopback(host)) {
            return new Decision(true, "no API key and no OpenID Connect configured: every HTTP endpoint is open, to anyone who can"
                    + " reach " + host + " (this machine only); configure cpa.auth.api-keys.* or OIDC to protect it");
        }
        if (allowOpen) {
            return new Decision(true, "no API key and no OpenID Connect configured and cpa.auth.allow-open=true: every HTTP endpoint is"
                    + " open to anyone who can reach " + host + " (quarkus.http.host), with every role on every tenant");
        }
        throw new IllegalStateException("refusing to start open on quarkus.http.host=" + host + ": no API key (cpa.auth.api-keys.*,"
                + " cpa.auth.keys) and no OpenID Connect (quarkus.oidc.auth-server-url) is configured; configure one, bind to"
                + " 127.0.0.1, or set cpa.auth.allow-open=true (CPA_AUTH_ALLOW_OPEN) to run open on purpose");
    }

    static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.strip();
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
    }
}
