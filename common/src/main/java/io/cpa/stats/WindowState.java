package io.cpa.stats;

import io.cpa.label.LabelKind;
import io.cpa.label.PerKind;
import io.cpa.label.Verdicts;

import java.util.Objects;

/**
 * Every statistic of one window, kept under add and remove of observations (a multiset: the order of additions does not
 * matter, so rebuilding by re-adding the retained observations reproduces the state exactly).
 *
 * <p>Add and remove cost O(log d) time (amortised for the rank pairs), d the number of distinct values in the window: the rank statistics of
 * IC against the parsed VC and against the probabilistic VC ({@link RankStatistics}, ranked when read), and the IC and
 * VC calibration ({@link CalibrationPairAccumulator}) against the headline correctness and against each labeller
 * kind's verdicts; a kind whose verdicts are the headline's shares its accumulator, so a window keeps at most four
 * more pairs than the headline's, and none while only one kind judges. The IC of the unlabelled answers (no headline
 * verdict) is a {@link BufferedSortedMultiset} (an append per update), which a snapshot walks in IC order through the
 * accuracy map it is given ({@link EstimatedAccuracy}). Everything else is counters.
 */
final class WindowState {
    private static final LabelKind[] KINDS = LabelKind.values();
    private static final double ENTROPY_SCALE = 0x1p32;
    private final WindowsConfig config;
    private long n;
    private long icMissing;
    private long vcFailed;
    private final RankStatistics vcRanks = new RankStatistics();
    private final RankStatistics pvcRanks = new RankStatistics();
    private final CalibrationPairAccumulator headline;
    /** Per kind, its own accumulator, or null while it shares the headline's (see {@link #applyLabels}). */
    private final CalibrationPairAccumulator[] byKind = new CalibrationPairAccumulator[KINDS.length];
    private long labelled;
    private final BufferedSortedMultiset unlabelledIc = new BufferedSortedMultiset();
    private final long[] judged = new long[KINDS.length];
    /** Per kind, the observations whose verdict of that kind is not the headline correctness (null counts as a value). */
    private final long[] differs = new long[KINDS.length];
    private final long[] levelCounts = new long[6];
    private final long[] icHistogram;
    private final long[] taxonomy = new long[5];
    private long pvcN;
    private long pvcModeCompared;
    private long pvcModeDisagreements;
    private long pvcEntropySum; // fixed point, entropy 2^32: a double updated by add and remove would drift

    WindowState(WindowsConfig config) {
        this.config = config;
        this.headline = new CalibrationPairAccumulator(config.calibrationBins());
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

    /**
     * A kind whose verdicts are the headline correctness on every observation of the window (gold alone on a
     * benchmark, the common case) has the headline's calibration: it shares the headline's accumulator instead of
     * doubling every tree operation. At the first observation where they differ, the kind gets a copy of the
     * headline's accumulator (the same state: O(distinct values), once); when no observation differs any more, the
     * copy is dropped again.
     */
    private void applyLabels(Observation o, int sign) {
        Boolean correct = o.correct();
        if (correct == null && o.ic() != null) {
            // an answer without a headline verdict is one the accuracy map estimates
            if (sign > 0) unlabelledIc.add(o.ic());
            else unlabelledIc.remove(o.ic());
        }
        Verdicts verdicts = o.verdicts();
        for (LabelKind k : KINDS) {
            int i = k.ordinal();
            if (byKind[i] == null && !Objects.equals(verdicts.of(k), correct)) byKind[i] = headline.copy(); // before o enters
        }
        if (correct != null) {
            labelled += sign;
            headline.apply(o, correct, sign);
        }
        for (LabelKind k : KINDS) {
            int i = k.ordinal();
            Boolean verdict = verdicts.of(k);
            if (verdict != null) judged[i] += sign;
            if (!Objects.equals(verdict, correct)) differs[i] += sign;
            if (byKind[i] == null) continue;
            if (verdict != null) byKind[i].apply(o, verdict, sign);
            if (differs[i] == 0) byKind[i] = null; // the same points and verdicts as the headline's again
        }
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
        CalibrationPair calibration = headline.snapshot(minN);
        Metric failureRate = n == 0 ? Metric.UNDEFINED : Metric.of((double) vcFailed / n);
        ProbabilisticVcStats pvc = new ProbabilisticVcStats(pvcN, pvcRanks.n(), pvcRanks.spearman(minN), pvcRanks.kendall(minN),
                pvcRanks.pearson(minN), pvcModeCompared, pvcModeDisagreements,
                pvcN == 0 ? Metric.UNDEFINED : Metric.of(pvcEntropySum / ENTROPY_SCALE / pvcN));
        return new WindowStats(kind, size, n, vcRanks.n(), icMissing, vcFailed, failureRate,
                vcRanks.spearman(minN), vcRanks.kendall(minN), vcRanks.pearson(minN),
                calibration.ic(), calibration.vc(),
                new Taxonomy(taxonomy[0], taxonomy[1], taxonomy[2], taxonomy[3], taxonomy[4]),
                levelCounts.clone(), icHistogram.clone(), pvc,
                new LabelCoverage(labelled, n - labelled, PerKind.of(k -> judged[k.ordinal()])),
                PerKind.of(k -> byKind[k.ordinal()] == null ? calibration : byKind[k.ordinal()].snapshot(minN)),
                EstimatedAccuracy.of(estimateUnlabelled(map), calibration.ic()));
    }
}
