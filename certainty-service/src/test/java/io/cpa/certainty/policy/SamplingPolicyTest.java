package io.cpa.certainty.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingPolicyTest {
    private final SamplingPolicy policy = new SamplingPolicy(0.25, Map.of("gpt|chat", 0.0, "chat", 0.5, "batch", 1.0));

    @Test
    void theSeriesRateIsModelAndSourceThenSourceThenTheDefault() {
        assertThat(policy.rate("gpt", "chat")).isEqualTo(0.0);
        assertThat(policy.rate("llama", "chat")).isEqualTo(0.5);
        assertThat(policy.rate("llama", "other")).isEqualTo(0.25);
    }

    @Test
    void theSampledShareMatchesTheRateWithinBinomialError() {
        Random random = new Random(1234);
        int n = 100_000;
        int sampled = 0;
        for (int i = 0; i < n; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            if (policy.sampled(id, "llama", "other", false)) sampled++;
        }
        double sd = Math.sqrt(n * 0.25 * 0.75);
        assertThat((double) sampled).isBetween(n * 0.25 - 5 * sd, n * 0.25 + 5 * sd);
    }

    @Test
    void theDecisionIsAFunctionOfTheAnswerIdAndLabelledAnswersAreAlwaysSampled() {
        Random random = new Random(99);
        for (int i = 0; i < 1000; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            assertThat(policy.sampled(id, "m", "x", false)).isEqualTo(policy.sampled(id, "m", "x", false));
            assertThat(policy.sampled(id, "gpt", "chat", false)).isFalse();
            assertThat(policy.sampled(id, "gpt", "chat", true)).isTrue();
            assertThat(policy.sampled(id, "m", "batch", false)).isTrue();
        }
        assertThat(SamplingPolicy.unitHash("a")).isBetween(0.0, 1.0).isNotEqualTo(SamplingPolicy.unitHash("b"));
    }

    @Test
    void ratesOutsideTheUnitIntervalAreRejectedNamingTheSeries() {
        assertThatThrownBy(() -> new SamplingPolicy(1.5, Map.of())).hasMessageContaining("default-rate");
        assertThatThrownBy(() -> new SamplingPolicy(1, Map.of("m|s", -0.1))).hasMessageContaining("rate of m|s");
    }
}
