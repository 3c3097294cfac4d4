package io.cpa.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness on a few hundred answers. Starting five JVMs takes one to two minutes on the 2-core machine, beyond
 * what {@code ./mvnw verify} should spend on a harness, so it runs on request, after the services are packaged:
 * {@code ./mvnw -B -o -pl devtools/service-bench -am verify -Dcpa.bench.smoke=true -Dtest=BenchPipelineSmokeTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "cpa.bench.smoke", matches = "true")
class BenchPipelineSmokeTest {

    @Test
    void everyAnswerIsCountedAndEveryProcessIsMeasured() throws Exception {
        Path root = Path.of(System.getProperty("cpa.root", "../..")).toAbsolutePath().normalize();
        assertThat(root.resolve("analysis-service/target/quarkus-app/quarkus-run.jar")).as("packaged services").exists();
        BenchPipeline.Report r = BenchPipeline.run(new String[]{"--root=" + root, "--warmup=0", "--answers=400", "--batch=50",
                "--clients=2", "--rate=40", "--pacedSeconds=3", "--pacedBatch=4", "--rawRecords=2000", "--stallSeconds=60"});

        assertThat(r.throughput().accepted()).isEqualTo(400);
        assertThat(r.throughput().uncovered()).as("answers no snapshot counted").isZero();
        assertThat(r.throughput().sortedLatencyMs()).hasSize(400);
        assertThat(r.throughput().endToEndRate()).isPositive();
        assertThat(r.paced().accepted()).isEqualTo(120);
        assertThat(r.paced().uncovered()).isZero();
        assertThat(r.paced().sortedLatencyMs()).hasSize(120);
        assertThat(r.paced().sortedLatencyMs()[0]).as("the shortest latency").isPositive();
        // certainties of the paced run's answers were seen in the middle of the pipeline (the tail reading them may
        // trail the snapshots by a poll, so not necessarily all 120 yet), never more than one per answer
        assertThat(r.paced().toCertaintyMs()).isNotEmpty().hasSizeLessThanOrEqualTo(120);
        assertThat(r.throughput().cpu().seconds()).containsKeys("kafka", "model-simulator", "answer-service",
                "certainty-service", "analysis-service", "harness");
        assertThat(r.throughput().cpu().seconds().values()).allSatisfy(cpu -> assertThat(cpu).isPositive());
        assertThat(r.rawRecordsPerSecond()).isPositive();
    }
}
