package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionBankTest {

    @Test
    void readsHuggingFaceOpenBookQaAndArcOriginalShapes(@TempDir Path dir) throws IOException {
        Path hf = dir.resolve("csqa.jsonl");
        Files.writeString(hf, "{\"id\":\"1\",\"question\":\"Where is the sun?\",\"choices\":{\"label\":[\"A\",\"B\"],"
                + "\"text\":[\"sky\",\"sea\"]},\"answerKey\":\"A\"}\n\n");
        Path obqa = dir.resolve("obqa.jsonl");
        Files.writeString(obqa, "{\"id\":\"2\",\"question_stem\":\"Plants need\",\"choices\":{\"label\":[\"A\",\"B\",\"C\"],"
                + "\"text\":[\"rocks\",\"light\",\"noise\"]},\"answerKey\":\"B\"}\n");
        Path arc = dir.resolve("arc.jsonl");
        Files.writeString(arc, "{\"id\":\"3\",\"question\":{\"stem\":\"Which is a gas?\",\"choices\":[{\"label\":\"1\",\"text\":\"ice\"},"
                + "{\"label\":\"2\",\"text\":\"steam\"}]},\"answerKey\":\"2\"}\n");
        QuestionBank bank = QuestionBank.load(List.of(hf.toString(), obqa.toString(), arc.toString()));
        assertThat(bank.size()).isEqualTo(3);
        assertThat(bank.find("where is the SUN")).map(QuestionBank.Entry::answerKey).contains("A");
        // gold is matched by option text, so a prompt that relabels the options still finds it
        Prompt.Answer relabelled = new Prompt.Answer("Which is a gas?", List.of("A", "B"), List.of("steam", "ice"));
        assertThat(bank.goldIndex(relabelled)).contains(0);
        Prompt.Answer plants = new Prompt.Answer("Plants need", List.of("A", "B", "C"), List.of("rocks", "light", "noise"));
        assertThat(bank.goldIndex(plants)).contains(1);
        assertThat(bank.goldIndex(new Prompt.Answer("Unknown?", List.of("A", "B"), List.of("x", "y")))).isEmpty();
    }

    @Test
    void badLinesNameFileLineAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"question\":\"Q\",\"choices\":{\"label\":[\"A\"],\"text\":[\"x\"]},\"answerKey\":\"A\"}\n"
                + "{\"question\":\"Q2\",\"choices\":{\"label\":[\"A\"],\"text\":[\"x\"]},\"answerKey\":\"C\"}\n");
        assertThatThrownBy(() -> QuestionBank.load(List.of(f.toString())))
                .hasMessageContaining("bad.jsonl:2").hasMessageContaining("answerKey");
        Files.writeString(f, "{not json\n");
        assertThatThrownBy(() -> QuestionBank.load(List.of(f.toString()))).hasMessageContaining("bad.jsonl:1");
    }
}
