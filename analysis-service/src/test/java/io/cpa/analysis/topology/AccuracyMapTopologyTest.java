package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.history.SnapshotHistory;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.stats.AccuracyEstimate;
import io.cpa.stats.AccuracyMap;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The accuracy map on live traffic in a {@link TopologyTestDriver}: labels arriving give the series a map (its version
 * in the snapshot, equal to a map fitted independently on the same labels), the map estimates the unlabelled answers,
 * and when the labels that come later contradict it (answers at high IC all wrong) the check says BELOW and the alert
 * opens.
 */
class AccuracyMapTopologyTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final String SERIES = "sim|estimate|cqp";
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "100",
            "cpa.analysis.time-windows", "1h",
            "cpa.analysis.min-n", "30",
            "cpa.analysis.snapshot-every", "100000",
            "cpa.labels.horizon", "1d",
            "cpa.alerts.window", "last-100");

    @TempDir
    Path state;

    private static String label(String answerId, boolean correct, long atMs) {
        return EventJson.write(new LabelEvent(LabelEvent.SCHEMA_VERSION, "l-" + answerId, answerId, "human:ann", null,
                correct, null, null, Instant.ofEpochMilli(atMs), Instant.ofEpochMilli(atMs + 5)));
    }

    private static JsonNode last(TestOutputTopic<String, String> out) {
        List<String> all = out.readValuesToList();
        assertThat(all).isNotEmpty();
        try {
            return EventJson.mapper().readTree(all.get(all.size() - 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void labelsGiveAMapThatEstimatesTheUnlabelledAndLaterLabelsThatContradictItAreReportedBelow() throws Exception {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(3);
        // labelled points by IC: {correct, incorrect}; ICs k/8 are exact cell edges of the buckets
        TreeMap<Double, long[]> labelled = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> certainties = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestInputTopic<String, String> labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new StringDeserializer());
            long ts = T0;
            // 1. 300 answers labelled with accuracy = IC
            for (int i = 0; i < 300; i++) {
                ts += 10_000;
                double ic = (1 + random.nextInt(8)) / 8.0;
                certainties.pipeInput(SERIES, EventJson.write(LabelJoinTopologyTest.certainty(SERIES, "a-" + i, ts, ic, 3, "A")));
                boolean correct = random.nextDouble() < ic;
                labels.pipeInput("a-" + i, label("a-" + i, correct, ts + 60_000));
                labelled.computeIfAbsent(ic, k -> new long[2])[correct ? 0 : 1]++;
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            AccuracyMap first = AccuracyMap.fit(points(labelled));
            assertThat(first.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
            JsonNode s1 = last(out);
            assertThat(s1.path("accuracyMapVersion").asText()).isEqualTo(first.version());
            assertThat(s1.path("accuracyCheck").isNull() || s1.path("accuracyCheck").isMissingNode()).as("no check before a refit").isTrue();

            // 2. 200 answers at high IC, unlabelled: estimated through the map
            List<Double> highIcs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ts += 10_000;
                double ic = (6 + random.nextInt(3)) / 8.0;
                highIcs.add(ic);
                certainties.pipeInput(SERIES, EventJson.write(LabelJoinTopologyTest.certainty(SERIES, "b-" + i, ts, ic, 3, "A")));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            AccuracyMap.Estimator reference = first.estimator();
            highIcs.stream().sorted().forEach(reference::add);
            AccuracyEstimate expected = reference.result();
            JsonNode s2 = last(out);
            assertThat(s2.path("accuracyMapVersion").asText()).as("no new label, no refit").isEqualTo(first.version());
            JsonNode estimate = s2.path("windows").path("since-start").path("estimatedAccuracy").path("unlabelled");
            assertThat(estimate.path("status").asText()).isEqualTo("OK");
            assertThat(estimate.path("mapVersion").asText()).isEqualTo(first.version());
            assertThat(estimate.path("n").asLong()).isEqualTo(200);
            assertThat(estimate.path("value").asDouble()).isCloseTo(expected.value(), within(1e-9));
            assertThat(estimate.path("lower").asDouble()).isCloseTo(expected.lower(), within(1e-9));
            // the last 100 answers are all unlabelled high-IC ones: the window estimates them with the same map
            JsonNode window = s2.path("windows").path("last-100").path("estimatedAccuracy").path("unlabelled");
            assertThat(window.path("mapVersion").asText()).isEqualTo(first.version());
            assertThat(window.path("n").asLong()).isEqualTo(100);

            // 3. every one of them turns out wrong: the check of the first map says BELOW, a new map replaces it
            for (int i = 0; i < 200; i++) {
                labels.pipeInput("b-" + i, label("b-" + i, false, ts + 60_000));
                labelled.computeIfAbsent(highIcs.get(i), k -> new long[2])[1]++;
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            JsonNode s3 = last(out);
            JsonNode check = s3.path("accuracyCheck");
            assertThat(check.path("mapVersion").asText()).isEqualTo(first.version());
            assertThat(check.path("labelledAtFit").asLong()).isEqualTo(300);
            assertThat(check.path("n").asLong()).isEqualTo(200);
            assertThat(check.path("correct").asLong()).isZero();
            assertThat(check.path("realised").asDouble()).isZero();
            assertThat(check.path("estimated").asDouble()).isCloseTo(expected.value(), within(1e-9));
            // all 200 labelled: the estimate's own standard error, at the alarm's 99.9%
            assertThat(check.path("lower").asDouble())
                    .isCloseTo(Math.max(0, expected.value() - AccuracyEstimate.Z_ALARM * expected.standardError()), within(1e-9));
            assertThat(check.path("verdict").asText()).isEqualTo("BELOW");
            assertThat(s3.path("accuracyMapVersion").asText()).isEqualTo(AccuracyMap.fit(points(labelled)).version())
                    .isNotEqualTo(first.version());
            List<JsonNode> opened = new ArrayList<>();
            for (String a : alerts.readValuesToList()) {
                JsonNode e = EventJson.mapper().readTree(a);
                if (e.path("rule").asText().equals("accuracy-estimate-diverges")) opened.add(e);
            }
            assertThat(opened).singleElement().satisfies(e -> {
                assertThat(e.path("state").asText()).isEqualTo("OPEN");
                assertThat(e.path("observed").asDouble()).isZero();
            });

            // the history has the estimate before the labels and the realised accuracy after, at one answer count
            List<String> entries = new ArrayList<>();
            try (var it = driver.<String, String>getKeyValueStore(StoreNames.HISTORY)
                    .range(SnapshotHistory.from(SERIES), SnapshotHistory.to(SERIES))) {
                it.forEachRemaining(kv -> entries.add(kv.value));
            }
            List<SnapshotHistory.Point> points = SnapshotHistory.points(entries, "since-start", 100);
            SnapshotHistory.Point before = points.get(points.size() - 2);
            SnapshotHistory.Point after = points.get(points.size() - 1);
            assertThat(before.received()).isEqualTo(500);
            assertThat(after.received()).as("late labels are a new point").isEqualTo(500);
            assertThat(before.estimated()).isCloseTo(expected.value(), within(1e-9));
            assertThat(before.estimatedLower()).isCloseTo(expected.lower(), within(1e-9));
            assertThat(after.estimated()).as("nothing left unlabelled").isNull();
            long correctFirst = labelled.values().stream().mapToLong(c -> c[0]).sum();
            assertThat(after.realised()).isCloseTo(correctFirst / 500.0, within(1e-12));
        }
    }

    private static List<AccuracyMap.Point> points(TreeMap<Double, long[]> labelled) {
        List<AccuracyMap.Point> out = new ArrayList<>();
        labelled.forEach((ic, c) -> out.add(new AccuracyMap.Point(ic, c[0], c[1])));
        return out;
    }
}
