package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.EventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules outside the product: Debian's Prometheus scrapes the packaged pipeline and evaluates the
 * Prometheus rules of {@code devtools/compose/prometheus/rules}, Debian's Alertmanager sends what fires to a webhook
 * in this test, and the simulator's rho falls so that the rho rules must fire for the drifting series.
 *
 * <p>The rules run with their expressions, limits, labels and annotations as shipped, and only their window and
 * durations shortened ({@link TestRules}): window last-300 instead of last-1000, the baseline the mean of 15 s ending
 * 45 s ago instead of 30 min ending 1 h ago, every {@code for:} 2 s. The run has two phases: 400 answers at the
 * simulator's rho 0.42 (the window fills, rho about 0.42 with a 95% interval of about [0.32, 0.51]), then, once
 * Prometheus holds a baseline for the series, 400 more after the simulator drifted to rho -0.3. About 100 answers into
 * the second phase the window's upper bound is below the baseline's lower one and rho fell by more than 0.1
 * (CpaRhoDrop); once most of the window is new, its upper bound is below 0.1 (CpaRhoFloor). The baseline stays the
 * first phase's for 45 s after the second starts, which at 20 answers per second is several times what the drop
 * needs. Nothing may fire for a rho rule before the drift.
 *
 * <p>Without the binaries the Prometheus tests fail (./cpa test installs them); {@code -Dcpa.prometheus.skip=true}
 * skips them. The rule files' metric names are checked against the running analysis-service either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAlertsEndToEndTest {
    static final String SERIES = "cpa-simulator|prometheus|cqp";
    static final int WINDOW = 300;
    static final int PHASE = 400;
    static final double RATE = 20;
    static final Set<String> RHO_ALERTS = Set.of("CpaRhoDrop", "CpaRhoFloor");

    Pipeline pipeline;
    WebhookReceiver webhook;
    AlertingStack stack;

    @BeforeAll
    void start() throws Exception {
        pipeline = new Pipeline("prometheus", 1);
        try {
            pipeline.startSimulator("--seed=20240520", "--rho=0.42", "--drift=afterAnswers:" + PHASE + ":rho=-0.3");
            pipeline.startService("analysis-service", Map.of("CPA_ANALYSIS_WINDOWS", String.valueOf(WINDOW)));
            pipeline.startService("certainty-service", Map.of());
            pipeline.startService("answer-service", Map.of());
            List<String> targets = new ArrayList<>();
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
                targets.add("127.0.0.1:" + pipeline.port(s));
            }
            if (!PrometheusBinaries.skipped() && PrometheusBinaries.installed()) {
                // scraping from before the first answer, so that Prometheus sees the whole first phase
                webhook = new WebhookReceiver();
                Path dir = Files.createDirectories(pipeline.runDir.resolve("alerting"));
                Path rules = TestRules.write(dir, "last-" + WINDOW, "45s", "15s", "2s");
                stack = new AlertingStack(dir, targets, rules, webhook.url());
            }
            startRun(7);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    /** Idempotent: a failed start stops what it started, and JUnit calls this again after it. */
    @AfterAll
    void stop() {
        if (stack != null) stack.close();
        if (webhook != null) webhook.close();
        if (pipeline != null) pipeline.close();
        stack = null;
        webhook = null;
        pipeline = null;
    }

    @Test
    void promtoolAcceptsAndUnitTestsTheShippedRulesAndParsesTheGrafanaQueries() throws Exception {
        PrometheusBinaries.require();
        assertThat(promtool("check", "rules", AlertRuleFiles.PROMETHEUS_RULES.toString())).contains("SUCCESS: 10 rules found");
        // the rules as shipped (limits, windows, for:) in simulated time: each fires when it should and not before
        assertThat(promtool("test", "rules", AlertRuleFiles.PROMETHEUS_RULES.resolveSibling("cpa-alignment.rules.test.yml").toString()))
                .contains("SUCCESS");

        // Grafana's queries are PromQL too: as alert expressions of a throwaway rule file promtool parses them
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-queries\n    rules:\n");
        int i = 0;
        for (JsonNode rule : AlertRuleFiles.grafanaRules()) {
            for (String q : AlertRuleFiles.grafanaQueries(rule)) {
                rules.append("      - alert: Q").append(i++).append("\n        expr: ")
                        .append(EventJson.mapper().writeValueAsString(q)).append('\n');
            }
        }
        Path file = Files.createDirectories(pipeline.runDir.resolve("promtool")).resolve("grafana-queries.yml");
        Files.writeString(file, rules);
        assertThat(i).isEqualTo(AlertRuleFiles.grafanaRules().size());
        assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + i + " rules found");
    }

    @Test
    void aFallOfRhoReachesTheWebhookAsRhoAlertsNamingTheSeries() throws Exception {
        PrometheusBinaries.require();
        awaitReceived(PHASE);
        // the baseline exists once Prometheus holds 15 s of the first phase, 45 s old, with n >= 100 throughout
        awaitQuery("cpa:alignment_spearman_lower:baseline{series=\"" + SERIES + "\"} > -1", Duration.ofMinutes(4));
        assertThat(rhoAlerts(webhook.bodies())).as("rho alerts before the drift").isEmpty();

        startRun(8); // the simulator drifted after answer 400: this phase is drawn at rho -0.3
        long drifted = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline && !firedNames(webhook.bodies()).containsAll(RHO_ALERTS)) Pipeline.sleep(1000);

        List<JsonNode> fired = rhoAlerts(webhook.bodies());
        System.out.printf("prometheus e2e: %s within %.0f s of the second phase's start; webhook alerts: %s%n",
                firedNames(webhook.bodies()), (System.nanoTime() - drifted) / 1e9,
                fired.stream().map(a -> a.path("labels") + " " + a.path("annotations")).distinct().toList());
        assertThat(webhook.unreadable()).isEmpty();
        assertThat(firedNames(webhook.bodies())).as("rho alerts fired for " + SERIES + "; Prometheus log "
                + stack.log("prometheus") + ", Alertmanager log " + stack.log("alertmanager")).containsAll(RHO_ALERTS);
        for (JsonNode alert : fired) {
            JsonNode labels = alert.path("labels");
            assertThat(labels.path("series").asText()).isEqualTo(SERIES);
            assertThat(labels.path("model").asText()).isEqualTo("cpa-simulator");
            assertThat(labels.path("window").asText()).isEqualTo("last-" + WINDOW);
            assertThat(labels.path("severity").asText()).isEqualTo("warning");
            assertThat(labels.path("rule").asText()).isIn("rho-drop", "rho-floor");
            assertThat(alert.path("annotations").path("summary").asText()).startsWith(SERIES + ": Spearman rho");
        }
        JsonNode sim = EventJson.mapper().readTree(pipeline.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(pipeline.simulatorUrl().replace("/v1", "/sim/stats"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(sim.path("driftStepsApplied").asLong()).isEqualTo(1);
    }

    /** Grafana does not run here: its provisioning file is checked for shape, and its queries below and above. */
    @Test
    void theGrafanaAlertRulesAreWellFormed() throws Exception {
        JsonNode file = AlertRuleFiles.read(AlertRuleFiles.GRAFANA_RULES);
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        List<JsonNode> rules = AlertRuleFiles.grafanaRules();
        assertThat(rules.stream().map(r -> r.path("title").asText()))
                .containsExactlyInAnyOrder("CpaRhoFloor", "CpaRhoDrop", "CpaParseFailures", "CpaIcEceRise", "CpaSeriesNoData");
        Set<String> uids = new HashSet<>();
        for (JsonNode rule : rules) {
            String title = rule.path("title").asText();
            assertThat(uids.add(rule.path("uid").asText())).as("unique uid of " + title).isTrue();
            Set<String> refIds = new TreeSet<>();
            rule.path("data").forEach(d -> {
                refIds.add(d.path("refId").asText());
                assertThat(d.path("model").path("refId").asText()).as(title).isEqualTo(d.path("refId").asText());
                assertThat(d.path("datasourceUid").asText()).as(title).isIn("cpa-prometheus", "__expr__");
                String from = d.path("model").path("expression").asText("");
                if (!from.isEmpty()) assertThat(refIds).as(title + " refers to an earlier query").contains(from);
            });
            assertThat(refIds).as(title).contains(rule.path("condition").asText());
            assertThat(AlertRuleFiles.grafanaQueries(rule)).as(title).hasSize(1);
            assertThat(rule.path("for").asText()).as(title).matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as(title).isIn("info", "warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(title).startsWith("{{ $labels.series }}: ");
        }
        // the data source the rules query is the provisioned one
        assertThat(Files.readString(AlertRuleFiles.GRAFANA_RULES.getParent().getParent().resolve("datasources/prometheus.yml")))
                .contains("uid: cpa-prometheus");
    }

    /** Metrics of a whole series, without a window label. */
    private static final Set<String> PER_SERIES_METRICS = Set.of("cpa_alignment_accuracy_estimate_diverged");

    /** Every metric either rule file queries is one the running analysis-service exports, with the labels they use. */
    @Test
    void everyMetricTheAlertRulesQueryIsExported() throws Exception {
        Set<String> used = AlertRuleFiles.allMetricNames();
        assertThat(used).contains("cpa_alignment_spearman_upper", "cpa_alignment_spearman_value",
                "cpa_alignment_spearman_lower", "cpa_alignment_spearman_n", "cpa_alignment_parse_failure_rate_value",
                "cpa_alignment_ic_calibration_ece_value", "cpa_alignment_n");
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        Set<String> exported = Set.of();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = pipeline.get("analysis-service", "/q/metrics").body();
            exported = DashboardEndToEndTest.exportedFamilies(metrics, SERIES);
            if (exported.containsAll(used)) break;
            Pipeline.sleep(1000);
        }
        assertThat(exported).as("families exported for " + SERIES).containsAll(used);
        for (String name : used) {
            // the accuracy check is the series' own, not a window's: it has a series label and no window label
            String window = PER_SERIES_METRICS.contains(name) ? "" : "(?=[^}]*\\bwindow=\")";
            assertThat(metrics).containsPattern(Pattern.quote(name) + "\\{(?=[^}]*\\bseries=\")" + window + "[^}]*\\} ");
        }
        // the no-data rules read the since-start window
        assertThat(metrics).containsPattern("cpa_alignment_n\\{[^}]*window=\"since-start\"[^}]*\\} ");
    }

    private void startRun(long seed) throws Exception {
        HttpResponse<String> run = pipeline.postJson("answer-service", "/api/runs",
                "{\"limit\": " + PHASE + ", \"ratePerSecond\": " + RATE + ", \"seed\": " + seed + ", \"source\": \"prometheus\"}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
    }

    private void awaitReceived(long n) throws Exception {
        pipeline.awaitReceived(SERIES, n, Duration.ofMinutes(4));
    }

    private void awaitQuery(String promql, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!stack.query(promql).isEmpty()) return;
            Pipeline.sleep(1000);
        }
        throw new AssertionError("no result for " + promql + " within " + timeout + "; Prometheus log " + stack.log("prometheus"));
    }

    /** The alerts of the webhook bodies, for a rho rule and the test's series, firing. */
    static List<JsonNode> rhoAlerts(List<JsonNode> bodies) {
        Predicate<JsonNode> rho = a -> RHO_ALERTS.contains(a.path("labels").path("alertname").asText())
                && SERIES.equals(a.path("labels").path("series").asText()) && "firing".equals(a.path("status").asText());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode body : bodies) body.path("alerts").forEach(a -> {
            if (rho.test(a)) out.add(a);
        });
        return out;
    }

    static Set<String> firedNames(List<JsonNode> bodies) {
        Set<String> names = new TreeSet<>();
        rhoAlerts(bodies).forEach(a -> names.add(a.path("labels").path("alertname").asText()));
        return names;
    }

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PrometheusBinaries.PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
            }
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
