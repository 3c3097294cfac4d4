package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline, packaged, as four processes on one broker: 1,200 answers of the simulator (configured true
 * rho 0.42) go through answer-service, certainty-service and analysis-service. Every answer must produce exactly one
 * certainty, and the measured rho's 95% interval must contain the configured rho.
 */
class PipelineEndToEndTest {
    static final int ANSWERS = 1200;
    static final double TRUE_RHO = 0.42;

    @Test
    void answersFlowThroughAndTheMeasuredIntervalContainsTheTrueRho() throws Exception {
        try (Pipeline pipeline = new Pipeline("flow")) {
            pipeline.startSimulator("--seed=20240520", "--rho=" + TRUE_RHO);
            pipeline.startService("analysis-service", Map.of());
            pipeline.startService("certainty-service", Map.of());
            // answers one at a time, in a seeded question order: the simulator's draws then land on the same answers in
            // every run, so this test's outcome is reproducible (the coverage of the interval itself is a property of
            // the simulator's own statistical tests)
            pipeline.startService("answer-service", Map.of("CPA_BENCHMARK_CONCURRENCY", "1"));
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }

            HttpResponse<String> started = pipeline.postJson("answer-service", "/api/runs",
                    "{\"limit\": " + ANSWERS + ", \"seed\": 7, \"source\": \"e2e\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> answers = kafka.read(Topics.ANSWERS, r -> true, ANSWERS, Duration.ofMinutes(8));
                assertThat(answers).hasSize(ANSWERS);
                Set<String> answerIds = answers.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
                assertThat(answerIds).hasSize(ANSWERS);

                List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES,
                        rs -> rs.size() >= ANSWERS, Duration.ofMinutes(8));
                // wait a little longer: a duplicate would arrive after the expected count
                certainties = kafka.readUntil(Topics.CERTAINTIES, rs -> false, Duration.ofSeconds(3));
                Map<String, Integer> perAnswer = new HashMap<>();
                for (ConsumerRecord<String, String> r : certainties) {
                    CertaintyEvent c = EventJson.readCertainty(r.value());
                    assertThat(r.key()).isEqualTo(c.seriesKey()).isEqualTo("cpa-simulator|e2e|cqp");
                    perAnswer.merge(c.answerId(), 1, Integer::sum);
                }
                assertThat(perAnswer.keySet()).isEqualTo(answerIds);
                assertThat(perAnswer.values()).allMatch(count -> count == 1);
                assertThat(kafka.readUntil(Topics.dlq(Topics.ANSWERS), rs -> false, Duration.ofSeconds(1))).isEmpty();
            }

            JsonNode since = awaitSinceStart(pipeline, "cpa-simulator|e2e|cqp", ANSWERS).path("spearman");
            assertThat(since.path("status").asText()).isEqualTo("OK");
            double rho = since.path("value").asDouble();
            double lower = since.path("lower").asDouble();
            double upper = since.path("upper").asDouble();
            System.out.printf("e2e: n=%d rho=%.4f 95%% CI [%.4f, %.4f] p=%.3g; RSS kB %s%n", since.path("n").asInt(), rho,
                    lower, upper, since.path("pValue").asDouble(),
                    pipeline.names().stream().map(n -> n + "=" + pipeline.rssKb(n)).toList());
            assertThat(lower).isLessThanOrEqualTo(TRUE_RHO);
            assertThat(upper).isGreaterThanOrEqualTo(TRUE_RHO);
            assertThat(upper - lower).isLessThan(0.15);
        }
    }

    static JsonNode awaitSinceStart(Pipeline pipeline, String series, int n) throws Exception {
        return pipeline.awaitWindow(series, "since-start", "pairedN", n, Duration.ofMinutes(2));
    }
}
