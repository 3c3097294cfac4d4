package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.stats.Calibration;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;
import io.cpa.stats.WindowsConfig;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Labels joined into the series in a {@link TopologyTestDriver}: in whatever order labels and certainties come, for
 * one answer with two series, replaced and repeated, the windows and since-start equal the exact engine fed with the
 * final labels up front; labels past the horizon are counted and dropped, labels of unknown answers are dead letters
 * after the grace, unreadable labels at once.
 */
class LabelJoinTopologyTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final String CQP = "sim|labels|cqp";
    private static final String NUMERIC = "sim|labels|numeric";
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "100,300",
            "cpa.analysis.time-windows", "5m,1h",
            "cpa.analysis.min-n", "30",
            "cpa.analysis.snapshot-every", "100000",
            "cpa.labels.horizon", "1d",
            "cpa.labels.pending-grace", "10m",
            "cpa.alerts.window", "last-100");

    @TempDir
    Path state;

    /** The stream under test and what the reference sees: each answer's final headline correctness per series. */
    private static final class Books {
        final Map<String, List<CertaintyEvent>> bySeries = new LinkedHashMap<>();
        final Map<String, Boolean> truth = new HashMap<>();
    }

    @Test
    void labelsInAnyOrderEqualLabelsUpFront() {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(14);
        Books books = new Books();
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> certainties = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestInputTopic<String, String> labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            long ts = T0;
            List<String> answered = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                ts += 1_000 + random.nextInt(20_000);
                String id = "a-" + i;
                double ic = random.nextInt(1001) / 1000.0;
                int rank = (int) Math.min(5, Math.max(0, Math.round(5 * ic + random.nextGaussian())));
                String chosen = String.valueOf((char) ('A' + random.nextInt(4)));
                boolean early = i % 10 == 3; // label before its certainty
                if (early) {
                    boolean correct = random.nextBoolean();
                    labels.pipeInput(id, label(id, "human:ann", null, correct, ts + 60_000));
                    books.truth.put(id, correct);
                }
                for (String series : i % 5 == 0 ? List.of(CQP, NUMERIC) : List.of(CQP)) {
                    CertaintyEvent e = certainty(series, id, ts, ic, rank, chosen);
                    books.bySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(e);
                    certainties.pipeInput(series, EventJson.write(e));
                }
                if (!early) answered.add(id);
                // about 40% labelled later, in a random order, some twice
                if (answered.size() > 20 && random.nextInt(10) < 4) {
                    String target = answered.remove(random.nextInt(answered.size()));
                    String gold = String.valueOf((char) ('A' + random.nextInt(4)));
                    labels.pipeInput(target, label(target, "judge:grader", gold, null, ts));
                    books.truth.put(target, gold.equals(chosenOf(books, target)));
                    if (random.nextInt(4) == 0) { // replaced by the same labeller: the second verdict counts
                        labels.pipeInput(target, label(target, "judge:grader", null, !books.truth.get(target), ts + 1));
                        books.truth.put(target, !books.truth.get(target));
                    }
                    if (random.nextInt(5) == 0) { // a human overrides the judge (precedence human > judge)
                        boolean human = random.nextBoolean();
                        labels.pipeInput(target, label(target, "human:bob", null, human, ts + 2));
                        books.truth.put(target, human);
                    }
                }
            }
            // a repeat of a label changes nothing
            String repeated = books.truth.keySet().iterator().next();
            double duplicatesBefore = wiring.outcomes.counted(LabelOutcomes.DUPLICATE);
            LabelEvent first = latest(books, repeated);
            if (first != null) labels.pipeInput(repeated, EventJson.write(first));
            driver.advanceWallClockTime(Duration.ofSeconds(2));

            Map<String, JsonNode> last = new HashMap<>();
            out.readKeyValuesToList().forEach(kv -> last.put(kv.key, AlignmentTopologyTest.read(kv.value)));
            for (String series : List.of(CQP, NUMERIC)) {
                List<CertaintyEvent> events = books.bySeries.get(series);
                JsonNode windows = last.get(series).path("windows");
                assertThat(last.get(series).path("received").asLong()).isEqualTo(events.size());
                assertSame(windows.path("since-start"), exact(events, books.truth, events.size()), "since-start of " + series);
                assertSame(windows.path("last-300"), exact(events, books.truth, 300), "last-300 of " + series);
                assertSame(windows.path("last-100"), exact(events, books.truth, 100), "last-100 of " + series);
            }
            assertThat(wiring.outcomes.counted(LabelOutcomes.APPLIED)).isPositive();
            assertThat(wiring.outcomes.counted(LabelOutcomes.REPLACED)).isPositive();
            if (first != null) assertThat(wiring.outcomes.counted(LabelOutcomes.DUPLICATE)).isEqualTo(duplicatesBefore + 1);
            assertThat(wiring.deadLetters).isEmpty();
        }
    }

    private final Map<String, LabelEvent> sentLabels = new HashMap<>();

    private LabelEvent latest(Books books, String answerId) {
        return sentLabels.get(answerId);
    }

    private String label(String answerId, String labeller, String gold, Boolean correct, long labelledAtMs) {
        LabelEvent l = new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller, gold,
                correct, null, null, Instant.ofEpochMilli(labelledAtMs), Instant.ofEpochMilli(labelledAtMs + 5));
        sentLabels.put(answerId, l);
        return EventJson.write(l);
    }

    private static String chosenOf(Books books, String answerId) {
        for (CertaintyEvent e : books.bySeries.get(CQP)) if (e.answerId().equals(answerId)) return e.chosenOption();
        throw new AssertionError(answerId);
    }

    @Test
    void unknownAnswersExpiredLabelsAndBadLabels() {
        Wiring wiring = new Wiring(CONFIG);
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> certainties = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestInputTopic<String, String> labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new StringSerializer());
            certainties.pipeInput(CQP, EventJson.write(certainty(CQP, "old", T0, 0.4, 2, "A")));
            certainties.pipeInput(CQP, EventJson.write(certainty(CQP, "new", T0 + 2 * 86_400_000L, 0.4, 2, "A")));
            // the answer "old" is two days behind the latest: past the one-day horizon
            labels.pipeInput("old", label("old", "human", null, true, T0 + 1000));
            assertThat(wiring.outcomes.counted(LabelOutcomes.EXPIRED)).isEqualTo(1);
            // an answer never seen: waits for the grace, then is a dead letter
            labels.pipeInput("ghost", label("ghost", "human", null, true, T0 + 2 * 86_400_000L));
            assertThat(wiring.deadLetters).isEmpty();
            driver.advanceWallClockTime(Duration.ofMinutes(11));
            assertThat(wiring.deadLetters).hasSize(1);
            assertThat(wiring.deadLetters.get(0)[0]).isEqualTo(Topics.LABELS);
            assertThat(wiring.deadLetters.get(0)[1]).startsWith("unknown-answer");
            assertThat(wiring.outcomes.deadLetters(LabelOutcomes.UNKNOWN_ANSWER)).isEqualTo(1);
            // unreadable: at once, with the reason
            labels.pipeInput("x", "{\"schemaVersion\":1,\"labelId\":\"l\",\"answerId\":\"x\",\"labeller\":\"human\",\"score\":1.5,"
                    + "\"labelledAt\":\"2026-01-01T00:00:00Z\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}");
            labels.pipeInput("y", "not json");
            assertThat(wiring.deadLetters).hasSize(3);
            assertThat(wiring.deadLetters.get(1)[1]).contains("score outside [0,1]");
            assertThat(wiring.deadLetters.get(2)[1]).contains("not JSON");
            assertThat(wiring.outcomes.deadLetters(LabelOutcomes.INVALID)).isEqualTo(2);
            // the answer that is known is still labelled
            labels.pipeInput("new", label("new", "human", null, true, T0 + 2 * 86_400_000L + 1000));
            assertThat(wiring.outcomes.counted(LabelOutcomes.APPLIED)).isEqualTo(1);
        }
    }

    @Test
    void anAnswerLateInEventTimeLeavesTheLabelStoresWithTheHorizon() {
        long hour = 3_600_000L;
        Wiring wiring = new Wiring(CONFIG);
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> certainties = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            KeyValueStore<String, byte[]> labelled = driver.getKeyValueStore(StoreNames.LABELLED);
            KeyValueStore<String, String> routes = driver.getKeyValueStore(StoreNames.ROUTES);
            certainties.pipeInput(CQP, EventJson.write(certainty(CQP, "a", T0 + 10 * hour, 0.4, 2, "A")));
            // older in event time than every answer before it: the oldest entry of the expiry order from now on
            certainties.pipeInput(CQP, EventJson.write(certainty(CQP, "late", T0, 0.4, 2, "A")));
            assertThat(labelled.get(StoreKeys.answer(CQP, "late"))).as("within the horizon of T0 + 10 h").isNotNull();
            assertThat(routes.get("late")).as("routed, within the horizon of T0 + 10 h").isNotNull();
            // the one-day horizon passes "late" (T0) but not "a" (T0 + 10 h)
            certainties.pipeInput(CQP, EventJson.write(certainty(CQP, "c", T0 + 29 * hour, 0.4, 2, "A")));
            assertThat(labelled.get(StoreKeys.answer(CQP, "late"))).as("past the horizon of T0 + 29 h").isNull();
            assertThat(labelled.get(StoreKeys.answer(CQP, "a"))).isNotNull();
            assertThat(labelled.get(StoreKeys.answer(CQP, "c"))).isNotNull();
            // the label router keeps the same horizon over the answers it routes
            assertThat(routes.get("late")).as("route past the horizon of T0 + 29 h").isNull();
            assertThat(routes.get("a")).isNotNull();
            assertThat(routes.get("c")).isNotNull();
        }
    }

    static CertaintyEvent certainty(String series, String answerId, long eventMs, double ic, int rank, String chosen) {
        String[] p = series.split("\\|");
        Instant t = Instant.ofEpochMilli(eventMs);
        CertaintyLevel level = CertaintyLevel.ofRank(rank);
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answerId, series, p[0], p[1], p[2], 1, t, t, ic,
                "option-ratio@1", chosen, null, null, VerbalizedCertainty.ofLevel(level, level.phrase()), 0.2, 5, null, null);
    }

    /** The exact engine over the last {@code last} certainties of a series, each with its final label up front. */
    private static WindowStats exact(List<CertaintyEvent> events, Map<String, Boolean> truth, int last) {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(), List.of(), true, 30, 10, 20, TaxonomyThresholds.DEFAULT));
        long seq = 0;
        for (CertaintyEvent e : events.subList(Math.max(0, events.size() - last), events.size())) {
            w.add(new Observation(++seq, e.answeredAt().toEpochMilli(), e.ic(), e.certainty().value(), e.certainty().status(),
                    truth.get(e.answerId())));
        }
        return w.snapshot().window(WindowKind.SINCE_START, 0);
    }

    private static void assertSame(JsonNode window, WindowStats exact, String what) {
        assertThat(window.path("n").asLong()).as(what).isEqualTo(exact.n());
        calibration(window.path("icCalibration"), exact.icCalibration(), what + " IC");
        calibration(window.path("vcCalibration"), exact.vcCalibration(), what + " VC");
    }

    private static void calibration(JsonNode c, Calibration exact, String what) {
        assertThat(c.path("n").asLong()).as(what + " n").isEqualTo(exact.n()).isPositive();
        assertThat(c.path("correct").asLong()).as(what + " correct").isEqualTo(exact.correct());
        assertThat(c.path("accuracy").path("value").asDouble()).as(what + " accuracy").isCloseTo(exact.accuracy().value(), within(1e-9));
        assertThat(c.path("ece").path("value").asDouble()).as(what + " ECE").isCloseTo(exact.ece().value(), within(1e-9));
        assertThat(c.path("brier").path("value").asDouble()).as(what + " Brier").isCloseTo(exact.brier().value(), within(1e-9));
        assertThat(c.path("auroc").path("value").asDouble()).as(what + " AUROC").isCloseTo(exact.auroc().value(), within(1e-9));
    }
}
