package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatentModelTest {

    private static final List<Double> LEVELS = List.of(0.35, 0.30, 0.15, 0.10, 0.06, 0.04);

    private static LatentModel model(double rho, double accuracy, double discrimination) {
        return LatentModel.calibrate(new LatentModel.Params(rho, accuracy, discrimination, LEVELS, 2.0, 0.5), 200_000, 42);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.95, -0.3, 0.0, 0.42, 0.95})
    void freshSampleReachesTheConfiguredRhoOnBothScales(double rho) {
        LatentModel m = model(rho, 0.7, 1.0);
        assertThat(m.calibratedRho(LatentModel.Scale.SIX_LEVEL)).isCloseTo(rho, within(1e-4));
        assertThat(m.calibratedRho(LatentModel.Scale.NUMERIC)).isCloseTo(rho, within(1e-4));
        // an independent sample, drawn through the public draw path and ranked from scratch
        SplittableRandom rng = new SplittableRandom(999);
        int n = 60_000;
        double[] ic = new double[n], six = new double[n], num = new double[n];
        for (int i = 0; i < n; i++) {
            LatentModel.Draw d = m.draw(rng);
            ic[i] = m.internalConfidence(d.z1());
            six[i] = 1.0 - 0.2 * m.sixLevelIndex(d.z2SixLevel());
            num[i] = m.numericValue(d.z2Numeric());
        }
        assertThat(MidRankSpearman.rho(ic, six)).isCloseTo(rho, within(0.01));
        assertThat(MidRankSpearman.rho(ic, num)).isCloseTo(rho, within(0.01));
    }

    @Test
    void levelFrequenciesFollowTheConfiguredDistribution() {
        LatentModel m = model(0.42, 0.7, 1.0);
        SplittableRandom rng = new SplittableRandom(3);
        int n = 200_000;
        int[] counts = new int[6];
        for (int i = 0; i < n; i++) counts[m.sixLevelIndex(m.draw(rng).z2SixLevel())]++;
        for (int l = 0; l < 6; l++) assertThat(counts[l] / (double) n).isCloseTo(LEVELS.get(l), within(0.005));
    }

    @Test
    void numericValueIsOnePlusRoundedScaledNormalCdf() {
        LatentModel m = model(0.42, 0.7, 1.0);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            double z = rng.nextGaussian() * 2;
            double x = 99 * LatentModel.normalCdf(z);
            if (Math.abs(x - Math.floor(x) - 0.5) < 1e-9) continue; // rounding boundary
            assertThat(m.numericValue(z)).isEqualTo((int) (1 + Math.round(x)));
        }
    }

    @Test
    void icIsStrictlyIncreasingAndAboveOneHalf() {
        double prev = 0;
        for (double z = -6; z <= 5; z += 0.01) {
            double ic = LatentModel.internalConfidence(z, 2.0, 0.5);
            assertThat(ic).isGreaterThan(0.5).isLessThanOrEqualTo(1.0).isGreaterThan(prev);
            prev = ic;
        }
    }

    @Test
    void expectedAccuracyEqualsConfiguredAndEceMatchesTheGapWhenNothingClamps() {
        LatentModel m = model(0.42, 0.7, 1.0);
        assertThat(m.expectedAccuracy()).isCloseTo(0.7, within(1e-6));
        // discrimination 1 and no clamping: P(correct | IC) = IC - (E[IC] - accuracy), so every bin is off by the gap
        assertThat(m.expectedEce()).isCloseTo(m.meanInternalConfidence() - 0.7, within(1e-6));
        LatentModel flat = model(0.42, 0.6, 0.0);
        assertThat(flat.pCorrect(0.55)).isCloseTo(0.6, within(1e-9));
        assertThat(flat.pCorrect(0.99)).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void unreachableRhoIsRejectedNamingTheScale() {
        List<Double> coarse = List.of(0.9, 0.02, 0.02, 0.02, 0.02, 0.02);
        assertThatThrownBy(() -> LatentModel.calibrate(new LatentModel.Params(0.95, 0.7, 1, coarse, 2, 0.5), 50_000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rho=0.95").hasMessageContaining("six-level");
    }
}
