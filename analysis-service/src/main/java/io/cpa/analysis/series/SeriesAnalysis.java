package io.cpa.analysis.series;

import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SeriesKey;
import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.Bucket;
import io.cpa.stats.BucketResolution;
import io.cpa.stats.BucketRetention;
import io.cpa.stats.LabelDelayStats;
import io.cpa.stats.BucketStats;
import io.cpa.stats.Observation;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.stats.WindowKind;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.Snapshot;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowStats;
import io.cpa.stats.WindowsConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a certainty becomes an observation of the statistics engine, and how the engine's windows are named. Plain
 * functions over the configuration; the topology only moves data through them.
 */
public final class SeriesAnalysis {
    private final WindowsConfig windows;
    private final BucketRetention retention;

    /**
     * The exact windows (count and time) come from {@link SeriesWindows}; since-start and every other range from the
     * series' time buckets, so the exact engine's own since-start is off here.
     */
    public SeriesAnalysis(AnalysisConfig config) {
        AnalysisConfig.Taxonomy t = config.taxonomy();
        this.windows = new WindowsConfig(config.windows(),
                config.timeWindows().stream().map(Duration::toMillis).toList(), false, config.minN(),
                config.calibrationBins(), config.histogramBins(),
                new TaxonomyThresholds(t.icLow(), t.icHigh(), t.vcLow(), t.vcHigh(), t.discordanceGap()));
        AnalysisConfig.Buckets b = config.buckets();
        this.retention = new BucketRetention(b.minutes().toMillis(), b.hours().toMillis(), b.days().toMillis(), b.grace().toMillis());
    }

    /** The names of the configured windows, in snapshot order; since-start is always last. */
    public List<String> windowNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int n : windows.countSizes()) names.add("last-" + n);
        for (long ms : windows.timeWindowsMs()) names.add(duration(ms));
        names.add("since-start");
        return names;
    }

    public SeriesWindows newWindows() {
        return new SeriesWindows(windows);
    }

    public BucketRetention retention() {
        return retention;
    }

    /** Every statistic of a merge of buckets (since-start, a range, a day). */
    public WindowStats stats(Bucket bucket, WindowKind kind, long size) {
        return BucketStats.of(bucket, windows, kind, size);
    }

    /** As {@link #stats(Bucket, WindowKind, long)}, with the unlabelled answers estimated through {@code map} (or none). */
    public WindowStats stats(Bucket bucket, WindowKind kind, long size, AccuracyMap map) {
        return BucketStats.of(bucket, windows, kind, size, map);
    }

    /**
     * The observation of one certainty. The sequence is the series' own arrival counter, not the producer's: all
     * certainties of a series come through one partition in a fixed order, and certainties of concurrently elicited
     * answers legitimately arrive out of producer order; counting arrivals keeps every one of them.
     */
    public static Observation observation(long arrival, long timestampMs, CertaintyEvent event) {
        ProbabilisticVc pvc = event.probabilisticVc();
        return new Observation(arrival, timestampMs, event.ic(), event.certainty().value(), event.certainty().status(),
                event.correct(), pvc == null ? null : new Observation.ProbabilisticPoint(pvc.expectation(), pvc.mode().rank(), pvc.entropy()));
    }

    /** Event time of a certainty: when the answer was given. */
    public static long eventTime(CertaintyEvent event) {
        return event.answeredAt() != null ? event.answeredAt().toEpochMilli()
                : event.certaintyAt() != null ? event.certaintyAt().toEpochMilli() : 0L;
    }

    /**
     * The exact windows of {@code snapshot} followed by {@code sinceStart} (computed from the buckets), the label
     * delays of the series' latest {@link #labelDelayDays()} days, the version of the accuracy map the windows applied
     * (null: none) and the latest check of a map against later labels (or null).
     */
    public AlignmentSnapshot snapshot(String seriesKey, long received, Snapshot snapshot, WindowStats sinceStart,
                                      LabelDelayStats labelDelays, long nowMs, String accuracyMapVersion,
                                      AccuracyCheck accuracyCheck) {
        Map<String, WindowStats> named = new LinkedHashMap<>();
        for (WindowStats w : snapshot.windows()) named.put(name(w), w);
        named.put(name(sinceStart), sinceStart);
        return AlignmentSnapshot.of(SeriesKey.parse(seriesKey), received, nowMs, named, labelDelays, accuracyMapVersion,
                accuracyCheck);
    }

    /** UTC days of label delays a snapshot summarises: the last 7, or fewer when the day buckets are kept less long. */
    public int labelDelayDays() {
        return (int) Math.min(SNAPSHOT_DELAY_DAYS, retention.daysMs() / BucketResolution.DAY.lengthMs());
    }

    static final int SNAPSHOT_DELAY_DAYS = 7;

    /** {@code last-1000}, {@code 5m}, {@code 1h}, {@code 90s}, {@code since-start}. */
    public static String name(WindowStats w) {
        return switch (w.kind()) {
            case COUNT -> "last-" + w.size();
            case SINCE_START -> "since-start";
            case TIME -> duration(w.size());
            case RANGE -> "range";
        };
    }

    static String duration(long ms) {
        List<long[]> units = List.of(new long[]{86_400_000L, 'd'}, new long[]{3_600_000L, 'h'}, new long[]{60_000L, 'm'},
                new long[]{1000L, 's'});
        for (long[] u : units) {
            if (ms % u[0] == 0) return (ms / u[0]) + String.valueOf((char) u[1]);
        }
        return ms + "ms";
    }
}
