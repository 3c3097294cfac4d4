package io.cpa.analysis.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.analysis.labels.Verdict;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredBuckets;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.stats.BucketCodec;
import io.cpa.stats.BucketRanges;
import io.cpa.stats.BucketRetention;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart after many answers: a new processor on the same stores (what a restarted or moved task gets: the stores,
 * not the memory) serves the same snapshot as before it, every window and since-start alike, and after more answers
 * it agrees with a processor that never restarted.
 */
class SeriesProcessorRestartTest {
    private static final String SERIES = "sim|restart|cqp";
    private static final long T0 = 1_790_000_000_000L;
    private static final Map<String, String> CONFIG = Map.of(
            "cpa.analysis.windows", "100,1000,10000",
            "cpa.analysis.time-windows", "5m,1h",
            "cpa.analysis.snapshot-every", "1000",
            "cpa.alerts.window", "last-100");

    /** The stores of the series processor, in memory (the restart keeps them, as RocksDB and its changelog would). */
    private static final class StoreSet {
        final List<KeyValueStore<String, ?>> all = new ArrayList<>();

        StoreSet() {
            add(StoreNames.OBSERVATIONS, Serdes.ByteArray());
            add(StoreNames.ARRIVALS, Serdes.Long());
            add(StoreNames.SNAPSHOTS, Serdes.String());
            add(StoreNames.COUNTED, Serdes.Long());
            add(StoreNames.COUNTED_ORDER, Serdes.String());
            add(StoreNames.BUCKETS, Serdes.ByteArray());
            add(StoreNames.LABELLED, Serdes.ByteArray());
            add(StoreNames.LABELLED_ORDER, Serdes.String());
            add(StoreNames.LABEL_DELAYS, Serdes.ByteArray());
            add(StoreNames.ACCURACY_MAPS, Serdes.ByteArray());
        }

        private <V> void add(String name, Serde<V> values) {
            all.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withLoggingDisabled().build());
        }

        @SuppressWarnings("unchecked")
        KeyValueStore<String, byte[]> buckets() {
            return (KeyValueStore<String, byte[]>) all.get(5);
        }
    }

    private static final class Running {
        final MockProcessorContext<String, AlignmentSnapshot> context = new MockProcessorContext<>(new Properties());
        final Processor<String, SeriesInput, String, AlignmentSnapshot> processor;
        /** Downstream, as in the topology: the writer of what the API serves. */
        final MockProcessorContext<String, String> writerContext = new MockProcessorContext<>(new Properties());
        final SnapshotWriter writer = new SnapshotWriter();

        Running(Wiring wiring, StoreSet stores, boolean initStores) {
            for (KeyValueStore<String, ?> s : stores.all) {
                if (initStores) s.init(context.getStateStoreContext(), s);
                context.addStateStore(s);
                writerContext.addStateStore(s);
            }
            writer.init(writerContext);
            processor = new SeriesProcessorSupplier(wiring.analysis, new RecentAnswers(wiring.analysis), wiring.labels,
                    wiring.outcomes).get();
            processor.init(context);
        }

        void process(CertaintyEvent e, long systemMs) {
            process(new SeriesInput.Certainty(e), systemMs);
        }

        void process(SeriesInput in, long systemMs) {
            context.setCurrentSystemTimeMs(systemMs);
            processor.process(new Record<>(SERIES, in, systemMs));
            publish();
        }

        private void publish() {
            for (var f : context.forwarded()) writer.process(new Record<>(f.record().key(), f.record().value(), f.record().timestamp()));
            context.resetForwards();
        }

        /** Runs the timed snapshot (a restarted task re-publishes every series at its first one). */
        void punctuate(long systemMs) {
            context.setCurrentSystemTimeMs(systemMs);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(systemMs);
            publish();
        }
    }

    /** What the API serves: the snapshot in the store, without the wall-clock time it was computed at. */
    @SuppressWarnings("unchecked")
    private static JsonNode served(StoreSet stores) {
        String json = ((KeyValueStore<String, String>) stores.all.get(2)).get(SERIES);
        assertThat(json).isNotNull();
        try {
            ObjectNode node = (ObjectNode) EventJson.mapper().readTree(json);
            node.remove("computedAtMs");
            return node;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRestartedProcessorServesWhatItServedBefore() {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(8);
        List<CertaintyEvent> stream = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 60_000; i++) {
            ts += random.nextInt(40_000); // about two weeks of event time
            long eventTime = random.nextInt(100) == 0 ? ts - random.nextInt(3_600_000) : ts; // some late answers
            double ic = random.nextDouble();
            int rank = (int) Math.min(5, Math.max(0, Math.round(5 * ic + 1.5 * random.nextGaussian())));
            stream.add(Wiring.certainty(SERIES, "a-" + i, eventTime, ic, rank));
        }

        StoreSet stores = new StoreSet();
        Running before = new Running(wiring, stores, true);
        for (int i = 0; i < 50_000; i++) before.process(stream.get(i), 1_000L * i);
        before.punctuate(60_000_000L);
        JsonNode served = served(stores);
        BucketRanges.Range weekBefore = BucketRanges.of(StoredBuckets.readOnly(SERIES, stores.buckets()), BucketRetention.DEFAULT, ts - 9 * 86_400_000L, ts - 2 * 86_400_000L);

        ((KeyValueStore<String, String>) (KeyValueStore<?, ?>) stores.all.get(2)).delete(SERIES); // served again only if re-published
        Running after = new Running(wiring, stores, false);
        after.punctuate(60_001_000L);
        JsonNode servedAfter = served(stores);
        assertThat(servedAfter.path("received").asLong()).isEqualTo(50_000);
        for (String window : List.of("last-100", "last-1000", "last-10000", "5m", "1h", "since-start")) {
            assertThat(servedAfter.path("windows").path(window)).as(window).isEqualTo(served.path("windows").path(window));
        }
        assertThat(servedAfter).isEqualTo(served);
        BucketRanges.Range weekAfter = BucketRanges.of(StoredBuckets.readOnly(SERIES, stores.buckets()), BucketRetention.DEFAULT, ts - 9 * 86_400_000L, ts - 2 * 86_400_000L);
        assertThat(BucketCodec.encode(weekAfter.bucket())).isEqualTo(BucketCodec.encode(weekBefore.bucket()));

        // the rest of the stream, against a processor that never restarted (its timed snapshots at the same moments,
        // as they refit the accuracy map)
        StoreSet reference = new StoreSet();
        Running uninterrupted = new Running(wiring, reference, true);
        for (int i = 0; i < stream.size(); i++) {
            if (i == 50_000) {
                uninterrupted.punctuate(60_000_000L);
                uninterrupted.punctuate(60_001_000L);
            }
            if (i >= 50_000) after.process(stream.get(i), 1_000L * i);
            uninterrupted.process(stream.get(i), 1_000L * i);
        }
        after.punctuate(70_000_000L);
        uninterrupted.punctuate(70_000_000L);
        JsonNode finalAfter = served(stores);
        JsonNode finalReference = served(reference);
        assertThat(finalAfter.path("received").asLong()).isEqualTo(60_000);
        assertThat(finalAfter.path("accuracyCheck").path("labelledAtFit").asLong()).as("the map of the stopped processor, checked").isEqualTo(50_000);
        assertThat(finalAfter).isEqualTo(finalReference);
    }

    /**
     * Labels across a restart: certainties and later labels (some before their certainty, some replaced), a new
     * processor on the same stores halfway, and the end state equals that of a processor that never restarted,
     * whose labels reached windows, buckets and the observation log alike, and whose label delays count each labeller's
     * first verdict once.
     */
    @Test
    void labelsSurviveARestart() {
        Wiring wiring = new Wiring(CONFIG);
        SplittableRandom random = new SplittableRandom(21);
        List<SeriesInput> stream = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 6_000; i++) {
            ts += random.nextInt(30_000);
            double ic = random.nextDouble();
            int rank = (int) Math.min(5, Math.max(0, Math.round(5 * ic + 1.5 * random.nextGaussian())));
            String id = "a-" + i;
            if (i % 50 == 7) stream.add(new SeriesInput.Label(id, new Verdict("human", random.nextBoolean(), ts + 1), "{}"));
            stream.add(new SeriesInput.Certainty(LabelJoinTopologyTest.certainty(SERIES, id, ts, ic, rank, "A"))); // no gold
            if (i > 100 && random.nextInt(10) < 4) {
                String target = "a-" + (i - 1 - random.nextInt(100));
                stream.add(new SeriesInput.Label(target, new Verdict("judge:x", random.nextBoolean(), ts), "{}"));
                if (random.nextInt(5) == 0) stream.add(new SeriesInput.Label(target, new Verdict("judge:x", random.nextBoolean(), ts + 2), "{}"));
            }
        }
        StoreSet stores = new StoreSet();
        StoreSet reference = new StoreSet();
        Running before = new Running(wiring, stores, true);
        Running uninterrupted = new Running(wiring, reference, true);
        int half = stream.size() / 2;
        // timed snapshots at the same moments in both, which refit the accuracy map as the labels grow
        for (int i = 0; i < half; i++) {
            before.process(stream.get(i), 1_000L * i);
            if (i % 500 == 499) before.punctuate(1_000L * i + 500);
        }
        Running after = new Running(wiring, stores, false);
        for (int i = 0; i < stream.size(); i++) {
            if (i >= half) after.process(stream.get(i), 1_000L * i);
            uninterrupted.process(stream.get(i), 1_000L * i);
            if (i % 500 == 499) {
                if (i >= half) after.punctuate(1_000L * i + 500);
                uninterrupted.punctuate(1_000L * i + 500);
            }
        }
        after.punctuate(70_000_000L);
        uninterrupted.punctuate(70_000_000L);
        JsonNode restarted = served(stores);
        JsonNode reference0 = served(reference);
        assertThat(restarted.path("windows").path("since-start").path("icCalibration").path("n").asLong()).isPositive();
        // the map was refitted after the restart too, from the map the stopped processor stored
        assertThat(restarted.path("accuracyMapVersion").asText()).startsWith("isotonic-");
        assertThat(restarted.path("accuracyCheck").path("mapVersion").asText()).startsWith("isotonic-");
        assertThat(restarted.path("windows").path("last-100").path("estimatedAccuracy").path("unlabelled").path("mapVersion").asText())
                .isEqualTo(restarted.path("accuracyMapVersion").asText());
        assertThat(restarted).isEqualTo(reference0);
        assertThat(wiring.outcomes.counted(io.cpa.analysis.labels.LabelOutcomes.REPLACED)).isPositive();
        // label delays: one per labeller and answer, replacements not again, whichever side of the restart
        long firstVerdicts = stream.stream().filter(in -> in instanceof SeriesInput.Label)
                .map(in -> ((SeriesInput.Label) in).answerId() + "/" + ((SeriesInput.Label) in).verdict().labeller()).distinct().count();
        assertThat(restarted.path("labelDelays").path("n").asLong()).isEqualTo(firstVerdicts);
    }
}
