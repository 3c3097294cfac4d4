package io.cpa.certainty.service;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.question.ChoiceOption;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What production traffic sends: free-form answers, replies without text, huge answers, bad variants and several
 * models on several routes. None of them may hold the consumer back; each ends as a certainty, a skip or a dead
 * letter, and each certainty is asked of the answer's own model on its own route (or of its route's judge).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class RealTrafficTest {

    static AnswerEvent freeForm(String id, String model, String route, String question, String text, String noTextReason) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.now(), model, "chat", "proxy", "openai-chat", 1L,
                null, question, List.of(), text, null, null, null, null,
                new InternalConfidence(0.6, "mean-logprob", 1, null, null), ConfidenceSource.LOGPROBS, 0.7, null, null, null,
                route, noTextReason, null);
    }

    @Test
    void poisonRecordsEachEndWithOneOutcomeAndTheAnswersAfterThemAreStillAsked() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, AnswerEvent> poison = new java.util.LinkedHashMap<>();
        poison.put("no-options", freeForm(tag + "-no-options", "model-a", "a", "Why is the sky blue? " + tag, "Rayleigh scattering.", null));
        poison.put("blank", freeForm(tag + "-blank", "model-a", "a", "Say nothing " + tag, "   ", null));
        poison.put("tool-calls", freeForm(tag + "-tool-calls", "model-a", "a", "Weather? " + tag, null, "tool-calls"));
        poison.put("refusal", freeForm(tag + "-refusal", "model-a", "a", "Bad thing " + tag, null, "refusal"));
        poison.put("huge", freeForm(tag + "-huge", "model-a", "a", "Write a lot " + tag, "word ".repeat(400_000), null));
        poison.put("no-question", freeForm(tag + "-no-question", "model-a", "a", "", "an answer to nothing", null));
        poison.put("bad-variant", freeForm(tag + "-bad-variant", "model-a", "a", "Q " + tag, "A", null)
                .forRun("run-" + tag, List.of("cqp", "made-up"), null));
        String after = tag + "-after";
        AnswerEvent next = AnswerConsumerTest.answer(after, "Where are books lent?");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (AnswerEvent a : poison.values()) kafka.send(Topics.ANSWERS, a.answerId(), EventJson.write(a));
            kafka.send(Topics.ANSWERS, after, EventJson.write(next));

            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(after), 1, Duration.ofSeconds(60))).hasSize(1);
            List<CertaintyEvent> certainties = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(tag + "-"), 3,
                    Duration.ofSeconds(30)).stream().map(r -> EventJson.readCertainty(r.value())).toList();
            Map<String, SkipEvent> skips = kafka.read(Topics.SKIPS, r -> r.value().contains(tag + "-"), 3, Duration.ofSeconds(30))
                    .stream().map(r -> EventJson.readSkip(r.value())).collect(Collectors.toMap(SkipEvent::answerId, s -> s));
            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.ANSWERS), r -> r.key() != null && r.key().startsWith(tag), 1,
                    Duration.ofSeconds(30));

            // the free-form answer is asked the no-options counterpart of cqp, and its series says so
            CertaintyEvent free = certainties.stream().filter(c -> c.answerId().equals(tag + "-no-options")).findFirst().orElseThrow();
            assertThat(free.variant()).isEqualTo("ttp-lsu");
            assertThat(free.seriesKey()).isEqualTo("model-a|chat|ttp-lsu");
            assertThat(free.certaintyModel()).isEqualTo("model-a");
            assertThat(free.certaintyBy()).isEqualTo("self");
            assertThat(free.route()).isEqualTo("a");
            // the 2 MB answer is asked about, quoted cut
            CertaintyEvent huge = certainties.stream().filter(c -> c.answerId().equals(tag + "-huge")).findFirst().orElseThrow();
            assertThat(huge.quoteCut()).isTrue();
            assertThat(certainties).extracting(CertaintyEvent::answerId)
                    .containsExactlyInAnyOrder(tag + "-no-options", tag + "-huge", after);

            assertThat(skips.get(tag + "-blank").reason()).isEqualTo("empty");
            assertThat(skips.get(tag + "-tool-calls").reason()).isEqualTo("tool-calls");
            assertThat(skips.get(tag + "-refusal").reason()).isEqualTo("refusal");
            assertThat(skips.get(tag + "-no-question").reason()).isEqualTo("no-question");
            assertThat(skips.get(tag + "-refusal").seriesKey()).isEqualTo("model-a|chat|ttp-lsu");
            assertThat(skips).hasSize(4);

            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).key()).isEqualTo(tag + "-bad-variant");
            assertThat(TopicClient.header(dead.get(0), "dead-letter-reason"))
                    .startsWith("field certaintyVariants: unknown certainty prompt variant 'made-up'");
        }
        assertThat(Metrics.value("cpa_certainty_skipped_total", "reason=\"tool-calls\"", "model=\"model-a\"", "variant=\"ttp-lsu\""))
                .isGreaterThanOrEqualTo(1);
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    void everyCertaintyIsAskedOfTheAnswersOwnModelOnItsRouteOrOfItsRoutesJudge() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int aBefore = StubModelResource.calls("/a/v1", "model-a");
        int jBefore = StubModelResource.calls("/j/v1", "model-j");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 0; i < 3; i++) {
                kafka.send(Topics.ANSWERS, tag + "-a" + i, EventJson.write(freeForm(tag + "-a" + i, "model-a", null, "Qa " + tag, "text", null)));
                kafka.send(Topics.ANSWERS, tag + "-b" + i, EventJson.write(freeForm(tag + "-b" + i, "model-b-7", "b", "Qb " + tag, "text", null)));
            }
            kafka.send(Topics.ANSWERS, tag + "-p", EventJson.write(freeForm(tag + "-p", "model-p", "p", "Qp " + tag, "text", null)));
            kafka.send(Topics.ANSWERS, tag + "-x", EventJson.write(freeForm(tag + "-x", "model-unknown", null, "Qx " + tag, "text", null)));

            List<CertaintyEvent> out = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(tag + "-"), 6, Duration.ofSeconds(60))
                    .stream().map(r -> EventJson.readCertainty(r.value())).toList();
            assertThat(out).hasSize(6);
            for (CertaintyEvent c : out) {
                if (c.answerId().contains("-a")) {
                    assertThat(c.model()).isEqualTo("model-a");
                    assertThat(c.certaintyModel()).isEqualTo("model-a");
                    assertThat(c.certaintyBy()).isEqualTo("self");
                } else {
                    // the series stays model-b's; the certainty says a judge gave it
                    assertThat(c.seriesKey()).isEqualTo("model-b-7|chat|ttp-lsu");
                    assertThat(c.certaintyModel()).isEqualTo("model-j");
                    assertThat(c.certaintyBy()).isEqualTo("judge:model-j");
                }
            }
            Map<String, String> skipped = kafka.read(Topics.SKIPS, r -> r.value().contains(tag + "-"), 2, Duration.ofSeconds(30))
                    .stream().map(r -> EventJson.readSkip(r.value())).collect(Collectors.toMap(SkipEvent::answerId, SkipEvent::reason));
            assertThat(skipped).containsEntry(tag + "-p", "no-credentials").containsEntry(tag + "-x", "no-route");
        }
        assertThat(StubModelResource.calls("/a/v1", "model-a") - aBefore).isEqualTo(3);
        assertThat(StubModelResource.calls("/j/v1", "model-j") - jBefore).isEqualTo(3);
        // nobody else was asked for model-b's answers, and model-p's pass-through route was never called by the service
        assertThat(StubModelResource.calls("/b/v1", "model-b-7")).isZero();
        assertThat(StubModelResource.calls("/a/v1", "model-p")).isZero();
    }
}
