package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LevelBeliefTest {

    static final double[] THRESHOLDS = LatentModel.sixLevelThresholds(List.of(0.35, 0.30, 0.15, 0.10, 0.06, 0.04));

    @Test
    void beliefSumsToOnePeaksAtTheLevelZ2LiesInAndFallsOffWithDistance() {
        LevelBelief b = new LevelBelief(THRESHOLDS, 4.0);
        for (double z = -4; z <= 4; z += 0.013) {
            double[] p = b.belief(z);
            double sum = 0;
            for (double v : p) sum += v;
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            int mode = b.greedy(z);
            for (int l = 0; l < 6; l++) {
                if (l != mode) assertThat(p[l]).as("z %s level %s", z, l).isLessThanOrEqualTo(p[mode]);
                if (l < mode) assertThat(p[l]).isLessThanOrEqualTo(p[l + 1]);
                if (l > mode) assertThat(p[l]).isLessThanOrEqualTo(p[l - 1]);
            }
        }
        // deep inside very certain (index 0) almost all mass is there; at the a/b cut a and b share it
        assertThat(b.belief(2.5)[0]).isGreaterThan(0.99);
        double[] atCut = b.belief(THRESHOLDS[4] + 1e-9);
        assertThat(atCut[0]).isCloseTo(atCut[1], within(1e-6));
    }

    @Test
    void temperatureZeroIsTheGreedyLevelAndTemperatureOneSamplesTheBelief() {
        LevelBelief b = new LevelBelief(THRESHOLDS, 4.0);
        double z = 0.2; // inside b (index 1), near the cut to a
        double[] belief = b.belief(z);
        SplittableRandom rng = new SplittableRandom(11);
        int n = 200_000;
        int[] atOne = new int[6];
        int greedyAtFifth = 0;
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            assertThat(b.sample(z, u, 0.0)).isEqualTo(1);
            atOne[b.sample(z, u, 1.0)]++;
            if (b.sample(z, u, 0.2) == 1) greedyAtFifth++;
        }
        for (int l = 0; l < 6; l++) assertThat(atOne[l] / (double) n).isCloseTo(belief[l], within(0.004));
        // T = 0.2 samples from belief^5 normalised: sharper than the belief, not one-hot
        double[] fifth = b.tempered(z, 0.2);
        assertThat(greedyAtFifth / (double) n).isCloseTo(fifth[1], within(0.004));
        assertThat(fifth[1]).isGreaterThan(belief[1]).isLessThan(1.0);
        double[] p5 = new double[6];
        double sum = 0;
        for (int l = 0; l < 6; l++) sum += p5[l] = Math.pow(belief[l], 5);
        for (int l = 0; l < 6; l++) assertThat(fifth[l]).isCloseTo(p5[l] / sum, within(1e-12));
    }

    @Test
    void sharperBeliefPutsMoreMassOnTheLevelZ2LiesIn() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] z = new double[50_000];
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
        double previous = 0;
        for (double sharpness : new double[] {1, 2, 4, 8, 16}) {
            LevelBelief b = new LevelBelief(THRESHOLDS, sharpness);
            double mean = 0;
            for (double v : z) mean += b.belief(v)[b.greedy(v)] / z.length;
            assertThat(mean).as("sharpness %s", sharpness).isGreaterThan(previous);
            previous = mean;
        }
    }
}
