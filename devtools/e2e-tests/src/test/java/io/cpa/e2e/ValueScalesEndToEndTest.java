package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged pipeline with two certainty variants per answer, `cqp` (six levels, asked with logprobs, so each
 * certainty also carries the probabilistic VC) and `numeric` (1 to 100), on the simulator at true rho 0.42, which it
 * holds on each scale. The numeric series is ranked as its hundred values and its interval covers 0.42; the six-level
 * series reports the probabilistic VC's rho with its interval beside the parsed VC's, and at the simulator's default
 * sharpness the probabilistic VC, a less tied read of the same belief, aligns at least as well.
 */
class ValueScalesEndToEndTest {
    static final int ANSWERS = 1000;
    static final double TRUE_RHO = 0.42;
    static final String WINDOW = "last-1000";

    @Test
    void numericVcIsRankedAsValuesAndTheProbabilisticVcIsReportedApart() throws Exception {
        try (Pipeline pipeline = new Pipeline("value-scales")) {
            pipeline.startSimulator("--seed=20241205", "--rho=" + TRUE_RHO);
            pipeline.startService("analysis-service", Map.of());
            pipeline.startService("certainty-service", Map.of("CPA_CERTAINTY_VARIANTS", "cqp,numeric"));
            // one answer at a time in a seeded order: the simulator's draws land on the same answers in every run
            pipeline.startService("answer-service", Map.of("CPA_BENCHMARK_CONCURRENCY", "1"));
            for (String s : new String[] {"answer-service", "certainty-service", "analysis-service"}) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }
            HttpResponse<String> started = pipeline.postJson("answer-service", "/api/runs",
                    "{\"limit\": " + ANSWERS + ", \"seed\": 11, \"source\": \"e2e\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

            JsonNode numeric = awaitWindow(pipeline, "cpa-simulator|e2e|numeric", ANSWERS);
            JsonNode rho = numeric.path("spearman");
            System.out.printf("e2e numeric: n=%d rho=%.4f [%.4f, %.4f]%n", rho.path("n").asInt(), rho.path("value").asDouble(),
                    rho.path("lower").asDouble(), rho.path("upper").asDouble());
            assertThat(rho.path("status").asText()).isEqualTo("OK");
            assertThat(rho.path("lower").asDouble()).isLessThanOrEqualTo(TRUE_RHO);
            assertThat(rho.path("upper").asDouble()).isGreaterThanOrEqualTo(TRUE_RHO);
            assertThat(numeric.path("probabilisticVc").path("n").asLong()).as("a numeric reply has no level tokens").isZero();

            JsonNode six = awaitWindow(pipeline, "cpa-simulator|e2e|cqp", ANSWERS);
            JsonNode parsed = six.path("spearman");
            JsonNode pvc = six.path("probabilisticVc");
            JsonNode pvcRho = pvc.path("spearman");
            System.out.printf("e2e cqp: parsed n=%d rho=%.4f [%.4f, %.4f]; probabilistic n=%d rho=%.4f [%.4f, %.4f], "
                            + "mode disagrees %d of %d, mean entropy %.3f bits%n",
                    parsed.path("n").asInt(), parsed.path("value").asDouble(), parsed.path("lower").asDouble(),
                    parsed.path("upper").asDouble(), pvcRho.path("n").asInt(), pvcRho.path("value").asDouble(),
                    pvcRho.path("lower").asDouble(), pvcRho.path("upper").asDouble(), pvc.path("modeDisagreements").asLong(),
                    pvc.path("modeCompared").asLong(), pvc.path("meanEntropy").path("value").asDouble());
            assertThat(parsed.path("status").asText()).isEqualTo("OK");
            assertThat(pvcRho.path("status").asText()).isEqualTo("OK");
            assertThat(pvcRho.path("n").asInt()).as("every parsed reply of the simulator has level logprobs").isGreaterThan(ANSWERS * 8 / 10);
            assertThat(pvcRho.path("lower").asDouble()).isLessThan(pvcRho.path("value").asDouble());
            assertThat(pvcRho.path("upper").asDouble()).isGreaterThan(pvcRho.path("value").asDouble());
            assertThat(pvcRho.path("value").asDouble()).isGreaterThanOrEqualTo(parsed.path("value").asDouble());
        }
    }

    static JsonNode awaitWindow(Pipeline pipeline, String series, int n) throws Exception {
        return pipeline.awaitWindow(series, WINDOW, "n", n, Duration.ofMinutes(10));
    }
}
