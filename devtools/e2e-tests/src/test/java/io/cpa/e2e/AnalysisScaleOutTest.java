package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two analysis-service instances in one application id share the partitions; either answers for any series; when one
 * is killed the other takes its series over and ends with the statistics of an uninterrupted reference instance.
 */
class AnalysisScaleOutTest {
    static final int PARTITIONS = 3;
    static final int PER_SERIES = 600;

    /** Six series, two on each partition, so that each of the two instances surely owns some. */
    static List<String> seriesOnEveryPartition() {
        List<String> out = new ArrayList<>();
        int[] perPartition = new int[PARTITIONS];
        for (int i = 0; out.size() < 2 * PARTITIONS; i++) {
            String key = "m" + i + "|scale|cqp";
            int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[p] < 2) {
                perPartition[p]++;
                out.add(key);
            }
        }
        return out;
    }

    @Test
    void eitherInstanceAnswersForAnySeriesAndTheSurvivorTakesOver() throws Exception {
        List<String> series = seriesOnEveryPartition();
        List<CertaintyEvent> stream = CertaintyStream.generate(7, series, PER_SERIES);
        try (Pipeline pipeline = new Pipeline("scale-out")) {
            pipeline.startNamed("analysis-a", "analysis-service", Map.of());
            pipeline.startNamed("analysis-b", "analysis-service", Map.of());
            pipeline.startNamed("analysis-reference", "analysis-service",
                    Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "analysis-reference"));
            for (String s : List.of("analysis-a", "analysis-b", "analysis-reference")) pipeline.awaitReady(s, Duration.ofSeconds(180));

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                int half = stream.size() / 2;
                for (int i = 0; i < half; i++) send(kafka, stream.get(i));
                kafka.flush();
                AnalysisRestartTest.awaitReceived(pipeline, "analysis-a", series, half);

                Set<String> ownedByA = keys(pipeline, "analysis-a", "/api/series?scope=local");
                Set<String> ownedByB = keys(pipeline, "analysis-b", "/api/series?scope=local");
                assertThat(ownedByA).isNotEmpty().doesNotContainAnyElementsOf(ownedByB);
                assertThat(ownedByB).isNotEmpty();
                Set<String> union = new HashSet<>(ownedByA);
                union.addAll(ownedByB);
                assertThat(union).containsExactlyInAnyOrderElementsOf(series);
                for (String key : series) {
                    assertThat(one(pipeline, "analysis-a", key)).as(key).isEqualTo(one(pipeline, "analysis-b", key));
                }

                pipeline.kill("analysis-b");
                for (int i = half; i < stream.size(); i++) send(kafka, stream.get(i));
                kafka.flush();
            }
            AnalysisRestartTest.awaitReceived(pipeline, "analysis-a", series, stream.size());
            AnalysisRestartTest.awaitReceived(pipeline, "analysis-reference", series, stream.size());
            assertThat(keys(pipeline, "analysis-a", "/api/series?scope=local")).containsExactlyInAnyOrderElementsOf(series);
            for (String key : series) {
                JsonNode survivor = AnalysisRestartTest.withoutClock(one(pipeline, "analysis-a", key));
                assertThat(survivor.path("received").asLong()).as(key).isEqualTo(PER_SERIES);
                assertThat(survivor).as(key).isEqualTo(AnalysisRestartTest.withoutClock(one(pipeline, "analysis-reference", key)));
            }
        }
    }

    static void send(TopicClient kafka, CertaintyEvent e) {
        kafka.sendAsync(Topics.CERTAINTIES, e.seriesKey(), EventJson.write(e));
    }

    static JsonNode one(Pipeline pipeline, String instance, String key) throws Exception {
        HttpResponse<String> r = pipeline.get(instance, "/api/series/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(instance + " " + key + ": " + r.body()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body());
    }

    static Set<String> keys(Pipeline pipeline, String instance, String path) throws Exception {
        HttpResponse<String> r = pipeline.get(instance, path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Set<String> out = new HashSet<>();
        for (JsonNode s : EventJson.mapper().readTree(r.body())) out.add(s.path("seriesKey").asText());
        return out;
    }

}
