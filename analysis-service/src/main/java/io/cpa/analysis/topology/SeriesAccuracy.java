package io.cpa.analysis.topology;

import io.cpa.analysis.labels.AccuracyMapPolicy;
import io.cpa.analysis.labels.FittedAccuracy;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.stats.Bucket;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The accuracy-map side of {@link SeriesProcessor}: owns {@code series-accuracy-maps} (series -> {@link FittedAccuracy}),
 * one entry per series, written only when the map is refitted, so that a restarted task applies the map the stopped
 * one had and refits at the same label counts.
 */
final class SeriesAccuracy {
    private final AccuracyMapPolicy policy;
    private KeyValueStore<String, byte[]> maps;

    SeriesAccuracy(AccuracyMapPolicy policy) {
        this.policy = policy;
    }

    void init(ProcessorContext<?, ?> context) {
        maps = context.getStateStore(StoreNames.ACCURACY_MAPS);
    }

    /** The series' current map, or null before its first fit. */
    FittedAccuracy load(String series) {
        byte[] b = maps.get(series);
        return b == null ? null : FittedAccuracy.decode(b);
    }

    /** The map to apply from now on: refitted and stored when the policy says so, else {@code current}. */
    FittedAccuracy refit(String series, FittedAccuracy current, Bucket sinceStart) {
        FittedAccuracy next = policy.next(current, sinceStart);
        if (next == null) return current;
        maps.put(series, next.encode());
        return next;
    }
}
