package io.cpa.alert;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageHinkleyTest {
    static final double DELTA = 0.5;
    static final double LAMBDA = 10;
    static final int MIN_SAMPLES = 5;

    static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void staysQuietOnAStationarySequence() {
        SplittableRandom r = new SplittableRandom(20261128);
        PageHinkley ph = PageHinkley.EMPTY;
        for (int i = 0; i < 5000; i++) {
            ph = ph.update(1.5 + gaussian(r), DELTA);
            assertThat(ph.change(LAMBDA, MIN_SAMPLES)).as("step %d", i).isEqualTo(PageHinkley.Change.NONE);
        }
    }

    @Test
    void signalsADropOfFourStandardDeviationsWithinABoundedNumberOfSteps() {
        SplittableRandom r = new SplittableRandom(7);
        PageHinkley ph = PageHinkley.EMPTY;
        for (int i = 0; i < 50; i++) ph = ph.update(gaussian(r), DELTA);
        assertThat(ph.change(LAMBDA, MIN_SAMPLES)).isEqualTo(PageHinkley.Change.NONE);
        // after k steps of a shift s = 4 the running mean has moved by about 4k/(50+k), so D falls by about
        // s - delta - 4k/(50+k) ~ 3.3 per step: lambda 10 is crossed after about 3 to 4 steps; 8 leaves room for noise
        int steps = 0;
        while (ph.change(LAMBDA, MIN_SAMPLES) == PageHinkley.Change.NONE && steps < 100) {
            ph = ph.update(-4 + gaussian(r), DELTA);
            steps++;
        }
        assertThat(ph.change(LAMBDA, MIN_SAMPLES)).isEqualTo(PageHinkley.Change.DECREASE);
        assertThat(steps).isBetween(2, 8);
    }

    @Test
    void signalsAnIncreaseAndHoldsBackBeforeMinSamples() {
        PageHinkley ph = PageHinkley.EMPTY.update(0, DELTA).update(0, DELTA).update(30, DELTA);
        // U: -0.5, -1.0, 30 - 10 - 0.5 - 1.0 = 18.5, min -1.0: 19.5 > lambda, but only 3 of 5 samples
        assertThat(ph.up() - ph.upMin()).isCloseTo(19.5, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ph.change(LAMBDA, MIN_SAMPLES)).isEqualTo(PageHinkley.Change.NONE);
        assertThat(ph.change(LAMBDA, 3)).isEqualTo(PageHinkley.Change.INCREASE);
    }

    @Test
    void rejectsNonFiniteValues() {
        assertThatThrownBy(() -> PageHinkley.EMPTY.update(Double.NaN, DELTA)).hasMessageContaining("not finite");
    }
}
