package io.cpa.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SeriesAnalysisTest {

    static CertaintyEvent certainty(String series, long seq, double ic, CertaintyLevel level) {
        String[] p = series.split("\\|");
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2],
                seq, Instant.now(), Instant.now(), ic, "option-ratio@1", "A", null, null,
                VerbalizedCertainty.ofLevel(level, level.phrase()), 0.2, 5, null, null);
    }

    /** Read with Jackson: RestAssured's JsonPath parses numbers as float. */
    static JsonNode window(Response r, String name) {
        try {
            JsonNode w = EventJson.mapper().readTree(r.asString()).path("windows").path(name);
            if (!w.isMissingNode()) return w;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no window " + name + " in " + r.asString());
    }

    static Response awaitSeries(String series, int expectedN) {
        long deadline = System.currentTimeMillis() + 30_000;
        Response r = null;
        while (System.currentTimeMillis() < deadline) {
            r = given().pathParam("key", series).get("/api/series/{key}");
            if (r.statusCode() == 200 && window(r, "since-start").path("n").asLong() >= expectedN) return r;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("series " + series + " did not reach n=" + expectedN + ": " + (r == null ? "" : r.statusCode() + " " + r.asString()));
    }

    @Test
    void rhoWithPValueAndIntervalMatchesAnIndependentComputation() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|test|cqp";
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            // sent in reverse order: the statistics do not depend on it, the recent list is newest first
            for (int i = 60; i >= 1; i--) {
                int rank = Math.min(5, i / 12 + (i % 4 == 0 ? 1 : 0));
                kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(certainty(series, i, i / 100.0, CertaintyLevel.ofRank(rank))));
            }
            kafka.flush();
        }
        Response r = awaitSeries(series, 60);
        // expected values from scipy.stats.spearmanr, and Fisher z with the rank-correlation variance 1.06/(n-3)
        // (python3, scipy 1.17)
        JsonNode rho = window(r, "since-start").path("spearman");
        assertThat(rho.path("status").asText()).isEqualTo("OK");
        assertThat(rho.path("n").asLong()).isEqualTo(60);
        assertThat(rho.path("value").asDouble()).isCloseTo(0.9337255842930022, within(1e-12));
        assertThat(rho.path("pValue").asDouble()).isCloseTo(1.4844272674990459e-27, within(1e-30));
        assertThat(rho.path("lower").asDouble()).isCloseTo(0.8894782177212004, within(1e-9));
        assertThat(rho.path("upper").asDouble()).isCloseTo(0.9606276567099528, within(1e-9));
        // the last-100 window holds all 60; a count window of 10,000 is configured too
        assertThat(window(r, "last-100").path("spearman").path("value").asDouble()).isCloseTo(0.9337255842930022, within(1e-12));
        assertThat(window(r, "since-start").path("levelCounts").size()).isEqualTo(6);

        // the latest answers, newest first, for the dashboard
        String recent = given().pathParam("key", series).get("/api/series/{key}/recent?limit=5").asString();
        JsonNode latest;
        try {
            latest = EventJson.mapper().readTree(recent);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(latest.size()).isEqualTo(5);
        assertThat(latest.get(0).path("ic").asDouble()).isEqualTo(0.01); // sent last: sequence 1, IC 1/100

        List<String> keys = given().get("/api/series").jsonPath().getList("seriesKey");
        assertThat(keys).contains(series);

        // snapshots reach Prometheus as one gauge family per statistic, labelled by series and window
        String metrics = awaitMetric("cpa_alignment_spearman_value", series);
        assertThat(metrics).containsPattern("cpa_alignment_paired_n\\{.*series=\"" + java.util.regex.Pattern.quote(series) + "\".*window=\"since-start\".*\\} 60\\.0");
    }

    static String awaitMetric(String name, String series) {
        long deadline = System.currentTimeMillis() + 30_000;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            body = given().get("/q/metrics").asString();
            if (body.lines().anyMatch(l -> l.startsWith(name + "{") && l.contains("series=\"" + series + "\""))) return body;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no " + name + " for " + series);
    }

    @Test
    void snapshotsArePushedAsServerSentEvents() throws Exception {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|sse|cqp";
        int port = io.restassured.RestAssured.port;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> sse = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/stream")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                sse.body().filter(l -> l.startsWith("data:") && l.contains(series)).findFirst().orElse(null));
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 1; i <= 5; i++) {
                kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(certainty(series, i, i / 10.0, CertaintyLevel.ofRank(i))));
            }
            kafka.flush();
        }
        String data = line.get(60, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode snapshot = EventJson.mapper().readTree(data.substring("data:".length()));
        assertThat(snapshot.path("seriesKey").asText()).isEqualTo(series);
        assertThat(snapshot.path("received").asLong()).isBetween(1L, 5L);
    }

    @Test
    void badRecordsAreDeadLetteredAndTheTopologyGoesOn() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|test|cqp";
        String tag = UUID.randomUUID().toString();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.CERTAINTIES, series, "not json " + tag);
            kafka.send(Topics.CERTAINTIES, series, "{\"schemaVersion\":1,\"tag\":\"" + tag + "\"}");
            for (int i = 1; i <= 40; i++) {
                kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(certainty(series, i, i / 50.0, CertaintyLevel.ofRank(i % 6))));
            }
            kafka.flush();
            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.CERTAINTIES),
                    rec -> rec.value().contains(tag), 2, Duration.ofSeconds(60));
            assertThat(dead).hasSize(2);
            assertThat(dead).anySatisfy(d -> assertThat(TopicClient.header(d, "dead-letter-reason")).startsWith("not JSON"));
            assertThat(dead).anySatisfy(d -> assertThat(TopicClient.header(d, "dead-letter-reason")).contains("invalid CertaintyEvent"));
            assertThat(dead).allSatisfy(d -> {
                assertThat(TopicClient.header(d, "dead-letter-topic")).isEqualTo(Topics.CERTAINTIES);
                assertThat(Long.parseLong(TopicClient.header(d, "dead-letter-offset"))).isNotNegative();
            });
        }
        awaitSeries(series, 40);
    }

    @Test
    void certaintiesKeyedOtherwiseOrOnAnotherPartitionAreCountedOnceInTheirSeries() throws Exception {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|test|cqp";
        int home;
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                java.util.Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            int partitions = producer.partitionsFor(Topics.CERTAINTIES).size();
            assertThat(partitions).as("the test needs another partition than the series' own").isGreaterThan(1);
            home = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    series.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
            for (int i = 1; i <= 45; i++) {
                String value = EventJson.write(certainty(series, i, i / 50.0, CertaintyLevel.ofRank(i % 6)));
                var record = switch (i % 3) {
                    case 0 -> new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CERTAINTIES, series, value);
                    // keyed by something else: the answer id, as a producer might
                    case 1 -> new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CERTAINTIES, UUID.randomUUID().toString(), value);
                    // the series' key on a partition a partitioner of its own chose
                    default -> new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CERTAINTIES, (home + 1) % partitions, series, value);
                };
                producer.send(record);
            }
            producer.flush();
        }
        Response r = awaitSeries(series, 45);
        assertThat(EventJson.mapper().readTree(r.asString()).path("received").asLong()).isEqualTo(45);
        // one count of 45, not two partial ones: the records taken round again reached the task of the others
        assertThat(window(r, "since-start").path("n").asLong()).isEqualTo(45);
        // and the usual record took no detour through an internal topic
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(t -> t.endsWith("-repartition"));
        }
    }
}
