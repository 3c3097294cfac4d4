package io.cpa.report;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Spearman rho, p and interval computed from scratch for the tests, independent of the engine's exact integer
 * formulation: mid-ranks by counting (rank = values below + (equal values + 1) / 2), then Pearson's r of the ranks in
 * doubles; p from Student's t cumulative distribution; the interval by Fisher z with the rank-correlation variance.
 */
final class MidRanks {
    private MidRanks() {}

    static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) below++;
                else if (w == v[i]) equal++;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    static double rho(double[] x, double[] y) {
        double[] a = ranks(x);
        double[] b = ranks(y);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Two-sided p of rho = 0 by the t test with n - 2 degrees of freedom. */
    static double pValue(double rho, int n) {
        double t = Math.abs(rho) * Math.sqrt((n - 2) / (1 - rho * rho));
        return 2 * (1 - new TDistribution(n - 2).cumulativeProbability(t));
    }

    /** {lower, upper} of the 95% interval: Fisher z with variance 1.06 / (n - 3). */
    static double[] interval(double rho, int n) {
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = 1.959963984540054 * Math.sqrt(1.06 / (n - 3));
        return new double[] {Math.tanh(z - half), Math.tanh(z + half)};
    }
}
