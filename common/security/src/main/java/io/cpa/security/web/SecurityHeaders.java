package io.cpa.security.web;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The browser-facing response headers of a service, given to Quarkus as configuration defaults: Quarkus' own
 * {@code quarkus.http.header."<name>".value} / {@code .path} then sets them on every response (a route that runs
 * before any other, so static files, API replies, errors and the event stream all carry them).
 * <p>
 * Why a config source and not lines in application.properties: the policy is one piece that every service takes from
 * this module (registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}). Its ordinal
 * is below application.properties and the environment, so an operator can still replace a value there
 * (e.g. {@code quarkus.http.header."Content-Security-Policy".value=...}).
 * <p>
 * The policy: the dashboard runs no inline script or style and loads nothing from another origin, Chart.js included
 * (it is served from this service's WebJar and styles its canvas through the CSSOM, which CSP does not restrict);
 * API replies are never cached, since they may carry data a key was needed for.
 */
public final class SecurityHeaders implements ConfigSource {

    /** Below application.properties (250) and the environment (300): those still win. */
    public static final int ORDINAL = 200;

    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    /** Header name to value, on every path. */
    public static final Map<String, String> EVERY_RESPONSE = ordered(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");

    /** Header name to value, on the API only (paths under {@link #API_PATH}). */
    public static final Map<String, String> API_RESPONSES = ordered("Cache-Control", "no-store");

    /** The API's routes, in Vert.x's notation: {@code /api} and everything under it. */
    public static final String API_PATH = "/api/*";

    private final Map<String, String> properties = properties();

    /** The configuration this source contributes, as Quarkus' header keys. */
    static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        EVERY_RESPONSE.forEach((name, value) -> p.put(key(name, "value"), value));
        API_RESPONSES.forEach((name, value) -> {
            p.put(key(name, "value"), value);
            p.put(key(name, "path"), API_PATH);
        });
        return Map.copyOf(p);
    }

    static String key(String header, String field) {
        return "quarkus.http.header.\"" + header + "\"." + field;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "cpa-security-headers";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    private static Map<String, String> ordered(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put(nameValue[i], nameValue[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
