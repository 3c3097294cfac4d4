package io.cpa.stats;

import java.util.List;

/**
 * Which windows a series keeps and how their statistics are gated and binned.
 *
 * @param countSizes       sizes N of the count windows (each at least minN)
 * @param timeWindowsMs    lengths T of the time windows in ms
 * @param sinceStart       whether to keep the since-start window
 * @param minN             below this many pairs (labelled observations for calibration) statistics are INSUFFICIENT; at least 5
 * @param calibrationBins  equal-width bins of the expected calibration error
 * @param histogramBins    equal-width bins of the IC histogram
 * @param thresholds       the misalignment taxonomy
 */
public record WindowsConfig(List<Integer> countSizes, List<Long> timeWindowsMs, boolean sinceStart, int minN,
                            int calibrationBins, int histogramBins, TaxonomyThresholds thresholds) {
    public static final WindowsConfig DEFAULT = new WindowsConfig(List.of(100, 1000, 10000),
            List.of(300_000L, 3_600_000L), true, 10, 10, 20, TaxonomyThresholds.DEFAULT);

    public WindowsConfig {
        countSizes = List.copyOf(countSizes);
        timeWindowsMs = List.copyOf(timeWindowsMs);
        if (thresholds == null) throw new IllegalArgumentException("windows thresholds is null");
        if (minN < 5) throw new IllegalArgumentException("windows minN must be at least 5: " + minN);
        for (int size : countSizes) {
            if (size < 1) throw new IllegalArgumentException("windows countSizes holds a size below 1: " + size);
        }
        for (long t : timeWindowsMs) {
            if (t < 1) throw new IllegalArgumentException("windows timeWindowsMs holds a length below 1 ms: " + t);
        }
        if (calibrationBins < 1 || calibrationBins > 1000) throw new IllegalArgumentException("windows calibrationBins outside 1..1000: " + calibrationBins);
        if (histogramBins < 1 || histogramBins > 1000) throw new IllegalArgumentException("windows histogramBins outside 1..1000: " + histogramBins);
    }
}
