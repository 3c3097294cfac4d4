package io.cpa.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.logprob.ValueMode;
import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An answer read from a topic must carry possible logprobs and the IC they give. */
class AnswerEventChecksTest {
    static final List<ChoiceOption> OPTIONS = List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library"));

    static AnswerEvent answer() {
        TokenLogprobs lp = new TokenLogprobs(EndpointKind.values()[0], ValueMode.UNKNOWN, List.of(new TokenLogprob("B", null, null,
                Math.log(0.8), List.of(new TopLogprob("B", null, null, Math.log(0.8)), new TopLogprob("A", null, null, Math.log(0.15))))), 0, 2);
        InternalConfidence ic = OptionConfidence.compute(lp, List.of("A", "B"));
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, "a1", Instant.parse("2026-01-02T03:04:05Z"), "m", "s", "benchmark",
                "openai-chat", 1L, "q1", "Where are books lent?", OPTIONS, "B", "B", "B", true, lp, ic, ConfidenceSource.LOGPROBS, 0.2);
    }

    static String edited(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode n = (ObjectNode) EventJson.mapper().readTree(EventJson.write(answer()));
        edit.accept(n);
        return EventJson.mapper().writeValueAsString(n);
    }

    static ObjectNode firstToken(ObjectNode n) {
        return (ObjectNode) n.path("logprobs").path("tokens").get(0);
    }

    @Test
    void aWellFormedAnswerIsRead() {
        AnswerEvent a = answer();
        assertThat(a.confidence().value()).isEqualTo(0.8 / 0.95, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(EventJson.readAnswer(EventJson.write(a))).isEqualTo(a);
    }

    @Test
    void impossibleLogprobsAndAnIcTheLogprobsDoNotGiveAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> firstToken(n).put("logprob", "NaN"))))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("logprob must be a natural-log probability <= 0, got NaN");
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> firstToken(n).put("logprob", 0.7))))
                .hasMessageContaining("logprob must be a natural-log probability <= 0, got 0.7");
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> ((ObjectNode) firstToken(n).path("topLogprobs").get(1)).put("logprob", 2.0))))
                .hasMessageContaining("topLogprobs[].logprob must be a natural-log probability <= 0, got 2.0");
        // an emptied top-k list: Algorithm 1 then has no alternatives and no IC, not the IC the event claims
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> firstToken(n).putArray("topLogprobs"))))
                .hasMessageStartingWith("invalid AnswerEvent: confidence.value 0.8421052631578")
                .hasMessageContaining("but logprobs give no IC: the first token has no top-k alternatives");
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> ((ObjectNode) n.get("confidence")).put("value", 0.5))))
                .hasMessageContaining("but logprobs give 0.842105263157");
        assertThatThrownBy(() -> EventJson.readAnswer(edited(n -> ((ObjectNode) n.get("confidence")).put("value", "NaN"))))
                .hasMessageContaining("IC outside [0,1]: NaN");
    }

    static AnswerEvent routed(String route, String noTextReason, Integer choiceIndex) {
        AnswerEvent a = answer();
        return new AnswerEvent(a.schemaVersion(), a.answerId(), a.createdAt(), a.model(), a.source(), a.entrance(), a.endpoint(),
                a.sequence(), a.questionId(), a.question(), a.options(), a.answerText(), a.chosenOption(), a.goldLabel(), a.correct(),
                a.logprobs(), a.confidence(), a.confidenceSource(), a.temperature(), "run-1", List.of("cqp"), 0.5,
                route, noTextReason, choiceIndex);
    }

    @Test
    void routeNoTextReasonAndChoiceIndexTravelAndAreCheckedAndOlderEventsReadWithoutThem() throws Exception {
        AnswerEvent a = routed("openai-main", "tool-calls", 2);
        AnswerEvent read = EventJson.readAnswer(EventJson.write(a));
        assertThat(read).isEqualTo(a);
        assertThat(read.hasText()).isFalse();
        assertThat(read.forRun("run-2", null, null).route()).isEqualTo("openai-main");
        assertThat(read.forRun("run-2", null, null).choiceIndex()).isEqualTo(2);
        // an event written before these fields existed
        String old = edited(n -> { n.remove("route"); n.remove("noTextReason"); n.remove("choiceIndex"); });
        AnswerEvent before = EventJson.readAnswer(old);
        assertThat(before.route()).isNull();
        assertThat(before.noTextReason()).isNull();
        assertThat(before.choiceIndex()).isNull();
        assertThat(before.hasText()).isTrue();
        for (String reason : AnswerEvent.NO_TEXT_REASONS) assertThat(routed(null, reason, null).noTextReason()).isEqualTo(reason);
        assertThatThrownBy(() -> routed(null, "tool_calls", null)).hasMessageContaining("noTextReason 'tool_calls' is not one of [empty, filtered, refusal, tool-calls]");
        assertThatThrownBy(() -> routed(" ", null, null)).hasMessageContaining("route must be a non-blank name");
        assertThatThrownBy(() -> routed("a|b", null, null)).hasMessageContaining("route must be a non-blank name without '|'");
        assertThatThrownBy(() -> routed(null, null, -1)).hasMessageContaining("choiceIndex is negative");
    }
}
