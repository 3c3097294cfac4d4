package io.cpa.dataset;

import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLoaderTest {

    @Test
    void commonsenseQaWithABlankLineAndAnUnlabelledTestRow() {
        List<Question> qs = DatasetLoader.loadResource("dataset/commonsense_qa.jsonl", DatasetFormat.COMMONSENSE_QA);
        assertThat(qs).hasSize(3);
        Question q = qs.get(0);
        assertThat(q.id()).isEqualTo("075e483d21c29a511267ef62bedc0461");
        assertThat(q.dataset()).isEqualTo("commonsense_qa");
        assertThat(q.text()).startsWith("The sanctions against the school");
        assertThat(q.options()).containsExactly(new ChoiceOption("A", "ignore"), new ChoiceOption("B", "enforce"),
                new ChoiceOption("C", "authoritarian"), new ChoiceOption("D", "yell at"), new ChoiceOption("E", "avoid"));
        assertThat(q.gold()).isEqualTo("A");
        assertThat(qs.get(1).gold()).isEqualTo("B");
        assertThat(qs.get(2).gold()).isNull();
    }

    @Test
    void qascHasEightOptions() {
        List<Question> qs = DatasetLoader.loadResource("dataset/qasc.jsonl", DatasetFormat.QASC);
        assertThat(qs).hasSize(2);
        assertThat(qs.get(0).labels()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H");
        assertThat(qs.get(0).option("F").text()).isEqualTo("beads");
        assertThat(qs.get(0).gold()).isEqualTo("F");
        assertThat(qs.get(1).dataset()).isEqualTo("qasc");
    }

    @Test
    void riddleSenseIdIsDerivedFromTheContent() throws Exception {
        List<Question> qs = DatasetLoader.loadResource("dataset/riddle_sense.jsonl", DatasetFormat.RIDDLE_SENSE);
        assertThat(qs).hasSize(2);
        Question q = qs.get(1);
        assertThat(q.gold()).isEqualTo("C");
        assertThat(q.option("C").text()).isEqualTo("charcoal");

        // independent recomputation: SHA-256 over question, then NUL + each option text
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(q.text().getBytes(StandardCharsets.UTF_8));
        for (String t : List.of("ink", "fire", "charcoal", "rose", "shade")) {
            sha.update((byte) 0);
            sha.update(t.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(q.id()).isEqualTo("rs-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        assertThat(qs.get(0).id()).isNotEqualTo(q.id());

        // the id does not depend on the position in the file
        List<String> rows = lines("dataset/riddle_sense.jsonl");
        String reordered = rows.get(1) + "\n" + rows.get(0) + "\n";
        List<Question> again = DatasetLoader.load(new StringReader(reordered), "r.jsonl", DatasetFormat.RIDDLE_SENSE);
        assertThat(again.get(0).id()).isEqualTo(q.id());
    }

    @Test
    void openBookQaReadsQuestionStem() {
        List<Question> qs = DatasetLoader.loadResource("dataset/openbookqa.jsonl", DatasetFormat.OPENBOOKQA);
        assertThat(qs.get(0).id()).isEqualTo("7-980");
        assertThat(qs.get(0).text()).isEqualTo("The sun is responsible for");
        assertThat(qs.get(0).options()).hasSize(4);
        assertThat(qs.get(0).gold()).isEqualTo("D");
    }

    @Test
    void arcWithLetterAndNumericLabelsAndThreeOptions() {
        List<Question> qs = DatasetLoader.loadResource("dataset/ai2_arc.jsonl", DatasetFormat.ARC);
        assertThat(qs).extracting(Question::dataset).containsOnly("ai2_arc");
        assertThat(qs.get(1).labels()).containsExactly("1", "2", "3", "4");
        assertThat(qs.get(1).gold()).isEqualTo("2");
        assertThat(qs.get(1).option("2").text()).isEqualTo("ruler");
        assertThat(qs.get(2).options()).hasSize(3);
    }

    @Test
    void loadsFromAPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, String.join("\n", lines("dataset/openbookqa.jsonl")) + "\n");
        assertThat(DatasetLoader.load(file, DatasetFormat.OPENBOOKQA)).hasSize(2);

        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("absent.jsonl"), DatasetFormat.OPENBOOKQA))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("absent.jsonl:0: cannot read");
        assertThatThrownBy(() -> DatasetLoader.loadResource("dataset/absent.jsonl", DatasetFormat.ARC))
                .hasMessage("dataset/absent.jsonl:0: no such classpath resource");
    }

    @Test
    void errorsNameFileLineAndField() {
        String good = "{\"id\":\"1\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\",\"y\"]},\"answerKey\":\"A\"}";
        // line 3 is the bad one: the blank line 2 still counts
        assertError(good + "\n\n{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":\"A\",\"text\":[\"x\"]},\"answerKey\":\"A\"}",
                DatasetFormat.ARC, 3, "choices.label", "train.jsonl:3: field choices.label: expected an array");
        assertError("{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\"]}}",
                DatasetFormat.ARC, 1, "choices.text", "train.jsonl:1: field choices.text: expected 2 entries like choices.label, got 1");
        assertError("{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\",\"y\"]},\"answerKey\":\"C\"}",
                DatasetFormat.ARC, 1, "answerKey", "train.jsonl:1: field answerKey: 'C' is not one of the labels [A, B]");
        assertError("{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\"],\"text\":[\"x\"]},\"answerKey\":\"A\"}",
                DatasetFormat.ARC, 1, "choices.label", "train.jsonl:1: field choices.label: expected 2 to 8 options, got 1");
        assertError("{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"A\"],\"text\":[\"x\",\"y\"]}}",
                DatasetFormat.ARC, 1, "choices.label[1]", "train.jsonl:1: field choices.label[1]: duplicate label 'A'");
        assertError("{\"id\":\"2\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\",7]}}",
                DatasetFormat.ARC, 1, "choices.text[1]", "train.jsonl:1: field choices.text[1]: expected a string");
        assertError("{\"id\":\"7-1\",\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\",\"y\"]}}",
                DatasetFormat.OPENBOOKQA, 1, "question_stem", "train.jsonl:1: field question_stem: missing");
        assertError("{\"question\":\"q?\",\"choices\":{\"label\":[\"A\",\"B\"],\"text\":[\"x\",\"y\"]}}",
                DatasetFormat.COMMONSENSE_QA, 1, "id", "train.jsonl:1: field id: missing");
        assertError("{\"id\":\"2\",\"question\":\"q?\"}", DatasetFormat.QASC, 1, "choices",
                "train.jsonl:1: field choices: expected an object with label and text");
        assertError(good + "\n{\"id\": oops}", DatasetFormat.ARC, 2, null, "train.jsonl:2: not JSON: ");
        assertError("[1,2]", DatasetFormat.ARC, 1, null, "train.jsonl:1: expected a JSON object");
    }

    @Test
    void numericJsonLabelsAreReadAsText() {
        String row = "{\"id\":\"n1\",\"question\":\"q?\",\"choices\":{\"label\":[1,2,3],\"text\":[\"x\",\"y\",\"z\"]},\"answerKey\":\"3\"}";
        Question q = DatasetLoader.load(new StringReader(row), "t.jsonl", DatasetFormat.ARC).get(0);
        assertThat(q.labels()).containsExactly("1", "2", "3");
        assertThat(q.gold()).isEqualTo("3");
    }

    @Test
    void formatNames() {
        assertThat(DatasetFormat.values()).extracting(DatasetFormat::datasetName)
                .containsExactly("commonsense_qa", "qasc", "riddle_sense", "openbookqa", "ai2_arc");
        assertThat(DatasetFormat.byName("ai2_arc")).isEqualTo(DatasetFormat.ARC);
        assertThatThrownBy(() -> DatasetFormat.byName("arc"))
                .hasMessage("unknown dataset format 'arc', valid: commonsense_qa, qasc, riddle_sense, openbookqa, ai2_arc");
    }

    private static void assertError(String content, DatasetFormat format, int line, String field, String messageStart) {
        assertThatThrownBy(() -> DatasetLoader.load(new StringReader(content), "train.jsonl", format))
                .isInstanceOfSatisfying(DatasetException.class, e -> {
                    assertThat(e.getMessage()).startsWith(messageStart);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.source()).isEqualTo("train.jsonl");
                });
    }

    private static List<String> lines(String resource) {
        try (var in = DatasetLoaderTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
