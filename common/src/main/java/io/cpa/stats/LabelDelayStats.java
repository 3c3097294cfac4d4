package io.cpa.stats;

import io.cpa.label.PerKind;

/**
 * How long labels took over a stretch of whole UTC days of answers: the delays (label time minus answer event time)
 * of the labels of the answers whose event time falls in [fromMs, toMs), read from the days' {@link LabelDelays}.
 * Delays are kept per day of the answer's event time, so a stretch of days is the finest resolution: a range that
 * touches a day counts every label of that day's answers. Quantiles are nearest-rank, within
 * {@link LabelDelays#RELATIVE_ERROR} of the exact ones (see {@link LabelDelays}).
 *
 * @param fromMs   start of the first day
 * @param toMs     end of the last day (fromMs when no day is covered)
 * @param n        labels counted, every kind
 * @param medianMs the median delay in ms, UNDEFINED without labels
 * @param p95Ms    the 95th percentile in ms, UNDEFINED without labels
 * @param byKind   the same per labeller kind (gold travels with its answer and has no delay: n = 0)
 */
public record LabelDelayStats(long fromMs, long toMs, long n, Metric medianMs, Metric p95Ms,
                              PerKind<LabelDelays.Summary> byKind) {
    public static LabelDelayStats of(LabelDelays delays, long fromMs, long toMs) {
        LabelDelays.Summary all = delays.summary();
        return new LabelDelayStats(fromMs, toMs, all.n(), all.medianMs(), all.p95Ms(), delays.summaryByKind());
    }
}
