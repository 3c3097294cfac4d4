package io.cpa.dataset;

import io.cpa.question.Question;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled sample set is what the demo and the end-to-end tests run on: it must load whole and be well formed. */
class SampleSetTest {
    static final String SAMPLE_SET = "io/cpa/dataset/sample-questions.jsonl";

    @Test
    void loadsAllQuestionsWithGoldLabelsAndThreeToFiveOptions() {
        List<Question> questions = DatasetLoader.loadResource(SAMPLE_SET, DatasetFormat.COMMONSENSE_QA);
        assertThat(questions).hasSize(120);
        assertThat(questions).allSatisfy(q -> {
            assertThat(q.gold()).isNotNull();
            assertThat(q.options()).hasSizeBetween(3, 5);
            assertThat(q.text()).doesNotContain("\n").doesNotEndWith("Answer:");
        });
        Set<String> ids = questions.stream().map(Question::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(120);
        assertThat(questions.stream().filter(q -> q.labels().contains("1")).count()).isEqualTo(10);
    }
}
