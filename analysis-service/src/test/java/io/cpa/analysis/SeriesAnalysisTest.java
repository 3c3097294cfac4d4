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
        assertThat(io.cpa.analysis.topology.BoundedRocksDbMemory.storesConfigured())
                .as("the running topology's RocksDB stores are opened through the bounded-memory setter").isPositive();
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

        // every recent answer carries its misalignment class; counted over all 60 they are the window's taxonomy
        JsonNode all;
        try {
            all = EventJson.mapper().readTree(given().pathParam("key", series).get("/api/series/{key}/recent?limit=500").asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(all.size()).isEqualTo(60);
        java.util.Map<String, Long> classes = new java.util.HashMap<>();
        for (JsonNode a : all) {
            classes.merge(a.path("taxonomy").asText(), 1L, Long::sum);
            // sequence 32: IC 0.32 and VC 0.6 are both middling and 0.28 apart
            if (a.path("sequence").asLong() == 32) assertThat(a.path("taxonomy").asText()).isEqualTo("CONSISTENT_DISCORDANCE");
        }
        JsonNode taxonomy = window(r, "since-start").path("taxonomy");
        assertThat(classes.getOrDefault("CONSISTENT_ALIGNMENT", 0L)).isEqualTo(taxonomy.path("consistentAlignment").asLong());
        assertThat(classes.getOrDefault("INTERNAL_OVERCONFIDENCE", 0L)).isEqualTo(taxonomy.path("internalOverconfidence").asLong());
        assertThat(classes.getOrDefault("EXTERNAL_OVERCONFIDENCE", 0L)).isEqualTo(taxonomy.path("externalOverconfidence").asLong());
        assertThat(classes.getOrDefault("CONSISTENT_DISCORDANCE", 0L)).isEqualTo(taxonomy.path("consistentDiscordance").asLong())
                .isPositive();
        assertThat(classes.getOrDefault("UNCLASSIFIED", 0L)).isEqualTo(taxonomy.path("unclassified").asLong());

        List<String> keys = given().get("/api/series").jsonPath().getList("seriesKey");
        assertThat(keys).contains(series);

        // snapshots reach Prometheus as one gauge family per statistic, labelled by series and window
        String metrics = awaitMetric("cpa_alignment_spearman_value", series);
        assertThat(metrics).containsPattern("cpa_alignment_paired_n\\{.*series=\"" + java.util.regex.Pattern.quote(series) + "\".*window=\"since-start\".*\\} 60\\.0");
    }

    @Test
    void aSecondCertaintyForTheSameAnswerIsNotCountedAgain() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|dupes|cqp";
        String marker = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|dupes|cqp";
        List<CertaintyEvent> events = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            events.add(certainty(series, i, i / 100.0, CertaintyLevel.ofRank((i * 7) % 6)));
        }
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (CertaintyEvent e : events) kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(e));
            // every fourth again, as a producer retrying without idempotence or a replay would write it
            for (int i = 0; i < events.size(); i += 4) {
                kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(events.get(i)));
            }
            // a series written after the repeats: once it is counted, the repeats have been processed
            kafka.sendAsync(Topics.CERTAINTIES, marker, EventJson.write(certainty(marker, 1, 0.5, CertaintyLevel.ofRank(1))));
            kafka.flush();
        }
        awaitSeries(marker, 1);
        Response r = awaitSeries(series, 40);
        JsonNode since = window(r, "since-start");
        assertThat(since.path("n").asLong()).isEqualTo(40);
        assertThat(since.path("pairedN").asLong()).isEqualTo(40);
        try {
            assertThat(EventJson.mapper().readTree(r.asString()).path("received").asLong()).isEqualTo(40);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        double[] ic = new double[40], vc = new double[40];
        for (int i = 0; i < 40; i++) {
            ic[i] = events.get(i).ic();
            vc[i] = events.get(i).certainty().value();
        }
        // the rho of the 40 distinct answers, by the definition (Pearson of mid-ranks), not the doubled ones
        assertThat(since.path("spearman").path("value").asDouble()).isCloseTo(midRankPearson(ic, vc), within(1e-12));
    }

    static double midRankPearson(double[] x, double[] y) {
        double[] rx = midRanks(x), ry = midRanks(y);
        double mx = java.util.Arrays.stream(rx).average().orElseThrow(), my = java.util.Arrays.stream(ry).average().orElseThrow();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double[] midRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0, equal = 0;
            for (double w : v) {
                if (w < v[i]) less++;
                else if (w == v[i]) equal++;
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
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
}
