package io.cpa.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Prometheus rules with only their window and their durations shortened, so that a test of a few minutes
 * can see them fire: the shipped rules watch last-1000 (some 2,000 answers before a drop shows) with a baseline an
 * hour old and {@code for:} of minutes. Expressions, limits, labels and annotations stay as shipped. Every
 * replacement must find its text, so a changed rule file fails the test instead of silently going untested.
 */
final class TestRules {
    private TestRules() {}

    /**
     * @param window      the count window the test's analysis-service keeps, e.g. {@code last-300}
     * @param baselineAgo how long ago the baseline ends (shipped: 1h)
     * @param baselineFor how long the baseline averages (shipped: 30m)
     * @param holdFor     the {@code for:} of every alert (shipped: 5m to 15m)
     */
    static Path write(Path dir, String window, String baselineAgo, String baselineFor, String holdFor) throws IOException {
        String rules = Files.readString(AlertRuleFiles.PROMETHEUS_RULES);
        Map<String, String> replacements = new LinkedHashMap<>();
        replacements.put("window=\"last-1000\"", "window=\"" + window + "\"");
        replacements.put("\\[30m\\] offset 1h", "[" + baselineFor + "] offset " + baselineAgo);
        replacements.put("(?m)^(\\s+)for: \\d+m$", "$1for: " + holdFor);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            Matcher m = Pattern.compile(r.getKey()).matcher(rules);
            if (!m.find()) throw new IllegalStateException("the shipped rules no longer contain " + r.getKey() + ": update " + TestRules.class);
            rules = m.replaceAll(r.getValue());
        }
        Path file = dir.resolve("cpa-alignment.test.rules.yml");
        Files.writeString(file, rules);
        return file;
    }
}
