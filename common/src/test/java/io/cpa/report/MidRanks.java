package io.cpa.report;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Spearman rho, p and interval computed from scratch for the tests, independent of the engine's exact integer
 * formulation: rho from the from-scratch {@code Reference} of the engine's tests (mid-ranks by counting, Pearson's r of
 * the ranks in doubles); p from Student's t cumulative distribution; the interval by Fisher z with the rank-correlation
 * variance.
 */
final class MidRanks {
    private MidRanks() {}

    static double[] ranks(double[] v) {
        return io.cpa.stats.Reference.midRanks(v);
    }

    static double rho(double[] x, double[] y) {
        return io.cpa.stats.Reference.spearman(x, y);
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
