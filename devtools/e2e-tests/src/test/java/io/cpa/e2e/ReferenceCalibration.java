package io.cpa.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration written out plainly, to check the service's windows and ranges against: over (confidence, correct)
 * pairs, accuracy, ECE over equal-width bins (a confidence of 1.0 in the last bin), Brier score and AUROC as the
 * Mann-Whitney statistic by comparing every pair, ties counted half.
 */
record ReferenceCalibration(long n, long correct, double accuracy, double ece, double brier, double auroc) {
    static ReferenceCalibration of(List<double[]> confidenceAndCorrect, int bins) {
        long n = confidenceAndCorrect.size();
        long correct = 0;
        double[] count = new double[bins], hits = new double[bins], sum = new double[bins];
        double brier = 0;
        List<Double> right = new ArrayList<>(), wrong = new ArrayList<>();
        for (double[] p : confidenceAndCorrect) {
            double c = p[0];
            boolean y = p[1] == 1;
            if (y) correct++;
            int b = Math.min((int) (c * bins), bins - 1);
            count[b]++;
            sum[b] += c;
            if (y) hits[b]++;
            brier += (c - (y ? 1 : 0)) * (c - (y ? 1 : 0));
            (y ? right : wrong).add(c);
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) ece += Math.abs(hits[b] - sum[b]);
        double u = 0;
        for (double r : right) for (double w : wrong) u += r > w ? 1 : r == w ? 0.5 : 0;
        return new ReferenceCalibration(n, correct, (double) correct / n, ece / n, brier / n,
                right.isEmpty() || wrong.isEmpty() ? Double.NaN : u / ((double) right.size() * wrong.size()));
    }

    /** An IC as the time buckets hold it: the lower edge of its 10^-5 cell (see {@code BucketCell}). */
    static double bucketIc(double ic) {
        return Math.min(100_000, Math.floor(ic * 100_000 + 1e-6)) / 100_000.0;
    }

    /** A VC as the time buckets hold it: rounded to 0.001. */
    static double bucketVc(double vc) {
        return Math.round(vc * 1000) / 1000.0;
    }
}
