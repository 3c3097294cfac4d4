package io.cpa.analysis.topology;

import io.cpa.analysis.alert.AlertProcessorSupplier;
import io.cpa.analysis.history.HistoryProcessorSupplier;
import io.cpa.analysis.skips.SkipCounter;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.function.Function;

/**
 * cpa.skips -> per-series skip counts ({@code series-skips}).
 * cpa.certainties -> validate and key by series -> (only a certainty not already on its series' partition, see
 * {@link CertaintyPartitions}) repartition {@code by-series} -> per-series state (persistent
 * stores with compacted changelog topics, see {@link SeriesProcessor}) -> cpa.alignment snapshots; each snapshot also
 * goes through the alert rules (store {@code series-alerts}, events to cpa.alerts) and into the series' history ring
 * ({@code series-history}).
 * cpa.labels -> validate and key by answer id -> repartition {@code by-answer}, together with each certainty's route
 * (answer id -> series, chosen option) -> {@link LabelRouter} -> each label, keyed by series, into {@code by-series}
 * beside the certainties: a series' labels and certainties are processed by one task, in order.
 * The first processors read JSON themselves so that a bad record becomes a dead letter with a reason instead of an
 * exception that would stop the Streams client.
 */
@ApplicationScoped
public class AlignmentTopology {
    /**
     * Changelogs are compacted (what Kafka Streams sets for key-value stores, stated here so that it is not an
     * accident) with short segments: only the active segment escapes compaction, so a restore reads about the live
     * keys plus at most one segment, not the history of writes. Tombstones (the log and the counted ids delete one
     * key per answer) are kept 10 minutes instead of the default day, long enough for a restore under way to see them.
     */
    static final Map<String, String> CHANGELOG = Map.of(
            "cleanup.policy", "compact",
            "segment.bytes", String.valueOf(16 * 1024 * 1024),
            "segment.ms", String.valueOf(10 * 60_000),
            "min.cleanable.dirty.ratio", "0.1",
            "delete.retention.ms", String.valueOf(10 * 60_000));

    private final SeriesProcessorSupplier processors;
    private final AlertProcessorSupplier alerts;
    private final HistoryProcessorSupplier history;
    private final DeadLetters deadLetters;
    private final LabelRouterSupplier router;
    private final CertaintyPartitions partitions;
    private Function<String, KeyValueBytesStoreSupplier> stores;

    AlignmentTopology(SeriesProcessorSupplier processors, AlertProcessorSupplier alerts, HistoryProcessorSupplier history,
                      DeadLetters deadLetters, LabelRouterSupplier router, CertaintyPartitions partitions) {
        this.router = router;
        this.partitions = partitions;
        this.processors = processors;
        this.alerts = alerts;
        this.history = history;
        this.deadLetters = deadLetters;
    }

    @Produces
    public Topology topology() {
        return topology(Stores::persistentKeyValueStore);
    }

    /** The topology with stores from {@code stores} (persistent in the service; in memory in topology tests). */
    Topology topology(Function<String, KeyValueBytesStoreSupplier> stores) {
        this.stores = stores;
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store(StoreNames.OBSERVATIONS, Serdes.ByteArray()));
        builder.addStateStore(store(StoreNames.ARRIVALS, Serdes.Long()));
        builder.addStateStore(store(StoreNames.SNAPSHOTS, Serdes.String()));
        builder.addStateStore(store(StoreNames.ALERTS, Serdes.String()));
        builder.addStateStore(store(StoreNames.HISTORY, Serdes.String()));
        builder.addStateStore(store(StoreNames.COUNTED, Serdes.Long()));
        builder.addStateStore(store(StoreNames.COUNTED_ORDER, Serdes.String()));
        builder.addStateStore(store(StoreNames.BUCKETS, Serdes.ByteArray()));
        builder.addStateStore(store(StoreNames.SKIPS, Serdes.String()));
        builder.addStateStore(store(StoreNames.LABELLED, Serdes.ByteArray()));
        builder.addStateStore(store(StoreNames.LABELLED_ORDER, Serdes.String()));
        builder.addStateStore(store(StoreNames.LABEL_DELAYS, Serdes.ByteArray()));
        builder.addStateStore(store(StoreNames.ACCURACY_MAPS, Serdes.ByteArray()));
        builder.addStateStore(store(StoreNames.ROUTES, Serdes.String()));
        builder.addStateStore(store(StoreNames.ROUTES_ORDER, Serdes.String()));
        // skips are keyed by their series already: counted where they arrive
        builder.stream(Topics.SKIPS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new SkipCounter(deadLetters), StoreNames.SKIPS);
        KStream<String, PlacedCertainty> placed = builder.stream(Topics.CERTAINTIES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> EventValidator.certainties(deadLetters, partitions));
        KStream<String, CertaintyEvent> certainties = placed.mapValues(PlacedCertainty::event);
        KStream<String, AnswerInput> routes = certainties.map((series, e) -> KeyValue.pair(e.answerId(),
                new AnswerInput.Route(series, e.chosenOption(), SeriesAnalysis.eventTime(e))));
        KStream<String, AnswerInput> labels = builder.stream(Topics.LABELS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> EventValidator.labels(deadLetters, router.outcomes()))
                .mapValues(AnswerInput.Label::new);
        KStream<String, SeriesInput> routedLabels = routes.merge(labels)
                .repartition(Repartitioned.with(Serdes.String(), InputSerdes.answer()).withName("by-answer"))
                .process(router, StoreNames.ROUTES, StoreNames.ROUTES_ORDER);
        // a certainty keyed by its series on its series' partition is analysed where it is read; the rest meets the
        // labels in by-series, which sends each record to the partition (so the task) of its series
        KStream<String, SeriesInput> inPlace = placed.filter((series, p) -> p.inPlace())
                .mapValues(p -> new SeriesInput.Certainty(p.event()));
        KStream<String, SeriesInput> moved = placed.filterNot((series, p) -> p.inPlace())
                .<SeriesInput>mapValues(p -> new SeriesInput.Certainty(p.event()))
                .merge(routedLabels)
                .repartition(Repartitioned.with(Serdes.String(), InputSerdes.series()).withName("by-series")
                        .withStreamPartitioner(partitions.bySeries()));
        KStream<String, AlignmentSnapshot> snapshots = inPlace.merge(moved)
                .process(processors, StoreNames.OBSERVATIONS, StoreNames.ARRIVALS, StoreNames.COUNTED,
                        StoreNames.COUNTED_ORDER, StoreNames.BUCKETS, StoreNames.LABELLED, StoreNames.LABELLED_ORDER,
                        StoreNames.LABEL_DELAYS, StoreNames.ACCURACY_MAPS);
        snapshots.process(SnapshotWriter::new, StoreNames.SNAPSHOTS).to(Topics.ALIGNMENT, Produced.with(Serdes.String(), Serdes.String()));
        // same task as the series (no repartition in between): the alert and history stores of a series sit next to
        // its snapshot store, so the owner of one is the owner of all
        snapshots.process(alerts, StoreNames.ALERTS).to(Topics.ALERTS, Produced.with(Serdes.String(), Serdes.String()));
        snapshots.process(history, StoreNames.HISTORY);
        return builder.build();
    }

    /**
     * Cached: a key written many times between two commits (a series' count and snapshot, a skip counter) reaches
     * RocksDB and its changelog once per commit instead of once per record. The cache is bounded by
     * {@code statestore.cache.max.bytes}; under exactly-once it is flushed at each commit, so nothing cached outlives a
     * transaction.
     */
    private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(stores.apply(name), Serdes.String(), values).withLoggingEnabled(CHANGELOG)
                .withCachingEnabled();
    }
}
