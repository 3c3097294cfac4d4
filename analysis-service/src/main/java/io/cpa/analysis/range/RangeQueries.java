package io.cpa.analysis.range;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.analysis.query.StateRouter;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredBuckets;
import io.cpa.analysis.stores.StoredLabelDelays;
import io.cpa.event.EventJson;
import io.cpa.analysis.labels.FittedAccuracy;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.BucketRanges;
import io.cpa.stats.BucketStore;
import io.cpa.stats.Difference;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Statistics over any stretch of a series' event time, from its time buckets ({@code series-buckets}) in the store of
 * the instance that owns it. Times are epoch milliseconds; a range given by {@code last} ends with the series' latest
 * event.
 */
@jakarta.enterprise.context.ApplicationScoped
public class RangeQueries {
    /**
     * A requested range: [fromMs, toMs), or the {@code lastMs} before the latest event (toMs then defaults to just
     * after it).
     */
    public record Spec(Long fromMs, Long toMs, Long lastMs) {
        String query(String prefix) {
            StringBuilder q = new StringBuilder();
            if (fromMs != null) q.append('&').append(prefix).append("from=").append(fromMs);
            if (toMs != null) q.append('&').append(prefix).append("to=").append(toMs);
            if (lastMs != null) q.append('&').append(prefix).append("last=").append(lastMs).append("ms");
            return q.toString();
        }
    }

    private final StateRouter router;
    private final SeriesAnalysis analysis;

    RangeQueries(StateRouter router, io.cpa.analysis.series.AnalysisConfig config) {
        this.router = router;
        this.analysis = new SeriesAnalysis(config);
    }

    public Optional<JsonNode> range(String key, Spec spec, boolean local) {
        if (local) return localRange(key, spec);
        return router.fromOwner(key, StateRouter.seriesPath(key) + "/range?" + spec.query("").substring(1), () -> localRange(key, spec));
    }

    public Optional<JsonNode> daily(String key, int days, boolean local) {
        if (local) return localDaily(key, days);
        return router.fromOwner(key, StateRouter.seriesPath(key) + "/daily?days=" + days, () -> localDaily(key, days));
    }

    public Optional<JsonNode> compare(String key, Spec range, Spec baseline, boolean local) {
        if (local) return localCompare(key, range, baseline);
        String q = (range.query("") + baseline.query("base")).substring(1);
        return router.fromOwner(key, StateRouter.seriesPath(key) + "/compare?" + q, () -> localCompare(key, range, baseline));
    }

    private Optional<JsonNode> localRange(String key, Spec spec) {
        return read(key, (store, map) -> range(key, store, map, spec).json());
    }

    private Optional<JsonNode> localCompare(String key, Spec range, Spec baseline) {
        return read(key, (store, map) -> {
            Computed a = range(key, store, map, range);
            Computed b = range(key, store, map, baseline);
            WindowStats wa = a.stats();
            WindowStats wb = b.stats();
            ObjectNode out = EventJson.mapper().createObjectNode();
            out.put("seriesKey", key);
            out.set("range", a.json());
            out.set("baseline", b.json());
            ObjectNode d = out.putObject("difference");
            d.set("spearman", EventJson.mapper().valueToTree(Difference.of(wa.spearman(), wb.spearman())));
            d.set("kendall", EventJson.mapper().valueToTree(Difference.of(wa.kendall(), wb.kendall())));
            d.set("pearson", EventJson.mapper().valueToTree(Difference.of(wa.pearson(), wb.pearson())));
            return out;
        });
    }

    private record Computed(ObjectNode json, WindowStats stats) {}

    private Computed range(String key, BucketStore store, AccuracyMap map, Spec spec) {
        long latest = store.position().maxTimestampMs();
        long to = spec.toMs() != null ? spec.toMs() : latest + 1;
        long from = spec.lastMs() != null ? to - spec.lastMs() : spec.fromMs() != null ? spec.fromMs() : 0;
        if (to <= from) throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
        BucketRanges.Range r = BucketRanges.of(store, analysis.retention(), from, to);
        ObjectNode out = EventJson.mapper().createObjectNode();
        out.put("seriesKey", key);
        out.put("requestedFromMs", from);
        out.put("requestedToMs", to);
        out.put("fromMs", r.fromMs());
        out.put("toMs", r.toMs());
        out.put("latestEventMs", latest);
        out.put("buckets", r.buckets());
        WindowStats stats = analysis.stats(r.bucket(), WindowKind.RANGE, r.toMs() - r.fromMs(), map);
        out.set("window", EventJson.mapper().valueToTree(stats));
        out.set("labelDelays", labelDelays(key, r));
        return new Computed(out, stats);
    }

    private Optional<JsonNode> localDaily(String key, int days) {
        return read(key, (store, map) -> {
            long latest = store.position().maxTimestampMs();
            List<BucketRanges.Range> ranges = BucketRanges.daily(store, analysis.retention(), latest, days);
            ObjectNode out = EventJson.mapper().createObjectNode();
            out.put("seriesKey", key);
            out.put("latestEventMs", latest);
            ArrayNode list = out.putArray("days");
            for (BucketRanges.Range r : ranges) {
                ObjectNode day = list.addObject();
                day.put("fromMs", r.fromMs());
                day.put("toMs", r.toMs());
                day.put("buckets", r.buckets());
                day.set("window", EventJson.mapper().valueToTree(analysis.stats(r.bucket(), WindowKind.RANGE, r.toMs() - r.fromMs(), map)));
                day.set("labelDelays", labelDelays(key, r));
            }
            return out;
        });
    }

    /** The label delays of the days the stretch the buckets cover touches (delays are kept per day). */
    private JsonNode labelDelays(String key, BucketRanges.Range r) {
        return router.<String, byte[], JsonNode>readLocal(StoreNames.LABEL_DELAYS, (ReadOnlyKeyValueStore<String, byte[]> s) ->
                EventJson.mapper().valueToTree(StoredLabelDelays.over(s, key, r.fromMs(), r.toMs())));
    }

    /**
     * Empty when this instance holds no buckets of the series. The query gets the series' current accuracy map (null
     * before its first fit), which estimates the unlabelled answers of every range as it does those of the windows.
     */
    private Optional<JsonNode> read(String key, BiFunction<BucketStore, AccuracyMap, JsonNode> query) {
        return router.<String, byte[], Optional<JsonNode>>readLocal(StoreNames.BUCKETS, (ReadOnlyKeyValueStore<String, byte[]> s) -> {
            StoredBuckets store = StoredBuckets.readOnly(key, s);
            if (store.position() == null) return Optional.empty();
            return Optional.of(query.apply(store, accuracyMap(key)));
        });
    }

    private AccuracyMap accuracyMap(String key) {
        return router.<String, byte[], AccuracyMap>readLocal(StoreNames.ACCURACY_MAPS, (ReadOnlyKeyValueStore<String, byte[]> s) -> {
            byte[] b = s.get(key);
            return b == null ? null : FittedAccuracy.decode(b).map();
        });
    }
}
