package io.cpa.event;

import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.LabelDelayStats;
import io.cpa.stats.WindowStats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The statistics of every window of one series at one moment: the value of {@code cpa.alignment}, keyed by series,
 * and what the analysis API serves.
 *
 * @param received     certainty events counted for the series since it started, paired or not
 * @param computedAtMs wall-clock time the snapshot was computed
 * @param windows      by name, in configuration order: {@code last-N} count windows, time windows ({@code 5m},
 *                     {@code 1h}, ...), then {@code since-start}
 * @param labelDelays  how long labels took for the answers of the series' latest days (null where not computed)
 * @param accuracyMapVersion the version of the series' accuracy map, which every window's {@code estimatedAccuracy}
 *                     applies; {@code none} before the series has one
 * @param accuracyCheck the latest check of an accuracy map against the labels that arrived after it was fitted; null
 *                     before the first
 */
public record AlignmentSnapshot(int schemaVersion, String seriesKey, String model, String source, String variant,
                                long received, long computedAtMs, Map<String, WindowStats> windows,
                                LabelDelayStats labelDelays, String accuracyMapVersion, AccuracyCheck accuracyCheck) {
    public static final int SCHEMA_VERSION = 1;

    /**
     * Header of a cpa.alignment record published only to keep the series fresh between its paced snapshots
     * ({@code cpa.analysis.publish-interval}): the alert rules and the history ring skip such a snapshot, so their
     * cadence is that of the paced snapshots whatever the publish interval.
     */
    public static final String FRESH_HEADER = "cpa-fresh";

    /** The headers of a fresh snapshot's record: new ones each time, since a producer makes the headers it sends read-only. */
    public static org.apache.kafka.common.header.Headers freshHeaders() {
        return new org.apache.kafka.common.header.internals.RecordHeaders()
                .add(FRESH_HEADER, new byte[]{1});
    }

    /** Whether a cpa.alignment record with these headers is a fresh snapshot. */
    public static boolean isFresh(org.apache.kafka.common.header.Headers headers) {
        return headers != null && headers.lastHeader(FRESH_HEADER) != null;
    }

    public AlignmentSnapshot {
        Objects.requireNonNull(seriesKey, "seriesKey");
        windows = windows == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(windows));
        if (accuracyMapVersion == null) accuracyMapVersion = "none";
    }

    public static AlignmentSnapshot of(SeriesKey series, long received, long computedAtMs, Map<String, WindowStats> windows) {
        return of(series, received, computedAtMs, windows, null, "none", null);
    }

    public static AlignmentSnapshot of(SeriesKey series, long received, long computedAtMs, Map<String, WindowStats> windows,
                                       LabelDelayStats labelDelays, String accuracyMapVersion, AccuracyCheck accuracyCheck) {
        return new AlignmentSnapshot(SCHEMA_VERSION, series.key(), series.model(), series.source(), series.variant(),
                received, computedAtMs, windows, labelDelays, accuracyMapVersion, accuracyCheck);
    }
}
