package io.cpa.privacy;

import io.cpa.auth.Tenants;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which {@link TextPolicy} an answer gets. The tenant's policy ({@code cpa.privacy.tenants.<tenant>.text}, else the
 * default {@code cpa.privacy.text}) and the route's ({@code cpa.routes.<name>.text}, when set) both apply, and the
 * stricter wins: a route can make a tenant's text stricter, never looser, and a tenant's own setting replaces the
 * default for that tenant only. A null tenant is {@link Tenants#DEFAULT}.
 */
public final class TextPolicies {
    public static final int DEFAULT_TRUNCATE_CHARS = 200;
    private static final String ROUTE_PREFIX = "cpa.routes.";
    private static final String ROUTE_ENV_PREFIX = "CPA_ROUTES_";
    private static final Pattern ROUTE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final TextPolicy defaultPolicy;
    private final int truncateChars;
    private final Map<String, TextPolicy> tenants;
    private final Map<String, TextPolicy> routes;

    public TextPolicies(TextPolicy defaultPolicy, int truncateChars, Map<String, TextPolicy> tenants, Map<String, TextPolicy> routes) {
        if (defaultPolicy == null) throw new IllegalArgumentException("cpa.privacy.text: missing");
        if (truncateChars < 1) throw new IllegalArgumentException("cpa.privacy.truncate-chars: must be at least 1, got " + truncateChars);
        this.defaultPolicy = defaultPolicy;
        this.truncateChars = truncateChars;
        this.tenants = new TreeMap<>();
        tenants.forEach((t, p) -> {
            String name;
            try {
                name = Tenants.normalize(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cpa.privacy.tenants." + t + ".text: " + e.getMessage(), e);
            }
            this.tenants.put(name, p);
        });
        this.routes = Map.copyOf(routes);
    }

    /** Everything kept: the policies of a deployment that configures none. */
    public static TextPolicies keepAll() {
        return new TextPolicies(TextPolicy.KEEP, DEFAULT_TRUNCATE_CHARS, Map.of(), Map.of());
    }

    /** The policy of text that came through {@code route} (null: unknown) for {@code tenant} (null: the default tenant). */
    public TextPolicy resolve(String route, String tenant) {
        String t = tenant == null || tenant.isBlank() ? Tenants.DEFAULT : tenant.strip();
        TextPolicy byTenant = tenants.getOrDefault(t, defaultPolicy);
        TextPolicy byRoute = route == null ? null : routes.get(route);
        return byTenant.stricter(byRoute);
    }

    public int truncateChars() {
        return truncateChars;
    }

    public TextPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** True when no text of any route or tenant is ever cut or withheld. */
    public boolean keepsEverything() {
        return defaultPolicy == TextPolicy.KEEP && tenants.values().stream().allMatch(p -> p == TextPolicy.KEEP)
                && routes.values().stream().allMatch(p -> p == TextPolicy.KEEP);
    }

    /**
     * The routes' {@code text} settings among configuration properties, dotted ({@code cpa.routes.<name>.text}) or in
     * environment form ({@code CPA_ROUTES_<NAME>_TEXT}, the name lower-cased with {@code _} read as {@code -}, as for
     * the routing table's other keys); every other key is ignored.
     */
    public static Map<String, TextPolicy> routeTexts(Map<String, String> properties) {
        Map<String, TextPolicy> out = new TreeMap<>();
        properties.forEach((key, value) -> {
            String route = null;
            if (key.startsWith(ROUTE_PREFIX) && key.endsWith(".text")) {
                route = key.substring(ROUTE_PREFIX.length(), key.length() - ".text".length());
            } else if (key.startsWith(ROUTE_ENV_PREFIX) && key.endsWith("_TEXT") && key.length() > ROUTE_ENV_PREFIX.length() + 5) {
                route = key.substring(ROUTE_ENV_PREFIX.length(), key.length() - "_TEXT".length()).toLowerCase(Locale.ROOT).replace('_', '-');
            }
            if (route == null) return;
            if (!ROUTE_NAME.matcher(route).matches()) {
                throw new IllegalArgumentException(key + ": a route name is lower-case letters, digits and '-'");
            }
            out.put(route, TextPolicy.byName(value, key));
        });
        return out;
    }

    @Override
    public String toString() {
        return "TextPolicies[default=" + defaultPolicy.configName() + ", truncate-chars=" + truncateChars + ", tenants=" + tenants
                + ", routes=" + routes + "]";
    }
}
