package io.cpa.stats;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The difference of one correlation between two ranges (a minus b) with a 95% interval by Zou's method (Zou 2007,
 * "Toward using confidence intervals to compare correlations"): from each estimate's own interval,
 * L = d - sqrt((a - la)^2 + (ub - b)^2), U = d + sqrt((ua - a)^2 + (b - lb)^2). The two ranges are treated as
 * independent samples (disjoint answers); for overlapping ranges the interval is conservative.
 *
 * @param status OK when both estimates are; else the status of the first that is not (and no numbers)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Difference(Estimate.Status status, Double value, Double lower, Double upper) {

    public static Difference of(Estimate a, Estimate b) {
        if (!a.ok()) return new Difference(a.status(), null, null, null);
        if (!b.ok()) return new Difference(b.status(), null, null, null);
        double d = a.value() - b.value();
        double low = d - Math.sqrt(square(a.value() - a.lower()) + square(b.upper() - b.value()));
        double high = d + Math.sqrt(square(a.upper() - a.value()) + square(b.value() - b.lower()));
        return new Difference(Estimate.Status.OK, d, low, high);
    }

    private static double square(double x) {
        return x * x;
    }
}
