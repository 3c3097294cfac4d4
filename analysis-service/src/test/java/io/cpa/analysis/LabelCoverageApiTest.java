package io.cpa.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.stats.LabelDelays;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Label coverage and delays over the real topology and broker: two days of answers without gold, labels on
 * cpa.labels for some of them minutes to hours later; the range and the days say how many are labelled and how long
 * the labels took (median and p95 within the histogram's relative error of the exact nearest-rank quantiles), and the
 * gauges {@code cpa_alignment_labelled_ratio} and {@code cpa_alignment_label_delay_seconds} show the snapshot's.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LabelCoverageApiTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2026-11-10T00:00:00Z").toEpochMilli();
    private static final int PER_DAY = 40;

    @Test
    void rangesAndGaugesCarryLabelCoverageAndDelays() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|coverage|cqp";
        List<CertaintyEvent> answers = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        List<Long> day1Delays = new ArrayList<>();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int day = 0; day < 2; day++) {
                for (int i = 0; i < PER_DAY; i++) {
                    CertaintyEvent e = RangeApiTest.at(series, answers.size() + 1, T0 + day * DAY + i * 1_200_000L, Math.round((i + 1) / (PER_DAY + 1.0) * 1e5) / 1e5, i % 6);
                    answers.add(e);
                    kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(e));
                }
            }
            kafka.flush();
            for (int k = 0; k < answers.size(); k++) {
                if (k % 5 >= 3) continue; // 60% labelled
                CertaintyEvent e = answers.get(k);
                long delay = k % 5 == 0 ? 3_600_000L * (1 + k % 7) : 45_000L * (1 + k % 11); // hours by people, seconds by a judge
                String labeller = k % 5 == 0 ? "human:ann" : "judge:grader";
                kafka.sendAsync(Topics.LABELS, e.answerId(), label(e, labeller, k % 2 == 0, delay));
                // replaced (the other verdict at the same time, so that the delay does not depend on whether the first
                // verdict met the answer or was replaced while it waited): no second delay
                if (k % 10 == 1) kafka.sendAsync(Topics.LABELS, e.answerId(), label(e, labeller, k % 2 != 0, delay));
                delays.add(delay);
                if (k >= PER_DAY) day1Delays.add(delay);
            }
            kafka.flush();
        }
        int labelled = delays.size();
        JsonNode range = awaitLabelled(series, labelled);
        assertThat(range.path("window").path("n").asLong()).isEqualTo(answers.size());
        assertThat(range.path("window").path("labels").path("labelled").asLong()).isEqualTo(labelled);
        assertThat(range.path("window").path("labels").path("unlabelled").asLong()).isEqualTo(answers.size() - labelled);
        JsonNode rangeDelays = range.path("labelDelays");
        assertThat(rangeDelays.path("fromMs").asLong()).isEqualTo(T0);
        assertThat(rangeDelays.path("toMs").asLong()).isEqualTo(T0 + 2 * DAY);
        assertQuantiles(rangeDelays, delays);
        assertThat(rangeDelays.path("byKind").path("human").path("n").asLong() + rangeDelays.path("byKind").path("judge").path("n").asLong())
                .isEqualTo(labelled);

        JsonNode daily = RangeApiTest.json(given().pathParam("key", series).queryParam("days", 2).get("/api/series/{key}/daily"));
        assertThat(daily.path("days").get(0).path("labelDelays").path("n").asLong()).isEqualTo(labelled - day1Delays.size());
        assertQuantiles(daily.path("days").get(1).path("labelDelays"), day1Delays);

        // the snapshot covers the last 7 days (both here); its gauges show its numbers
        JsonNode snapshot = awaitSnapshot(series, labelled);
        assertQuantiles(snapshot.path("labelDelays"), delays);
        double median = snapshot.path("labelDelays").path("medianMs").path("value").asDouble() / 1000;
        double p95 = snapshot.path("labelDelays").path("p95Ms").path("value").asDouble() / 1000;
        assertThat(awaitGauge("cpa_alignment_label_delay_seconds", series, "quantile=\"0.5\"", median)).isEqualTo(median);
        assertThat(awaitGauge("cpa_alignment_label_delay_seconds", series, "quantile=\"0.95\"", p95)).isEqualTo(p95);
        double ratio = (double) labelled / answers.size();
        assertThat(awaitGauge("cpa_alignment_labelled_ratio", series, "window=\"since-start\"", ratio)).isCloseTo(ratio, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static void assertQuantiles(JsonNode d, List<Long> exact) {
        assertThat(d.path("n").asLong()).isEqualTo(exact.size());
        List<Long> sorted = exact.stream().sorted().toList();
        for (String[] q : new String[][]{{"medianMs", "0.5"}, {"p95Ms", "0.95"}}) {
            double truth = sorted.get((int) Math.max(1, Math.ceil(Double.parseDouble(q[1]) * sorted.size())) - 1);
            assertThat(d.path(q[0]).path("status").asText()).isEqualTo("OK");
            assertThat(Math.abs(d.path(q[0]).path("value").asDouble() - truth)).as(q[0]).isLessThanOrEqualTo(LabelDelays.RELATIVE_ERROR * truth);
        }
    }

    /** The range of both days, once every label has reached it. */
    private static JsonNode awaitLabelled(String series, int labelled) {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            Response r = given().pathParam("key", series).queryParam("from", T0).queryParam("to", T0 + 2 * DAY).get("/api/series/{key}/range");
            if (r.statusCode() == 200) {
                last = RangeApiTest.json(r);
                if (last.path("window").path("labels").path("labelled").asLong() >= labelled
                        && last.path("labelDelays").path("n").asLong() >= labelled) return last;
            }
            sleep(500);
        }
        throw new AssertionError("range of " + series + " did not reach " + labelled + " labels: " + last);
    }

    /** The series' snapshot once it has counted every label (the store is ahead of it until the next snapshot). */
    private static JsonNode awaitSnapshot(String series, int labelled) {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            last = RangeApiTest.json(given().pathParam("key", series).get("/api/series/{key}"));
            if (last.path("labelDelays").path("n").asLong() >= labelled) return last;
            sleep(500);
        }
        throw new AssertionError("snapshot of " + series + " did not reach " + labelled + " label delays: " + last.path("labelDelays"));
    }

    /** The gauge's value once it shows {@code expected} (gauges follow the snapshots on cpa.alignment). */
    private static double awaitGauge(String name, String series, String label, double expected) {
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$");
        long deadline = System.currentTimeMillis() + 30_000;
        Double seen = null;
        while (System.currentTimeMillis() < deadline) {
            for (String l : given().get("/q/metrics").asString().lines().toList()) {
                Matcher m = line.matcher(l);
                if (m.matches() && m.group(1).contains("series=\"" + series + "\"") && m.group(1).contains(label)) {
                    seen = Double.parseDouble(m.group(2));
                }
            }
            if (seen != null && Math.abs(seen - expected) <= 1e-9 * Math.max(1, expected)) return seen;
            sleep(500);
        }
        throw new AssertionError(name + "{" + label + "} of " + series + " is " + seen + ", expected " + expected);
    }

    private static String label(CertaintyEvent answer, String labeller, boolean correct, long delayMs) {
        Instant at = answer.answeredAt().plusMillis(delayMs);
        return EventJson.write(new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answer.answerId(), labeller,
                null, correct, null, null, at, at.plusMillis(5)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
