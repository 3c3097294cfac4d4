package io.cpa.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CorrelationsTest {
    // ten answers with tied IC and tied levels
    private static final double[] X = {0.1, 0.4, 0.4, 0.7, 0.9, 0.2, 0.55, 0.8, 0.4, 0.1};
    private static final double[] Y = {1, 2, 3, 3, 5, 0, 2, 4, 2, 1};

    /*
     * Expected values from Python 3 scipy 1.x:
     *   stats.spearmanr(x, y); stats.kendalltau(x, y, method='asymptotic'); stats.pearsonr(x, y)
     *   intervals: np.tanh(np.arctanh(v) -/+ stats.norm.ppf(0.975) * np.sqrt(var)) with var 1.06/7, 0.437/6, 1/7
     */
    @Test
    void handValuesFromScipy() {
        assertEstimate(Correlations.spearman(X, Y), 0.8965561293537404, 0.0004414091564298569, 0.5990640005223917, 0.9765481922325931);
        assertEstimate(Correlations.kendall(X, Y), 0.7901836773196717, 0.002859019341255607, 0.4952345560631952, 0.9217992210298523);
        assertEstimate(Correlations.pearson(X, Y), 0.9078466257178504, 0.000281948108739825, 0.6494467694455652, 0.978282580264273);
    }

    @Test
    void windowsGiveTheSameHandValues() {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(10), List.of(), false, 5, 10, 10, TaxonomyThresholds.DEFAULT));
        for (int i = 0; i < X.length; i++) w.add(Observation.paired(i, i, X[i], Y[i] / 5, null));
        WindowStats s = w.snapshot().window(WindowKind.COUNT, 10);
        assertEstimate(s.spearman(), 0.8965561293537404, 0.0004414091564298569, 0.5990640005223917, 0.9765481922325931);
        assertEstimate(s.kendall(), 0.7901836773196717, 0.002859019341255607, 0.4952345560631952, 0.9217992210298523);
        assertEstimate(s.pearson(), 0.9078466257178504, 0.000281948108739825, 0.6494467694455652, 0.978282580264273);
    }

    private static void assertEstimate(Estimate e, double value, double p, double lower, double upper) {
        assertThat(e.status()).isEqualTo(Estimate.Status.OK);
        assertThat(e.n()).isEqualTo(10);
        assertThat(e.value()).isCloseTo(value, within(1e-12));
        assertThat(e.pValue()).isCloseTo(p, within(1e-12));
        assertThat(e.lower()).isCloseTo(lower, within(1e-12));
        assertThat(e.upper()).isCloseTo(upper, within(1e-12));
    }

    @Test
    void pValuesAndIntervalsFollowTheirClosedFormsOnRandomSamples() {
        SplittableRandom r = new SplittableRandom(11);
        NormalDistribution normal = new NormalDistribution();
        for (int trial = 0; trial < 50; trial++) {
            int n = 5 + r.nextInt(300);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(trial % 2 == 0 ? 7 : 1000) / 10.0;
                y[i] = Math.round(x[i] * 0.3 + r.nextGaussian() * 3) % 6;
            }
            Estimate rho = Correlations.spearman(x, y);
            Estimate tau = Correlations.kendall(x, y);
            Estimate pr = Correlations.pearson(x, y);
            assertThat(rho.value()).isCloseTo(new SpearmansCorrelation().correlation(x, y), within(1e-9));
            assertThat(tau.value()).isCloseTo(new KendallsCorrelation().correlation(x, y), within(1e-9));
            assertThat(pr.value()).isCloseTo(new PearsonsCorrelation().correlation(x, y), within(1e-9));
            for (Estimate e : new Estimate[] {rho, pr}) {
                double t = e.value() * Math.sqrt((n - 2) / (1 - e.value() * e.value()));
                double p = 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
                assertThat(e.pValue()).isCloseTo(p, within(1e-9));
            }
            double z = 0.5 * Math.log((1 + rho.value()) / (1 - rho.value()));
            double h = normal.inverseCumulativeProbability(0.975) * Math.sqrt(1.06 / (n - 3));
            assertThat(rho.lower()).isCloseTo(Math.tanh(z - h), within(1e-12));
            assertThat(rho.upper()).isCloseTo(Math.tanh(z + h), within(1e-12));
        }
    }

    @Test
    void textbookFormulaIsNotUsedWithTies() {
        // six-level data with heavy ties: 1 - 6 sum d^2 / (n^3 - n) differs from the mid-rank Pearson value
        double[] x = {1, 1, 1, 2, 2, 3, 3, 3, 3, 4};
        double[] y = {0, 0, 5, 5, 5, 5, 1, 1, 1, 1};
        double[] rx = Reference.midRanks(x);
        double[] ry = Reference.midRanks(y);
        double d2 = 0;
        for (int i = 0; i < x.length; i++) d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
        double textbook = 1 - 6 * d2 / (1000 - 10);
        double rho = Correlations.spearman(x, y).value();
        assertThat(rho).isCloseTo(Reference.spearman(x, y), within(1e-12));
        assertThat(Math.abs(rho - textbook)).isGreaterThan(0.01);
    }

    @Test
    void gatesAndDegenerateSamples() {
        assertThat(Correlations.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}).status()).isEqualTo(Estimate.Status.INSUFFICIENT);
        double[] constant = {0.5, 0.5, 0.5, -0.0 + 0.5, 0.5, 0.5};
        double[] other = {1, 2, 3, 4, 5, 6};
        assertThat(Correlations.spearman(constant, other).status()).isEqualTo(Estimate.Status.UNDEFINED);
        assertThat(Correlations.kendall(other, constant).status()).isEqualTo(Estimate.Status.UNDEFINED);
        assertThat(Correlations.pearson(constant, other).status()).isEqualTo(Estimate.Status.UNDEFINED);
        double[] zeros = {0.0, -0.0, 0.0, -0.0, 0.0};
        assertThat(Correlations.spearman(zeros, new double[] {1, 2, 3, 4, 5}).status()).isEqualTo(Estimate.Status.UNDEFINED);
        Estimate perfect = Correlations.spearman(other, other);
        assertThat(perfect.value()).isEqualTo(1.0);
        assertThat(perfect.pValue()).isZero();
        assertThat(perfect.lower()).isEqualTo(1.0);
    }

    @Test
    void badInputIsRejectedWithTheFieldName() {
        assertThatThrownBy(() -> Correlations.spearman(new double[] {1, Double.NaN, 3, 4, 5}, new double[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x[1]");
        assertThatThrownBy(() -> Correlations.kendall(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
    }
}
