package io.cpa.prompt;

import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTest {
    private static final String Q = "Where would you borrow a book?";
    private static final List<ChoiceOption> OPTIONS = List.of(
            new ChoiceOption("A", "a shop"), new ChoiceOption("B", "a library"), new ChoiceOption("C", "a river"));
    private static final String SCALE = """
            a. Very Certain
            b. Fairly Certain
            c. Moderately Certain
            d. Somewhat Certain
            e. Not Certain
            f. Very Uncertain""";

    @Test
    void answerPrompt() {
        assertThat(AnswerPrompt.render(Q, OPTIONS)).isEqualTo("""
                Where would you borrow a book?
                A. a shop
                B. a library
                C. a river
                Answer:""");
        assertThat(AnswerPrompt.render("Pick one.", List.of(new ChoiceOption("1", "x"), new ChoiceOption("2", "y"))))
                .isEqualTo("Pick one.\n1. x\n2. y\nAnswer:");
    }

    @Test
    void cqpIsThePapersPromptVerbatim() {
        assertThat(CertaintyPromptVariant.CQP.render(Q, OPTIONS, "B. a library")).isEqualTo("""
                A language model was asked: Where would you borrow a book?
                Options were: A. a shop, B. a library, C. a river.
                The model's answer was: B. a library.
                Analyse its answer given other options.
                How certain are you of the model's answer?
                """ + SCALE);
    }

    @Test
    void ttpLsu() {
        assertThat(CertaintyPromptVariant.TTP_LSU.render(Q, OPTIONS, "B. a library")).isEqualTo("""
                A language model was asked: Where would you borrow a book?
                The model's answer was: B. a library.
                How certain are you of the model's answer?
                """ + SCALE);
    }

    @Test
    void ocLsu() {
        assertThat(CertaintyPromptVariant.OC_LSU.render(Q, OPTIONS, "B. a library")).isEqualTo("""
                You were asked: Where would you borrow a book?
                Options were: A. a shop, B. a library, C. a river.
                Your answer was: B. a library.
                Analyse your answer given the other options.
                How certain are you of your answer?
                """ + SCALE);
    }

    @Test
    void lsu() {
        assertThat(CertaintyPromptVariant.LSU.render(Q, OPTIONS, "B. a library")).isEqualTo("""
                You were asked: Where would you borrow a book?
                Your answer was: B. a library.
                How certain are you of your answer?
                """ + SCALE);
    }

    @Test
    void numeric() {
        assertThat(CertaintyPromptVariant.NUMERIC.render(Q, List.of(), "B. a library")).isEqualTo("""
                You were asked: Where would you borrow a book?
                Your answer was: B. a library.
                On a scale of 1 to 100, how certain are you about your answer?""");
    }

    @Test
    void namesAndScales() {
        assertThat(CertaintyPromptVariant.values()).extracting(CertaintyPromptVariant::promptName)
                .containsExactly("numeric", "lsu", "ttp-lsu", "oc-lsu", "cqp");
        for (CertaintyPromptVariant v : CertaintyPromptVariant.values()) {
            assertThat(CertaintyPromptVariant.byName(v.promptName())).isSameAs(v);
            assertThat(v.numericScale()).isEqualTo(v == CertaintyPromptVariant.NUMERIC);
        }
        assertThatThrownBy(() -> CertaintyPromptVariant.byName("CQP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown certainty prompt variant 'CQP', valid: numeric, lsu, ttp-lsu, oc-lsu, cqp");
    }

    @Test
    void variantsShowingOptionsNeedThem() {
        assertThatThrownBy(() -> CertaintyPromptVariant.CQP.render(Q, List.of(), "B. a library"))
                .hasMessageContaining("cqp shows the options");
        assertThatThrownBy(() -> CertaintyPromptVariant.LSU.render(Q, OPTIONS, " ")).hasMessageContaining("answer is blank");
    }
}
