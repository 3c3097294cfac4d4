package io.cpa.stats;

import io.cpa.label.PerKind;

/**
 * The statistics of one window at one moment.
 *
 * @param kind             COUNT, TIME or SINCE_START
 * @param size             N for COUNT, T in ms for TIME, 0 for SINCE_START
 * @param n                observations in the window, paired or not
 * @param pairedN          observations with both IC and a parsed VC: the n of the correlations
 * @param icMissing        observations without IC
 * @param vcParseFailures  observations whose VC reply did not parse
 * @param parseFailureRate vcParseFailures / n
 * @param spearman         tie-corrected Spearman rho of IC and VC (the value: six levels, 1-100, or finer)
 * @param kendall          Kendall tau-b of IC and VC
 * @param pearson          Pearson r of IC and VC value
 * @param icCalibration    IC against correctness over labelled observations with IC
 * @param vcCalibration    VC against correctness over labelled observations with a parsed VC
 * @param taxonomy         misalignment classes of the paired observations
 * @param levelCounts      observations per VC level, index = rank 0 (very uncertain) .. 5 (very certain); a numeric
 *                         VC counts in the level round(5 vc)
 * @param icHistogram      observations with IC per equal-width bin of [0, 1]
 * @param probabilisticVc  the probabilistic VC's statistics, apart from the parsed VC's
 * @param labels           how many observations are labelled (headline) and unlabelled, and how many each labeller kind
 *                         has judged (not in the time buckets); null where not computed
 * @param calibrationByKind per labeller kind, IC and VC calibration against that kind's verdicts over the observations
 *                         it has judged, computed as the headline's; null for the time buckets, which keep the headline
 *                         correctness only
 * @param estimatedAccuracy the accuracy of the unlabelled answers estimated from their IC through the accuracy map
 *                         given to the snapshot, beside the realised accuracy of the labelled ones
 */
public record WindowStats(WindowKind kind, long size, long n, long pairedN, long icMissing, long vcParseFailures,
                          Metric parseFailureRate, Estimate spearman, Estimate kendall, Estimate pearson,
                          Calibration icCalibration, Calibration vcCalibration, Taxonomy taxonomy,
                          long[] levelCounts, long[] icHistogram, ProbabilisticVcStats probabilisticVc,
                          LabelCoverage labels, PerKind<CalibrationPair> calibrationByKind,
                          EstimatedAccuracy estimatedAccuracy) {
    public WindowStats {
        if (probabilisticVc == null) probabilisticVc = ProbabilisticVcStats.none();
        if (estimatedAccuracy == null) estimatedAccuracy = EstimatedAccuracy.NONE;
    }

    /** Statistics of a window without label coverage and per-kind calibration. */
    public WindowStats(WindowKind kind, long size, long n, long pairedN, long icMissing, long vcParseFailures,
                       Metric parseFailureRate, Estimate spearman, Estimate kendall, Estimate pearson,
                       Calibration icCalibration, Calibration vcCalibration, Taxonomy taxonomy,
                       long[] levelCounts, long[] icHistogram, ProbabilisticVcStats probabilisticVc) {
        this(kind, size, n, pairedN, icMissing, vcParseFailures, parseFailureRate, spearman, kendall, pearson,
                icCalibration, vcCalibration, taxonomy, levelCounts, icHistogram, probabilisticVc, null, null, EstimatedAccuracy.NONE);
    }

    /** Statistics of a window without a probabilistic VC. */
    public WindowStats(WindowKind kind, long size, long n, long pairedN, long icMissing, long vcParseFailures,
                       Metric parseFailureRate, Estimate spearman, Estimate kendall, Estimate pearson,
                       Calibration icCalibration, Calibration vcCalibration, Taxonomy taxonomy,
                       long[] levelCounts, long[] icHistogram) {
        this(kind, size, n, pairedN, icMissing, vcParseFailures, parseFailureRate, spearman, kendall, pearson,
                icCalibration, vcCalibration, taxonomy, levelCounts, icHistogram, ProbabilisticVcStats.none());
    }
}
