package io.cpa.report;

import io.cpa.stats.Correlations;
import io.cpa.stats.Estimate;

/**
 * The one place the report gets rho, p and the interval from: the statistics engine's
 * {@link Correlations#spearman(double[], double[], int)} (tie-corrected Spearman on exact integer mid-ranks, two-sided
 * t-test p-value with n - 2 degrees of freedom, Fisher-z 95% interval), so a report and a stream window over the same
 * pairs print the same numbers. Mapped to the report's {@link RhoEstimate}, which carries no numbers unless OK.
 */
final class SpearmanEstimates {
    private SpearmanEstimates() {}

    static RhoEstimate spearman(double[] x, double[] y, int minN) {
        Estimate e = Correlations.spearman(x, y, minN);
        int n = Math.toIntExact(e.n());
        return switch (e.status()) {
            case OK -> new RhoEstimate(RhoEstimate.Status.OK, n, e.value(), e.pValue(), e.lower(), e.upper());
            case INSUFFICIENT -> RhoEstimate.insufficient(n);
            case UNDEFINED -> RhoEstimate.undefined(n);
        };
    }
}
