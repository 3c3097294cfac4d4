package io.cpa.stats;

/**
 * Every statistic of one window, kept exact under add and remove of observations (a multiset: the order of additions
 * does not matter, so rebuilding by re-adding the retained observations reproduces the state bit for bit).
 * Add and remove cost O(log d) expected time, d the number of distinct IC values in the window: one descent of one
 * {@link CountTree} keyed by IC, whose classes are the six VC levels (paired answers, for the rank statistics) and
 * incorrect/correct (labelled answers with an IC, for the AUROC).
 */
final class WindowState {
    private final WindowsConfig config;
    private long n;
    private long icMissing;
    private long vcFailed;
    private static final int INCORRECT = RankAccumulator.LEVELS;
    private final CountTree tree = new CountTree();
    private final RankAccumulator rank = new RankAccumulator();
    private final IcCalibrationAccumulator icCalibration;
    private final long[][] vcTable = new long[RankAccumulator.LEVELS][2];
    private final long[] levelCounts = new long[RankAccumulator.LEVELS];
    private final long[] icHistogram;
    private final long[] taxonomy = new long[5];

    WindowState(WindowsConfig config) {
        this.config = config;
        this.icCalibration = new IcCalibrationAccumulator(config.calibrationBins(), INCORRECT);
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
        int level = o.vcLevel();
        if (ic == null) icMissing += sign;
        if (level < 0) vcFailed += sign;
        Boolean correct = o.correct();
        if (level >= 0) {
            levelCounts[level] += sign;
            if (correct != null) vcTable[level][correct ? 1 : 0] += sign;
        }
        if (ic == null) return;
        icHistogram[IcCalibrationAccumulator.bin(ic, icHistogram.length)] += sign;
        int labelClass = correct == null ? CountTree.NONE : correct ? INCORRECT + 1 : INCORRECT;
        if (level >= 0) {
            taxonomy[config.thresholds().classify(ic, level)] += sign;
            if (sign > 0) {
                tree.add(ic, level, labelClass);
                rank.add(ic, level, tree.less, tree.equal);
            } else {
                tree.remove(ic, level, labelClass);
                rank.remove(ic, level, tree.less, tree.equal);
            }
        } else if (correct != null) {
            if (sign > 0) tree.add(ic, labelClass);
            else tree.remove(ic, labelClass);
        }
        if (correct != null) {
            if (sign > 0) icCalibration.add(ic, correct, tree.less, tree.equal);
            else icCalibration.remove(ic, correct, tree.less, tree.equal);
        }
    }

    WindowStats stats(WindowKind kind, long size) {
        int minN = config.minN();
        Metric failureRate = n == 0 ? Metric.UNDEFINED : Metric.of((double) vcFailed / n);
        return new WindowStats(kind, size, n, rank.n(), icMissing, vcFailed, failureRate,
                rank.spearman(minN), rank.kendall(minN), rank.pearson(minN),
                icCalibration.snapshot(minN), VcCalibration.of(vcTable, config.calibrationBins(), minN),
                new Taxonomy(taxonomy[0], taxonomy[1], taxonomy[2], taxonomy[3], taxonomy[4]),
                levelCounts.clone(), icHistogram.clone());
    }
}
