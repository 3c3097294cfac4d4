package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SimulatorConfig c = SimulatorConfig.defaults();
        assertThat(c.port()).isEqualTo(8089);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.modelId()).isEqualTo("cpa-simulator");
        assertThat(c.rho()).isEqualTo(0.42);
        assertThat(c.accuracy()).isEqualTo(0.70);
        assertThat(c.levelDistribution()).containsExactly(0.35, 0.30, 0.15, 0.10, 0.06, 0.04);
        assertThat(c.messyRate()).isZero();
        assertThat(SimulatorConfig.fromValues(c.toValues())).isEqualTo(c);
    }

    @Test
    void environmentNamesAreUpperSnakeCaseWithPrefix() {
        assertThat(SimulatorConfig.envName("errorRate500")).isEqualTo("SIM_ERROR_RATE_500");
        assertThat(SimulatorConfig.envName("latencyP99Ms")).isEqualTo("SIM_LATENCY_P99_MS");
        assertThat(SimulatorConfig.envName("questionBank")).isEqualTo("SIM_QUESTION_BANK");
    }

    @Test
    void argumentsOverrideEnvironmentWhichOverridesDefaults() {
        SimulatorConfig c = SimulatorConfig.fromArgsAndEnv(new String[] {"--rho=0.1", "--questionBank=a.jsonl,b.jsonl"},
                Map.of("SIM_RHO", "0.3", "SIM_ACCURACY", "0.5", "UNRELATED", "x"));
        assertThat(c.rho()).isEqualTo(0.1);
        assertThat(c.accuracy()).isEqualTo(0.5);
        assertThat(c.questionBank()).isEqualTo(List.of("a.jsonl", "b.jsonl"));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("rho", "0.99"))).hasMessageContaining("rho");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("accuracy", "high"))).hasMessageContaining("accuracy");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("levelDistribution", "0.5,0.5"))).hasMessageContaining("levelDistribution");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("errorRate500", "0.6", "errorRate429", "0.6"))).hasMessageContaining("errorRate500");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("latencyMs", "100", "latencyP99Ms", "50"))).hasMessageContaining("latencyP99Ms");
        assertThatThrownBy(() -> SimulatorConfig.fromArgsAndEnv(new String[] {"rho=1"}, Map.of())).hasMessageContaining("rho=1");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("colour", "red"))).hasMessageContaining("colour");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withRuntimeChanges(Map.of("seed", "1"))).hasMessageContaining("seed");
    }

    @Test
    void driftScheduleParsesStepsAndRejectsBadOnes() {
        DriftSchedule d = DriftSchedule.parse("afterAnswers:5000:rho=0.1,accuracy=0.5; afterMs:60000:rho=0.3");
        assertThat(d.steps()).containsExactly(
                new DriftSchedule.Step(DriftSchedule.Trigger.AFTER_ANSWERS, 5000, Map.of("rho", "0.1", "accuracy", "0.5")),
                new DriftSchedule.Step(DriftSchedule.Trigger.AFTER_MS, 60000, Map.of("rho", "0.3")));
        assertThatThrownBy(() -> DriftSchedule.parse("afterLunch:5:rho=0.1")).hasMessageContaining("afterLunch");
        assertThatThrownBy(() -> DriftSchedule.parse("afterAnswers:5:seed=1")).hasMessageContaining("seed");
        assertThatThrownBy(() -> SimulatorConfig.fromValues(Map.of("drift", "afterAnswers:x:rho=0.1"))).hasMessageContaining("threshold");
    }
}
