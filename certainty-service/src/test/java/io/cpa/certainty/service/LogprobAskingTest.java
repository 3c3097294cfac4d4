package io.cpa.certainty.service;

import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.client.ChatRequest;
import io.cpa.client.ModelCallException;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.route.CertaintyTarget;
import io.cpa.route.ModelRoutes;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogprobAskingTest {
    static final ModelRoutes ROUTES = ModelRoutes.fromProperties(Map.of(
            "cpa.routes.a.models", "m1,m2,m3", "cpa.routes.a.base-url", "http://127.0.0.1:1/v1",
            "cpa.routes.b.models", "m9", "cpa.routes.b.base-url", "http://127.0.0.1:2/v1"), k -> null);
    static final ModelCallException REFUSAL = new ModelCallException(400, "model endpoint answered 400: {\"error\": "
            + "{\"message\": \"Unsupported parameter: 'logprobs' is not supported with this model.\", \"param\": \"logprobs\", "
            + "\"code\": \"unsupported_parameter\"}}", null, null);

    static CertaintyTarget target(String model) {
        return ROUTES.certaintyTarget(model, null).orElseThrow();
    }

    static CertaintyPlan.Question question(CertaintyPromptVariant v) {
        return new CertaintyPlan.Question(v, ChatRequest.user("How certain?\na. Very Certain", 0.2, false, null, 64), false);
    }

    @Test
    void sixLevelCallsAskLogprobsWithTheSamePrompt() {
        LogprobAsking asking = new LogprobAsking(true, 20, 10);
        CertaintyPlan.Question q = question(CertaintyPromptVariant.CQP);
        ChatRequest sent = asking.request(target("m1"), q);
        assertThat(sent.logprobs()).isTrue();
        assertThat(sent.topLogprobs()).isEqualTo(20);
        assertThat(sent.messages()).isEqualTo(q.request().messages());
        assertThat(sent.temperature()).isEqualTo(q.request().temperature());
        assertThat(sent.maxTokens()).isEqualTo(q.request().maxTokens());
    }

    @Test
    void numericOrTurnedOffIsNotAsked() {
        assertThat(new LogprobAsking(true, 20, 10).request(target("m1"), question(CertaintyPromptVariant.NUMERIC)).logprobs()).isFalse();
        assertThat(new LogprobAsking(false, 20, 10).request(target("m1"), question(CertaintyPromptVariant.LSU)).logprobs()).isFalse();
    }

    @Test
    void aRefusalIsRememberedPerRouteAndModel() {
        LogprobAsking asking = new LogprobAsking(true, 5, 10);
        CertaintyPlan.Question q = question(CertaintyPromptVariant.LSU);
        ChatRequest sent = asking.request(target("m1"), q);
        // wrapped as the retry policy hands it over
        assertThat(asking.refused(target("m1"), sent, new CompletionException(REFUSAL))).isTrue();
        assertThat(asking.request(target("m1"), q).logprobs()).isFalse();
        assertThat(asking.request(target("m2"), q).logprobs()).as("another model of the route").isTrue();
        assertThat(asking.remembered()).isEqualTo(1);
        assertThat(asking.refusals()).isEqualTo(1);
    }

    @Test
    void otherFailuresAndUnaskedRequestsAreNoRefusal() {
        LogprobAsking asking = new LogprobAsking(true, 20, 10);
        ChatRequest withLogprobs = asking.request(target("m1"), question(CertaintyPromptVariant.CQP));
        assertThat(asking.refused(target("m1"), withLogprobs, new ModelCallException(400, "answered 400: bad temperature", null, null))).isFalse();
        assertThat(asking.refused(target("m1"), withLogprobs, new ModelCallException(500, "answered 500: logprobs backend down", null, null))).isFalse();
        assertThat(asking.refused(target("m1"), question(CertaintyPromptVariant.CQP).request(), REFUSAL))
                .as("a request that did not ask for logprobs cannot have been refused for them").isFalse();
        assertThat(asking.remembered()).isZero();
    }

    @Test
    void theMemoryIsBoundedAndForgetsTheLeastRecentlyUsed() {
        LogprobAsking asking = new LogprobAsking(true, 20, 2);
        CertaintyPlan.Question q = question(CertaintyPromptVariant.CQP);
        asking.refused(target("m1"), asking.request(target("m1"), q), REFUSAL);
        asking.refused(target("m2"), asking.request(target("m2"), q), REFUSAL);
        assertThat(asking.refuses(target("m1"))).isTrue(); // m1 used last now
        asking.refused(target("m3"), asking.request(target("m3"), q), REFUSAL);
        assertThat(asking.remembered()).isEqualTo(2);
        assertThat(asking.refuses(target("m2"))).as("pushed out: probed once more").isFalse();
        assertThat(asking.refuses(target("m1"))).isTrue();
        assertThat(asking.refuses(target("m3"))).isTrue();
    }

    @Test
    void badSettingsAreRejectedWithTheKey() {
        assertThatThrownBy(() -> new LogprobAsking(true, 0, 10)).hasMessageContaining("cpa.certainty.logprobs.top-logprobs");
        assertThatThrownBy(() -> new LogprobAsking(true, 21, 10)).hasMessageContaining("cpa.certainty.logprobs.top-logprobs");
        assertThatThrownBy(() -> new LogprobAsking(true, 20, 0)).hasMessageContaining("cpa.certainty.logprobs.max-refusals");
    }
}
