package io.cpa.stats;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact incremental calibration of a confidence (IC, or a VC value) against correctness: one class for both signals,
 * so IC and VC calibration are the same computation on their own values. Confidences enter the sums as the fixed-point
 * integers q = round(p 2^40) of {@link RankStatistics#fixedPoint}, so ECE and Brier are exact for the quantised values
 * (each off the raw-value result by at most about 2^-40). AUROC comes from the incorrect/correct classes of a
 * {@link CountBTree} keyed by the same confidence: adding a correct answer adds 2 (incorrect below) + (incorrect equal)
 * to the doubled Mann-Whitney U, adding an incorrect one adds 2 (correct above) + (correct equal); removal subtracts
 * the same counted without the point.
 */
final class CalibrationAccumulator {
    private static final BigInteger ONE_Q = BigInteger.ONE.shiftLeft(40);

    private final int bins;
    private final int incorrectClass;
    private final long[] binCount;
    private final long[] binCorrect;
    private final Int128[] binSumQ;
    private final Int128 sumQQ;
    private final Int128 sumQCorrect;
    private final long[] classCount = new long[2];
    private long doubledU;

    /** {@code incorrectClass}: where the tree's class counts of incorrect answers are; correct ones are the next. */
    CalibrationAccumulator(int bins, int incorrectClass) {
        this.bins = bins;
        this.incorrectClass = incorrectClass;
        this.binCount = new long[bins];
        this.binCorrect = new long[bins];
        this.binSumQ = new Int128[bins];
        for (int b = 0; b < bins; b++) binSumQ[b] = new Int128();
        this.sumQQ = new Int128();
        this.sumQCorrect = new Int128();
    }

    private CalibrationAccumulator(CalibrationAccumulator from) {
        this.bins = from.bins;
        this.incorrectClass = from.incorrectClass;
        this.binCount = from.binCount.clone();
        this.binCorrect = from.binCorrect.clone();
        this.binSumQ = new Int128[bins];
        for (int b = 0; b < bins; b++) binSumQ[b] = from.binSumQ[b].copy();
        this.sumQQ = from.sumQQ.copy();
        this.sumQCorrect = from.sumQCorrect.copy();
        this.classCount[0] = from.classCount[0];
        this.classCount[1] = from.classCount[1];
        this.doubledU = from.doubledU;
    }

    /** An independent accumulator in the same state. */
    CalibrationAccumulator copy() {
        return new CalibrationAccumulator(this);
    }

    static int bin(double p, int bins) {
        return Math.min((int) (p * bins), bins - 1);
    }

    /** Adds a labelled answer; {@code lt}/{@code eq} are the tree's counts before the addition. */
    void add(double ic, boolean correct, int[] lt, int[] eq) {
        int y = correct ? 1 : 0;
        doubledU += uDelta(y, lt, eq);
        classCount[y]++;
        update(ic, y, 1);
    }

    /** Removes a labelled answer; {@code lt}/{@code eq} are the tree's counts after the removal. */
    void remove(double ic, boolean correct, int[] lt, int[] eq) {
        int y = correct ? 1 : 0;
        classCount[y]--;
        doubledU -= uDelta(y, lt, eq);
        update(ic, y, -1);
    }

    /** Doubled U contribution of a point of class y against the tree's other points (less/equal as delivered). */
    private long uDelta(int y, int[] lt, int[] eq) {
        int wrong = incorrectClass;
        int right = incorrectClass + 1;
        if (y == 1) return 2 * lt[wrong] + eq[wrong];
        long greater = classCount[1] - lt[right] - eq[right];
        return 2 * greater + eq[right];
    }

    private void update(double ic, int y, int sign) {
        long q = RankStatistics.fixedPoint(ic);
        int b = bin(ic, bins);
        binCount[b] += sign;
        binCorrect[b] += sign * y;
        if (sign > 0) {
            binSumQ[b].add(q);
            sumQQ.addProduct(q, q);
            if (y == 1) sumQCorrect.add(q);
        } else {
            binSumQ[b].subtract(q);
            sumQQ.subtractProduct(q, q);
            if (y == 1) sumQCorrect.subtract(q);
        }
    }

    Calibration snapshot(int minN) {
        long n = classCount[0] + classCount[1];
        long correct = classCount[1];
        if (n < minN) return Calibration.insufficient(n, correct);
        BigInteger eceNum = BigInteger.ZERO;
        for (int b = 0; b < bins; b++) {
            eceNum = eceNum.add(BigInteger.valueOf(binCorrect[b]).multiply(ONE_Q).subtract(binSumQ[b].toBigInteger()).abs());
        }
        double denomQ = n * 0x1p40;
        BigInteger brierNum = sumQQ.toBigInteger()
                .subtract(sumQCorrect.toBigInteger().multiply(ONE_Q).shiftLeft(1))
                .add(BigInteger.valueOf(correct).multiply(ONE_Q).multiply(ONE_Q));
        Metric auroc = classCount[0] == 0 || classCount[1] == 0 ? Metric.UNDEFINED
                : Metric.of(doubledU / (2.0 * classCount[0] * classCount[1]));
        List<ReliabilityBin> reliability = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (binCount[b] == 0) continue;
            double meanConfidence = binSumQ[b].toBigInteger().doubleValue() / 0x1p40 / binCount[b];
            reliability.add(new ReliabilityBin(b, binCount[b], binCorrect[b], meanConfidence));
        }
        return new Calibration(n, correct, Metric.of((double) correct / n), Metric.of(eceNum.doubleValue() / denomQ),
                Metric.of(brierNum.doubleValue() / (denomQ * 0x1p40)), auroc, reliability);
    }
}
