package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import io.cpa.question.ChoiceOption;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tenants send answers of the same model, source and variant into the packaged certainty-service and
 * analysis-service: each gets its own series, keyed with its tenant, with its own counts and statistics; each tenant's
 * viewer key is shown its own series only, and a viewer of the default tenant neither.
 */
class TenantsEndToEndTest {
    static final List<ChoiceOption> OPTIONS = List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library"),
            new ChoiceOption("C", "a bakery"));
    static final String ACME = "cpa-simulator|tenants|cqp|acme";
    static final String GLOBEX = "cpa-simulator|tenants|cqp|globex";

    static AnswerEvent answer(int i, String tenant) {
        String chosen = OPTIONS.get(i % 3).label();
        double ic = 0.34 + (i * 37 % 60) / 100.0;
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), "cpa-simulator", "tenants",
                "ingest", "openai-chat", i, "q" + i, "Question " + i + ": where would you borrow a book?", OPTIONS, chosen, chosen,
                null, null, null, new InternalConfidence(ic, "option-ratio", 1, chosen, null), ConfidenceSource.LOGPROBS, 0.2)
                .withTenant(tenant);
    }

    @Test
    void twoTenantsWithTheSameModelSourceAndVariantGetTwoSeriesWithTheirOwnStatistics() throws Exception {
        try (Pipeline pipeline = new Pipeline("tenants")) {
            pipeline.startSimulator("--seed=11", "--rho=0.42");
            pipeline.startService("analysis-service", Map.of(
                    "CPA_AUTH_API_KEYS_ACME_KEY", "tenants-acme-key", "CPA_AUTH_API_KEYS_ACME_ROLES", "viewer", "CPA_AUTH_API_KEYS_ACME_TENANT", "acme",
                    "CPA_AUTH_API_KEYS_GLOBEX_KEY", "tenants-globex-key", "CPA_AUTH_API_KEYS_GLOBEX_ROLES", "viewer", "CPA_AUTH_API_KEYS_GLOBEX_TENANT", "globex",
                    "CPA_AUTH_API_KEYS_PLAIN_KEY", "tenants-default-key", "CPA_AUTH_API_KEYS_PLAIN_ROLES", "viewer"));
            pipeline.startService("certainty-service", Map.of());
            for (String s : List.of("certainty-service", "analysis-service")) pipeline.awaitReady(s, Duration.ofSeconds(180));

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                for (int i = 1; i <= 60; i++) {
                    AnswerEvent a = answer(i, "acme");
                    kafka.sendAsync(Topics.ANSWERS, a.answerId(), EventJson.write(a));
                }
                for (int i = 1; i <= 40; i++) {
                    AnswerEvent a = answer(i, "globex");
                    kafka.sendAsync(Topics.ANSWERS, a.answerId(), EventJson.write(a));
                }
                kafka.flush();

                List<ConsumerRecord<String, String>> certainties = kafka.readUntil(Topics.CERTAINTIES, rs -> rs.size() >= 100,
                        Duration.ofMinutes(4));
                Map<String, Integer> perSeries = new HashMap<>();
                for (ConsumerRecord<String, String> r : certainties) {
                    assertThat(EventJson.readCertainty(r.value()).seriesKey()).isEqualTo(r.key());
                    perSeries.merge(r.key(), 1, Integer::sum);
                }
                assertThat(perSeries).isEqualTo(Map.of(ACME, 60, GLOBEX, 40));

                // the snapshots on cpa.alignment: one series per tenant, each with its own answers only
                Map<String, JsonNode> latest = new HashMap<>();
                kafka.readUntil(Topics.ALIGNMENT, rs -> {
                    latest.clear();
                    for (ConsumerRecord<String, String> r : rs) {
                        JsonNode s;
                        try {
                            s = EventJson.mapper().readTree(r.value());
                        } catch (java.io.IOException e) {
                            throw new AssertionError(r.value(), e);
                        }
                        latest.merge(s.path("seriesKey").asText(), s,
                                (x, y) -> y.path("received").asLong() >= x.path("received").asLong() ? y : x);
                    }
                    // since-start is brought up to date by the paced snapshot, which may follow a fresh one with
                    // the same count (a fresh snapshot carries since-start as of the last snapshot interval)
                    return latest.containsKey(ACME) && latest.get(ACME).path("received").asLong() == 60
                            && latest.get(ACME).path("windows").path("since-start").path("n").asLong() == 60
                            && latest.containsKey(GLOBEX) && latest.get(GLOBEX).path("received").asLong() == 40
                            && latest.get(GLOBEX).path("windows").path("since-start").path("n").asLong() == 40;
                }, Duration.ofMinutes(4));
                assertThat(latest.keySet()).containsExactlyInAnyOrder(ACME, GLOBEX);
                assertThat(latest.get(ACME).path("received").asLong()).isEqualTo(60);
                assertThat(latest.get(GLOBEX).path("received").asLong()).isEqualTo(40);
                assertThat(latest.get(ACME).path("windows").path("since-start").path("n").asLong()).isEqualTo(60);
                assertThat(latest.get(GLOBEX).path("windows").path("since-start").path("n").asLong()).isEqualTo(40);
            }

            // each tenant's viewer sees its own series only; the default tenant's viewer neither, not even by key
            assertThat(seriesKeys(pipeline, "tenants-acme-key")).contains(ACME).doesNotContain(GLOBEX);
            assertThat(seriesKeys(pipeline, "tenants-globex-key")).contains(GLOBEX).doesNotContain(ACME);
            assertThat(seriesKeys(pipeline, "tenants-default-key")).doesNotContain(ACME, GLOBEX);
            assertThat(status(pipeline, "/api/series/" + java.net.URLEncoder.encode(ACME, "UTF-8"), "tenants-default-key")).isEqualTo(404);
            assertThat(status(pipeline, "/api/series/" + java.net.URLEncoder.encode(ACME, "UTF-8"), "tenants-globex-key")).isEqualTo(404);
            assertThat(status(pipeline, "/api/series/" + java.net.URLEncoder.encode(ACME, "UTF-8"), "tenants-acme-key")).isEqualTo(200);
        }
    }

    private static java.net.http.HttpResponse<String> get(Pipeline pipeline, String path, String key) throws Exception {
        return pipeline.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(pipeline.url("analysis-service", path)))
                .header("X-CPA-Key", key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> seriesKeys(Pipeline pipeline, String key) throws Exception {
        java.net.http.HttpResponse<String> r = get(pipeline, "/api/series", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body()).findValuesAsText("seriesKey");
    }

    private static int status(Pipeline pipeline, String path, String key) throws Exception {
        return get(pipeline, path, key).statusCode();
    }
}
