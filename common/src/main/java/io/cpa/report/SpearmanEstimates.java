package io.cpa.report;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * The one place the report gets rho, p and the interval from.
 *
 * <p>Tie-corrected Spearman: the Pearson correlation of mid-ranks (VC has six values, so ties are the rule). The p-value
 * is two-sided from t = rho sqrt((n - 2) / (1 - rho^2)) with n - 2 degrees of freedom; the 95% interval is
 * tanh(atanh(rho) -+ 1.959964 / sqrt(n - 3)). A signal without variance has no rho: UNDEFINED.
 */
final class SpearmanEstimates {
    private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

    private SpearmanEstimates() {}

    static RhoEstimate spearman(double[] x, double[] y, int minN) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        int n = x.length;
        if (n < minN) return RhoEstimate.insufficient(n);
        double rho = pearson(midRanks(x), midRanks(y));
        if (Double.isNaN(rho)) return RhoEstimate.undefined(n);
        double p;
        if (Math.abs(rho) >= 1) {
            p = 0;
        } else {
            double t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
            p = 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double se = 1 / Math.sqrt(n - 3);
        double lower = Math.abs(rho) >= 1 ? rho : Math.tanh(z - Z_975 * se);
        double upper = Math.abs(rho) >= 1 ? rho : Math.tanh(z + Z_975 * se);
        return new RhoEstimate(RhoEstimate.Status.OK, n, rho, p, lower, upper);
    }

    /** Ranks 1..n, tied values sharing the mean of their positions. -0.0 and 0.0 are one value. */
    static double[] midRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) throw new IllegalArgumentException("NaN at index " + i);
            v[i] = values[i] == 0.0 ? 0.0 : values[i];
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = mid;
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }
}
