package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.history.SnapshotHistory;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;
import io.cpa.stats.WindowsConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Numeric certainties and probabilistic VCs through the topology: the window of the snapshot ranks the numeric VC as
 * its value and keeps the probabilistic VC's statistics apart, both equal to the exact engine over the same answers,
 * and the history entry carries the probabilistic VC's rho for the chart.
 */
class ValueScalesTopologyTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "300",
            "cpa.analysis.min-n", "30",
            "cpa.analysis.snapshot-every", "100",
            "cpa.alerts.window", "last-300");

    @TempDir
    Path state;

    @Test
    void numericAndProbabilisticVcAreRankedAsValuesAndKeptApart() {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(21);
        List<CertaintyEvent> numeric = new ArrayList<>();
        List<CertaintyEvent> sixLevel = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> in = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            for (int i = 0; i < 300; i++) {
                double ic = random.nextInt(1001) / 1000.0;
                int number = (int) Math.max(1, Math.min(100, Math.round(100 * ic + 15 * random.nextGaussian())));
                CertaintyEvent n = event("sim|ttd|numeric", T0 + i * 1000L, ic, VerbalizedCertainty.ofNumber(number, "" + number), null,
                        ProbabilisticVc.ABSENT_NUMERIC_SCALE);
                numeric.add(n);
                in.pipeInput(n.seriesKey(), EventJson.write(n));
                double[] masses = new double[6];
                for (int r = 0; r < 6; r++) masses[r] = Math.exp(-Math.abs(r - 5 * ic) * (1 + random.nextDouble())) * (0.5 + random.nextDouble());
                ProbabilisticVc pvc = ProbabilisticVc.ofMasses(masses);
                VerbalizedCertainty parsed = VerbalizedCertainty.ofLevel(pvc.mode(), pvc.mode().letter());
                CertaintyEvent s = event("sim|ttd|cqp", T0 + i * 1000L, ic, parsed, i % 10 == 0 ? null : pvc,
                        i % 10 == 0 ? ProbabilisticVc.ABSENT_NO_LOGPROBS : null);
                sixLevel.add(s);
                in.pipeInput(s.seriesKey(), EventJson.write(s));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            List<KeyValue<String, String>> snapshots = out.readKeyValuesToList();

            JsonNode numericWindow = last(snapshots, "sim|ttd|numeric").path("windows").path("last-300");
            WindowStats exactNumeric = exact(numeric);
            assertThat(numericWindow.path("spearman").path("value").asDouble()).isCloseTo(exactNumeric.spearman().value(), within(1e-9));
            assertThat(numericWindow.path("probabilisticVc").path("n").asLong()).isZero();

            JsonNode sixWindow = last(snapshots, "sim|ttd|cqp").path("windows").path("last-300");
            WindowStats exactSix = exact(sixLevel);
            JsonNode pvc = sixWindow.path("probabilisticVc");
            assertThat(pvc.path("n").asLong()).isEqualTo(270);
            assertThat(pvc.path("spearman").path("value").asDouble()).isCloseTo(exactSix.probabilisticVc().spearman().value(), within(1e-9));
            assertThat(pvc.path("spearman").path("lower").isNumber()).isTrue();
            assertThat(pvc.path("modeCompared").asLong()).isEqualTo(270);
            assertThat(pvc.path("modeDisagreements").asLong()).isZero(); // the parsed level was the mode here
            assertThat(sixWindow.path("spearman").path("value").asDouble()).isCloseTo(exactSix.spearman().value(), within(1e-9));

            KeyValueStore<String, String> history = driver.getKeyValueStore(StoreNames.HISTORY);
            List<String> entries = new ArrayList<>();
            try (KeyValueIterator<String, String> it = history.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.key.startsWith("sim|ttd|cqp") && !kv.key.endsWith("count")) entries.add(kv.value);
                });
            }
            List<SnapshotHistory.Point> points = SnapshotHistory.points(entries, "last-300", 100);
            assertThat(points.get(points.size() - 1).pvcRho()).isCloseTo(exactSix.probabilisticVc().spearman().value(), within(1e-9));
        }
    }

    private static CertaintyEvent event(String series, long ms, double ic, VerbalizedCertainty vc, ProbabilisticVc pvc, String absent) {
        String[] p = series.split("\\|");
        Instant t = Instant.ofEpochMilli(ms);
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2], 1, t, t,
                ic, "option-ratio@1", "A", null, null, vc, 0.2, 5, null, null, null, null, null, null, null, null, pvc, absent);
    }

    private static JsonNode last(List<KeyValue<String, String>> snapshots, String series) {
        JsonNode found = null;
        for (KeyValue<String, String> kv : snapshots) if (kv.key.equals(series)) found = AlignmentTopologyTest.read(kv.value);
        assertThat(found).as("a snapshot of " + series).isNotNull();
        return found;
    }

    private static WindowStats exact(List<CertaintyEvent> events) {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(), List.of(), true, 30, 10, 20, TaxonomyThresholds.DEFAULT));
        long seq = 0;
        for (CertaintyEvent e : events) {
            ProbabilisticVc p = e.probabilisticVc();
            w.add(new Observation(++seq, e.answeredAt().toEpochMilli(), e.ic(), e.certainty().value(), e.certainty().status(), e.correct(),
                    p == null ? null : new Observation.ProbabilisticPoint(p.expectation(), p.mode().rank(), p.entropy())));
        }
        return w.snapshot().window(WindowKind.SINCE_START, 0);
    }
}
