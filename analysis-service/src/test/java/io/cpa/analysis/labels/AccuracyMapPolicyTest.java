package io.cpa.analysis.labels;

import io.cpa.certainty.ParseStatus;
import io.cpa.stats.AccuracyEstimate;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.Bucket;
import io.cpa.stats.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** When the map is refitted, and the check of the old map against the labels that came after it. */
class AccuracyMapPolicyTest {
    private static final AccuracyMapPolicy POLICY = new AccuracyMapPolicy(0.1, 20);

    /** A bucket builder fed answers at IC k/8 (exact bucket cells), labelled correct or not, or unlabelled (null). */
    private static final class Answers {
        final Bucket.Builder bucket = new Bucket.Builder();
        final List<AccuracyMap.Point> points = new ArrayList<>();
        long seq;

        Answers add(double ic, Boolean correct, int times) {
            for (int i = 0; i < times; i++) {
                bucket.add(new Observation(++seq, 1_000 * seq, ic, 0.5, ParseStatus.OK, correct, null));
                if (correct != null) points.add(new AccuracyMap.Point(ic, correct ? 1 : 0, correct ? 0 : 1));
            }
            return this;
        }

        Bucket now() {
            return bucket.build();
        }
    }

    @Test
    void theFirstMapWaitsForMinNewLabelsAndIsTheFitOfSinceStart() {
        Answers a = new Answers().add(0.25, true, 5).add(0.25, false, 9).add(0.75, true, 5).add(0.5, null, 50);
        assertThat(POLICY.next(null, a.now())).as("19 labels").isNull();
        a.add(0.75, false, 1);
        FittedAccuracy first = POLICY.next(null, a.now());
        assertThat(first.map().version()).isEqualTo(AccuracyMap.fit(a.points).version());
        assertThat(first.check()).isNull();
        assertThat(POLICY.next(first, a.now())).as("nothing new").isNull();
    }

    @Test
    void aRefitNeedsTenPercentMoreLabelsAndAtLeastTwentyAndChecksTheOldMap() {
        Answers a = new Answers();
        for (int k = 1; k <= 8; k++) a.add(k / 8.0, true, k * 10).add(k / 8.0, false, (8 - k) * 10);
        FittedAccuracy first = POLICY.next(null, a.now()); // 640 labels
        assertThat(first.map().labels()).isEqualTo(640);
        a.add(1.0, false, 63);
        assertThat(POLICY.next(first, a.now())).as("63 < 10% of 640").isNull();
        a.add(0.875, false, 1);
        a.add(0.875, null, 100); // unlabelled answers do not count
        FittedAccuracy second = POLICY.next(first, a.now());
        assertThat(second).isNotNull();
        // the check: the first map's estimate over the 64 new labels' ICs, against their realised accuracy 0
        AccuracyEstimate expected = first.map().estimator().add(0.875, 1).add(1.0, 63).result();
        assertThat(second.check().mapVersion()).isEqualTo(first.map().version());
        assertThat(second.check().n()).isEqualTo(64);
        assertThat(second.check().correct()).isZero();
        assertThat(second.check().estimated()).isCloseTo(expected.value(), within(1e-12));
        // all 64 labelled: the estimate's own standard error, judged at the alarm's 99.9%
        assertThat(second.check().lower())
                .isCloseTo(Math.max(0, expected.value() - AccuracyEstimate.Z_ALARM * expected.standardError()), within(1e-12));
        assertThat(second.check().verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.BELOW);
        assertThat(second.map().version()).isEqualTo(AccuracyMap.fit(a.points).version());
        // the store's bytes give the same state back
        FittedAccuracy decoded = FittedAccuracy.decode(second.encode());
        assertThat(decoded.map().version()).isEqualTo(second.map().version());
        assertThat(decoded.atFit()).isEqualTo(second.atFit());
        assertThat(decoded.check()).isEqualTo(second.check());
    }

    @Test
    void labelsThatAgreeWithTheMapAreWithin() {
        Answers a = new Answers();
        for (int k = 1; k <= 8; k++) a.add(k / 8.0, true, k * 10).add(k / 8.0, false, (8 - k) * 10);
        FittedAccuracy first = POLICY.next(null, a.now());
        for (int k = 1; k <= 8; k++) a.add(k / 8.0, true, k).add(k / 8.0, false, 8 - k); // the same rates, 64 more
        FittedAccuracy second = POLICY.next(first, a.now());
        assertThat(second.check().verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.WITHIN);
        assertThat(second.check().realised()).isCloseTo(36 / 64.0, within(1e-12));
        assertThat(FittedAccuracy.decode(second.encode()).check()).isEqualTo(second.check());
    }
}
