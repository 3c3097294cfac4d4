package io.cpa.report;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpearmanEstimatesTest {
    @Test
    void withTiesRhoIsThePearsonCorrelationOfMidRanks() {
        // x ranks 1..6; y = {0, 0, 0, 1, 1, 1} has mid-ranks {2, 2, 2, 5, 5, 5}: Pearson = 13.5 / sqrt(17.5 * 13.5)
        RhoEstimate e = SpearmanEstimates.spearman(new double[] {1, 2, 3, 4, 5, 6}, new double[] {0, 0, 0, 1, 1, 1}, 5);
        assertThat(e.rho()).isCloseTo(13.5 / Math.sqrt(17.5 * 13.5), within(1e-12));
        assertThat(e.n()).isEqualTo(6);
    }

    @Test
    void agreesWithCommonsMathOnSixLevelData() {
        Random random = new Random(11);
        double[] x = new double[500];
        double[] y = new double[500];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
            y[i] = Math.round(5 * Math.min(1, Math.max(0, x[i] * 0.5 + random.nextGaussian() * 0.3))) / 5.0;
        }
        RhoEstimate e = SpearmanEstimates.spearman(x, y, 30);
        assertThat(e.rho()).isCloseTo(new SpearmansCorrelation().correlation(x, y), within(1e-9));
        assertThat(e.lower()).isLessThan(e.rho());
        assertThat(e.upper()).isGreaterThan(e.rho());
    }

    @Test
    void belowTheMinimumIsInsufficientAndNoVarianceIsUndefinedWithoutNumbers() {
        assertThat(SpearmanEstimates.spearman(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 5)).isEqualTo(RhoEstimate.insufficient(3));
        assertThat(SpearmanEstimates.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 1, 1, 1, 1}, 5))
                .isEqualTo(RhoEstimate.undefined(5));
    }
}
