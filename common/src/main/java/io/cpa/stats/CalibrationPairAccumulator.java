package io.cpa.stats;

/**
 * The exact incremental {@link CalibrationPair} of a window: per signal a {@link CountBTree} with the incorrect/correct
 * classes for the AUROC and a {@link CalibrationAccumulator}. The headline and each labeller kind keep one each.
 */
final class CalibrationPairAccumulator {
    private static final int INCORRECT = 0;
    private static final int CORRECT = 1;
    private final CountBTree icTree;
    private final CountBTree vcTree;
    private final CalibrationAccumulator ic;
    private final CalibrationAccumulator vc;

    CalibrationPairAccumulator(int bins) {
        this(new CountBTree(2), new CountBTree(2), new CalibrationAccumulator(bins, INCORRECT), new CalibrationAccumulator(bins, INCORRECT));
    }

    private CalibrationPairAccumulator(CountBTree icTree, CountBTree vcTree, CalibrationAccumulator ic, CalibrationAccumulator vc) {
        this.icTree = icTree;
        this.vcTree = vcTree;
        this.ic = ic;
        this.vc = vc;
    }

    /** An independent accumulator in the same state: O(distinct values). */
    CalibrationPairAccumulator copy() {
        return new CalibrationPairAccumulator(icTree.copy(), vcTree.copy(), ic.copy(), vc.copy());
    }

    /** Adds (sign 1) or removes (sign -1) a judged observation's signals. */
    void apply(Observation o, boolean correct, int sign) {
        int label = correct ? CORRECT : INCORRECT;
        if (o.ic() != null) calibrate(icTree, ic, o.ic(), correct, label, sign);
        if (o.vc() != null) calibrate(vcTree, vc, o.vc(), correct, label, sign);
    }

    private static void calibrate(CountBTree tree, CalibrationAccumulator calibration, double p, boolean correct, int label, int sign) {
        if (sign > 0) {
            tree.add(p, label);
            calibration.add(p, correct, tree.less, tree.equal);
        } else {
            tree.remove(p, label);
            calibration.remove(p, correct, tree.less, tree.equal);
        }
    }

    CalibrationPair snapshot(int minN) {
        return new CalibrationPair(ic.snapshot(minN), vc.snapshot(minN));
    }
}
