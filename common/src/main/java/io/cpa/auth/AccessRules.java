package io.cpa.auth;

import java.util.List;
import java.util.Locale;

/**
 * Which request needs which role, for the HTTP surfaces of all three services (their paths do not overlap). Deny by
 * default: a path this table does not name needs {@link Role#ADMIN}, so an endpoint added without a rule here is
 * reachable by no one but an administrator until it is given one.
 */
public final class AccessRules {
    private record Rule(String path, boolean prefix, String method, Access access) {
        boolean matches(String m, String p) {
            if (method != null && !method.equals(m)) return false;
            if (prefix) return p.equals(path) || p.startsWith(path.endsWith("/") ? path : path + "/");
            return p.equals(path);
        }
    }

    private static final Access OPEN = Access.open();
    private static final Access VIEWER = Access.anyOf(Role.VIEWER);
    private static final Access OPERATOR = Access.anyOf(Role.OPERATOR);
    private static final Access INGEST = Access.anyOf(Role.INGEST);
    private static final Access LABELS = Access.anyOf(Role.OPERATOR, Role.INGEST);
    private static final Access ADMIN = Access.anyOf(Role.ADMIN);

    /** First match wins. */
    private static final List<Rule> RULES = List.of(
            // no data: liveness and readiness, the API's description, the dashboard's static files (what they fetch is
            // protected); the login entrance asks for a login itself
            prefix("/q/health", OPEN),
            prefix("/q/openapi", OPEN),
            exact("/", OPEN), exact("/index.html", OPEN), exact("/app.js", OPEN), exact("/app.css", OPEN),
            exact("/sse.js", OPEN), exact("/credentials.js", OPEN), exact("/favicon.ico", OPEN),
            prefix("/webjars", OPEN),
            // every tenant's series names are in the metrics
            prefix("/q/metrics", ADMIN),
            // the caller's own identity, for the dashboard: any authenticated caller
            exact("/auth/me", Access.anyOf(Role.VIEWER, Role.OPERATOR, Role.INGEST)),
            exact("/auth/login", Access.anyOf(Role.VIEWER, Role.OPERATOR, Role.INGEST)),
            // analysis-service: the data
            prefix("/api/series", VIEWER), exact("/api/stream", VIEWER), prefix("/api/alerts", VIEWER),
            prefix("/api/skips", VIEWER), prefix("/api/reports", VIEWER),
            // answer-service: what spends model money, and its status
            prefix("/api/runs", OPERATOR), prefix("/api/studies", OPERATOR),
            // answer-service: traffic in
            prefix("/api/labels", LABELS),
            prefix("/api/answers", INGEST),
            exact("/v1/chat/completions", INGEST), exact("/v1/responses", INGEST), prefix("/v1/models", INGEST),
            exact("/v1/traces", INGEST),
            // the rest of /v1 is the proxy's OpenAI-shaped 404, which an OpenAI client should read as such
            prefix("/v1", INGEST));

    private AccessRules() {}

    private static Rule exact(String path, Access a) {
        return new Rule(path, false, null, a);
    }

    private static Rule prefix(String path, Access a) {
        return new Rule(path, true, null, a);
    }

    /** What {@code method} on {@code path} (the request path, without query) needs. */
    public static Access required(String method, String path) {
        String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        String p = normalize(path);
        for (Rule r : RULES) if (r.matches(m, p)) return r.access;
        return ADMIN;
    }

    /**
     * The path as the rules see it: no query, no repeated or trailing slash. A path with a dot segment or a
     * backslash gets no rule of its own (so it needs admin) rather than being read one way here and another way by the
     * router. An encoded slash stays inside its segment, as the router keeps it (series keys may hold one).
     */
    static String normalize(String path) {
        if (path == null || path.isEmpty()) return "/";
        int q = path.indexOf('?');
        String p = q >= 0 ? path.substring(0, q) : path;
        if (p.contains("\\")) return "/\u0000";
        p = p.replaceAll("/{2,}", "/");
        for (String seg : p.split("/")) if (seg.equals("..") || seg.equals(".")) return "/\u0000";
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.startsWith("/") ? p : "/" + p;
    }
}
