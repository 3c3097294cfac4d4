package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import io.cpa.prompt.AnswerPrompt;
import io.cpa.question.Question;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two upstreams as two routes: two simulator processes with different true alignment (rho 0.6 and 0.1) behind one
 * answer-service proxy and one certainty-service that read the same routing table. Proxy traffic for both model names
 * goes through; each series' since-start interval must cover its own simulator's rho, and each simulator must have
 * received certainty calls only for its own model name, one per answer plus at most the retries.
 */
class RoutesEndToEndTest {
    static final int PER_MODEL = 500;

    @Test
    void eachModelIsAnsweredAndAskedOnItsOwnRoute() throws Exception {
        try (Pipeline pipeline = new Pipeline("routes")) {
            // distinct questions, so that no certainty call can be paired with an earlier answer to the same question
            java.nio.file.Path dataset = FaultSuiteTest.writeDataset(pipeline.runDir.resolve("questions.jsonl"), PER_MODEL);
            pipeline.startSimulatorNamed("sim-a", "--seed=11", "--rho=0.6", "--modelId=cpa-sim-a", "--questionBank=" + dataset);
            pipeline.startSimulatorNamed("sim-b", "--seed=12", "--rho=0.1", "--modelId=cpa-sim-b", "--questionBank=" + dataset);
            Map<String, String> routes = Map.of(
                    "CPA_ROUTES_SIM_A_MODELS", "cpa-sim-a", "CPA_ROUTES_SIM_A_BASE_URL", pipeline.simulatorUrl("sim-a"),
                    "CPA_ROUTES_SIM_B_MODELS", "cpa-sim-b", "CPA_ROUTES_SIM_B_BASE_URL", pipeline.simulatorUrl("sim-b"));
            pipeline.startService("analysis-service", Map.of());
            pipeline.startService("certainty-service", routes);
            pipeline.startService("answer-service", routes);
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }

            List<Question> bank = DatasetLoader.load(dataset, DatasetFormat.COMMONSENSE_QA);
            for (int i = 0; i < PER_MODEL; i++) {
                Question q = bank.get(i % bank.size());
                for (String model : List.of("cpa-sim-a", "cpa-sim-b")) {
                    ObjectNode body = EventJson.mapper().createObjectNode().put("model", model).put("temperature", 0.2);
                    body.putArray("messages").addObject().put("role", "user").put("content", AnswerPrompt.render(q.text(), q.options()));
                    HttpResponse<String> r = pipeline.http.send(HttpRequest.newBuilder(URI.create(pipeline.url("answer-service", "/v1/chat/completions")))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
            }

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES,
                        rs -> rs.size() >= 2 * PER_MODEL, Duration.ofMinutes(4));
                assertThat(certainties).hasSize(2 * PER_MODEL);
                for (ConsumerRecord<String, String> r : certainties) {
                    CertaintyEvent c = EventJson.readCertainty(r.value());
                    assertThat(c.certaintyModel()).isEqualTo(c.model());
                    assertThat(c.certaintyBy()).isEqualTo("self");
                    assertThat(c.route()).isEqualTo(c.model().equals("cpa-sim-a") ? "sim-a" : "sim-b");
                }
            }
            // a retried call (a timeout on this loaded machine, a pooled connection the simulator closed) may reach the
            // simulator twice; every call beyond one per answer must be one the certainty-service counted as a retry
            long retries = (long) metric(pipeline.get("certainty-service", "/q/metrics").body(), "cpa_certainty_retries_total");
            long certaintyCalls = 0;
            for (String[] s : List.of(new String[]{"sim-a", "cpa-sim-a", "cpa-sim-b", "0.6"}, new String[]{"sim-b", "cpa-sim-b", "cpa-sim-a", "0.1"})) {
                JsonNode stats = EventJson.mapper().readTree(pipeline.get(s[0], "/sim/stats").body()).path("byRequestedModel");
                long calls = stats.path(s[1]).path("certaintyCalls").asLong();
                certaintyCalls += calls;
                assertThat(calls).as(s[0] + " certainty calls for its own model").isGreaterThanOrEqualTo(PER_MODEL);
                assertThat(stats.path(s[1]).path("answerCalls").asLong()).as(s[0] + " answer calls").isEqualTo(PER_MODEL);
                assertThat(stats.has(s[2])).as(s[0] + " never asked for " + s[2]).isFalse();
                String series = s[1] + "|proxy|cqp";
                JsonNode rho = PipelineEndToEndTest.awaitSinceStart(pipeline, series, PER_MODEL - 10).path("spearman");
                double trueRho = Double.parseDouble(s[3]);
                System.out.printf("routes: %s n=%d rho=%.4f [%.4f, %.4f] (true %.2f)%n", series, rho.path("n").asInt(),
                        rho.path("value").asDouble(), rho.path("lower").asDouble(), rho.path("upper").asDouble(), trueRho);
                assertThat(rho.path("lower").asDouble()).as(series).isLessThanOrEqualTo(trueRho);
                assertThat(rho.path("upper").asDouble()).as(series).isGreaterThanOrEqualTo(trueRho);
            }
            assertThat(certaintyCalls).as("certainty calls beyond one per answer, against %d retries", retries)
                    .isBetween(2L * PER_MODEL, 2L * PER_MODEL + retries);
        }
    }

    /** An untagged counter or gauge of a Prometheus scrape; fails when the scrape does not have it. */
    private static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{\\})? (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
