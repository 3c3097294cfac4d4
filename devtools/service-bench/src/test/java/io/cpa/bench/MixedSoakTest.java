package io.cpa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the mixed-traffic soak, part of the test command: 75 s of the realistic mix for two model names
 * on two routes through the packaged services. Every answer must end as one certainty or one skip per variant asked,
 * or one dead letter; every service must stay healthy; the lag must drain; each simulator must have been asked
 * certainties only for its own model name. The 30-minute run is {@code ./cpa bench-mixed}.
 */
class MixedSoakTest {

    @Test
    void aMixOfRealTrafficEndsWithEveryAnswerAccountedFor() throws Exception {
        Path root = Path.of(System.getProperty("cpa.root", "../..")).toAbsolutePath().normalize();
        assertThat(root.resolve("answer-service/target/quarkus-app/quarkus-run.jar")).as("packaged services").exists();
        MixedSoak.Report r = MixedSoak.run(new String[]{"--root=" + root, "--minutes=1.25", "--rate=8", "--sampleSeconds=25",
                "--settleSeconds=120"});

        assertThat(r.ledger().violations()).as("answers not accounted for").isEmpty();
        assertThat(r.allHealthy()).as("every service healthy at every sample: " + r.samples()).isTrue();
        assertThat(r.finalAnswerLag()).isZero();
        assertThat(r.finalCertaintyLag()).isZero();
        assertThat(r.ledger().answers()).isGreaterThan(400);
        // the mix reaches every kind of outcome: certainties of both kinds of variant, skips for replies without text
        assertThat(r.ledger().outcomes()).containsKeys("certainty cqp", "certainty ttp-lsu", "certainty numeric",
                "skip tool-calls", "skip refusal");
        JsonNode[] sims = r.simulatorStats().values().toArray(JsonNode[]::new);
        assertThat(sims[0].path("cpa-sim-a").path("certaintyCalls").asLong()).isPositive();
        assertThat(sims[0].has("cpa-sim-b")).as("the first simulator never asked for cpa-sim-b").isFalse();
        assertThat(sims[1].path("cpa-sim-b").path("certaintyCalls").asLong()).isPositive();
        assertThat(sims[1].has("cpa-sim-a")).as("the second simulator never asked for cpa-sim-a").isFalse();
    }
}
