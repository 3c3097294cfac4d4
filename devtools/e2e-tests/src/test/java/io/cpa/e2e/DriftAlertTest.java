package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.AlertEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged pipeline with a simulator whose true rho falls from 0.42 to 0 after answer 600: no alert fires before
 * the change, and a rho alert fires within a bounded number of answers after it, on cpa.alerts and on /api/alerts.
 *
 * <p>The bound. The analysis keeps a count window of W = 300 answers and the alerts watch it (min n 100, baseline
 * n 300, so the baseline is the first full window: rho about 0.42, 95% interval about [0.32, 0.51]). W answers after
 * the change the window holds only answers drawn at rho 0: its interval is about [-0.12, 0.12], wholly below the
 * baseline's lower bound by some 0.2 (more than three standard errors of either), and the drop of about 0.42 exceeds
 * the minimum 0.1, so rho-drop opens at the first snapshot taken then. Snapshots come at least every 50 answers:
 * the alert comes at most W + 50 = 350 answers after the change. Before the change, window and baseline estimate the
 * same rho, and the run is reproducible (one answer at a time, seeded simulator and question order).
 */
class DriftAlertTest {
    static final int WINDOW = 300;
    static final int SNAPSHOT_EVERY = 50;
    static final int CHANGE_AT = 600;
    static final int BOUND = WINDOW + SNAPSHOT_EVERY;
    static final int ANSWERS = CHANGE_AT + BOUND + 50;
    static final String SERIES = "cpa-simulator|drift|cqp";
    static final Set<String> RHO_RULES = Set.of("rho-drop", "rho-floor", "rho-change");

    @Test
    void aFallOfRhoRaisesAnAlertWithinTheBoundAndNothingBefore() throws Exception {
        try (Pipeline pipeline = new Pipeline("drift", 1)) {
            pipeline.startSimulator("--seed=20240520", "--rho=0.42", "--drift=afterAnswers:" + CHANGE_AT + ":rho=0.0");
            pipeline.startService("analysis-service", Map.of(
                    "CPA_ANALYSIS_WINDOWS", String.valueOf(WINDOW),
                    "CPA_ANALYSIS_SNAPSHOT_EVERY", String.valueOf(SNAPSHOT_EVERY),
                    "CPA_ALERTS_MIN_N", "100",
                    "CPA_ALERTS_BASELINE_N", String.valueOf(WINDOW)));
            pipeline.startService("certainty-service", Map.of());
            pipeline.startService("answer-service", Map.of("CPA_BENCHMARK_CONCURRENCY", "1"));
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }
            long started = System.nanoTime();
            HttpResponse<String> run = pipeline.postJson("answer-service", "/api/runs",
                    "{\"limit\": " + ANSWERS + ", \"seed\": 7, \"source\": \"drift\"}");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(201);

            awaitReceived(pipeline, ANSWERS);
            JsonNode sim = EventJson.mapper().readTree(pipeline.http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(pipeline.simulatorUrl().replace("/v1", "/sim/stats"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(sim.path("driftStepsApplied").asLong()).isEqualTo(1);

            List<AlertEvent> alerts;
            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                // the run is over and analysed: what is on the topic now is every alert it raised (give the last
                // transaction a moment to commit)
                alerts = kafka.readUntil(Topics.ALERTS, rs -> false, Duration.ofSeconds(5)).stream()
                        .filter(r -> SERIES.equals(r.key())).map(ConsumerRecord::value).map(AlertEvent::read).toList();
            }
            System.out.printf("drift e2e: %d answers in %.0f s; alerts %s%n", ANSWERS, (System.nanoTime() - started) / 1e9,
                    alerts.stream().map(a -> a.rule() + " " + a.state() + " at " + a.seriesReceived()
                            + String.format(" (rho %.3f [%.3f, %.3f])", a.observed(), a.lower(), a.upper())).toList());

            // the drift moves rho only; the accuracy check (a 95% interval tested at every refit of the accuracy map,
            // so it can open on noise) has its own tests and is not part of what this drift must raise
            assertThat(alerts.stream().filter(a -> !a.rule().equals("accuracy-estimate-diverges")).toList())
                    .as("no alignment alert before the change").allSatisfy(a -> assertThat(a.seriesReceived()).isGreaterThan(CHANGE_AT));
            AlertEvent first = alerts.stream().filter(a -> RHO_RULES.contains(a.rule()) && a.state() == AlertEvent.State.OPEN)
                    .findFirst().orElseThrow(() -> new AssertionError("no rho alert after the change: " + alerts));
            assertThat(first.seriesReceived()).as("within %d answers of the change", BOUND).isLessThanOrEqualTo(CHANGE_AT + BOUND);
            assertThat(first.window()).isEqualTo("last-" + WINDOW);

            String path = "/api/alerts?state=all&series=" + URLEncoder.encode(SERIES, StandardCharsets.UTF_8);
            HttpResponse<String> api = pipeline.get("analysis-service", path);
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
            List<String> ids = EventJson.mapper().readTree(api.body()).findValuesAsText("alertId");
            assertThat(ids).contains(first.alertId());
            HttpResponse<String> open = pipeline.get("analysis-service", "/api/alerts?series=" + URLEncoder.encode(SERIES, StandardCharsets.UTF_8));
            assertThat(EventJson.mapper().readTree(open.body()).findValuesAsText("rule")).contains(first.rule());
        }
    }

    static void awaitReceived(Pipeline pipeline, long n) throws Exception {
        pipeline.awaitReceived(SERIES, n, Duration.ofMinutes(6));
    }
}
