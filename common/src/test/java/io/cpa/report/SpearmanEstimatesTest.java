package io.cpa.report;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpearmanEstimatesTest {
    @Test
    void midRanksShareTheMeanPositionOfTies() {
        assertThat(SpearmanEstimates.midRanks(new double[] {0.8, 0.2, 0.8, 0.0, 0.8, -0.0}))
                .containsExactly(5.0, 3.0, 5.0, 1.5, 5.0, 1.5);
    }

    @Test
    void withTiesRhoIsThePearsonCorrelationOfMidRanks() {
        // x ranks 1..4; y = {0, 0, 1, 1} has mid-ranks {1.5, 1.5, 3.5, 3.5}: Pearson = 4 / sqrt(5 * 4) = 0.894427...
        RhoEstimate e = SpearmanEstimates.spearman(new double[] {1, 2, 3, 4}, new double[] {0, 0, 1, 1}, 4);
        assertThat(e.rho()).isCloseTo(4 / Math.sqrt(20), within(1e-12));
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
    void belowTheMinimumIsInsufficientAndNoVarianceIsUndefined() {
        assertThat(SpearmanEstimates.spearman(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 4)).isEqualTo(RhoEstimate.insufficient(3));
        assertThat(SpearmanEstimates.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}, 4)).isEqualTo(RhoEstimate.undefined(4));
    }
}
