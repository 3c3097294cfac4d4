package io.cpa.analysis;

import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** cpa.skips on the real broker: counted per series and reason, served at /api/skips; a bad skip is a dead letter. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SkipCountsTest {

    static SkipEvent skip(String series, String reason) {
        String[] p = series.split("\\|");
        return new SkipEvent(SkipEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2], "r", reason,
                Instant.EPOCH, Instant.ofEpochMilli(1_000));
    }

    @Test
    void skipsAreCountedPerSeriesAndReasonAndABadOneIsDeadLettered() throws Exception {
        String series = "skip-model-" + UUID.randomUUID().toString().substring(0, 8) + "|chat|ttp-lsu";
        String bad = "bad-" + UUID.randomUUID();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (String reason : List.of("tool-calls", "tool-calls", "refusal", "no-credentials")) {
                kafka.send(Topics.SKIPS, series, EventJson.write(skip(series, reason)));
            }
            // one record standing for three sampled-out answers counts three
            SkipEvent sampled = skip(series, "sampling");
            kafka.send(Topics.SKIPS, series, EventJson.write(sampled.standingFor(List.of(sampled.answerId(), "s2", "s3"),
                    Instant.ofEpochMilli(2_000))));
            String boredJson = EventJson.write(skip(series, "empty")).replace("\"reason\":\"empty\"", "\"reason\":\"bored\"")
                    .replaceFirst("\"answerId\":\"[^\"]+\"", "\"answerId\":\"" + bad + "\"");
            kafka.send(Topics.SKIPS, series, boredJson);
            SkipEvent misKeyed = skip(series, "empty");
            kafka.send(Topics.SKIPS, "another|series|key", EventJson.write(misKeyed));

            Map<String, Object> row = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                JsonPath all = given().get("/api/skips").then().extract().jsonPath();
                List<Map<String, Object>> rows = all.getList("findAll { it.seriesKey == '" + series + "' }");
                if (rows != null && !rows.isEmpty() && ((Number) rows.get(0).get("total")).intValue() >= 7) {
                    row = rows.get(0);
                    break;
                }
                Thread.sleep(300);
            }
            assertThat(row).as("skip counts of " + series).isNotNull();
            assertThat(row.get("total")).isEqualTo(7);
            assertThat(row.get("byReason")).isEqualTo(Map.of("tool-calls", 2, "refusal", 1, "no-credentials", 1, "sampling", 3));
            assertThat(row.get("lastAtMs")).isEqualTo(2_000);
            assertThat(row.get("variant")).isEqualTo("ttp-lsu");

            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.SKIPS),
                    r -> r.value().contains(bad) || r.value().contains(misKeyed.answerId()), 2, Duration.ofSeconds(60));
            assertThat(dead).hasSize(2);
            assertThat(dead).anySatisfy(r -> assertThat(TopicClient.header(r, "dead-letter-reason")).contains("reason 'bored'"));
            assertThat(dead).anySatisfy(r -> assertThat(TopicClient.header(r, "dead-letter-reason")).contains("is not the skip's series"));
            Thread.sleep(1000);
            JsonPath again = given().get("/api/skips").then().extract().jsonPath();
            assertThat(again.getList("findAll { it.seriesKey == '" + series + "' }.total")).containsExactly(7);
        }
    }
}
