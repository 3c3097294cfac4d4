package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped alert rule files (Prometheus and Grafana) and what they query. */
final class AlertRuleFiles {
    static final Path PROMETHEUS_RULES = Pipeline.ROOT.resolve("devtools/compose/prometheus/rules/cpa-alignment.rules.yml");
    static final Path GRAFANA_RULES = Pipeline.ROOT.resolve("devtools/compose/grafana/provisioning/alerting/cpa-alignment-alerts.yaml");
    /** Exported metric names; recording rules are named {@code cpa:...} and do not match. */
    static final Pattern METRIC = Pattern.compile("\\bcpa_[a-z0-9_]+");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AlertRuleFiles() {}

    static JsonNode read(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** Every rule of every group of a Prometheus rule file (alerts and recording rules). */
    static List<JsonNode> prometheusRules() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        read(PROMETHEUS_RULES).path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    /** Every rule of the Grafana provisioning file. */
    static List<JsonNode> grafanaRules() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        read(GRAFANA_RULES).path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    /** The PromQL of a Grafana rule's data source queries (its server-side expressions are not PromQL). */
    static List<String> grafanaQueries(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.path("data").forEach(d -> {
            if (!d.path("datasourceUid").asText().equals("__expr__")) out.add(d.path("model").path("expr").asText());
        });
        return out;
    }

    static Set<String> metricNames(Iterable<String> expressions) {
        Set<String> used = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) used.add(m.group());
        }
        return used;
    }

    /** Metric names both files query. */
    static Set<String> allMetricNames() throws IOException {
        List<String> expressions = new ArrayList<>();
        prometheusRules().forEach(r -> expressions.add(r.path("expr").asText()));
        for (JsonNode r : grafanaRules()) expressions.addAll(grafanaQueries(r));
        return metricNames(expressions);
    }
}
