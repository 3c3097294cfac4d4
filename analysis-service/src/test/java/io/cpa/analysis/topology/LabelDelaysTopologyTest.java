package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredLabelDelays;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.label.LabelKind;
import io.cpa.stats.LabelDelayStats;
import io.cpa.stats.LabelDelays;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Label delays in a {@link TopologyTestDriver}: four days of answers labelled minutes to hours later by a judge and a
 * human, some labels before their certainty, some replaced, some repeated. Each labeller's first verdict on an answer
 * counts once, in the day of the answer's event time; the snapshot's and a range's median and p95 lie within
 * {@link LabelDelays#RELATIVE_ERROR} of the exact nearest-rank quantiles of those delays; days past the retention go.
 */
class LabelDelaysTopologyTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    private static final String SERIES = "sim|delays|cqp";
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "100",
            "cpa.analysis.time-windows", "1h",
            "cpa.analysis.snapshot-every", "100000",
            "cpa.analysis.buckets.days", "10d",
            "cpa.labels.horizon", "2d",
            "cpa.alerts.window", "last-100");

    @TempDir
    Path state;

    /** The delays the test expects, per day of the answer's event time and kind. */
    private final Map<Long, Map<LabelKind, List<Long>>> expected = new HashMap<>();

    private void expect(long answeredAtMs, LabelKind kind, long delayMs) {
        expected.computeIfAbsent(Math.floorDiv(answeredAtMs, DAY) * DAY, d -> new EnumMap<>(LabelKind.class))
                .computeIfAbsent(kind, k -> new ArrayList<>()).add(delayMs);
    }

    private List<Long> expected(long fromDay, long toDay, LabelKind kind) {
        List<Long> out = new ArrayList<>();
        expected.forEach((day, byKind) -> {
            if (day < fromDay || day >= toDay) return;
            byKind.forEach((k, delays) -> {
                if (kind == null || k == kind) out.addAll(delays);
            });
        });
        return out;
    }

    @Test
    void eachLabellersFirstVerdictCountsOnceInItsAnswersDay() {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(33);
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> certainties = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestInputTopic<String, String> labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            long ts = T0;
            int counted = 0;
            while (ts < T0 + 4 * DAY) {
                ts += 60_000 + random.nextInt(240_000);
                String id = "a-" + counted++;
                boolean early = random.nextInt(10) == 0;
                long humanDelay = 1_000 + (long) (-Math.log(1 - random.nextDouble()) * 3_600_000); // about an hour
                if (early) { // labels before the certainty, replaced while they wait: the verdict applied counts, once
                    labels.pipeInput(id, label(id, "human:ann", false, ts + humanDelay));
                    labels.pipeInput(id, label(id, "human:ann", true, ts + humanDelay + 7_200_000));
                    expect(ts, LabelKind.HUMAN, humanDelay + 7_200_000);
                }
                certainties.pipeInput(SERIES, EventJson.write(LabelJoinTopologyTest.certainty(SERIES, id, ts, random.nextDouble(), random.nextInt(6), "A")));
                if (random.nextInt(10) < 6) {
                    long judgeDelay = 1_000 + random.nextInt(30 * 60_000); // within half an hour
                    String judged = label(id, "judge:grader", random.nextBoolean(), ts + judgeDelay);
                    labels.pipeInput(id, judged);
                    expect(ts, LabelKind.JUDGE, judgeDelay);
                    if (random.nextInt(4) == 0) labels.pipeInput(id, judged); // repeated: a duplicate
                    if (random.nextInt(4) == 0) labels.pipeInput(id, label(id, "judge:grader", random.nextBoolean(), ts + judgeDelay + DAY)); // replaced
                    if (random.nextInt(5) == 0) { // a second judge is a second labeller: its delay counts too
                        long other = judgeDelay + 60_000;
                        labels.pipeInput(id, label(id, "judge:other", true, ts + other));
                        expect(ts, LabelKind.JUDGE, other);
                    }
                }
                if (!early && random.nextInt(10) < 2) {
                    labels.pipeInput(id, label(id, "human:bob", true, ts + humanDelay));
                    expect(ts, LabelKind.HUMAN, humanDelay);
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            assertThat(wiring.deadLetters).isEmpty();
            long lastDay = Math.floorDiv(ts, DAY) * DAY;

            // the store: per day and kind exactly the labels expected, the replaced and repeated ones not again
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.LABEL_DELAYS);
            for (long day = T0; day <= lastDay; day += DAY) {
                LabelDelays d = StoredLabelDelays.merged(store, SERIES, day, day + DAY);
                for (LabelKind kind : List.of(LabelKind.HUMAN, LabelKind.JUDGE)) {
                    assertThat(d.n(kind)).as("day %d %s", (day - T0) / DAY, kind).isEqualTo(expected(day, day + DAY, kind).size());
                }
                assertThat(d.n(LabelKind.GOLD)).isZero();
            }

            // the snapshot: the last 7 days (all four here), overall and per kind
            JsonNode snapshot = null;
            for (var kv : out.readKeyValuesToList()) if (kv.key.equals(SERIES)) snapshot = AlignmentTopologyTest.read(kv.value);
            assertThat(snapshot).isNotNull();
            JsonNode delays = snapshot.path("labelDelays");
            assertThat(delays.path("toMs").asLong()).isEqualTo(lastDay + DAY);
            assertThat(delays.path("fromMs").asLong()).isEqualTo(lastDay + DAY - 7 * DAY);
            List<Long> all = expected(T0, lastDay + DAY, null);
            assertThat(delays.path("n").asLong()).isEqualTo(all.size());
            assertQuantiles(delays, all);
            assertQuantiles(delays.path("byKind").path("judge"), expected(T0, lastDay + DAY, LabelKind.JUDGE));
            assertQuantiles(delays.path("byKind").path("human"), expected(T0, lastDay + DAY, LabelKind.HUMAN));
            assertThat(delays.path("byKind").path("gold").path("n").asLong()).isZero();
            assertThat(delays.path("byKind").path("gold").path("medianMs").path("status").asText()).isEqualTo("UNDEFINED");

            // a range from mid day 1 to mid day 2 touches days 1 and 2
            LabelDelayStats range = StoredLabelDelays.over(store, SERIES, T0 + DAY + DAY / 2, T0 + 2 * DAY + DAY / 3);
            assertThat(range.fromMs()).isEqualTo(T0 + DAY);
            assertThat(range.toMs()).isEqualTo(T0 + 3 * DAY);
            List<Long> touched = expected(T0 + DAY, T0 + 3 * DAY, null);
            assertThat(range.n()).isEqualTo(touched.size()).isLessThan(all.size());
            assertThat(EventJson.mapper().valueToTree(range).path("n").asLong()).isEqualTo(touched.size());
            assertQuantiles(EventJson.mapper().valueToTree(range), touched);

            // twelve days later (retention 10 days) the first days are gone, the labels of the new answer counted
            long later = ts + 12 * DAY;
            certainties.pipeInput(SERIES, EventJson.write(LabelJoinTopologyTest.certainty(SERIES, "late", later, 0.5, 3, "A")));
            labels.pipeInput("late", label("late", "human:ann", true, later + 5_000));
            assertThat(StoredLabelDelays.merged(store, SERIES, T0, lastDay + DAY).n()).isZero();
            assertThat(StoredLabelDelays.merged(store, SERIES, Math.floorDiv(later, DAY) * DAY, Math.floorDiv(later, DAY) * DAY + DAY).n()).isEqualTo(1);
            int entries = 0;
            try (var it = store.all()) {
                while (it.hasNext()) {
                    it.next();
                    entries++;
                }
            }
            assertThat(entries).isEqualTo(1);
        }
    }

    /** Median and p95 within the histogram's relative error of the exact nearest-rank quantiles. */
    private static void assertQuantiles(JsonNode delays, List<Long> exact) {
        assertThat(exact).hasSizeGreaterThan(20);
        assertThat(delays.path("n").asLong()).isEqualTo(exact.size());
        List<Long> sorted = exact.stream().sorted().toList();
        for (String[] q : new String[][]{{"medianMs", "0.5"}, {"p95Ms", "0.95"}}) {
            long rank = Math.max(1, (long) Math.ceil(Double.parseDouble(q[1]) * sorted.size()));
            double truth = sorted.get((int) rank - 1);
            JsonNode m = delays.path(q[0]);
            assertThat(m.path("status").asText()).isEqualTo("OK");
            assertThat(Math.abs(m.path("value").asDouble() - truth)).as(q[0]).isLessThanOrEqualTo(LabelDelays.RELATIVE_ERROR * truth + 1e-6);
        }
    }

    private static String label(String answerId, String labeller, boolean correct, long labelledAtMs) {
        return EventJson.write(new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller, null,
                correct, null, null, Instant.ofEpochMilli(labelledAtMs), Instant.ofEpochMilli(labelledAtMs + 5)));
    }
}
