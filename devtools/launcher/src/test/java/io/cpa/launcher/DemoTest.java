package io.cpa.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's decisions from its options and environment; the demo itself runs by hand (see the README). */
class DemoTest {
    @TempDir
    Path root;

    @Test
    void defaultsAreTheReadmes() {
        DemoSettings s = DemoSettings.parse(List.of(), Map.of(), root);
        assertThat(s).isEqualTo(new DemoSettings(false, false, root.resolve(".cpa-run"), 9092, 8089, 8090, 20, 86400, null));
        assertThat(s.pids()).isEqualTo(root.resolve(".cpa-run/pids"));
        assertThat(Demo.portsNeeded(s)).containsExactly(Map.entry("kafka", 9092), Map.entry("model-simulator", 8089),
                Map.entry("answer-service", 8081), Map.entry("certainty-service", 8082), Map.entry("analysis-service", 8083));
        assertThat(Demo.modulesNeeded(s)).doesNotContain("devtools/service-bench");
    }

    @Test
    void environmentAndOptionsChangeIt() {
        DemoSettings s = DemoSettings.parse(List.of("--keep", "--traffic=mixed"), Map.of("CPA_RUN_DIR", "/tmp/r", "CPA_KAFKA_PORT", "19092",
                "CPA_SIMULATOR_PORT", "18089", "CPA_SIMULATOR_B_PORT", "18090", "CPA_DEMO_RATE", "2.5", "CPA_DEMO_SECONDS", "60"), root);
        assertThat(s).isEqualTo(new DemoSettings(true, true, Path.of("/tmp/r"), 19092, 18089, 18090, 2.5, 60, null));
        assertThat(Demo.portsNeeded(s)).containsKeys("model-simulator-a", "model-simulator-b").doesNotContainKey("model-simulator");
        assertThat(Demo.modulesNeeded(s)).contains("devtools/service-bench");
        assertThat(Demo.formatNumber(s.ratePerSecond())).isEqualTo("2.5");
        assertThat(Demo.formatNumber(20)).isEqualTo("20");
    }

    @Test
    void aRealModelNeedsNoSimulatorPort() {
        DemoSettings s = DemoSettings.parse(List.of(), Map.of("CPA_MODEL_BASE_URL", "http://127.0.0.1:8000/v1"), root);
        assertThat(s.usesSimulator()).isFalse();
        assertThat(Demo.portsNeeded(s)).doesNotContainKey("model-simulator");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> DemoSettings.parse(List.of("--traffic=chaos"), Map.of(), root))
                .hasMessageContaining("unknown demo option --traffic=chaos (known: --keep, --traffic=mixed)");
        assertThatThrownBy(() -> DemoSettings.parse(List.of(), Map.of("CPA_KAFKA_PORT", "90000"), root))
                .hasMessageContaining("CPA_KAFKA_PORT must be a port number");
        assertThatThrownBy(() -> DemoSettings.parse(List.of(), Map.of("CPA_DEMO_RATE", "fast"), root))
                .hasMessageContaining("CPA_DEMO_RATE must be a positive number, is fast");
    }

    @Test
    void mixedTrafficWithARealModelIsRefusedBeforeAnythingStarts() {
        DemoSettings s = DemoSettings.parse(List.of("--traffic=mixed"), Map.of("CPA_MODEL_BASE_URL", "http://x/v1"), root);
        assertThatThrownBy(() -> new Demo(new Components(root), s).run()).hasMessageContaining("unset CPA_MODEL_BASE_URL");
        assertThat(root.resolve(".cpa-run")).doesNotExist();
    }

    @Test
    void onlyModulesWithoutTheirOutputAreBuilt() throws Exception {
        Files.createDirectories(root.resolve("answer-service/target/quarkus-app"));
        Files.writeString(root.resolve("answer-service/target/quarkus-app/quarkus-run.jar"), "");
        Files.createDirectories(root.resolve("devtools/embedded-kafka/target/lib"));
        assertThat(Build.missing(root, List.of("answer-service", "analysis-service", "devtools/embedded-kafka")))
                .as("embedded-kafka has its lib but not its jar").containsExactly("analysis-service", "devtools/embedded-kafka");
    }

    @Test
    void componentsNameAMissingBuildOutputAndHowToMakeIt() {
        assertThatThrownBy(() -> new Components(root).service("answer-service", 8081, Map.of(), root.resolve("a.log")))
                .isInstanceOf(Components.MissingBuildOutputException.class)
                .hasMessage("missing " + root.resolve("answer-service/target/quarkus-app/quarkus-run.jar")
                        + ": build it with ./mvnw -B package -DskipTests");
    }
}
