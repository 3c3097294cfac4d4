package io.cpa.route;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the answers of some model names go, and with which credentials.
 *
 * @param name        the route's name in configuration; recorded on every answer it carries (never the key)
 * @param models      exact model names or globs ({@code *} any run of characters, {@code ?} one character)
 * @param baseUrl     the upstream's base URL, without a trailing slash (e.g. {@code https://api.openai.com/v1})
 * @param apiKey      the key sent as a bearer token, when the route has one; never shown by {@link #toString()}
 * @param kind        the API the upstream speaks
 * @param passThrough the proxy forwards the caller's own {@code Authorization}; without an {@code apiKey} nobody
 *                    else may call this route, so no certainty can be asked on it
 * @param judge       a model name asked for the certainty of this route's answers instead of the answering model
 * @param timeout     how long one call may take
 */
public record ModelRoute(String name, List<String> models, String baseUrl, Optional<String> apiKey, ApiKind kind,
                         boolean passThrough, Optional<String> judge, Duration timeout) {
    public ModelRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeout, "timeout");
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("route " + name + ": models is empty");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("route " + name + ": base-url must start with http:// or https://: " + baseUrl);
        }
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        apiKey = apiKey.filter(k -> !k.isBlank());
        judge = judge.map(String::strip).filter(j -> !j.isEmpty());
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("route " + name + ": timeout must be positive");
    }

    /** True when {@code model} is one of this route's exact names. */
    public boolean matchesExactly(String model) {
        return model != null && models.stream().filter(m -> !isGlob(m)).anyMatch(m -> m.equals(model));
    }

    /** True when {@code model} matches one of this route's names or globs. */
    public boolean matches(String model) {
        if (model == null) return false;
        for (String m : models) {
            if (isGlob(m) ? globPattern(m).matcher(model).matches() : m.equals(model)) return true;
        }
        return false;
    }

    /** How specific this route's best glob for {@code model} is: its count of literal characters; -1 when none matches. */
    int specificity(String model) {
        int best = -1;
        for (String m : models) {
            if (isGlob(m) && globPattern(m).matcher(model).matches()) {
                best = Math.max(best, (int) m.chars().filter(c -> c != '*' && c != '?').count());
            }
        }
        return best;
    }

    /** The upstream URL of an API path, e.g. {@code url("/chat/completions")}. */
    public String url(String path) {
        return baseUrl + (path.startsWith("/") ? path : "/" + path);
    }

    /**
     * True when a service may call this route on its own (to ask a certainty): it has a key, or it needs none. A
     * pass-through route without a key only ever carries the callers' own credentials.
     */
    public boolean hasOwnCredentials() {
        return apiKey.isPresent() || !passThrough;
    }

    static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    static Pattern globPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return "ModelRoute[" + name + ", models=" + models + ", " + baseUrl + ", kind=" + kind.configName()
                + (apiKey.isPresent() ? ", key=***" : "") + (passThrough ? ", pass-through" : "")
                + judge.map(j -> ", judge=" + j).orElse("") + "]";
    }
}
