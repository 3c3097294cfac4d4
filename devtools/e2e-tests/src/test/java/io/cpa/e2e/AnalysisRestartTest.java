package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once state: an analysis-service killed with SIGKILL in the middle of a fixed stream and restarted ends with
 * the same statistics, for every series, as an instance (another application id) that read the stream uninterrupted.
 */
class AnalysisRestartTest {
    static final List<String> SERIES = List.of("m1|restart|cqp", "m2|restart|cqp", "m3|restart|lsu", "m4|restart|cqp");
    static final int PER_SERIES = 1500;

    @Test
    void aKilledAndRestartedInstanceEndsWithTheSameStatisticsAsAnUninterruptedOne() throws Exception {
        List<CertaintyEvent> stream = CertaintyStream.generate(42, SERIES, PER_SERIES);
        try (Pipeline pipeline = new Pipeline("restart")) {
            Map<String, String> killed = Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "analysis-killed");
            Map<String, String> reference = Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "analysis-reference");
            pipeline.startService("analysis-service", killed);
            pipeline.startNamed("analysis-reference", "analysis-service", reference);
            pipeline.awaitReady("analysis-service", Duration.ofSeconds(180));
            pipeline.awaitReady("analysis-reference", Duration.ofSeconds(180));

            try (TopicClient kafka = new TopicClient(pipeline.broker.bootstrapServers())) {
                int half = stream.size() / 2;
                for (int i = 0; i < half; i++) {
                    kafka.sendAsync(Topics.CERTAINTIES, stream.get(i).seriesKey(), EventJson.write(stream.get(i)));
                }
                kafka.flush();
                // kill while it is still working through the first half
                awaitTotal(pipeline, "analysis-service", stream.size() / 8);
                pipeline.kill("analysis-service");
                for (int i = half; i < stream.size(); i++) {
                    kafka.sendAsync(Topics.CERTAINTIES, stream.get(i).seriesKey(), EventJson.write(stream.get(i)));
                }
                kafka.flush();
            }
            pipeline.restart("analysis-service");
            pipeline.awaitReady("analysis-service", Duration.ofSeconds(180));

            awaitTotal(pipeline, "analysis-service", stream.size());
            awaitTotal(pipeline, "analysis-reference", stream.size());
            for (String series : SERIES) {
                JsonNode afterKill = withoutClock(series(pipeline, "analysis-service", series));
                JsonNode uninterrupted = withoutClock(series(pipeline, "analysis-reference", series));
                assertThat(afterKill).as(series).isEqualTo(uninterrupted);
                assertThat(afterKill.path("received").asLong()).isEqualTo(PER_SERIES);
            }
        }
    }

    static JsonNode series(Pipeline pipeline, String instance, String key) throws Exception {
        HttpResponse<String> r = pipeline.get(instance, "/api/series/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body());
    }

    /** Fields that say when a view was computed differ between two instances by nature. */
    /**
     * The snapshot without what depends on the wall clock: when it was computed, and the accuracy map with what it
     * gives. The map is refitted at timed snapshots, so an instance that restarted (or took a series over) can fit it at
     * another label count than one that ran through: a different, equally valid map. Every statistic of the data itself,
     * labels and calibration included, must still be equal.
     */
    static JsonNode withoutClock(JsonNode view) {
        ObjectNode copy = view.deepCopy();
        copy.remove("computedAtMs");
        copy.remove("accuracyMapVersion");
        copy.remove("accuracyCheck");
        copy.path("windows").forEach(w -> {
            if (w instanceof ObjectNode window) window.remove("estimatedAccuracy");
        });
        return copy;
    }

    static void awaitTotal(Pipeline pipeline, String instance, long total) throws Exception {
        awaitReceived(pipeline, instance, SERIES, total);
    }

    /** Waits until the instance has counted at least {@code total} answers over the given series. */
    static void awaitReceived(Pipeline pipeline, String instance, List<String> series, long total) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pipeline.get(instance, "/api/series");
            if (r.statusCode() == 200) {
                seen = 0;
                long sinceStart = 0;
                boolean listsWindows = false;
                for (JsonNode s : EventJson.mapper().readTree(r.body())) {
                    if (!series.contains(s.path("seriesKey").asText())) continue;
                    seen += s.path("received").asLong();
                    JsonNode since = s.path("windows").path("since-start");
                    listsWindows |= !since.isMissingNode();
                    sinceStart += since.path("n").asLong();
                }
                // a snapshot by count carries the since-start of the last timed one (at most a snapshot interval
                // old), so a comparison waits until since-start has caught up as well
                if (seen >= total && (!listsWindows || sinceStart >= total)) return;
            }
            Pipeline.sleep(200);
        }
        throw new AssertionError(instance + " counted " + seen + " answers, expected " + total);
    }
}
