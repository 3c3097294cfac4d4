package io.cpa.route;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The routing table, read from configuration properties. Per route {@code <name>}:
 *
 * <pre>
 * cpa.routes.&lt;name&gt;.models        exact model names or globs, comma separated (required)   gpt-4o*,gpt-4.1
 * cpa.routes.&lt;name&gt;.base-url      the upstream's base URL (required)                        https://api.openai.com/v1
 * cpa.routes.&lt;name&gt;.api-key       the key, sent as a bearer token
 * cpa.routes.&lt;name&gt;.api-key-env   the name of an environment variable that holds the key     OPENAI_API_KEY
 * cpa.routes.&lt;name&gt;.kind          openai-chat (default), openai-responses, ollama, llamacpp
 * cpa.routes.&lt;name&gt;.pass-through  true: the proxy forwards the caller's Authorization header  (default false)
 * cpa.routes.&lt;name&gt;.judge         a model asked the certainty of this route's answers instead of the model
 * cpa.routes.&lt;name&gt;.timeout       one call's limit: 30s, 500ms, 2m or PT30S                  (default 30s)
 * cpa.routes.&lt;name&gt;.text          keep, truncate or none: the route's private text (read by io.cpa.privacy.TextPolicies)
 * cpa.routes.default-route          the route unknown model names follow (absent: they are unknown)
 * cpa.certainty.judge               a judge for every route without its own
 * </pre>
 *
 * Each key can also be given in environment form, {@code CPA_ROUTES_<NAME>_<KEY>} (the route name lower-cased, {@code _}
 * read as {@code -}): {@code CPA_ROUTES_OPENAI_BASE_URL}, {@code CPA_ROUTES_DEFAULT_ROUTE}.
 *
 * <p>Without any route key, the single-model settings {@code cpa.model.base-url}, {@code api-key}, {@code name},
 * {@code timeout} (environment {@code CPA_MODEL_BASE_URL} ...) make a one-route table: route {@value #DEFAULT_ROUTE}
 * for that model name, which is also the default route, so every model name goes to that one upstream. The older
 * judge settings {@code cpa.certainty.judge-base-url}, {@code judge-api-key}, {@code judge-name} add a route
 * {@value #JUDGE_ROUTE} and make its model the global judge.
 *
 * <p>A model name is routed by the exact names of all routes first, then by the most specific glob that matches it
 * (the one with the most literal characters, so {@code gpt-4o-*} before {@code gpt-*} before {@code *}; on a tie the
 * first route by name), then to the default route. Every judge must itself have a route. A bad value fails with the key named.
 */
public final class ModelRoutes {
    public static final String DEFAULT_ROUTE = "default";
    public static final String JUDGE_ROUTE = "judge";
    /**
     * The route an answer records when it was asked at a base URL outside the table (a run's {@code NAME=BASE_URL}):
     * not a valid route name, so it never matches one, and nobody else can be asked its certainty.
     */
    public static final String OUTSIDE_TABLE = "(outside-the-table)";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String SINGLE_MODEL_BASE_URL_DEFAULT = "http://127.0.0.1:8089/v1";
    public static final String SINGLE_MODEL_NAME_DEFAULT = "cpa-simulator";

    private static final String PREFIX = "cpa.routes.";
    private static final String ENV_PREFIX = "CPA_ROUTES_";
    private static final String DEFAULT_ROUTE_KEY = "cpa.routes.default-route";
    private static final String GLOBAL_JUDGE_KEY = "cpa.certainty.judge";
    /** Route keys in the order the environment form is matched: a longer suffix before its own prefix. */
    private static final List<String> ROUTE_KEYS = List.of("models", "base-url", "api-key-env", "api-key", "kind",
            "pass-through", "judge", "timeout", "text");
    private static final Pattern ROUTE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /**
     * Keys a configuration shell must look up by name (not only by listing property names), because their value may
     * come from an environment variable of the standard form ({@code CPA_MODEL_BASE_URL}) that a listing shows only
     * under that name.
     */
    public static final List<String> SINGLE_MODEL_KEYS = List.of("cpa.model.base-url", "cpa.model.api-key", "cpa.model.name",
            "cpa.model.timeout", "cpa.certainty.judge", "cpa.certainty.judge-base-url", "cpa.certainty.judge-api-key",
            "cpa.certainty.judge-name", "cpa.routes.default-route");

    private final List<ModelRoute> routes;
    private final Optional<ModelRoute> defaultRoute;
    private final Optional<String> globalJudge;

    public ModelRoutes(List<ModelRoute> routes, Optional<String> defaultRoute, Optional<String> globalJudge) {
        this.routes = routes.stream().sorted(Comparator.comparing(ModelRoute::name)).toList();
        if (this.routes.isEmpty()) throw new IllegalArgumentException("cpa.routes: no route configured");
        for (int i = 1; i < this.routes.size(); i++) {
            if (this.routes.get(i).name().equals(this.routes.get(i - 1).name())) {
                throw new IllegalArgumentException("cpa.routes: route " + this.routes.get(i).name() + " is defined twice");
            }
        }
        this.defaultRoute = defaultRoute.map(name -> byName(name).orElseThrow(() -> new IllegalArgumentException(
                DEFAULT_ROUTE_KEY + ": no route named '" + name + "'")));
        this.globalJudge = globalJudge.map(String::strip).filter(j -> !j.isEmpty());
        this.globalJudge.ifPresent(j -> requireRoute(j, GLOBAL_JUDGE_KEY));
        for (ModelRoute r : this.routes) r.judge().ifPresent(j -> requireRoute(j, PREFIX + r.name() + ".judge"));
    }

    private void requireRoute(String judge, String key) {
        if (routeFor(judge).isEmpty()) throw new IllegalArgumentException(key + ": the judge '" + judge + "' has no route");
    }

    /**
     * @param properties configuration properties, dotted ({@code cpa.routes.a.models}) or in environment form
     *                   ({@code CPA_ROUTES_A_MODELS}); other keys are ignored
     * @param environment looks up {@code api-key-env} variables
     */
    public static ModelRoutes fromProperties(Map<String, String> properties, Function<String, String> environment) {
        Map<String, Map<String, String>> byRoute = new TreeMap<>();
        String defaultRoute = null;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (key.equals(DEFAULT_ROUTE_KEY) || key.equals("CPA_ROUTES_DEFAULT_ROUTE")) {
                if (!value.isEmpty()) defaultRoute = value;
                continue;
            }
            String[] routeAndKey = key.startsWith(PREFIX) ? dotted(key) : key.startsWith(ENV_PREFIX) ? envForm(key) : null;
            if (routeAndKey == null) continue;
            if (!ROUTE_NAME.matcher(routeAndKey[0]).matches()) {
                throw new IllegalArgumentException(key + ": a route name is lower-case letters, digits and '-'");
            }
            byRoute.computeIfAbsent(routeAndKey[0], n -> new LinkedHashMap<>()).put(routeAndKey[1], value);
        }
        List<ModelRoute> routes = new ArrayList<>();
        // a route named only for its text policy (e.g. the implicit single-model route "default") is the privacy
        // settings' business, not a route of its own
        byRoute.forEach((name, keys) -> {
            if (!keys.keySet().equals(java.util.Set.of("text"))) routes.add(route(name, keys, environment));
        });
        Optional<String> judge = Optional.ofNullable(properties.get(GLOBAL_JUDGE_KEY)).filter(s -> !s.isBlank());
        if (routes.isEmpty()) {
            routes.add(singleModelRoute(properties));
            defaultRoute = DEFAULT_ROUTE;
        }
        String judgeBaseUrl = properties.get("cpa.certainty.judge-base-url");
        if (judgeBaseUrl != null && !judgeBaseUrl.isBlank()) {
            String judgeName = require(properties, "cpa.certainty.judge-name");
            routes.add(new ModelRoute(JUDGE_ROUTE, List.of(judgeName), judgeBaseUrl.strip(),
                    Optional.ofNullable(properties.get("cpa.certainty.judge-api-key")), ApiKind.OPENAI_CHAT, false,
                    Optional.empty(), duration(properties.get("cpa.model.timeout"), "cpa.model.timeout")));
            if (judge.isEmpty()) judge = Optional.of(judgeName);
        }
        return new ModelRoutes(routes, Optional.ofNullable(defaultRoute), judge);
    }

    /**
     * The table from a configuration as a shell sees it: every property name it lists, looked up by name (the names
     * of {@link #SINGLE_MODEL_KEYS} are looked up as well, so that their standard environment variables count), and
     * the environment's {@code CPA_ROUTES_*} variables as they are. A configuration that also lists an environment
     * variable under a dotted name of its own making ({@code CPA_ROUTES_SIM_A_BASE_URL} as
     * {@code cpa.routes.sim.a.base.url}, which cannot be split into route and key) has that name ignored in favour
     * of the variable itself.
     */
    public static ModelRoutes fromConfig(Iterable<String> propertyNames, Function<String, Optional<String>> lookup,
                                         Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        for (String name : propertyNames) {
            if (name.startsWith(PREFIX) && environment.containsKey(envName(name))) continue;
            if (name.startsWith(PREFIX)) lookup.apply(name).ifPresent(v -> properties.put(name, v));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) properties.put(name, value);
        });
        for (String name : SINGLE_MODEL_KEYS) lookup.apply(name).ifPresent(v -> properties.put(name, v));
        return fromProperties(properties, environment::get);
    }

    /** The environment variable a dotted property name stands for: upper case, '.' and '-' as '_'. */
    static String envName(String dotted) {
        return dotted.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static ModelRoute singleModelRoute(Map<String, String> p) {
        String baseUrl = Optional.ofNullable(p.get("cpa.model.base-url")).filter(s -> !s.isBlank()).orElse(SINGLE_MODEL_BASE_URL_DEFAULT);
        String name = Optional.ofNullable(p.get("cpa.model.name")).filter(s -> !s.isBlank()).orElse(SINGLE_MODEL_NAME_DEFAULT);
        return new ModelRoute(DEFAULT_ROUTE, List.of(name.strip()), baseUrl.strip(), Optional.ofNullable(p.get("cpa.model.api-key")),
                ApiKind.OPENAI_CHAT, false, Optional.empty(), duration(p.get("cpa.model.timeout"), "cpa.model.timeout"));
    }

    private static String[] dotted(String key) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) throw new IllegalArgumentException(key + ": expected cpa.routes.<name>.<key>");
        String k = rest.substring(dot + 1);
        if (!ROUTE_KEYS.contains(k)) {
            throw new IllegalArgumentException(key + ": unknown route key '" + k + "', valid: " + String.join(", ", ROUTE_KEYS));
        }
        return new String[] {rest.substring(0, dot), k};
    }

    private static String[] envForm(String key) {
        String rest = key.substring(ENV_PREFIX.length());
        for (String k : ROUTE_KEYS) {
            String suffix = "_" + k.toUpperCase(Locale.ROOT).replace('-', '_');
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return new String[] {rest.substring(0, rest.length() - suffix.length()).toLowerCase(Locale.ROOT).replace('_', '-'), k};
            }
        }
        throw new IllegalArgumentException(key + ": expected CPA_ROUTES_<NAME>_<KEY> with KEY one of "
                + String.join(", ", ROUTE_KEYS.stream().map(k -> k.toUpperCase(Locale.ROOT).replace('-', '_')).toList()));
    }

    private static ModelRoute route(String name, Map<String, String> keys, Function<String, String> environment) {
        String at = PREFIX + name + ".";
        List<String> models = List.of(require(keys, "models", at).split(",")).stream().map(String::strip)
                .filter(m -> !m.isEmpty()).toList();
        if (models.isEmpty()) throw new IllegalArgumentException(at + "models: no model name");
        Optional<String> apiKey = Optional.ofNullable(keys.get("api-key")).filter(s -> !s.isBlank());
        String keyEnv = keys.get("api-key-env");
        if (apiKey.isEmpty() && keyEnv != null && !keyEnv.isBlank()) {
            String fromEnv = environment.apply(keyEnv.strip());
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new IllegalArgumentException(at + "api-key-env: environment variable " + keyEnv.strip() + " is not set");
            }
            apiKey = Optional.of(fromEnv.strip());
        }
        ApiKind kind;
        try {
            kind = keys.containsKey("kind") ? ApiKind.byName(keys.get("kind")) : ApiKind.OPENAI_CHAT;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "kind: " + e.getMessage(), e);
        }
        String passThrough = keys.getOrDefault("pass-through", "false").toLowerCase(Locale.ROOT);
        if (!passThrough.equals("true") && !passThrough.equals("false")) {
            throw new IllegalArgumentException(at + "pass-through: expected true or false, got '" + passThrough + "'");
        }
        return new ModelRoute(name, models, require(keys, "base-url", at), apiKey, kind, passThrough.equals("true"),
                Optional.ofNullable(keys.get("judge")), duration(keys.get("timeout"), at + "timeout"));
    }

    private static String require(Map<String, String> keys, String key, String at) {
        String v = keys.get(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(at + key + " is required");
        return v.strip();
    }

    private static String require(Map<String, String> properties, String key) {
        return require(properties, key, "");
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT30S}; null gives the default. */
    static Duration duration(String value, String key) {
        if (value == null || value.isBlank()) return DEFAULT_TIMEOUT;
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(Long.parseLong(v));
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + ": not a duration: '" + value + "' (e.g. 30s, 500ms, PT30S)");
        }
    }

    public List<ModelRoute> routes() {
        return routes;
    }

    public Optional<ModelRoute> defaultRoute() {
        return defaultRoute;
    }

    public Optional<String> globalJudge() {
        return globalJudge;
    }

    public Optional<ModelRoute> byName(String routeName) {
        return routes.stream().filter(r -> r.name().equals(routeName)).findFirst();
    }

    /** The route of a model name: an exact name of any route, else the most specific matching glob, else the default. */
    public Optional<ModelRoute> routeFor(String model) {
        if (model != null) {
            for (ModelRoute r : routes) if (r.matchesExactly(model)) return Optional.of(r);
            Optional<ModelRoute> byGlob = routes.stream().filter(r -> r.matches(model))
                    .max(Comparator.comparingInt((ModelRoute r) -> r.specificity(model)));
            if (byGlob.isPresent()) return byGlob;
        }
        return defaultRoute;
    }

    /**
     * Who is asked the certainty of an answer of {@code model} that came through the route {@code routeName} (null
     * when not known: then the model's route): the route's judge, else the global judge, else the model itself on
     * that route. Empty when the model has no route (and there is no default), or when the answer names a route this
     * table does not have (such as {@link #OUTSIDE_TABLE}).
     */
    public Optional<CertaintyTarget> certaintyTarget(String model, String routeName) {
        // an answer that names a route this table does not have came from elsewhere: guessing would ask another model
        Optional<ModelRoute> route = routeName == null ? routeFor(model) : byName(routeName);
        if (route.isEmpty()) return Optional.empty();
        Optional<String> judge = route.get().judge().or(() -> globalJudge).filter(j -> !j.equals(model));
        if (judge.isPresent()) {
            return Optional.of(new CertaintyTarget(judge.get(), routeFor(judge.get()).orElseThrow(),
                    CertaintyTarget.JUDGE_PREFIX + judge.get()));
        }
        return Optional.of(new CertaintyTarget(model, route.get(), CertaintyTarget.SELF));
    }

    @Override
    public String toString() {
        return "ModelRoutes" + routes + defaultRoute.map(r -> ", default=" + r.name()).orElse("")
                + globalJudge.map(j -> ", judge=" + j).orElse("");
    }
}
