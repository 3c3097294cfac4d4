package io.cpa.alert;

import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.Calibration;
import io.cpa.stats.Estimate;
import io.cpa.stats.Metric;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies the {@link AlertRules} to each new snapshot of a series: given the series' previous state and the snapshot,
 * returns the next state and the alert events to publish. Pure and deterministic (event times come from the
 * snapshot), so a replayed snapshot gives the same events and ids.
 *
 * <p>Each rule is a condition with an opening and a (stricter) resolving test; an alert is OPEN once when its opening
 * test first holds and RESOLVED once when its resolving test holds, never twice in a row, so there is at most one
 * open alert per rule and series. A statistic that is not OK or has fewer than {@code minN} observations neither
 * opens nor resolves anything: without evidence the previous verdict stands.
 *
 * <ul>
 *   <li><b>rho-floor</b>: opens when the upper 95% bound of rho is below the floor (rho is below it with confidence);
 *       resolves when the upper bound is back at floor + hysteresis.</li>
 *   <li><b>rho-drop</b>: the baseline is the first rho with n at least {@code baselineN} (or a configured value).
 *       Opens when the current interval lies wholly below the baseline interval (upper < baseline lower) and rho
 *       fell by at least {@code minDrop}; resolves when upper reaches baseline lower + hysteresis or the drop shrinks
 *       to {@code minDrop} - hysteresis.</li>
 *   <li><b>rho-change</b>: Page-Hinkley on the standardised Fisher z of rho, see {@link #feedChange}.</li>
 *   <li><b>parse-failures</b>: opens when the VC parse-failure rate exceeds its limit (window n at least minN);
 *       resolves at limit - hysteresis.</li>
 *   <li><b>ic-ece-rise</b>: the baseline is the first IC ECE over at least {@code baselineN} labelled answers; opens
 *       when ECE exceeds it by more than {@code eceRise}, resolves at eceRise - hysteresis.</li>
 *   <li><b>accuracy-estimate-diverges</b>: on the snapshot's {@link AccuracyCheck} (series-wide, whatever the
 *       window): opens when the accuracy realised by the answers labelled after an accuracy map was fitted lies
 *       outside the interval that map estimated for them (BELOW or ABOVE); resolves when a later map's check is
 *       WITHIN. An INSUFFICIENT check neither opens nor resolves. The interval already accounts for both the answers'
 *       and the map's uncertainty, so no hysteresis is added.</li>
 * </ul>
 */
public final class AlertEngine {
    /** Fisher-Hartley-Pearson variance factor of z(rho) for Spearman's rho, as the statistics engine uses. */
    static final double SPEARMAN_Z_VARIANCE = 1.06;

    private final AlertRules rules;

    public AlertEngine(AlertRules rules) {
        this.rules = rules;
    }

    public AlertRules rules() {
        return rules;
    }

    public record Outcome(SeriesAlertState state, List<AlertEvent> events) {}

    public Outcome evaluate(SeriesAlertState previous, AlignmentSnapshot snapshot) {
        SeriesAlertState state = previous == null || !rules.window().equals(previous.window())
                ? carryOpen(previous) : previous;
        WindowStats w = snapshot.windows().get(rules.window());
        if (w == null) return new Outcome(state, List.of());
        Step step = new Step(snapshot, w, state);
        step.rhoFloor();
        step.rhoDrop();
        step.rhoChange();
        step.parseFailures();
        step.eceRise();
        step.accuracyDiverges();
        return step.outcome();
    }

    /** A state of another window (the configuration changed): baselines and detector start again, open alerts stay. */
    private SeriesAlertState carryOpen(SeriesAlertState previous) {
        SeriesAlertState fresh = SeriesAlertState.empty(rules.window());
        if (previous == null) return fresh;
        return new SeriesAlertState(rules.window(), null, null, PageHinkley.EMPTY, 0, previous.changeDirection(),
                previous.open(), previous.recent());
    }

    /** One evaluation: mutable only inside, the result is a new immutable state. */
    private final class Step {
        final AlignmentSnapshot snapshot;
        final WindowStats w;
        final Estimate rho;
        final boolean rhoUsable;
        SeriesAlertState.Baseline rhoBaseline;
        SeriesAlertState.Baseline eceBaseline;
        PageHinkley change;
        long changeFedAt;
        PageHinkley.Change changeDirection;
        final Map<String, AlertEvent> open;
        final List<AlertEvent> recent;
        final List<AlertEvent> events = new ArrayList<>();

        Step(AlignmentSnapshot snapshot, WindowStats w, SeriesAlertState s) {
            this.snapshot = snapshot;
            this.w = w;
            this.rho = w.spearman();
            this.rhoUsable = rho.ok() && rho.n() >= rules.minN();
            this.rhoBaseline = s.rhoBaseline();
            this.eceBaseline = s.eceBaseline();
            this.change = s.change();
            this.changeFedAt = s.changeFedAt();
            this.changeDirection = s.changeDirection();
            this.open = new LinkedHashMap<>(s.open());
            this.recent = new ArrayList<>(s.recent());
        }

        void rhoFloor() {
            if (!rules.on(AlertRules.Rule.RHO_FLOOR) || !rhoUsable) return;
            double floor = rules.rhoFloor();
            transition(AlertRules.Rule.RHO_FLOOR, rho.upper() < floor, rho.upper() >= floor + rules.hysteresis(),
                    rho.value(), rho.lower(), rho.upper(), null, floor, rho.n(),
                    String.format(Locale.ROOT, "Spearman rho %.3f [%.3f, %.3f] (n=%d, %s) is below the floor %.3f",
                            rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window(), floor),
                    String.format(Locale.ROOT, "Spearman rho %.3f [%.3f, %.3f] (n=%d, %s) is no longer below the floor %.3f",
                            rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window(), floor));
        }

        void rhoDrop() {
            if (!rules.on(AlertRules.Rule.RHO_DROP)) return;
            if (rules.baselineRho() != null) {
                double b = rules.baselineRho();
                rhoBaseline = new SeriesAlertState.Baseline(b, b, b, 0, 0);
            } else if (rhoBaseline == null) {
                if (rho.ok() && rho.n() >= rules.baselineN()) {
                    rhoBaseline = new SeriesAlertState.Baseline(rho.value(), rho.lower(), rho.upper(), rho.n(), snapshot.received());
                }
                return;
            }
            if (!rhoUsable) return;
            SeriesAlertState.Baseline b = rhoBaseline;
            double drop = b.value() - rho.value();
            boolean opens = rho.upper() < b.lower() && drop >= rules.minDrop();
            boolean resolves = rho.upper() >= b.lower() + rules.hysteresis() || drop <= rules.minDrop() - rules.hysteresis();
            transition(AlertRules.Rule.RHO_DROP, opens, resolves, rho.value(), rho.lower(), rho.upper(), b.value(),
                    rules.minDrop(), rho.n(),
                    String.format(Locale.ROOT, "Spearman rho %.3f [%.3f, %.3f] (n=%d, %s) dropped below its baseline %.3f [%.3f, %.3f]",
                            rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window(), b.value(), b.lower(), b.upper()),
                    String.format(Locale.ROOT, "Spearman rho %.3f [%.3f, %.3f] (n=%d, %s) is back near its baseline %.3f",
                            rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window(), b.value()));
        }

        void rhoChange() {
            if (!rules.on(AlertRules.Rule.RHO_CHANGE) || !rhoUsable) return;
            feedChange();
        }

        /**
         * Consecutive snapshots of a sliding window share most of their observations (two snapshots of
         * {@code last-1000} taken 50 answers apart share 950), so their rho values are strongly positively correlated,
         * not independent. Page-Hinkley (like CUSUM) sums increments as if they were independent: fed every snapshot,
         * one stray excursion of the window would be counted about N/m times over (N window size, m answers between
         * snapshots), its false-alarm rate would be far above the nominal one, and lambda would mean nothing. So the
         * detector is fed only non-overlapping windows: a count window once the series has received at least N more
         * answers since the last value fed (a time window once its duration has passed), which makes the values
         * independent under no change.
         *
         * <p>Each value is standardised: x = atanh(rho) / sqrt(1.06 / (n - 3)), the Fisher z of rho in units of its
         * standard error, so that x has unit variance whatever the window size and delta and lambda are in standard
         * deviations as {@link PageHinkley} expects; the unknown level of z is what the detector's running mean tracks.
         * After a signal the detector starts afresh from the current value, so it learns the new level.
         */
        void feedChange() {
            long at;
            if (w.kind() == WindowKind.COUNT) at = snapshot.received();
            else if (w.kind() == WindowKind.TIME) at = snapshot.computedAtMs();
            else return; // since-start overlaps every earlier value: never independent
            if (changeFedAt != 0 && at - changeFedAt < w.size()) return;
            if (changeFedAt == 0 && w.kind() == WindowKind.COUNT && at < w.size()) return;
            double se = Math.sqrt(SPEARMAN_Z_VARIANCE / (rho.n() - 3));
            double clamped = Math.max(-0.999999, Math.min(0.999999, rho.value()));
            double x = atanh(clamped) / se;
            PageHinkley before = change;
            change = change.update(x, rules.changeDelta());
            changeFedAt = at;
            PageHinkley.Change signal = change.change(rules.changeLambda(), rules.changeMinSamples());
            if (signal == PageHinkley.Change.NONE) return;
            double previousLevel = Math.tanh(before.mean() * se);
            change = PageHinkley.EMPTY.update(x, rules.changeDelta());
            String rule = AlertRules.Rule.RHO_CHANGE.id();
            String word = signal == PageHinkley.Change.DECREASE ? "fell" : "rose";
            if (!open.containsKey(rule)) {
                changeDirection = signal;
                open(AlertRules.Rule.RHO_CHANGE, rho.value(), rho.lower(), rho.upper(), previousLevel, rules.changeLambda(), rho.n(),
                        String.format(Locale.ROOT, "Spearman rho changed: it %s from about %.3f to %.3f [%.3f, %.3f] (n=%d, %s)",
                                word, previousLevel, rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window()));
            } else if (signal != changeDirection) {
                changeDirection = null;
                resolve(AlertRules.Rule.RHO_CHANGE, rho.value(), rho.lower(), rho.upper(), previousLevel, rules.changeLambda(), rho.n(),
                        String.format(Locale.ROOT, "Spearman rho changed back: it %s from about %.3f to %.3f [%.3f, %.3f] (n=%d, %s)",
                                word, previousLevel, rho.value(), rho.lower(), rho.upper(), rho.n(), rules.window()));
            }
            // a further change in the same direction while the alert is open is the same alert: nothing new to say
        }

        void parseFailures() {
            if (!rules.on(AlertRules.Rule.PARSE_FAILURES)) return;
            Metric rate = w.parseFailureRate();
            if (!rate.ok() || w.n() < rules.minN()) return;
            double limit = rules.maxParseFailureRate();
            transition(AlertRules.Rule.PARSE_FAILURES, rate.value() > limit, rate.value() <= limit - rules.hysteresis(),
                    rate.value(), null, null, null, limit, w.n(),
                    String.format(Locale.ROOT, "%.1f%% of certainty replies did not parse (%d of %d, %s), above %.1f%%",
                            100 * rate.value(), w.vcParseFailures(), w.n(), rules.window(), 100 * limit),
                    String.format(Locale.ROOT, "%.1f%% of certainty replies did not parse (%d of %d, %s), back under %.1f%%",
                            100 * rate.value(), w.vcParseFailures(), w.n(), rules.window(), 100 * limit));
        }

        void eceRise() {
            if (!rules.on(AlertRules.Rule.IC_ECE_RISE)) return;
            Calibration cal = w.icCalibration();
            if (cal == null || !cal.ece().ok()) return;
            double ece = cal.ece().value();
            if (eceBaseline == null) {
                if (cal.n() >= rules.baselineN()) {
                    eceBaseline = new SeriesAlertState.Baseline(ece, ece, ece, cal.n(), snapshot.received());
                }
                return;
            }
            if (cal.n() < rules.minN()) return;
            double rise = ece - eceBaseline.value();
            transition(AlertRules.Rule.IC_ECE_RISE, rise > rules.eceRise(), rise <= rules.eceRise() - rules.hysteresis(),
                    ece, null, null, eceBaseline.value(), rules.eceRise(), cal.n(),
                    String.format(Locale.ROOT, "IC calibration error %.3f (n=%d, %s) is %.3f above its baseline %.3f",
                            ece, cal.n(), rules.window(), rise, eceBaseline.value()),
                    String.format(Locale.ROOT, "IC calibration error %.3f (n=%d, %s) is back within %.3f of its baseline %.3f",
                            ece, cal.n(), rules.window(), rules.eceRise(), eceBaseline.value()));
        }

        void accuracyDiverges() {
            AccuracyCheck c = snapshot.accuracyCheck();
            if (!rules.on(AlertRules.Rule.ACCURACY_ESTIMATE_DIVERGES) || c == null
                    || c.verdict() == io.cpa.stats.AccuracyEstimate.Divergence.Verdict.INSUFFICIENT) return;
            String word = c.verdict() == io.cpa.stats.AccuracyEstimate.Divergence.Verdict.BELOW ? "below" : "above";
            transition(AlertRules.Rule.ACCURACY_ESTIMATE_DIVERGES, c.diverged(), !c.diverged(), c.realised(), c.lower(),
                    c.upper(), c.estimated(), null, c.n(),
                    String.format(Locale.ROOT, "accuracy of the %d answers labelled since map %s was fitted is %.3f, %s the %.3f [%.3f, %.3f] it estimated",
                            c.n(), c.mapVersion(), c.realised(), word, c.estimated(), c.lower(), c.upper()),
                    String.format(Locale.ROOT, "accuracy of the %d answers labelled since map %s was fitted is %.3f, within the %.3f [%.3f, %.3f] it estimated",
                            c.n(), c.mapVersion(), c.realised(), c.estimated(), c.lower(), c.upper()));
        }

        private void transition(AlertRules.Rule rule, boolean opens, boolean resolves, Double observed, Double lower,
                                Double upper, Double baseline, Double threshold, long n, String openMessage,
                                String resolveMessage) {
            boolean isOpen = open.containsKey(rule.id());
            if (!isOpen && opens) open(rule, observed, lower, upper, baseline, threshold, n, openMessage);
            else if (isOpen && resolves) resolve(rule, observed, lower, upper, baseline, threshold, n, resolveMessage);
        }

        private void open(AlertRules.Rule rule, Double observed, Double lower, Double upper, Double baseline,
                          Double threshold, long n, String message) {
            String id = snapshot.seriesKey() + "#" + rule.id() + "#" + snapshot.received();
            AlertEvent e = event(id, rule, AlertEvent.State.OPEN, observed, lower, upper, baseline, threshold, n, message);
            open.put(rule.id(), e);
            record(e);
        }

        private void resolve(AlertRules.Rule rule, Double observed, Double lower, Double upper, Double baseline,
                             Double threshold, long n, String message) {
            AlertEvent opened = open.remove(rule.id());
            record(event(opened.alertId(), rule, AlertEvent.State.RESOLVED, observed, lower, upper, baseline, threshold, n, message));
        }

        private AlertEvent event(String id, AlertRules.Rule rule, AlertEvent.State state, Double observed, Double lower,
                                 Double upper, Double baseline, Double threshold, long n, String message) {
            return new AlertEvent(AlertEvent.SCHEMA_VERSION, id, snapshot.seriesKey(), rule.id(), state, rules.window(),
                    observed, lower, upper, baseline, threshold, n, snapshot.received(), snapshot.computedAtMs(), message);
        }

        private void record(AlertEvent e) {
            events.add(e);
            recent.add(e);
            while (recent.size() > rules.keepEvents()) recent.remove(0);
        }

        Outcome outcome() {
            SeriesAlertState next = new SeriesAlertState(rules.window(), rhoBaseline, eceBaseline, change, changeFedAt,
                    changeDirection, open, recent);
            return new Outcome(next, List.copyOf(events));
        }
    }

    static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }
}
