package io.cpa.certainty.plan;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.question.ChoiceOption;
import io.cpa.route.ModelRoutes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.cpa.prompt.CertaintyPromptVariant.CQP;
import static io.cpa.prompt.CertaintyPromptVariant.LSU;
import static io.cpa.prompt.CertaintyPromptVariant.NUMERIC;
import static io.cpa.prompt.CertaintyPromptVariant.OC_LSU;
import static io.cpa.prompt.CertaintyPromptVariant.TTP_LSU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertaintyPlannerTest {
    private static final ModelRoutes ROUTES = ModelRoutes.fromProperties(Map.of(
            "cpa.routes.a.models", "model-a", "cpa.routes.a.base-url", "http://127.0.0.1:1/v1",
            "cpa.routes.b.models", "model-b*", "cpa.routes.b.base-url", "http://127.0.0.1:2/v1", "cpa.routes.b.judge", "model-j",
            "cpa.routes.j.models", "model-j", "cpa.routes.j.base-url", "http://127.0.0.1:3/v1",
            "cpa.routes.p.models", "model-p", "cpa.routes.p.base-url", "http://127.0.0.1:4/v1", "cpa.routes.p.pass-through", "true"),
            k -> null);
    private static final List<ChoiceOption> OPTIONS = List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library"));

    private final CertaintyPlanner planner = new CertaintyPlanner(ROUTES, List.of(CQP, OC_LSU, NUMERIC), 0.2, 64, 40);

    static AnswerEvent answer(String model, String route, List<ChoiceOption> options, String text, String noTextReason) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, "id-1", Instant.EPOCH, model, "chat", "proxy", "openai-chat", 1L,
                null, "Where are books lent?", options, text, options.isEmpty() ? null : "B", null, null, null,
                InternalConfidence.missing("mean-logprob", 1, "none"), ConfidenceSource.NONE, null, null, null, null,
                route, noTextReason, null);
    }

    @Test
    void aFreeFormAnswerIsAskedTheCounterpartsWithoutOptionsOfItsOwnModel() {
        CertaintyPlan.Ask ask = (CertaintyPlan.Ask) planner.plan(answer("model-a", "a", List.of(), "Libraries lend books.", null));
        assertThat(ask.variants()).containsExactly(TTP_LSU, LSU, NUMERIC);
        assertThat(ask.target().model()).isEqualTo("model-a");
        assertThat(ask.target().by()).isEqualTo("self");
        String prompt = ask.questions().get(0).request().messages().get(0).content();
        assertThat(prompt).startsWith("A language model was asked: Where are books lent?\nThe model's answer was: Libraries lend books..")
                .doesNotContain("Options were");
    }

    @Test
    void multipleChoiceKeepsTheVariantsThatShowOptions() {
        CertaintyPlan.Ask ask = (CertaintyPlan.Ask) planner.plan(answer("model-a", "a", OPTIONS, "B", null));
        assertThat(ask.variants()).containsExactly(CQP, OC_LSU, NUMERIC);
        assertThat(ask.questions().get(0).request().messages().get(0).content()).contains("Options were: A. a river, B. a library.")
                .contains("The model's answer was: B. a library.");
    }

    @Test
    void variantsThatCollapseOntoOneAreAskedOnce() {
        CertaintyPlanner p = new CertaintyPlanner(ROUTES, List.of(CQP, TTP_LSU), 0.2, 64, 40);
        assertThat(p.plan(answer("model-a", "a", List.of(), "text", null)).variants()).containsExactly(TTP_LSU);
    }

    @Test
    void repliesWithoutTextAreSkippedWithTheirReasonForEveryVariant() {
        for (String reason : List.of("tool-calls", "refusal", "empty", "filtered")) {
            CertaintyPlan.Skip skip = (CertaintyPlan.Skip) planner.plan(answer("model-a", "a", List.of(), null, reason));
            assertThat(skip.reason()).isEqualTo(reason);
            assertThat(skip.variants()).containsExactly(TTP_LSU, LSU, NUMERIC);
        }
        assertThat(((CertaintyPlan.Skip) planner.plan(answer("model-a", "a", List.of(), "  ", null))).reason()).isEqualTo("empty");
    }

    @Test
    void aModelWithoutARouteOrWithOnlyItsCallersCredentialsIsNeverAskedOfAnother() {
        assertThat(((CertaintyPlan.Skip) planner.plan(answer("model-x", null, List.of(), "t", null))).reason()).isEqualTo("no-route");
        assertThat(((CertaintyPlan.Skip) planner.plan(answer("model-p", "p", List.of(), "t", null))).reason()).isEqualTo("no-credentials");
    }

    @Test
    void aRoutesJudgeIsAskedAndSaysSo() {
        CertaintyPlan.Ask ask = (CertaintyPlan.Ask) planner.plan(answer("model-b-2", "b", List.of(), "t", null));
        assertThat(ask.target().model()).isEqualTo("model-j");
        assertThat(ask.target().route().name()).isEqualTo("j");
        assertThat(ask.target().by()).isEqualTo("judge:model-j");
    }

    @Test
    void aLongAnswerIsQuotedCutWithAMarker() {
        String longText = "x".repeat(100);
        CertaintyPlan.Ask ask = (CertaintyPlan.Ask) planner.plan(answer("model-a", "a", List.of(), longText, null));
        assertThat(ask.questions()).allSatisfy(q -> assertThat(q.quoteCut()).isTrue());
        assertThat(ask.questions().get(0).request().messages().get(0).content())
                .contains("The model's answer was: " + "x".repeat(40) + "… [cut at 40 of 100 characters].")
                .doesNotContain("x".repeat(41));
        assertThat(((CertaintyPlan.Ask) planner.plan(answer("model-a", "a", List.of(), "short", null))).questions().get(0).quoteCut()).isFalse();
    }

    @Test
    void anUnknownVariantOnTheAnswerNamesTheField() {
        AnswerEvent a = answer("model-a", "a", OPTIONS, "B", null).forRun("run", List.of("cqp", "bogus"), null);
        assertThatThrownBy(() -> planner.plan(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field certaintyVariants: unknown certainty prompt variant 'bogus'");
    }

    @Test
    void theAnswersOwnVariantsAndTemperatureWin() {
        AnswerEvent a = answer("model-a", "a", OPTIONS, "B", null).forRun("run", List.of("lsu"), 1.0);
        CertaintyPlan.Ask ask = (CertaintyPlan.Ask) planner.plan(a);
        assertThat(ask.variants()).containsExactly(CertaintyPromptVariant.LSU);
        assertThat(ask.questions().get(0).request().temperature()).isEqualTo(1.0);
    }

    @Test
    void aWithheldTextIsSkippedAsSuchUnlessTheReplyHadNoneAnyway() {
        io.cpa.privacy.TextPrivacy none = new io.cpa.privacy.TextPrivacy(new io.cpa.privacy.TextPolicies(
                io.cpa.privacy.TextPolicy.NONE, 200, Map.of(), Map.of()), io.cpa.privacy.TextDigests.unkeyed(), java.util.Optional.empty());
        CertaintyPlan.Skip freeForm = (CertaintyPlan.Skip) planner.plan(none.redact(answer("model-a", "a", List.of(), "t", null), "a", null));
        assertThat(freeForm.reason()).isEqualTo("text-withheld");
        assertThat(freeForm.variants()).containsExactly(TTP_LSU, LSU, NUMERIC);
        assertThat(((CertaintyPlan.Skip) planner.plan(none.redact(answer("model-a", "a", OPTIONS, "B", null), "a", null))).reason())
                .isEqualTo("text-withheld");
        assertThat(((CertaintyPlan.Skip) planner.plan(none.redact(answer("model-a", "a", List.of(), null, "refusal"), "a", null))).reason())
                .isEqualTo("refusal");
    }
}
