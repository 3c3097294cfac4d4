package io.cpa.stats;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A single number that may be missing for a reason: INSUFFICIENT (too few observations) or UNDEFINED (e.g. one class). */
@JsonSerialize(using = StatisticJson.MetricSerializer.class)
public record Metric(Estimate.Status status, double value) {
    public Metric {
        if (status == null) throw new IllegalArgumentException("metric status is null");
        if (Double.isNaN(value)) throw new IllegalArgumentException("metric value is NaN");
    }

    static Metric of(double value) {
        return new Metric(Estimate.Status.OK, value);
    }

    static final Metric INSUFFICIENT = new Metric(Estimate.Status.INSUFFICIENT, 0);
    static final Metric UNDEFINED = new Metric(Estimate.Status.UNDEFINED, 0);

    public boolean ok() {
        return status == Estimate.Status.OK;
    }
}
