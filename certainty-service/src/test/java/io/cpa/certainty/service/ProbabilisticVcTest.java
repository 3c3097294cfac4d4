package io.cpa.certainty.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The probabilistic VC through the running service: a real broker, and a real HTTP stub that sends logprobs when
 * asked, or refuses them the way OpenAI's reasoning models do (route {@code r}).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class ProbabilisticVcTest {

    static CertaintyEvent certaintyOf(TopicClient kafka, String answerId) {
        List<ConsumerRecord<String, String>> out = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(answerId), 1,
                Duration.ofSeconds(60));
        assertThat(out).as(() -> "the certainty of " + answerId + "; " + whereItIs(kafka, answerId)).hasSize(1);
        return EventJson.readCertainty(out.get(0).value());
    }

    /** What became of an answer without a certainty: its calls at the stub, its dead letter, the service's gauges. */
    private static String whereItIs(TopicClient kafka, String answerId) {
        List<String> calls = StubModelResource.REQUESTS.stream().filter(r -> r.contains(answerId))
                .map(r -> r.substring(0, r.indexOf(' ')) + (r.contains("\"logprobs\":true") ? " with logprobs" : " without")).toList();
        List<String> dead = kafka.read(Topics.dlq(Topics.ANSWERS), r -> answerId.equals(r.key()), 1, Duration.ofSeconds(5)).stream()
                .map(r -> String.valueOf(TopicClient.header(r, "dead-letter-reason"))).toList();
        return "stub calls " + calls + ", dead letters " + dead + ", in flight " + Metrics.value("cpa_certainty_in_flight")
                + ", refusals " + Metrics.value("cpa_certainty_logprob_refused_total") + ", retries "
                + Metrics.value("cpa_certainty_retries_total");
    }

    @Test
    void aCertaintyCallAsksLogprobsAndTheEventCarriesTheDistribution() {
        String id = UUID.randomUUID().toString();
        double presentBefore = Metrics.value("cpa_certainty_probabilistic_vc_total", "outcome=\"present\"");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, id, EventJson.write(AnswerConsumerTest.answer(id, "Where are books lent? " + id)));
            CertaintyEvent c = certaintyOf(kafka, id);

            // the parsed VC is what it always was
            assertThat(c.certainty().status()).isEqualTo(ParseStatus.OK);
            assertThat(c.certainty().level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
            assertThat(c.certainty().raw()).isEqualTo("b. Fairly Certain");
            // beside it: a 0.05, b 0.7, c 0.2 (" B" 0.03 is b written differently, so b stays 0.7); C = 0.95
            ProbabilisticVc pvc = c.probabilisticVc();
            assertThat(c.probabilisticVcAbsent()).isNull();
            assertThat(pvc).isNotNull();
            assertThat(pvc.coveredMass()).isCloseTo(0.95, within(1e-9));
            assertThat(pvc.distribution().get(CertaintyLevel.VERY_CERTAIN.rank())).isCloseTo(0.05 / 0.95, within(1e-9));
            assertThat(pvc.distribution().get(CertaintyLevel.FAIRLY_CERTAIN.rank())).isCloseTo(0.7 / 0.95, within(1e-9));
            assertThat(pvc.distribution().get(CertaintyLevel.MODERATELY_CERTAIN.rank())).isCloseTo(0.2 / 0.95, within(1e-9));
            assertThat(pvc.expectation()).isCloseTo(3.65 / 4.75, within(1e-9));
            assertThat(pvc.mode()).isEqualTo(c.certainty().level());
        }
        List<JsonNode> sent = StubModelResource.requests("/a/v1", id);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("logprobs").asBoolean()).isTrue();
        assertThat(sent.get(0).path("top_logprobs").asInt()).isEqualTo(20);
        assertThat(Metrics.value("cpa_certainty_probabilistic_vc_total", "outcome=\"present\"")).isGreaterThan(presentBefore);
    }

    @Test
    void aModelThatRefusesLogprobsIsProbedOnceRememberedAndItsCertaintyStillArrives() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String first = tag + "-first";
        String second = tag + "-second";
        double notAskedBefore = Metrics.value("cpa_certainty_probabilistic_vc_total", "outcome=\"not-asked\"");
        double refusedBefore = Metrics.value("cpa_certainty_logprob_refused_total");
        double retriesBefore = Metrics.value("cpa_certainty_retries_total");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, first, EventJson.write(freeForm(first, "Why is the sky blue? " + first)));
            CertaintyEvent c1 = certaintyOf(kafka, first);
            assertThat(c1.certainty().level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
            assertThat(c1.probabilisticVc()).isNull();
            assertThat(c1.probabilisticVcAbsent()).isEqualTo(ProbabilisticVc.ABSENT_NOT_ASKED);

            // asked after the first certainty was written, so the refusal is known by then
            kafka.send(Topics.ANSWERS, second, EventJson.write(freeForm(second, "Why is grass green? " + second)));
            CertaintyEvent c2 = certaintyOf(kafka, second);
            assertThat(c2.certainty().level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
            assertThat(c2.probabilisticVcAbsent()).isEqualTo(ProbabilisticVc.ABSENT_NOT_ASKED);
        }
        // a call that failed on the way (a connection the stub closed, a reply it never sent) is retried with the same
        // request, so the stub may see a request twice: every call beyond the three planned is one of the service's retries
        List<JsonNode> firstCalls = StubModelResource.requests("/r/v1", first);
        List<JsonNode> secondCalls = StubModelResource.requests("/r/v1", second);
        assertThat(firstCalls.size() + secondCalls.size() - 3)
                .as("calls beyond the probe, its repetition and the second answer's call are retries")
                .isEqualTo((int) (Metrics.value("cpa_certainty_retries_total") - retriesBefore));
        assertThat(firstCalls).as("probed with logprobs, refused, asked again without").hasSizeGreaterThanOrEqualTo(2);
        assertThat(firstCalls.get(0).path("logprobs").asBoolean()).isTrue();
        JsonNode repeated = firstCalls.get(firstCalls.size() - 1);
        assertThat(repeated.has("logprobs")).isFalse();
        assertThat(repeated.has("top_logprobs")).isFalse();
        // the repeated call is the planned one: same prompt, temperature and max tokens
        assertThat(repeated.path("messages")).isEqualTo(firstCalls.get(0).path("messages"));
        assertThat(repeated.path("temperature")).isEqualTo(firstCalls.get(0).path("temperature"));
        assertThat(repeated.path("max_tokens")).isEqualTo(firstCalls.get(0).path("max_tokens"));

        assertThat(secondCalls).as("asked").isNotEmpty();
        assertThat(secondCalls).as("remembered: no second probe").allSatisfy(call -> assertThat(call.has("logprobs")).isFalse());

        assertThat(Metrics.value("cpa_certainty_logprob_refused_total") - refusedBefore).isEqualTo(1.0);
        assertThat(Metrics.value("cpa_certainty_logprob_refusals")).isGreaterThanOrEqualTo(1.0);
        assertThat(Metrics.value("cpa_certainty_probabilistic_vc_total", "outcome=\"not-asked\"") - notAskedBefore)
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void theNumericVariantIsNotAskedForLogprobsAndSaysNumericScale() {
        String id = UUID.randomUUID().toString();
        AnswerEvent answer = AnswerConsumerTest.answer(id, "How far is the moon? " + id).forRun("run-" + id, List.of("numeric"), null);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, id, EventJson.write(answer));
            CertaintyEvent c = certaintyOf(kafka, id);
            assertThat(c.variant()).isEqualTo("numeric");
            assertThat(c.certainty().numeric()).isEqualTo(85);
            assertThat(c.probabilisticVc()).isNull();
            assertThat(c.probabilisticVcAbsent()).isEqualTo(ProbabilisticVc.ABSENT_NUMERIC_SCALE);
        }
        List<JsonNode> sent = StubModelResource.requests("/a/v1", id);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).has("logprobs")).isFalse();
        assertThat(Metrics.value("cpa_certainty_probabilistic_vc_total", "outcome=\"numeric-scale\"")).isGreaterThanOrEqualTo(1.0);
    }

    private static AnswerEvent freeForm(String id, String question) {
        return RealTrafficTest.freeForm(id, "model-r", "r", question, "Rayleigh scattering.", null);
    }
}
