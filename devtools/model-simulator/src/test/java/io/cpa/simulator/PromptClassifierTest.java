package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptClassifierTest {

    @Test
    void answerPromptWithLetterLabels() {
        Prompt p = PromptClassifier.classify(Prompts.answer("Where would you find a jellyfish?",
                List.of("A", "B", "C"), List.of("ocean", "desert", "attic")));
        assertThat(p).isEqualTo(new Prompt.Answer("Where would you find a jellyfish?", List.of("A", "B", "C"),
                List.of("ocean", "desert", "attic")));
    }

    @Test
    void answerPromptWithDigitLabelsAndAMultiLineQuestion() {
        Prompt p = PromptClassifier.classify("Read this.\nWhich is a metal?\n1. iron\n2. wood\n3. glass\n4. paper\nAnswer:\n");
        assertThat(p).isInstanceOf(Prompt.Answer.class);
        Prompt.Answer a = (Prompt.Answer) p;
        assertThat(a.labels()).containsExactly("1", "2", "3", "4");
        assertThat(a.question()).isEqualTo("Read this.\nWhich is a metal?");
    }

    @Test
    void notAnAnswerPrompt() {
        assertThat(PromptClassifier.classify("A. one\nB. two\nAnswer:")).isInstanceOf(Prompt.Other.class); // no question
        assertThat(PromptClassifier.classify("Q?\nA. one\nAnswer:")).isInstanceOf(Prompt.Other.class); // one option
        assertThat(PromptClassifier.classify("Q?\nA. one\nC. two\nAnswer:")).isInstanceOf(Prompt.Other.class); // gap
        assertThat(PromptClassifier.classify("Q?\nA. one\nB. two")).isInstanceOf(Prompt.Other.class); // no Answer:
    }

    @ParameterizedTest
    @ValueSource(strings = {"numeric", "lsu", "ttp-lsu", "oc-lsu", "cqp"})
    void everyCertaintyVariantIsRecognisedWithItsQuestionAndAnswer(String variant) {
        String q = "What do people use to absorb extra ink from a fountain pen?";
        Prompt p = PromptClassifier.classify(Prompts.certainty(variant, q, "A. shirt pocket, B. blotter", "B. blotter"));
        assertThat(p).isEqualTo(new Prompt.Certainty(
                java.util.Arrays.stream(CertaintyVariant.values()).filter(v -> v.wireName().equals(variant)).findFirst().orElseThrow(),
                q, "B. blotter"));
    }

    @Test
    void normalisationIgnoresCasePunctuationAndSpacing() {
        assertThat(PromptClassifier.normalise("  What's the  CAPITAL of France?\n"))
                .isEqualTo(PromptClassifier.normalise("what s the capital of france"));
    }

    @Test
    void aFreeFormAnswerSpanningLinesAndACutQuoteAreRead() {
        Prompt multi = PromptClassifier.classify(Prompts.certainty("ttp-lsu", "Why?", "", "First line.\nSecond line"));
        assertThat(multi).isEqualTo(new Prompt.Certainty(CertaintyVariant.TTP_LSU, "Why?", "First line.\nSecond line"));
        Prompt cut = PromptClassifier.classify(Prompts.certainty("numeric", "Why?", "",
                "The short answer is that it dep… [cut at 31 of 120 characters]"));
        assertThat(cut).isEqualTo(new Prompt.Certainty(CertaintyVariant.NUMERIC, "Why?", "The short answer is that it dep", true, 120));
    }
}
