package io.cpa.certainty.service;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.question.ChoiceOption;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class PolicyTest {

    static AnswerEvent answer(String id, String source, String gold) {
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.now(), "stub-model", source, "proxy",
                "openai-chat", 1L, null, "Where are books lent?",
                List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")),
                "B", "B", gold, gold == null ? null : gold.equals("B"), null,
                new InternalConfidence(0.7, "option-ratio", 1, "B", null), ConfidenceSource.LOGPROBS, 0.2);
    }

    @Test
    void aSeriesSampledAtRateZeroIsSkippedAndCountedButItsLabelledAnswersAreElicited() throws Exception {
        String tag = UUID.randomUUID().toString();
        double before = Metrics.value("cpa_certainty_skipped_total", "reason=\"sampling\"");
        String labelled = tag + "-labelled";
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 0; i < 5; i++) kafka.send(Topics.ANSWERS, tag + "-" + i, EventJson.write(answer(tag + "-" + i, "unsampled", null)));
            kafka.send(Topics.ANSWERS, labelled, EventJson.write(answer(labelled, "unsampled", "A")));

            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(labelled), 1, Duration.ofSeconds(60))).hasSize(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Metrics.value("cpa_certainty_skipped_total", "reason=\"sampling\"") < before + 5 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Metrics.value("cpa_certainty_skipped_total", "reason=\"sampling\"")).isEqualTo(before + 5);
            // counted means acknowledged without a certainty: none of the five has one
            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(tag + "-") && !r.value().contains(labelled), 1,
                    Duration.ofSeconds(2))).isEmpty();
            // and on cpa.skips each of the five once, in records that may each stand for several of them
            List<String> skipped = kafka.read(Topics.SKIPS, r -> r.value().contains(tag + "-"), 5, Duration.ofSeconds(3)).stream()
                    .flatMap(r -> EventJson.readSkip(r.value()).answers().stream()).sorted().toList();
            assertThat(skipped).containsExactly(tag + "-0", tag + "-1", tag + "-2", tag + "-3", tag + "-4");
        }
    }
}
