package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredBuckets;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.stats.BucketRanges;
import io.cpa.stats.BucketRetention;
import io.cpa.stats.BucketStats;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The topology in a {@link TopologyTestDriver} (no broker; stores in memory, since the driver commits, and so flushes
 * RocksDB, after every record): what reaches cpa.alignment, what each store holds and that
 * every store stays bounded, next to the broker tests that prove the same wiring end to end.
 */
class AlignmentTopologyTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_790_000_000_000L;
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "100,300",
            "cpa.analysis.time-windows", "5m,1h",
            "cpa.analysis.min-n", "30",
            "cpa.analysis.snapshot-every", "200",
            "cpa.analysis.counted-answers", "1000",
            "cpa.alerts.window", "last-100",
            "cpa.alerts.min-n", "50",
            "cpa.alerts.baseline-n", "100");

    @TempDir
    Path state;

    @Test
    void snapshotsStoresAndBounds() {
        Wiring wiring = new Wiring(CONFIG);
        String series = "sim|ttd|cqp";
        SplittableRandom random = new SplittableRandom(3);
        List<CertaintyEvent> sent = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> in = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            long ts = T0;
            for (int i = 0; i < 4_000; i++) {
                ts += 60_000 + random.nextInt(600_000); // about two weeks of event time
                double ic = random.nextInt(100_001) / 100_000.0;
                int rank = (int) Math.min(5, Math.max(0, Math.round(5 * ic + random.nextGaussian())));
                CertaintyEvent e = Wiring.certainty(series, null, ts, ic, rank);
                sent.add(e);
                in.pipeInput(series, EventJson.write(e));
                if (i % 500 == 0 && i > 0) in.pipeInput(series, EventJson.write(sent.get(i - 10))); // a repeat within the horizon
            }
            in.pipeInput(series, EventJson.write(sent.get(0))); // a repeat beyond the horizon (1000 answers): counted again
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            List<KeyValue<String, String>> snapshots = out.readKeyValuesToList();
            assertThat(snapshots).isNotEmpty();
            JsonNode last = read(snapshots.get(snapshots.size() - 1).value);
            assertThat(last.path("received").asLong()).isEqualTo(4_001);
            JsonNode since = last.path("windows").path("since-start");
            assertThat(since.path("n").asLong()).isEqualTo(4_001);

            // since-start and a range against the exact engine over the same answers
            List<CertaintyEvent> counted = new ArrayList<>(sent);
            counted.add(sent.get(0));
            WindowStats exact = exact(counted, Long.MIN_VALUE, Long.MAX_VALUE);
            assertThat(since.path("spearman").path("value").asDouble()).isCloseTo(exact.spearman().value(), within(1e-9));
            KeyValueStore<String, byte[]> buckets = driver.getKeyValueStore(StoreNames.BUCKETS);
            long to = ts - 2 * DAY, from = to - 7 * DAY;
            BucketRanges.Range week = BucketRanges.of(StoredBuckets.readOnly(series, buckets), BucketRetention.DEFAULT, from, to);
            WindowStats range = BucketStats.of(week.bucket(), windows(), WindowKind.RANGE, 0);
            WindowStats exactRange = exact(counted, week.fromMs(), week.toMs());
            assertThat(range.n()).isEqualTo(exactRange.n()).isPositive();
            assertThat(range.spearman().value()).isCloseTo(exactRange.spearman().value(), within(1e-9));
            assertThat(range.kendall().value()).isCloseTo(exactRange.kendall().value(), within(1e-9));

            // bounded: the log keeps what the exact windows need (last 1000, last hour of event time), the ids their horizon
            // (answers are 1 to 11 minutes apart: the last hour holds far fewer than 300)
            assertThat(count(driver.getKeyValueStore(StoreNames.OBSERVATIONS))).isBetween(300L, 300L + 200);
            assertThat(count(driver.getKeyValueStore(StoreNames.COUNTED))).isEqualTo(1000);
            assertThat(count(driver.getKeyValueStore(StoreNames.COUNTED_ORDER))).isEqualTo(1000);
            long minutes = 2 * DAY / 60_000, hours = 90 * 24, days = 60;
            assertThat(count(buckets)).as("minutes of 2 days, hours, days, total, position").isLessThan(minutes + hours + days + 2);
        }
    }

    static long count(KeyValueStore<String, ?> store) {
        long n = 0;
        try (KeyValueIterator<String, ?> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    static JsonNode read(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static WindowsConfig windows() {
        return new WindowsConfig(List.of(), List.of(), true, 30, 10, 20, TaxonomyThresholds.DEFAULT);
    }

    /** The exact engine's since-start over the certainties with event time in [fromMs, toMs). */
    static WindowStats exact(List<CertaintyEvent> events, long fromMs, long toMs) {
        SeriesWindows w = new SeriesWindows(windows());
        long seq = 0;
        for (CertaintyEvent e : events) {
            long t = e.answeredAt().toEpochMilli();
            if (t < fromMs || t >= toMs) continue;
            w.add(new Observation(++seq, t, e.ic(), e.certainty().value(), e.certainty().status(), e.correct()));
        }
        return w.snapshot().window(WindowKind.SINCE_START, 0);
    }
}
