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
            // sampled at the calibration temperature, as a certainty call of the pipeline gets them
            six[i] = 1.0 - 0.2 * m.sixLevelIndex(d, LatentModel.DEFAULT_CALIBRATION_TEMPERATURE);
            num[i] = m.numericValue(d, LatentModel.DEFAULT_CALIBRATION_TEMPERATURE);
        }
        assertThat(MidRankSpearman.rho(ic, six)).isCloseTo(rho, within(0.01));
        assertThat(MidRankSpearman.rho(ic, num)).isCloseTo(rho, within(0.01));
    }

    @Test
    void levelFrequenciesAtTemperatureZeroFollowTheConfiguredDistribution() {
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
    @Test
    void rhoIsExactAtTheCalibrationTemperatureWhateverItIs() {
        LatentModel m = LatentModel.calibrate(new LatentModel.Params(0.42, 0.7, 1.0, LEVELS, 2.0, 0.5, 4.0, 1.0), 200_000, 42);
        assertThat(m.calibratedRho(LatentModel.Scale.SIX_LEVEL)).isCloseTo(0.42, within(1e-4));
        SplittableRandom rng = new SplittableRandom(17);
        int n = 60_000;
        double[] ic = new double[n], six = new double[n], num = new double[n];
        for (int i = 0; i < n; i++) {
            LatentModel.Draw d = m.draw(rng);
            ic[i] = m.internalConfidence(d.z1());
            six[i] = -m.sixLevelIndex(d, 1.0);
            num[i] = m.numericValue(d, 1.0);
        }
        assertThat(MidRankSpearman.rho(ic, six)).isCloseTo(0.42, within(0.01));
        assertThat(MidRankSpearman.rho(ic, num)).isCloseTo(0.42, within(0.01));
    }

    /**
     * z2 is a standard normal whatever r, so the population sd of the level at temperature T is an integral over z2
     * alone: computed by quadrature, then seen in a sample with the same draws at every temperature.
     */
    @Test
    void vcSpreadGrowsWithTheTemperature() {
        LatentModel m = model(0.42, 0.7, 1.0);
        LevelBelief belief = new LevelBelief(LatentModel.sixLevelThresholds(LEVELS), LatentModel.DEFAULT_SHARPNESS);
        double[] temperatures = {0.0, 0.2, 1.0};
        double[] exact = new double[3];
        for (int t = 0; t < 3; t++) exact[t] = quadratureSd(belief, temperatures[t]);
        assertThat(exact[0]).as("T = 0 gives the configured level distribution").isCloseTo(levelSd(LEVELS), within(1e-6));
        assertThat(exact[2]).isGreaterThan(exact[1] + 0.005).isGreaterThan(exact[0] + 0.005);

        SplittableRandom rng = new SplittableRandom(23);
        int n = 100_000;
        double[][] vc = new double[3][n];
        double[][] num = new double[3][n];
        for (int i = 0; i < n; i++) {
            LatentModel.Draw d = m.draw(rng);
            for (int t = 0; t < 3; t++) {
                vc[t][i] = 1.0 - 0.2 * m.sixLevelIndex(d, temperatures[t]);
                num[t][i] = m.numericValue(d, temperatures[t]);
            }
        }
        for (int t = 0; t < 3; t++) assertThat(sd(vc[t])).isCloseTo(exact[t], within(0.003));
        System.out.printf("VC sd (0..1 scale) at T = 0, 0.2, 1.0: exact %.4f %.4f %.4f, sample %.4f %.4f %.4f%n",
                exact[0], exact[1], exact[2], sd(vc[0]), sd(vc[1]), sd(vc[2]));
        assertThat(sd(vc[2])).isGreaterThan(sd(vc[1]) + 0.005).isGreaterThan(sd(vc[0]) + 0.005);
        // numeric: z2 + (sqrt(T) / sharpness) xi has variance 1 + T / sharpness^2, so values spread towards 1 and 100
        assertThat(sd(num[2])).isGreaterThan(sd(num[1]) + 0.2).isGreaterThan(sd(num[0]) + 0.2);
    }

    @Test
    void theDrawnLevelHoldsMostButNotAllOfTheBeliefAndItsExpectationIsTheBetterReadOfTheLatent() {
        LatentModel m = model(0.42, 0.7, 1.0);
        SplittableRandom rng = new SplittableRandom(31);
        int n = 20_000;
        double[] ic = new double[n], level = new double[n], expectation = new double[n];
        double drawnMass = 0;
        for (int i = 0; i < n; i++) {
            LatentModel.Draw d = m.draw(rng);
            ic[i] = m.internalConfidence(d.z1());
            int l = m.sixLevelIndex(d, LatentModel.DEFAULT_CALIBRATION_TEMPERATURE);
            double[] p = m.levelBelief(d);
            level[i] = (5 - l) / 5.0;
            for (int j = 0; j < 6; j++) expectation[i] += p[j] * (5 - j) / 5.0;
            drawnMass += p[l] / n;
        }
        assertThat(drawnMass).isBetween(0.6, 0.8);
        double rhoLevel = MidRankSpearman.rho(ic, level), rhoExpectation = MidRankSpearman.rho(ic, expectation);
        System.out.printf("latent: mean belief of the drawn level %.4f; rho(expectation, IC) %.4f, rho(level, IC) %.4f%n",
                drawnMass, rhoExpectation, rhoLevel);
        assertThat(rhoLevel).isCloseTo(0.42, within(0.015));
        assertThat(rhoExpectation).isGreaterThan(rhoLevel);
    }

    private static double quadratureSd(LevelBelief belief, double temperature) {
        int grid = 200_000;
        double lo = -8, hi = 8, h = (hi - lo) / grid, m1 = 0, m2 = 0;
        for (int i = 0; i < grid; i++) {
            double z = lo + (i + 0.5) * h;
            double w = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * h;
            double[] p = belief.tempered(z, temperature);
            for (int l = 0; l < 6; l++) {
                double vc = 1.0 - 0.2 * l;
                m1 += w * p[l] * vc;
                m2 += w * p[l] * vc * vc;
            }
        }
        return Math.sqrt(m2 - m1 * m1);
    }

    private static double levelSd(List<Double> distribution) {
        double m1 = 0, m2 = 0;
        for (int l = 0; l < 6; l++) {
            double vc = 1.0 - 0.2 * l;
            m1 += distribution.get(l) * vc;
            m2 += distribution.get(l) * vc * vc;
        }
        return Math.sqrt(m2 - m1 * m1);
    }

    private static double sd(double[] x) {
        double mean = 0, sq = 0;
        for (double v : x) mean += v / x.length;
        for (double v : x) sq += (v - mean) * (v - mean);
        return Math.sqrt(sq / (x.length - 1));
    }
}
