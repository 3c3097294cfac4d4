package io.cpa.event;

import java.util.Objects;

/**
 * An alert on one series: the value of {@code cpa.alerts}, keyed by {@link #seriesKey()}. An alert is OPEN once when
 * its condition starts to hold and RESOLVED once when it stops; both events carry the same {@link #alertId()}.
 *
 * @param alertId        stable id shared by the OPEN and the RESOLVED event of one alert
 * @param rule           the rule that fired: rho-floor, rho-drop, rho-change, parse-failures, ic-ece-rise
 * @param window         the window the observed value comes from, e.g. {@code last-1000}
 * @param observed       the observed value (rho, rate or ECE) at this moment
 * @param lower          lower bound of the observed value's 95% interval, when the statistic has one
 * @param upper          upper bound of the observed value's 95% interval, when the statistic has one
 * @param baseline       the reference the rule compares against, when it has one
 * @param threshold      the configured limit the rule compares against, when it has one
 * @param n              the sample size of the observed value
 * @param seriesReceived answers of the series seen by the analysis when this event was emitted
 * @param atMs           when the event was emitted, epoch milliseconds
 * @param message        one sentence for a person
 */
public record AlertEvent(int schemaVersion, String alertId, String seriesKey, String rule, State state, String window,
                         Double observed, Double lower, Double upper, Double baseline, Double threshold, long n,
                         long seriesReceived, long atMs, String message) {
    public static final int SCHEMA_VERSION = 1;

    public enum State { OPEN, RESOLVED }

    public AlertEvent {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(seriesKey, "seriesKey");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
    }

    public static AlertEvent read(String json) {
        return EventJson.read(json, AlertEvent.class, SCHEMA_VERSION);
    }
}
