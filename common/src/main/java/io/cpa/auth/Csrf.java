package io.cpa.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery: a browser sends its session cookie with a request another site makes it send, but it
 * cannot add a custom header to a cross-origin request without the target's consent (CORS, which no service grants).
 * So a changing request authenticated by a session cookie must carry {@value #HEADER}, and an {@code Origin}, when
 * the browser sends one, must be the service's own. Requests authenticated by an API key or a bearer header carry
 * their credential deliberately and need neither.
 */
public final class Csrf {
    public static final String HEADER = "X-CPA-CSRF";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private Csrf() {}

    /**
     * @param byCookie whether the caller was authenticated by a session cookie
     * @param header   the {@value #HEADER} value, or null
     * @param origin   the {@code Origin} header, or null
     * @param host     the {@code Host} header the request was sent to
     */
    public static boolean allows(String method, boolean byCookie, String header, String origin, String host) {
        if (!byCookie || SAFE.contains(method.toUpperCase(Locale.ROOT))) return true;
        if (header == null || header.isBlank()) return false;
        if (origin == null || origin.isBlank()) return true;
        try {
            URI o = URI.create(origin.strip());
            String authority = o.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
