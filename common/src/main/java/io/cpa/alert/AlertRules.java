package io.cpa.alert;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The alert rules of a deployment: which window they watch and the limit of each rule. Rules judge intervals, not
 * point values, and hold back until the watched statistic has at least {@code minN} observations.
 *
 * @param window           the window the rules watch, e.g. {@code last-1000}
 * @param minN             no rule opens or resolves on a statistic with fewer observations
 * @param enabled          the rules that are evaluated
 * @param rhoFloor         rho-floor opens when the upper bound of rho's 95% interval is below this
 * @param baselineN        the baseline (of rho and of IC ECE) is the first snapshot whose statistic has at least
 *                         this many observations
 * @param baselineRho      a fixed baseline rho instead of the first well-sized snapshot; null to learn it
 * @param minDrop          rho-drop opens only when rho fell at least this far below the baseline
 * @param maxParseFailureRate parse-failures opens when the window's VC parse-failure rate is above this
 * @param eceRise          ic-ece-rise opens when IC's ECE exceeds its baseline by more than this
 * @param hysteresis       how far back across its limit a value must come before an alert resolves (same units as
 *                         the limit: rho, rate or ECE), so that a value hovering at the limit does not flap
 * @param changeDelta      Page-Hinkley drift tolerance, in standard deviations of the standardised Fisher z
 * @param changeLambda     Page-Hinkley evidence threshold, in the same units
 * @param changeMinSamples non-overlapping window values the change detector needs before it may signal
 * @param keepEvents       alert events (OPEN and RESOLVED) remembered per series for the API
 */
public record AlertRules(String window, int minN, Set<Rule> enabled, double rhoFloor, int baselineN, Double baselineRho,
                         double minDrop, double maxParseFailureRate, double eceRise, double hysteresis,
                         double changeDelta, double changeLambda, int changeMinSamples, int keepEvents) {

    public enum Rule {
        RHO_FLOOR("rho-floor"), RHO_DROP("rho-drop"), RHO_CHANGE("rho-change"), PARSE_FAILURES("parse-failures"),
        IC_ECE_RISE("ic-ece-rise"), ACCURACY_ESTIMATE_DIVERGES("accuracy-estimate-diverges");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The name used in configuration and in {@code AlertEvent.rule}. */
        public String id() {
            return id;
        }

        public static Rule byId(String id) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (Rule r : values()) {
                if (r.id.equals(wanted)) return r;
            }
            throw new IllegalArgumentException("unknown alert rule '" + id + "', expected one of "
                    + Arrays.stream(values()).map(Rule::id).toList());
        }
    }

    public static final AlertRules DEFAULTS = new AlertRules("last-1000", 100, EnumSet.allOf(Rule.class), 0.1, 500, null,
            0.1, 0.2, 0.1, 0.05, 0.5, 10, 3, 50);

    public AlertRules {
        if (window == null || window.isBlank()) throw new IllegalArgumentException("alert window must not be blank");
        if (minN < 5) throw new IllegalArgumentException("alert min-n must be at least 5, got " + minN);
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        requireIn("rho-floor", rhoFloor, -1, 1);
        if (baselineN < minN) throw new IllegalArgumentException("alert baseline-n (" + baselineN + ") must be at least min-n (" + minN + ")");
        if (baselineRho != null) requireIn("baseline-rho", baselineRho, -1, 1);
        requireIn("min-drop", minDrop, 0, 2);
        requireIn("parse-failure-rate", maxParseFailureRate, 0, 1);
        requireIn("ece-rise", eceRise, 0, 1);
        requireIn("hysteresis", hysteresis, 0, 1);
        if (!(changeDelta >= 0) || !(changeLambda > 0)) {
            throw new IllegalArgumentException("change delta must be >= 0 and lambda > 0, got " + changeDelta + ", " + changeLambda);
        }
        if (changeMinSamples < 2) throw new IllegalArgumentException("change min-samples must be at least 2, got " + changeMinSamples);
        if (keepEvents < 1) throw new IllegalArgumentException("alert history must keep at least 1 event, got " + keepEvents);
    }

    private static void requireIn(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) throw new IllegalArgumentException("alert " + name + " must be in [" + lo + ", " + hi + "], got " + v);
    }

    public boolean on(Rule rule) {
        return enabled.contains(rule);
    }

    public AlertRules withWindow(String w) {
        return new AlertRules(w, minN, enabled, rhoFloor, baselineN, baselineRho, minDrop, maxParseFailureRate, eceRise,
                hysteresis, changeDelta, changeLambda, changeMinSamples, keepEvents);
    }
}
