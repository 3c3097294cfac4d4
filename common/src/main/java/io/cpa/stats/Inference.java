package io.cpa.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

import java.math.BigInteger;

/**
 * From exact sums to estimates: the value, a two-sided p-value and a 95% interval.
 * <ul>
 *   <li>Spearman rho: p from Student t with n-2 df, t = rho sqrt((n-2)/(1-rho^2)); interval by Fisher z with the
 *       Fieller-Hartley-Pearson variance 1.06/(n-3), which is the better approximation for rank correlations.</li>
 *   <li>Pearson r: the same t test; Fisher z interval with variance 1/(n-3).</li>
 *   <li>Kendall tau-b: p from the normal approximation of S = concordant - discordant with the tie-corrected variance
 *       (Kendall 1970; the formula scipy's {@code kendalltau(method='asymptotic')} uses); interval by Fisher z with the
 *       Fieller variance 0.437/(n-4).</li>
 * </ul>
 * The minimum n of the engine is at least 5, so all these are defined whenever a value is.
 */
final class Inference {
    static final double Z975 = 1.959963984540054;

    private Inference() {}

    /** rho = num / sqrt(dx dy) with num = 3 Sxy and dx, dy = n^3 - n - tie totals. */
    static Estimate spearman(long n, BigInteger num, BigInteger dx, BigInteger dy) {
        if (dx.signum() == 0 || dy.signum() == 0) return Estimate.undefined(n);
        double rho = clamp(num.doubleValue() / Math.sqrt(dx.doubleValue() * dy.doubleValue()));
        return withTTest(n, rho, 1.06 / (n - 3));
    }

    /** r = cov / sqrt(vx vy), all three multiplied by n^2 exactly. */
    static Estimate pearson(long n, BigInteger cov, BigInteger vx, BigInteger vy) {
        if (vx.signum() == 0 || vy.signum() == 0) return Estimate.undefined(n);
        double r = clamp(cov.doubleValue() / Math.sqrt(vx.doubleValue() * vy.doubleValue()));
        return withTTest(n, r, 1.0 / (n - 3));
    }

    /** r from centred sums in double; callers have excluded constant samples. */
    static Estimate pearson(long n, double sxy, double sxx, double syy) {
        if (sxx <= 0 || syy <= 0) return Estimate.undefined(n);
        return withTTest(n, clamp(sxy / Math.sqrt(sxx * syy)), 1.0 / (n - 3));
    }

    static Estimate kendall(long n, long s, long xTiePairs, long yTiePairs,
                            double xV1, double yV1, double xV2, double yV2) {
        double n0 = (double) n * (n - 1) / 2;
        double dx = n0 - xTiePairs;
        double dy = n0 - yTiePairs;
        if (dx <= 0 || dy <= 0) return Estimate.undefined(n);
        double tau = clamp(s / Math.sqrt(dx * dy));
        double m = (double) n * (n - 1);
        double var = (m * (2.0 * n + 5) - xV1 - yV1) / 18
                + (2.0 * xTiePairs * yTiePairs) / m
                + xV2 * yV2 / (9 * m * (n - 2));
        double p = var > 0 ? 2 * normalUpperTail(Math.abs(s) / Math.sqrt(var)) : 0;
        double[] ci = fisherInterval(tau, 0.437 / (n - 4));
        return new Estimate(Estimate.Status.OK, tau, n, clampP(p), ci[0], ci[1]);
    }

    private static Estimate withTTest(long n, double r, double zVariance) {
        double p = tTestP(r, n);
        double[] ci = fisherInterval(r, zVariance);
        return new Estimate(Estimate.Status.OK, r, n, clampP(p), ci[0], ci[1]);
    }

    /** Student t two-sided p-value for a correlation r over n pairs (n-2 df). */
    static double tTestP(double r, long n) {
        if (Math.abs(r) >= 1) return 0;
        double df = n - 2;
        double t2 = r * r * df / (1 - r * r);
        return Beta.regularizedBeta(df / (df + t2), df / 2, 0.5);
    }

    static double[] fisherInterval(double r, double variance) {
        if (Math.abs(r) >= 1) return new double[] {r, r};
        double z = 0.5 * Math.log((1 + r) / (1 - r));
        double h = Z975 * Math.sqrt(variance);
        return new double[] {Math.tanh(z - h), Math.tanh(z + h)};
    }

    static double normalUpperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    private static double clamp(double r) {
        return Math.max(-1, Math.min(1, r));
    }

    private static double clampP(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
