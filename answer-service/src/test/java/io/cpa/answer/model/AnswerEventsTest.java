package io.cpa.answer.model;

import io.cpa.event.AnswerEvent;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.logprob.ValueMode;
import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerEventsTest {
    static final List<ChoiceOption> OPTIONS = List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library"));

    static AnswerEvent answer(String text, String gold, TokenLogprobs lp, String noText) {
        return AnswerEvents.of(new AnswerEvents.Answer("a1", Instant.EPOCH, "m", "s", "benchmark", "openai-chat", 1, "q1",
                "Where are books lent?", OPTIONS, text, gold, lp, null, 0.2, "default", null, noText));
    }

    static TokenLogprobs lp(String token, String... alternatives) {
        List<TopLogprob> tops = new ArrayList<>();
        for (String a : alternatives) tops.add(new TopLogprob(a, null, null, Math.log(0.4)));
        return new TokenLogprobs(EndpointKind.OPENAI_CHAT, ValueMode.UNKNOWN,
                List.of(new TokenLogprob(token, null, null, Math.log(0.4), tops)), 0, tops.size());
    }

    @Test
    void aLabelledAnswerThatNamesNoOptionIsIncorrectNotUnknown() {
        // neither the text nor the top-k names an option
        AnswerEvent e = answer("I am not sure", "B", lp("I", "I", "We"), null);
        assertThat(e.chosenOption()).isNull();
        assertThat(e.correct()).isFalse();
        assertThat(answer("I am not sure", null, lp("I", "I"), null).correct()).isNull();
        assertThat(answer("B. a library", "B", lp("B", "B", "A"), null).correct()).isTrue();
        assertThat(answer("(A)", "B", lp("A", "A", "B"), null).correct()).isFalse();
    }

    @Test
    void anAnswerWithoutTextHasNoChoiceNoLogprobsAndAMissingIcWithTheReason() {
        AnswerEvent e = answer("", "B", lp("B", "B", "A"), "refusal");
        assertThat(e.noTextReason()).isEqualTo("refusal");
        assertThat(e.logprobs()).isNull();
        assertThat(e.confidence().value()).isNull();
        assertThat(e.confidence().missingReason()).isEqualTo("no answer text: refusal");
        assertThat(e.chosenOption()).isNull();
        assertThat(e.correct()).isFalse();
        assertThat(e.route()).isEqualTo("default");
        assertThat(e.questionId()).isEqualTo("q1");
    }
}
