package io.cpa.report;

import io.cpa.stats.TaxonomyThresholds;

/**
 * What a report is built with.
 *
 * @param minN             cells with fewer pairs say "insufficient" instead of a rho (at least 5, as the statistics engine requires)
 * @param thresholds       the misalignment taxonomy's cut points
 * @param examplesPerClass how many example answers the taxonomy lists per class
 */
public record ReportOptions(int minN, TaxonomyThresholds thresholds, int examplesPerClass) {
    public static final int DEFAULT_MIN_N = 30;

    public ReportOptions {
        if (minN < 5) throw new IllegalArgumentException("minN must be at least 5, was " + minN);
        if (thresholds == null) throw new IllegalArgumentException("thresholds are required");
        if (examplesPerClass < 0) throw new IllegalArgumentException("examplesPerClass is negative: " + examplesPerClass);
    }

    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_MIN_N, defaultThresholds(), 3);
    }

    public ReportOptions withMinN(int n) {
        return new ReportOptions(n, thresholds, examplesPerClass);
    }

    /**
     * The report's default cut points (IC at or above 0.8 high, at or below 0.6 low, since the IC of an m-option answer is
     * at least 1/m; VC at or above 0.8 high: very or fairly certain; at or below 0.4 low: somewhat certain or less;
     * discordance gap 0.2). The live windows default to 0.3 / 0.7 for both signals.
     */
    public static TaxonomyThresholds defaultThresholds() {
        return new TaxonomyThresholds(0.6, 0.8, 0.4, 0.8, 0.2);
    }
}
