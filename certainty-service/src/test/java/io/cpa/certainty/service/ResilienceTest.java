package io.cpa.certainty.service;

import io.cpa.event.AnswerEvent;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class ResilienceTest {

    @Test
    void withThirtyPercentOfCallsFailingEveryAnswerEndsAsExactlyOneCertaintyOrOneDeadLetter() {
        int n = 150;
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(tag + "-" + i);
        double retriesBefore = Metrics.value("cpa_certainty_retries_total");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (String id : ids) {
                kafka.sendAsync(Topics.ANSWERS, id, EventJson.write(AnswerConsumerTest.answer(id, "[flaky] " + tag + " Where?")));
            }
            // redeliveries: every tenth answer arrives a second time, as after a crash before the commit
            for (int i = 0; i < n; i += 10) {
                String id = ids.get(i);
                kafka.sendAsync(Topics.ANSWERS, id, EventJson.write(AnswerConsumerTest.answer(id, "[flaky] " + tag + " Where?")));
            }
            kafka.flush();

            Set<String> all = new HashSet<>(ids);
            Map<String, Integer> outcomes = new HashMap<>();
            List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES,
                    rs -> false, Duration.ofSeconds(1));
            // read both topics until every answer has an outcome
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            List<ConsumerRecord<String, String>> dead = List.of();
            while (System.nanoTime() < deadline) {
                certainties = kafka.readUntil(Topics.CERTAINTIES, rs -> false, Duration.ofSeconds(2));
                dead = kafka.readUntil(Topics.dlq(Topics.ANSWERS), rs -> false, Duration.ofSeconds(1));
                Set<String> done = new HashSet<>();
                certainties.forEach(r -> done.add(EventJson.readCertainty(r.value()).answerId()));
                dead.forEach(r -> done.add(r.key()));
                done.retainAll(all);
                if (done.size() == n) break;
            }
            for (ConsumerRecord<String, String> r : certainties) {
                String id = EventJson.readCertainty(r.value()).answerId();
                if (all.contains(id)) outcomes.merge(id, 1, Integer::sum);
            }
            int deadLettered = 0;
            for (ConsumerRecord<String, String> r : dead) {
                if (all.contains(r.key())) {
                    outcomes.merge(r.key(), 1, Integer::sum);
                    deadLettered++;
                    assertThat(TopicClient.header(r, "dead-letter-reason")).startsWith("after 4 attempts: model endpoint answered");
                }
            }
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(outcomes.values()).as("one outcome per answer, redeliveries included").allMatch(c -> c == 1);
            // 0.3^4 of the answers are expected to exhaust their attempts: well below a tenth
            assertThat(deadLettered).isLessThan(n / 10);
        }
        assertThat(StubModelResource.FLAKY_FAILURES.get()).isPositive();
        assertThat(Metrics.value("cpa_certainty_retries_total")).isGreaterThan(retriesBefore);
        assertThat(Metrics.value("cpa_certainty_skipped_total", "reason=\"duplicate\"")).isGreaterThanOrEqualTo(n / 10.0);
    }
}
