package io.cpa.bench;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SkipEvent;
import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.cpa.prompt.CertaintyPromptVariant.CQP;
import static io.cpa.prompt.CertaintyPromptVariant.NUMERIC;
import static org.assertj.core.api.Assertions.assertThat;

class OutcomeLedgerTest {
    static AnswerEvent answer(String id, boolean mc) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.EPOCH, "m", "s", "proxy", "openai-chat", 1L, null, "q",
                mc ? List.of(new ChoiceOption("A", "x"), new ChoiceOption("B", "y")) : List.of(), "t", mc ? "A" : null, null, null,
                null, InternalConfidence.missing("mean-logprob", 1, "none"), ConfidenceSource.NONE, null);
    }

    static CertaintyEvent certainty(String id, String variant) {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, id, "m|s|" + variant, "m", "s", variant, 1L, Instant.EPOCH,
                Instant.EPOCH, null, "mean-logprob@1", null, null, null,
                new VerbalizedCertainty(ParseStatus.OK, CertaintyLevel.FAIRLY_CERTAIN, 0.8, null, "b"), 0.2, 1, null, null);
    }

    static SkipEvent skip(String id, String variant, String reason) {
        return new SkipEvent(SkipEvent.SCHEMA_VERSION, id, "m|s|" + variant, "m", "s", variant, null, reason, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void eachVariantAskedNeedsExactlyOneCertaintyOrSkipAndADeadLetterStandsAlone() {
        List<AnswerEvent> answers = List.of(answer("mc", true), answer("free", false), answer("tool", false),
                answer("dead", true), answer("missing", true), answer("twice", false), answer("mc", true));
        List<CertaintyEvent> certainties = List.of(certainty("mc", "cqp"), certainty("mc", "numeric"),
                certainty("free", "ttp-lsu"), certainty("free", "numeric"), certainty("dead", "cqp"),
                certainty("missing", "cqp"), certainty("twice", "ttp-lsu"), certainty("twice", "ttp-lsu"), certainty("twice", "numeric"));
        List<SkipEvent> skips = List.of(skip("tool", "ttp-lsu", "tool-calls"), skip("tool", "numeric", "tool-calls"));
        OutcomeLedger.Result r = OutcomeLedger.account(answers, certainties, skips,
                Map.of("dead", List.of("after 4 attempts: model endpoint answered 503")), List.of(CQP, NUMERIC));

        assertThat(r.answers()).isEqualTo(6);
        assertThat(r.violations()).containsExactlyInAnyOrder(
                "missing: 0 outcomes for variant numeric (proxy, multiple choice)",
                "twice: 2 outcomes for variant ttp-lsu (proxy, free-form)");
        assertThat(r.outcomes()).containsEntry("certainty ttp-lsu", 3L).containsEntry("skip tool-calls", 2L)
                .containsEntry("dead letter after 4 attempts", 1L);
    }
}
