package io.cpa.alert;

import io.cpa.certainty.ParseStatus;
import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.SeriesKey;
import io.cpa.stats.Estimate;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowStats;
import io.cpa.stats.WindowsConfig;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rho-change on windowed rho computed by the real statistics engine over a simulated stream: quiet while nothing
 * changes, prompt after a change, and why the detector must not be fed overlapping windows.
 */
class ChangeDetectionTest {
    static final int WINDOW = 200;
    static final int SNAPSHOT_EVERY = 50;
    static final SeriesKey SERIES = new SeriesKey("sim", "drift", "cqp");
    static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    static AlertRules changeOnly() {
        AlertRules d = AlertRules.DEFAULTS;
        return new AlertRules("last-" + WINDOW, d.minN(), EnumSet.of(AlertRules.Rule.RHO_CHANGE), d.rhoFloor(), d.baselineN(),
                null, d.minDrop(), d.maxParseFailureRate(), d.eceRise(), d.hysteresis(), d.changeDelta(), d.changeLambda(),
                d.changeMinSamples(), d.keepEvents());
    }

    /**
     * A stream whose Spearman rho between IC and the VC level is {@code rho(i)}: a Gaussian copula with Pearson
     * r = 2 sin(pi rho / 6) (the exact relation for normal pairs), IC = Phi(z1), VC one of six levels by Phi(z2).
     */
    interface Rho {
        double at(long answer);
    }

    /** One stationary stream for both tests that use it: the engine over 200,000 answers takes seconds. */
    static List<AlignmentSnapshot> stationary;

    static synchronized List<AlignmentSnapshot> stationary() {
        if (stationary == null) stationary = stream(11, 200_000, i -> 0.42);
        return stationary;
    }

    static List<AlignmentSnapshot> stream(long seed, long answers, Rho rho) {
        SplittableRandom random = new SplittableRandom(seed);
        SeriesWindows windows = new SeriesWindows(new WindowsConfig(List.of(WINDOW), List.of(), false, 30, 10, 20,
                TaxonomyThresholds.DEFAULT));
        List<AlignmentSnapshot> out = new ArrayList<>();
        for (long i = 1; i <= answers; i++) {
            double r = 2 * Math.sin(Math.PI * rho.at(i) / 6);
            double z1 = gaussian(random);
            double z2 = r * z1 + Math.sqrt(1 - r * r) * gaussian(random);
            double ic = NORMAL.cumulativeProbability(z1);
            int level = Math.min(5, (int) (6 * NORMAL.cumulativeProbability(z2)));
            windows.add(new Observation(i, i, ic, level / 5.0, ParseStatus.OK, null));
            if (i % SNAPSHOT_EVERY == 0) {
                Map<String, WindowStats> named = Map.of("last-" + WINDOW, windows.snapshot().windows().get(0));
                out.add(AlignmentSnapshot.of(SERIES, i, i, named));
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static List<AlertEvent> alerts(AlertRules rules, List<AlignmentSnapshot> snapshots) {
        AlertEngine engine = new AlertEngine(rules);
        SeriesAlertState state = null;
        List<AlertEvent> events = new ArrayList<>();
        for (AlignmentSnapshot s : snapshots) {
            AlertEngine.Outcome o = engine.evaluate(state, s);
            state = o.state();
            events.addAll(o.events());
        }
        return events;
    }

    @Test
    void quietOnAStationaryStreamOfTwoHundredThousandAnswers() {
        // 1,000 non-overlapping windows of 200 answers at rho 0.42; snapshots every 50 answers
        List<AlignmentSnapshot> snapshots = stationary();
        assertThat(alerts(changeOnly(), snapshots)).isEmpty();
    }

    @Test
    void overlappingWindowsWouldRaiseFalseAlarmsOnTheSameStream() {
        // the same detector and parameters fed every snapshot, as if consecutive windows were independent: each
        // excursion of the window is counted WINDOW / SNAPSHOT_EVERY = 4 times and the detector signals changes that
        // did not happen. This is why the engine feeds only non-overlapping windows.
        List<AlignmentSnapshot> snapshots = stationary();
        AlertRules rules = changeOnly();
        PageHinkley ph = PageHinkley.EMPTY;
        int falseAlarms = 0;
        for (AlignmentSnapshot s : snapshots) {
            Estimate rho = s.windows().get("last-" + WINDOW).spearman();
            if (!rho.ok() || s.received() < WINDOW) continue;
            ph = ph.update(AlertEngine.atanh(rho.value()) / Math.sqrt(1.06 / (rho.n() - 3)), rules.changeDelta());
            if (ph.change(rules.changeLambda(), rules.changeMinSamples()) != PageHinkley.Change.NONE) {
                falseAlarms++;
                ph = PageHinkley.EMPTY;
            }
        }
        System.out.printf("overlapping windows fed to Page-Hinkley: %d false alarms in %d snapshots%n", falseAlarms, snapshots.size());
        assertThat(falseAlarms).isGreaterThan(0);
    }

    @Test
    void aDropOfRhoIsSignalledWithinThreeWindows() {
        long change = 20_000;
        List<AlignmentSnapshot> snapshots = stream(5, 30_000, i -> i <= change ? 0.42 : 0.1);
        List<AlertEvent> events = alerts(changeOnly(), snapshots);
        assertThat(events).isNotEmpty();
        AlertEvent first = events.get(0);
        System.out.printf("rho 0.42 -> 0.1 at answer %d: rho-change opened at answer %d%n", change, first.seriesReceived());
        assertThat(first.rule()).isEqualTo("rho-change");
        assertThat(first.state()).isEqualTo(AlertEvent.State.OPEN);
        assertThat(first.message()).contains("fell");
        // the first window fed after the change may still hold some old answers, the next one is all new; a shift of
        // 0.35 in z is about 4.8 standard errors at n = 200, so two all-new values (lambda 10) suffice: 3 windows
        assertThat(first.seriesReceived()).isGreaterThan(change).isLessThanOrEqualTo(change + 3 * WINDOW + SNAPSHOT_EVERY);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertEvent.State.OPEN);
    }
}
