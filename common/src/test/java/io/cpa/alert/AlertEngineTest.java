package io.cpa.alert;

import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.SeriesKey;
import io.cpa.stats.Calibration;
import io.cpa.stats.Estimate;
import io.cpa.stats.Metric;
import io.cpa.stats.Taxonomy;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each rule on hand-made snapshots: when it opens, when it resolves, and when it must stay silent. */
class AlertEngineTest {
    static final SeriesKey SERIES = new SeriesKey("m", "src", "cqp");
    static final Metric NO_RATE = new Metric(Estimate.Status.OK, 0.0);

    static AlertRules only(AlertRules.Rule rule) {
        AlertRules d = AlertRules.DEFAULTS;
        return new AlertRules(d.window(), d.minN(), EnumSet.of(rule), d.rhoFloor(), d.baselineN(), d.baselineRho(),
                d.minDrop(), d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(),
                d.changeMinSamples(), d.keepEvents());
    }

    static Estimate rho(double value, double lower, double upper, long n) {
        return new Estimate(Estimate.Status.OK, value, n, 0.01, lower, upper);
    }

    static Calibration ic(long n, double ece) {
        Metric m = new Metric(Estimate.Status.OK, 0.5);
        return new Calibration(n, n / 2, m, new Metric(Estimate.Status.OK, ece), m, m, List.of());
    }

    static WindowStats window(long n, Estimate spearman, long failures, Calibration ic) {
        Metric rate = new Metric(Estimate.Status.OK, n == 0 ? 0 : (double) failures / n);
        Metric none = new Metric(Estimate.Status.INSUFFICIENT, 0);
        Calibration vc = new Calibration(0, 0, none, none, none, none, List.of());
        return new WindowStats(WindowKind.COUNT, 1000, n, spearman.n(), 0, failures, rate, spearman, spearman, spearman,
                ic == null ? vc : ic, vc, new Taxonomy(0, 0, 0, 0, spearman.n()), new long[6], new long[20]);
    }

    /** A snapshot whose last-1000 window has rho with the given interval and n pairs. */
    static AlignmentSnapshot snap(long received, double value, double lower, double upper, long n) {
        return snap(received, window(n, rho(value, lower, upper, n), 0, null));
    }

    static AlignmentSnapshot snap(long received, WindowStats w) {
        return AlignmentSnapshot.of(SERIES, received, 1_000_000 + received, Map.of("last-1000", w));
    }

    /** Runs snapshots through the engine and collects every event. */
    static final class Run {
        final AlertEngine engine;
        SeriesAlertState state;
        final List<AlertEvent> events = new ArrayList<>();

        Run(AlertRules rules) {
            engine = new AlertEngine(rules);
        }

        List<AlertEvent> feed(AlignmentSnapshot s) {
            AlertEngine.Outcome o = engine.evaluate(state, s);
            state = o.state();
            events.addAll(o.events());
            return o.events();
        }
    }

    @Test
    void rhoFloorOpensWhenTheWholeIntervalIsBelowTheFloorAndResolvesWithHysteresis() {
        Run run = new Run(only(AlertRules.Rule.RHO_FLOOR));
        // rho below the floor but its interval reaches above it: no evidence yet
        assertThat(run.feed(snap(100, 0.05, -0.01, 0.11, 1000))).isEmpty();
        List<AlertEvent> opened = run.feed(snap(150, 0.03, -0.03, 0.09, 1000));
        assertThat(opened).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.State.OPEN);
            assertThat(e.rule()).isEqualTo("rho-floor");
            assertThat(e.seriesKey()).isEqualTo("m|src|cqp");
            assertThat(e.alertId()).isEqualTo("m|src|cqp#rho-floor#150");
            assertThat(e.window()).isEqualTo("last-1000");
            assertThat(e.observed()).isEqualTo(0.03);
            assertThat(e.lower()).isEqualTo(-0.03);
            assertThat(e.upper()).isEqualTo(0.09);
            assertThat(e.threshold()).isEqualTo(0.1);
            assertThat(e.n()).isEqualTo(1000);
            assertThat(e.seriesReceived()).isEqualTo(150);
            assertThat(e.atMs()).isEqualTo(1_000_150);
            assertThat(e.message()).contains("0.030", "[-0.030, 0.090]", "n=1000", "floor 0.100");
        });
        // still below: de-duplicated, one open alert
        assertThat(run.feed(snap(200, 0.0, -0.06, 0.06, 1000))).isEmpty();
        // upper back above the floor but below floor + hysteresis (0.15): stays open
        assertThat(run.feed(snap(250, 0.08, 0.02, 0.14, 1000))).isEmpty();
        List<AlertEvent> resolved = run.feed(snap(300, 0.1, 0.04, 0.16, 1000));
        assertThat(resolved).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.State.RESOLVED);
            assertThat(e.alertId()).isEqualTo("m|src|cqp#rho-floor#150");
            assertThat(e.seriesReceived()).isEqualTo(300);
        });
        assertThat(run.state.open()).isEmpty();
        // a new episode is a new alert with a new id
        assertThat(run.feed(snap(350, 0.0, -0.06, 0.06, 1000))).singleElement()
                .satisfies(e -> assertThat(e.alertId()).isEqualTo("m|src|cqp#rho-floor#350"));
    }

    @Test
    void aValueHoveringAtTheThresholdDoesNotFlap() {
        Run run = new Run(only(AlertRules.Rule.RHO_FLOOR));
        double[] uppers = {0.09, 0.11, 0.095, 0.12, 0.099, 0.14, 0.08, 0.149, 0.09};
        for (int i = 0; i < uppers.length; i++) run.feed(snap(100 + 50L * i, uppers[i] - 0.06, uppers[i] - 0.12, uppers[i], 1000));
        assertThat(run.events).hasSize(1);
        assertThat(run.events.get(0).state()).isEqualTo(AlertEvent.State.OPEN);
        assertThat(run.state.open()).containsOnlyKeys("rho-floor");
        assertThat(run.state.recent()).hasSize(1);
    }

    @Test
    void nothingOpensOrResolvesBelowMinNOrWithoutANumber() {
        Run run = new Run(only(AlertRules.Rule.RHO_FLOOR));
        assertThat(run.feed(snap(99, 0.0, -0.3, 0.05, 99))).as("n 99 < min n 100").isEmpty();
        Estimate insufficient = new Estimate(Estimate.Status.INSUFFICIENT, 0, 20, 0, 0, 0);
        assertThat(run.feed(snap(120, window(200, insufficient, 0, null)))).isEmpty();
        Estimate undefined = new Estimate(Estimate.Status.UNDEFINED, 0, 200, 0, 0, 0);
        assertThat(run.feed(snap(200, window(200, undefined, 0, null)))).isEmpty();
        assertThat(run.feed(snap(250, 0.0, -0.2, 0.05, 100))).as("n 100 = min n").hasSize(1);
        // once open, a window without evidence does not resolve it either
        assertThat(run.feed(snap(300, window(300, undefined, 0, null)))).isEmpty();
        assertThat(run.feed(snap(350, 0.5, 0.2, 0.7, 99))).isEmpty();
        assertThat(run.state.open()).containsOnlyKeys("rho-floor");
    }

    @Test
    void rhoDropNeedsDisjointIntervalsAndTheMinimumDrop() {
        Run run = new Run(only(AlertRules.Rule.RHO_DROP));
        // n 400 < baseline n 500: not yet a baseline
        run.feed(snap(400, 0.10, 0.0, 0.2, 400));
        assertThat(run.state.rhoBaseline()).isNull();
        run.feed(snap(500, 0.42, 0.35, 0.49, 500));
        assertThat(run.state.rhoBaseline()).isEqualTo(new SeriesAlertState.Baseline(0.42, 0.35, 0.49, 500, 500));
        // a big drop whose interval still overlaps the baseline's: not enough evidence
        assertThat(run.feed(snap(600, 0.28, 0.18, 0.36, 600))).isEmpty();
        // disjoint intervals but a drop of only 0.06 < 0.1: not worth an alert
        assertThat(run.feed(snap(700, 0.36, 0.335, 0.345, 5000))).isEmpty();
        List<AlertEvent> opened = run.feed(snap(800, 0.25, 0.18, 0.32, 800));
        assertThat(opened).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("rho-drop");
            assertThat(e.state()).isEqualTo(AlertEvent.State.OPEN);
            assertThat(e.baseline()).isEqualTo(0.42);
            assertThat(e.threshold()).isEqualTo(0.1);
            assertThat(e.upper()).isEqualTo(0.32);
            assertThat(e.message()).contains("baseline 0.420 [0.350, 0.490]");
        });
        // upper 0.37 is above baseline lower 0.35 but below 0.35 + 0.05, and the drop 0.12 is still > 0.05: open
        assertThat(run.feed(snap(900, 0.30, 0.23, 0.37, 900))).isEmpty();
        assertThat(run.feed(snap(1000, 0.33, 0.27, 0.40, 1000))).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(AlertEvent.State.RESOLVED));
    }

    @Test
    void rhoDropAgainstAConfiguredBaseline() {
        AlertRules d = only(AlertRules.Rule.RHO_DROP);
        AlertRules fixed = new AlertRules(d.window(), d.minN(), d.enabled(), d.rhoFloor(), d.baselineN(), 0.5,
                d.minDrop(), d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(),
                d.changeMinSamples(), d.keepEvents());
        Run run = new Run(fixed);
        // the first usable snapshot is judged at once: no baseline to learn
        assertThat(run.feed(snap(200, 0.3, 0.17, 0.42, 200))).singleElement()
                .satisfies(e -> assertThat(e.baseline()).isEqualTo(0.5));
    }

    @Test
    void parseFailuresAboveTheLimitWithEnoughAnswers() {
        Run run = new Run(only(AlertRules.Rule.PARSE_FAILURES));
        Estimate r = rho(0.4, 0.3, 0.5, 50);
        assertThat(run.feed(snap(99, window(99, r, 60, null)))).as("n 99").isEmpty();
        assertThat(run.feed(snap(200, window(200, r, 40, null)))).as("rate 0.2 is not above 0.2").isEmpty();
        assertThat(run.feed(snap(300, window(300, r, 63, null)))).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("parse-failures");
            assertThat(e.observed()).isCloseTo(0.21, within(1e-12));
            assertThat(e.n()).isEqualTo(300);
            assertThat(e.lower()).isNull();
            assertThat(e.message()).contains("21.0%", "63 of 300");
        });
        assertThat(run.feed(snap(400, window(400, r, 64, null)))).as("0.16 > 0.15").isEmpty();
        assertThat(run.feed(snap(500, window(500, r, 75, null)))).as("0.15").singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(AlertEvent.State.RESOLVED));
    }

    @Test
    void icEceRiseAgainstItsBaseline() {
        Run run = new Run(only(AlertRules.Rule.IC_ECE_RISE));
        Estimate r = rho(0.4, 0.3, 0.5, 600);
        run.feed(snap(300, window(300, r, 0, ic(300, 0.30))));
        assertThat(run.state.eceBaseline()).as("300 labelled < baseline n").isNull();
        run.feed(snap(600, window(600, r, 0, ic(600, 0.05))));
        assertThat(run.state.eceBaseline().value()).isEqualTo(0.05);
        assertThat(run.feed(snap(700, window(700, r, 0, ic(700, 0.15))))).as("rise 0.10 is not above 0.10").isEmpty();
        assertThat(run.feed(snap(800, window(800, r, 0, ic(800, 0.17))))).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("ic-ece-rise");
            assertThat(e.baseline()).isEqualTo(0.05);
            assertThat(e.observed()).isEqualTo(0.17);
        });
        assertThat(run.feed(snap(900, window(900, r, 0, ic(900, 0.11))))).as("rise 0.06 > 0.05").isEmpty();
        assertThat(run.feed(snap(1000, window(1000, r, 0, ic(1000, 0.10))))).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(AlertEvent.State.RESOLVED));
    }

    @Test
    void oneOpenAlertPerRuleAndSeriesWhileSeveralRulesFire() {
        Run run = new Run(AlertRules.DEFAULTS);
        run.feed(snap(500, 0.42, 0.35, 0.49, 500));
        for (int i = 1; i <= 5; i++) run.feed(snap(500 + 100L * i, window(1000, rho(0.0, -0.06, 0.06, 1000), 300, null)));
        assertThat(run.events).extracting(AlertEvent::rule).containsExactlyInAnyOrder("rho-floor", "rho-drop", "parse-failures");
        assertThat(run.state.open()).containsOnlyKeys("rho-floor", "rho-drop", "parse-failures");
    }

    @Test
    void theHistoryOfEventsIsBounded() {
        AlertRules d = only(AlertRules.Rule.RHO_FLOOR);
        AlertRules keep3 = new AlertRules(d.window(), d.minN(), d.enabled(), d.rhoFloor(), d.baselineN(), d.baselineRho(),
                d.minDrop(), d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(),
                d.changeMinSamples(), 3);
        Run run = new Run(keep3);
        for (int i = 0; i < 4; i++) {
            run.feed(snap(100 + 100L * i, 0.0, -0.06, 0.06, 1000));
            run.feed(snap(150 + 100L * i, 0.4, 0.3, 0.5, 1000));
        }
        assertThat(run.events).hasSize(8);
        assertThat(run.state.recent()).containsExactlyElementsOf(run.events.subList(5, 8));
    }

    @Test
    void aSnapshotWithoutTheWatchedWindowChangesNothing() {
        Run run = new Run(AlertRules.DEFAULTS);
        AlignmentSnapshot other = AlignmentSnapshot.of(SERIES, 500, 1, Map.of("last-100", window(100, rho(0, -0.2, 0.05, 100), 90, null)));
        assertThat(run.feed(other)).isEmpty();
        assertThat(run.state).isEqualTo(SeriesAlertState.empty("last-1000"));
    }

    @Test
    void theStateSurvivesItsJsonForm() {
        Run run = new Run(AlertRules.DEFAULTS);
        run.feed(snap(500, 0.42, 0.35, 0.49, 500));
        run.feed(snap(1000, 0.4123456789012345, 0.35, 0.47, 1000));
        run.feed(snap(2000, 0.0, -0.06, 0.06, 1000));
        assertThat(run.state.open()).isNotEmpty();
        assertThat(run.state.change().count()).isEqualTo(2);
        String json = run.state.toJson();
        assertThat(SeriesAlertState.fromJson(json)).isEqualTo(run.state);
        assertThatThrownBy(() -> SeriesAlertState.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChangeDetectorIsFedTheStandardisedFisherZOfNonOverlappingWindows() {
        Run run = new Run(only(AlertRules.Rule.RHO_CHANGE));
        run.feed(snap(950, 0.5, 0.45, 0.55, 950));
        assertThat(run.state.change().count()).as("the window of 1000 is not full yet").isZero();
        run.feed(snap(1000, 0.5, 0.45, 0.55, 1000));
        // atanh(0.5) / sqrt(1.06 / 997) (python: math.atanh(0.5) / math.sqrt(1.06 / 997))
        assertThat(run.state.change().mean()).isCloseTo(16.84647739010214, within(1e-9));
        assertThat(run.state.changeFedAt()).isEqualTo(1000);
        run.feed(snap(1050, 0.1, 0.04, 0.16, 1000));
        run.feed(snap(1999, 0.1, 0.04, 0.16, 1000));
        assertThat(run.state.change().count()).as("windows overlapping the last value fed are skipped").isEqualTo(1);
        run.feed(snap(2010, 0.5, 0.45, 0.55, 1000));
        assertThat(run.state.change().count()).isEqualTo(2);
        assertThat(run.state.changeFedAt()).isEqualTo(2010);
    }

    @Test
    void aChangeOpensOnceAndResolvesWhenRhoChangesBack() {
        Run run = new Run(only(AlertRules.Rule.RHO_CHANGE));
        long at = 0;
        double[] levels = {0.42, 0.43, 0.41, 0.42, 0.42, 0.05, 0.04, 0.06, 0.05, 0.05, 0.05, 0.42, 0.41};
        List<Long> openedAt = new ArrayList<>();
        for (double level : levels) {
            at += 1000;
            for (AlertEvent e : run.feed(snap(at, level, level - 0.06, level + 0.06, 1000))) {
                openedAt.add(e.seriesReceived());
                assertThat(e.rule()).isEqualTo("rho-change");
            }
        }
        assertThat(run.events).extracting(AlertEvent::state).containsExactly(AlertEvent.State.OPEN, AlertEvent.State.RESOLVED);
        // a fall of 0.37 in rho is about 12 standard errors at n = 1000; the running mean takes in the first low value
        // too, so D falls by 9.66 < lambda there and by 18.1 at the next (hand-computed with the recursion of
        // PageHinkley's javadoc): signalled at the second window after the change, both ways
        assertThat(openedAt).containsExactly(7000L, 13000L);
        // the level before the signal: tanh(se * mean of the six values before it)
        assertThat(run.events.get(0).baseline()).isCloseTo(0.36395530522852076, within(1e-9));
        assertThat(run.events.get(0).message()).contains("fell");
        assertThat(run.events.get(1).message()).contains("changed back", "rose");
        assertThat(run.events.get(1).alertId()).isEqualTo(run.events.get(0).alertId());
    }

    @Test
    void configurationIsChecked() {
        AlertRules d = AlertRules.DEFAULTS;
        assertThatThrownBy(() -> new AlertRules(d.window(), 4, d.enabled(), d.rhoFloor(), d.baselineN(), null, d.minDrop(),
                d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(), 3, 5))
                .hasMessageContaining("min-n");
        assertThatThrownBy(() -> new AlertRules(d.window(), 100, d.enabled(), d.rhoFloor(), 50, null, d.minDrop(),
                d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(), 3, 5))
                .hasMessageContaining("baseline-n");
        assertThatThrownBy(() -> new AlertRules(d.window(), 100, d.enabled(), 1.5, 500, null, d.minDrop(),
                d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(), 3, 5))
                .hasMessageContaining("rho-floor");
        assertThat(AlertRules.Rule.byId(" Rho-Drop ")).isEqualTo(AlertRules.Rule.RHO_DROP);
        assertThatThrownBy(() -> AlertRules.Rule.byId("rho-ceiling")).hasMessageContaining("rho-ceiling");
    }
}
