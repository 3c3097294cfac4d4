package io.cpa.certainty.service;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ParseStatus;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class AnswerConsumerTest {

    static AnswerEvent answer(String id, String question) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.now(), "stub-model", "test", "benchmark",
                "openai-chat", 1L, "q1", question,
                List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")),
                "B", "B", "B", true, null, new InternalConfidence(0.9, "option-ratio", 1, "B", null),
                ConfidenceSource.LOGPROBS, 0.2);
    }

    @Test
    void anAnswerBecomesOneCertaintyKeyedBySeries() {
        String id = UUID.randomUUID().toString();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, id, EventJson.write(answer(id, "Where are books lent?")));
            List<ConsumerRecord<String, String>> out = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(id), 1,
                    Duration.ofSeconds(60));
            assertThat(out).hasSize(1);
            CertaintyEvent c = EventJson.readCertainty(out.get(0).value());
            assertThat(out.get(0).key()).isEqualTo("stub-model|test|cqp");
            assertThat(c.answerId()).isEqualTo(id);
            assertThat(c.ic()).isEqualTo(0.9);
            assertThat(c.icAggregator()).isEqualTo("option-ratio@1");
            assertThat(c.certainty().status()).isEqualTo(ParseStatus.OK);
            assertThat(c.certainty().level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
            assertThat(c.certainty().value()).isEqualTo(0.8);
            assertThat(c.certainty().raw()).isEqualTo("b. Fairly Certain");
            assertThat(c.promptTokens()).isEqualTo(80);
        }
    }

    @Test
    void theAnswersTenantIsCarriedIntoTheSeriesKeyOfItsCertaintyAndItsSkips() {
        String acme = UUID.randomUUID().toString();
        String globex = UUID.randomUUID().toString();
        String empty = UUID.randomUUID().toString();
        AnswerEvent a = answer(empty, "Where are books lent?");
        AnswerEvent noText = new AnswerEvent(a.schemaVersion(), a.answerId(), a.createdAt(), a.model(), a.source(), a.entrance(),
                a.endpoint(), a.sequence(), a.questionId(), a.question(), a.options(), "", null, null, null, null,
                InternalConfidence.missing("option-ratio", 1, "no logprobs"), ConfidenceSource.NONE, null, null, null, null, null,
                AnswerEvent.EMPTY, null, "acme", null);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, acme, EventJson.write(answer(acme, "Where are books lent?").withTenant("acme")));
            kafka.send(Topics.ANSWERS, globex, EventJson.write(answer(globex, "Where are books lent?").withTenant("globex")));
            kafka.send(Topics.ANSWERS, empty, EventJson.write(noText));
            List<ConsumerRecord<String, String>> out = kafka.read(Topics.CERTAINTIES,
                    r -> r.value().contains(acme) || r.value().contains(globex), 2, Duration.ofSeconds(60));
            assertThat(out).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("stub-model|test|cqp|acme", "stub-model|test|cqp|globex");
            assertThat(out).allSatisfy(r -> assertThat(EventJson.readCertainty(r.value()).seriesKey()).isEqualTo(r.key()));
            List<ConsumerRecord<String, String>> skips = kafka.read(Topics.SKIPS, r -> r.value().contains(empty), 1,
                    Duration.ofSeconds(60));
            assertThat(skips).hasSize(1);
            assertThat(skips.get(0).key()).isEqualTo("stub-model|test|cqp|acme");
            assertThat(EventJson.readSkip(skips.get(0).value()).tenantOrDefault()).isEqualTo("acme");
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheConsumerGoesOn() {
        String tag = UUID.randomUUID().toString();
        String failingId = UUID.randomUUID().toString();
        String goodId = UUID.randomUUID().toString();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, "notjson-" + tag, "{this is not json " + tag);
            kafka.send(Topics.ANSWERS, "version-" + tag, "{\"schemaVersion\": 99, \"tag\": \"" + tag + "\"}");
            kafka.send(Topics.ANSWERS, failingId, EventJson.write(answer(failingId, "[fail] always fails")));
            kafka.send(Topics.ANSWERS, goodId, EventJson.write(answer(goodId, "Where are books lent?")));

            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.ANSWERS),
                    r -> r.value().contains(tag) || r.value().contains(failingId), 3, Duration.ofSeconds(60));
            assertThat(dead).hasSize(3);
            assertThat(dead).anySatisfy(r -> {
                assertThat(r.value()).isEqualTo("{this is not json " + tag);
                assertThat(TopicClient.header(r, "dead-letter-reason")).startsWith("not JSON");
                assertThat(TopicClient.header(r, "dead-letter-topic")).isEqualTo(Topics.ANSWERS);
                assertThat(TopicClient.header(r, "dead-letter-offset")).isNotBlank();
            });
            assertThat(dead).anySatisfy(r -> assertThat(TopicClient.header(r, "dead-letter-reason"))
                    .isEqualTo("unsupported schemaVersion 99 for AnswerEvent, expected 1"));
            assertThat(dead).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(failingId);
                assertThat(TopicClient.header(r, "dead-letter-reason")).contains("answered 500");
            });

            // the consumer survived all three and still processes what comes after them
            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(goodId), 1, Duration.ofSeconds(60))).hasSize(1);
            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(failingId), 1, Duration.ofSeconds(2))).isEmpty();
        }
    }
}
