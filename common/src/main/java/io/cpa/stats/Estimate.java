package io.cpa.stats;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One correlation with its sample size, two-sided p-value and 95% confidence interval.
 * Only {@link Status#OK} estimates carry numbers; the others hold zeros in value, p-value and bounds so that no NaN
 * ever leaves the engine, and carry {@code null} there in JSON ({@link StatisticJson}).
 *
 * @param status OK, INSUFFICIENT (n below the configured minimum) or UNDEFINED (a signal has no variance)
 * @param n      number of pairs the statistic is computed over
 */
@JsonSerialize(using = StatisticJson.EstimateSerializer.class)
public record Estimate(Status status, double value, long n, double pValue, double lower, double upper) {

    public enum Status { OK, INSUFFICIENT, UNDEFINED }

    public Estimate {
        if (status == null) throw new IllegalArgumentException("estimate status is null");
        if (Double.isNaN(value) || Double.isNaN(pValue) || Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("estimate holds NaN: value " + value + ", p " + pValue + ", [" + lower + ", " + upper + "]");
        }
    }

    static Estimate insufficient(long n) {
        return new Estimate(Status.INSUFFICIENT, 0, n, 0, 0, 0);
    }

    static Estimate undefined(long n) {
        return new Estimate(Status.UNDEFINED, 0, n, 0, 0, 0);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
