package io.cpa.stats;

/**
 * Every statistic of one window, kept under add and remove of observations (a multiset: the order of additions does not
 * matter, so rebuilding by re-adding the retained observations reproduces the state exactly).
 *
 * <p>Add and remove cost O(log d) expected time, d the number of distinct values in the window: the rank statistics of
 * IC against the parsed VC and against the probabilistic VC ({@link RankStatistics}, ranked when read), and two
 * {@link CountTree}s with the incorrect/correct classes, keyed by IC and by VC, for the AUROC of each signal's
 * {@link CalibrationAccumulator}. The IC of the unlabelled answers is a {@link BufferedSortedMultiset} (an append per
 * update), which a snapshot walks in IC order through the accuracy map it is given ({@link EstimatedAccuracy}).
 * Everything else is counters.
 */
final class WindowState {
    private static final int INCORRECT = 0;
    private static final int CORRECT = 1;
    private static final double ENTROPY_SCALE = 0x1p32;
    private final WindowsConfig config;
    private long n;
    private long icMissing;
    private long vcFailed;
    private final RankStatistics vcRanks = new RankStatistics();
    private final RankStatistics pvcRanks = new RankStatistics();
    private final CountTree icTree = new CountTree();
    private final CountTree vcTree = new CountTree();
    private final BufferedSortedMultiset unlabelledIc = new BufferedSortedMultiset();
    private final CalibrationAccumulator icCalibration;
    private final CalibrationAccumulator vcCalibration;
    private final long[] levelCounts = new long[6];
    private final long[] icHistogram;
    private final long[] taxonomy = new long[5];
    private long pvcN;
    private long pvcModeCompared;
    private long pvcModeDisagreements;
    private long pvcEntropySum; // fixed point, entropy 2^32: a double updated by add and remove would drift

    WindowState(WindowsConfig config) {
        this.config = config;
        this.icCalibration = new CalibrationAccumulator(config.calibrationBins(), INCORRECT);
        this.vcCalibration = new CalibrationAccumulator(config.calibrationBins(), INCORRECT);
        this.icHistogram = new long[config.histogramBins()];
    }

    long n() {
        return n;
    }

    void add(Observation o) {
        apply(o, 1);
    }

    void remove(Observation o) {
        apply(o, -1);
    }

    private void apply(Observation o, int sign) {
        n += sign;
        Double ic = o.ic();
        Double vc = o.vc();
        if (ic == null) icMissing += sign;
        if (vc == null) vcFailed += sign;
        else levelCounts[o.vcLevel()] += sign;
        if (ic != null) icHistogram[CalibrationAccumulator.bin(ic, icHistogram.length)] += sign;
        if (ic != null && vc != null) {
            taxonomy[config.thresholds().classify(ic, vc)] += sign;
            if (sign > 0) vcRanks.add(ic, vc);
            else vcRanks.remove(ic, vc);
        }
        applyProbabilistic(o, sign);
        applyLabels(o, sign);
    }

    /**
     * Replaces an observation by the same answer with other labels: only what depends on correctness changes (the
     * rank statistics, counts and histograms do not, and their cached ranks stay valid).
     */
    void relabel(Observation old, Observation updated) {
        applyLabels(old, -1);
        applyLabels(updated, 1);
    }

    private void applyLabels(Observation o, int sign) {
        Boolean correct = o.correct();
        if (correct == null) {
            // an answer without a headline verdict is one the accuracy map estimates
            if (o.ic() != null) {
                if (sign > 0) unlabelledIc.add(o.ic());
                else unlabelledIc.remove(o.ic());
            }
            return;
        }
        int label = correct ? CORRECT : INCORRECT;
        if (o.ic() != null) calibrate(icTree, icCalibration, o.ic(), correct, label, sign);
        if (o.vc() != null) calibrate(vcTree, vcCalibration, o.vc(), correct, label, sign);
    }

    private void applyProbabilistic(Observation o, int sign) {
        Observation.ProbabilisticPoint pvc = o.pvc();
        if (pvc == null) return;
        pvcN += sign;
        pvcEntropySum += sign * Math.round(pvc.entropy() * ENTROPY_SCALE);
        if (o.vc() != null) { // a probabilistic VC exists for six-level replies only
            pvcModeCompared += sign;
            if (pvc.modeRank() != o.vcLevel()) pvcModeDisagreements += sign;
        }
        if (o.ic() == null) return;
        if (sign > 0) pvcRanks.add(o.ic(), pvc.expectation());
        else pvcRanks.remove(o.ic(), pvc.expectation());
    }

    private static void calibrate(CountTree tree, CalibrationAccumulator calibration, double p, boolean correct, int label, int sign) {
        if (sign > 0) {
            tree.add(p, label);
            calibration.add(p, correct, tree.less, tree.equal);
        } else {
            tree.remove(p, label);
            calibration.remove(p, correct, tree.less, tree.equal);
        }
    }

    /**
     * The unlabelled answers' accuracy through {@code map} (null: none given): one walk of their distinct IC values in
     * order, O(d + b) for d distinct values and b isotonic blocks; nothing is walked without a usable map.
     */
    private AccuracyEstimate estimateUnlabelled(AccuracyMap map) {
        AccuracyEstimate without = EstimatedAccuracy.withoutMap(map, unlabelledIc.size());
        if (without != null) return without;
        int d = unlabelledIc.sorted();
        AccuracyMap.Estimator estimator = map.estimator();
        for (int i = 0; i < d; i++) estimator.add(unlabelledIc.value(i), unlabelledIc.count(i));
        return estimator.result();
    }

    WindowStats stats(WindowKind kind, long size) {
        return stats(kind, size, null);
    }

    WindowStats stats(WindowKind kind, long size, AccuracyMap map) {
        int minN = config.minN();
        Metric failureRate = n == 0 ? Metric.UNDEFINED : Metric.of((double) vcFailed / n);
        ProbabilisticVcStats pvc = new ProbabilisticVcStats(pvcN, pvcRanks.n(), pvcRanks.spearman(minN), pvcRanks.kendall(minN),
                pvcRanks.pearson(minN), pvcModeCompared, pvcModeDisagreements,
                pvcN == 0 ? Metric.UNDEFINED : Metric.of(pvcEntropySum / ENTROPY_SCALE / pvcN));
        Calibration ic = icCalibration.snapshot(minN);
        return new WindowStats(kind, size, n, vcRanks.n(), icMissing, vcFailed, failureRate,
                vcRanks.spearman(minN), vcRanks.kendall(minN), vcRanks.pearson(minN),
                ic, vcCalibration.snapshot(minN),
                new Taxonomy(taxonomy[0], taxonomy[1], taxonomy[2], taxonomy[3], taxonomy[4]),
                levelCounts.clone(), icHistogram.clone(), pvc, EstimatedAccuracy.of(estimateUnlabelled(map), ic));
    }
}
