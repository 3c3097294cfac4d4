package io.cpa.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of VC against correctness from a time bucket's table of (VC code, outcome) counts: the confidence of a
 * code is its value code / 1000 (a six-level VC exactly, a numeric VC within 0.0005), so every metric is a sum over at
 * most 1,001 x 2 cells. The exact windows use {@link CalibrationAccumulator} on the value itself instead.
 */
final class VcCalibration {
    private VcCalibration() {}

    /** table[code][outcome], outcome 0 incorrect, 1 correct. */
    static Calibration of(long[][] table, int bins, int minN) {
        long n = 0;
        long correct = 0;
        for (long[] row : table) {
            n += row[0] + row[1];
            correct += row[1];
        }
        if (n < minN) return Calibration.insufficient(n, correct);
        double[] binGap = new double[bins];
        long[] binN = new long[bins];
        long[] binCorrect = new long[bins];
        double[] binConfidence = new double[bins];
        double brier = 0;
        long doubledU = 0;
        long incorrectBelow = 0;
        for (int l = 0; l < table.length; l++) {
            double p = BucketCell.vcValue(l);
            long wrong = table[l][0];
            long right = table[l][1];
            int b = CalibrationAccumulator.bin(p, bins);
            binGap[b] += right - p * (right + wrong);
            binN[b] += right + wrong;
            binCorrect[b] += right;
            binConfidence[b] += p * (right + wrong);
            brier += right * (1 - p) * (1 - p) + wrong * p * p;
            doubledU += right * (2 * incorrectBelow + wrong);
            incorrectBelow += wrong;
        }
        double ece = 0;
        for (double g : binGap) ece += Math.abs(g);
        long incorrect = n - correct;
        Metric auroc = incorrect == 0 || correct == 0 ? Metric.UNDEFINED : Metric.of(doubledU / (2.0 * incorrect * correct));
        List<ReliabilityBin> reliability = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (binN[b] > 0) reliability.add(new ReliabilityBin(b, binN[b], binCorrect[b], binConfidence[b] / binN[b]));
        }
        return new Calibration(n, correct, Metric.of((double) correct / n), Metric.of(ece / n), Metric.of(brier / n), auroc, reliability);
    }
}
