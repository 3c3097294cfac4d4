package io.cpa.answer.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyPlanTest {
    @TempDir
    Path dir;

    private StudyRequest.DatasetRef file(String name) throws IOException {
        Path p = dir.resolve(name + ".jsonl");
        Files.writeString(p, "");
        return new StudyRequest.DatasetRef(name, p.toString(), 100, 1L, 300L);
    }

    @Test
    void cellsRunModelThenDatasetThenTemperatureAndEveryAnswerAsksAllVariants() throws IOException {
        StudyPlan plan = StudyPlan.of(new StudyRequest(null, List.of(file("commonsense_qa"), file("qasc")),
                List.of("cqp", "numeric"), List.of(0.2, 1.0), 50.0), "sim");
        assertThat(plan.cells()).extracting(StudyPlan.Cell::label).containsExactly(
                "sim / commonsense_qa / T=0.2", "sim / commonsense_qa / T=1.0", "sim / qasc / T=0.2", "sim / qasc / T=1.0");
        StudyPlan.Cell cell = plan.cells().get(3);
        assertThat(cell.run().dataset()).isEqualTo("qasc");
        assertThat(cell.run().source()).isEqualTo("qasc");
        assertThat(cell.run().variants()).containsExactly("cqp", "numeric");
        assertThat(cell.run().certaintyTemperature()).isEqualTo(1.0);
        assertThat(cell.run().sample()).isEqualTo(100);
        assertThat(cell.run().seed()).isEqualTo(1L);
        assertThat(cell.run().limit()).isEqualTo(300L);
        assertThat(cell.run().ratePerSecond()).isEqualTo(50.0);
        assertThat(cell.run().temperature()).as("answer temperature stays the configured one").isNull();
    }

    @Test
    void defaultsAreTheConfiguredModelCqpAndTemperatureZeroPointTwo() {
        StudyPlan plan = StudyPlan.of(new StudyRequest(null, List.of(new StudyRequest.DatasetRef("sample", null, null, null, null)),
                null, null, null), "sim");
        assertThat(plan.models()).containsExactly(new StudyPlan.Model("sim", null));
        assertThat(plan.variants()).containsExactly("cqp");
        assertThat(plan.temperatures()).containsExactly(0.2);
        assertThat(plan.cells().get(0).run().dataset()).as("the bundled sample set").isNull();
        assertThat(plan.cells().get(0).run().source()).isEqualTo("sample");
    }

    @Test
    void badRequestsNameTheField() throws IOException {
        StudyRequest.DatasetRef ok = file("qasc");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(), null, null, null), "sim"))
                .hasMessageStartingWith("datasets:");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(ok,
                new StudyRequest.DatasetRef("openbookqa", dir.resolve("missing.jsonl").toString(), null, null, null)), null, null, null), "sim"))
                .hasMessageStartingWith("datasets[1].path: not a readable file");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(new StudyRequest.DatasetRef("squad", "x", null, null, null)),
                null, null, null), "sim")).hasMessageStartingWith("datasets[0].name: unknown dataset format 'squad'");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(ok), List.of("cqp", "likert"), null, null), "sim"))
                .hasMessageStartingWith("variants[1]:");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(ok), null, List.of(0.2, 2.5), null), "sim"))
                .hasMessageStartingWith("temperatures[1]: must be in [0, 2]");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(List.of(new StudyRequest.ModelRef("gpt", "https://api.example/v1", "sk-1")),
                List.of(ok), null, null, null), "sim")).hasMessageStartingWith("models[0].apiKey:").hasMessageNotContaining("sk-1");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(new StudyRequest.DatasetRef("qasc", ok.path(), 0, null, null)),
                null, null, null), "sim")).hasMessageStartingWith("datasets[0].sample: must be positive");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(ok), null, null, -1.0), "sim"))
                .hasMessageStartingWith("ratePerSecond:");
        assertThatThrownBy(() -> StudyPlan.of(new StudyRequest(null, List.of(ok, ok), null, null, null), "sim"))
                .hasMessageStartingWith("datasets[1].name: dataset qasc appears twice");
    }
}
