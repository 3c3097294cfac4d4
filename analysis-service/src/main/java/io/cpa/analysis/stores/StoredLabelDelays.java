package io.cpa.analysis.stores;

import io.cpa.label.LabelKind;
import io.cpa.stats.BucketResolution;
import io.cpa.stats.LabelDelayStats;
import io.cpa.stats.LabelDelays;
import io.cpa.stats.LabelDelaysCodec;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The label delays of the series in the {@link StoreNames#LABEL_DELAYS} store, one {@link LabelDelays} per series and
 * UTC day of the answers' event time ({@link StoreKeys#day}): written by the series processor, read by the snapshots
 * and the ranges. Only moves bytes ({@link LabelDelaysCodec}); a day's entry is a few hundred bytes at most.
 */
public final class StoredLabelDelays {
    private static final long DAY = BucketResolution.DAY.lengthMs();

    private StoredLabelDelays() {}

    /** Counts one label of {@code kind} that came {@code delayMs} after its answer, in the day of {@code answeredAtMs}. */
    public static void add(KeyValueStore<String, byte[]> store, String series, long answeredAtMs, LabelKind kind, long delayMs) {
        String key = StoreKeys.day(series, BucketResolution.DAY.floor(answeredAtMs));
        byte[] stored = store.get(key);
        LabelDelays day = stored == null ? new LabelDelays() : LabelDelaysCodec.decode(stored);
        day.add(kind, delayMs);
        store.put(key, LabelDelaysCodec.encode(day));
    }

    /**
     * The delays of the labels of the answers of every UTC day that [fromMs, toMs) touches: a day is the finest
     * resolution, so the stretch reported is widened to whole days.
     */
    public static LabelDelayStats over(ReadOnlyKeyValueStore<String, byte[]> store, String series, long fromMs, long toMs) {
        long from = BucketResolution.DAY.floor(fromMs);
        long to = toMs <= fromMs ? from : BucketResolution.DAY.ceil(toMs);
        return LabelDelayStats.of(merged(store, series, from, to), from, to);
    }

    /** The merge of the days of {@code series} that start in [fromDayMs, toDayMs) (both day edges). */
    public static LabelDelays merged(ReadOnlyKeyValueStore<String, byte[]> store, String series, long fromDayMs, long toDayMs) {
        LabelDelays out = new LabelDelays();
        if (toDayMs <= fromDayMs) return out;
        try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.day(series, fromDayMs), StoreKeys.day(series, toDayMs - DAY))) {
            while (it.hasNext()) out.add(LabelDelaysCodec.decode(it.next().value));
        }
        return out;
    }

    /** Deletes the days of {@code series} that start before {@code dayMs}. */
    public static void deleteBefore(KeyValueStore<String, byte[]> store, String series, long dayMs) {
        if (dayMs <= 0) return;
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.day(series, 0), StoreKeys.day(series, dayMs - DAY))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                doomed.add(kv.key);
            }
        }
        for (String k : doomed) store.delete(k);
    }
}
