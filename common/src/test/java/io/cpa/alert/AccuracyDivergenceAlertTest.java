package io.cpa.alert;

import io.cpa.event.AlertEvent;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.AccuracyEstimate;
import io.cpa.stats.AccuracyMap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** accuracy-estimate-diverges on hand-made checks: opens on BELOW or ABOVE, resolves on WITHIN, ignores INSUFFICIENT. */
class AccuracyDivergenceAlertTest {
    private static final AlertEngine ENGINE = new AlertEngine(AlertEngineTest.only(AlertRules.Rule.ACCURACY_ESTIMATE_DIVERGES));

    /** An estimate of 0.8 over 100 answers with se 0.04: judged at 99.9%, about [0.668, 0.932]. */
    private static AccuracyCheck check(String version, long correctOf100) {
        AccuracyEstimate e = AccuracyEstimate.of(version, AccuracyMap.Method.ISOTONIC, 100, 0.8, 0.0016, 0);
        return AccuracyCheck.of(version, 500, e, correctOf100);
    }

    private static AlignmentSnapshot snap(long received, AccuracyCheck c) {
        AlignmentSnapshot base = AlertEngineTest.snap(received, 0.5, 0.4, 0.6, 1000);
        return AlignmentSnapshot.of(AlertEngineTest.SERIES, received, base.computedAtMs(), base.windows(), null, "v", c);
    }

    @Test
    void aCheckBelowTheIntervalOpensOnceAndAWithinCheckResolves() {
        AccuracyCheck below = check("isotonic-500-a", 60);
        assertThat(below.verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.BELOW);
        assertThat(below.lower()).isCloseTo(0.8 - AccuracyEstimate.Z_ALARM * 0.04, org.assertj.core.api.Assertions.within(1e-12));
        AlertEngine.Outcome o1 = ENGINE.evaluate(null, snap(1000, below));
        assertThat(o1.events()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("accuracy-estimate-diverges");
            assertThat(e.state()).isEqualTo(AlertEvent.State.OPEN);
            assertThat(e.observed()).isEqualTo(0.6);
            assertThat(e.baseline()).isEqualTo(0.8);
            assertThat(e.n()).isEqualTo(100);
            assertThat(e.message()).contains("below").contains("isotonic-500-a");
        });
        // the same check on the next snapshot: still open, nothing new
        AlertEngine.Outcome o2 = ENGINE.evaluate(o1.state(), snap(1050, below));
        assertThat(o2.events()).isEmpty();
        // a check too small to judge leaves it open
        AccuracyEstimate small = AccuracyEstimate.of("b", AccuracyMap.Method.PLATT, 10, 0.8, 0.016, 0);
        AlertEngine.Outcome o3 = ENGINE.evaluate(o2.state(), snap(1100, AccuracyCheck.of("b", 600, small, 2)));
        assertThat(o3.events()).isEmpty();
        assertThat(o3.state().open()).containsKey("accuracy-estimate-diverges");
        AlertEngine.Outcome o4 = ENGINE.evaluate(o3.state(), snap(1200, check("c", 81)));
        assertThat(o4.events()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.State.RESOLVED);
            assertThat(e.message()).contains("within");
        });
    }

    @Test
    void aCheckAboveTheIntervalOpensAndNoCheckSaysNothing() {
        AccuracyCheck above = check("a", 97);
        assertThat(above.verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.ABOVE);
        assertThat(ENGINE.evaluate(null, snap(1000, above)).events()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("above"));
        assertThat(ENGINE.evaluate(null, snap(1000, null)).events()).isEmpty();
        assertThat(ENGINE.evaluate(null, snap(1000, check("a", 80))).events()).isEmpty();
    }

    @Test
    void theRuleIsOffWhenNotEnabled() {
        AlertEngine others = new AlertEngine(AlertEngineTest.only(AlertRules.Rule.RHO_FLOOR));
        assertThat(others.evaluate(null, snap(1000, check("a", 50))).events()).isEmpty();
        assertThat(AlertRules.Rule.byId("accuracy-estimate-diverges")).isEqualTo(AlertRules.Rule.ACCURACY_ESTIMATE_DIVERGES);
    }
}
