package io.cpa.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage study of the estimated accuracy: a series of N answers with known accuracy, IC drawn from a skewed
 * distribution with a point mass at 1.0 (as LLM option probabilities are), correct ~ Bernoulli(g(IC)) with g(p) =
 * p^1.5 (IC overconfident on purpose, and not a logistic in logit IC, so Platt is misspecified); a random fraction
 * labelled, the map fitted on them, the accuracy of the rest estimated. Over many seeds the 95% interval must cover the
 * realised accuracy of the unlabelled answers, and their expected accuracy (mean g over their IC), in at least 90% of
 * runs. Prints the table of the docs ("Estimated accuracy before labels" in docs/method.md):
 * {@code ./mvnw -B -o -pl common test -Dtest=AccuracyCoverageTest}.
 */
class AccuracyCoverageTest {
    static final int N = 20_000;
    static final int SEEDS = Integer.getInteger("cpa.coverage.seeds", 200);

    static double g(double ic) {
        return Math.pow(ic, 1.5);
    }

    /** 15% of answers at IC 1.0, the rest with density 3x^2 on [0, 1] (x = u^(1/3)). */
    static double drawIc(SplittableRandom random) {
        return random.nextDouble() < 0.15 ? 1.0 : Math.cbrt(random.nextDouble());
    }

    record Row(double fraction, int labels, double meanAbsError, double maxAbsError, double coverRealised,
               double coverExpected, double meanHalfWidth, String methods) {}

    static Row study(double fraction, int seeds) {
        int labels = (int) Math.round(fraction * N);
        double sumAbs = 0, maxAbs = 0, sumHalf = 0;
        int coverRealised = 0, coverExpected = 0, isotonic = 0, platt = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom random = new SplittableRandom(1_000_003L * seed + labels);
            double[] ic = new double[N];
            boolean[] correct = new boolean[N];
            for (int i = 0; i < N; i++) {
                ic[i] = drawIc(random);
                correct[i] = random.nextDouble() < g(ic[i]);
            }
            // a random subset of exactly `labels` answers: partial Fisher-Yates over the indices
            int[] order = new int[N];
            for (int i = 0; i < N; i++) order[i] = i;
            for (int i = 0; i < labels; i++) {
                int j = i + random.nextInt(N - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            List<AccuracyMap.Point> points = new ArrayList<>(labels);
            boolean[] labelled = new boolean[N];
            for (int i = 0; i < labels; i++) {
                int a = order[i];
                labelled[a] = true;
                points.add(new AccuracyMap.Point(ic[a], correct[a] ? 1 : 0, correct[a] ? 0 : 1));
            }
            AccuracyMap map = AccuracyMap.fit(points);
            assertThat(map.present()).as("map at %d labels", labels).isTrue();
            if (map.method() == AccuracyMap.Method.ISOTONIC) isotonic++;
            else platt++;
            AccuracyMap.Estimator estimator = map.estimator();
            long right = 0, n = 0;
            double expected = 0;
            for (int i = 0; i < N; i++) {
                if (labelled[i]) continue;
                estimator.add(ic[i]);
                n++;
                if (correct[i]) right++;
                expected += g(ic[i]);
            }
            AccuracyEstimate e = estimator.result();
            assertThat(e.n()).isEqualTo(n);
            double realised = (double) right / n;
            expected /= n;
            double error = Math.abs(e.value() - realised);
            sumAbs += error;
            maxAbs = Math.max(maxAbs, error);
            sumHalf += (e.upper() - e.lower()) / 2;
            if (e.lower() <= realised && realised <= e.upper()) coverRealised++;
            if (e.lower() <= expected && expected <= e.upper()) coverExpected++;
        }
        String methods = isotonic == seeds ? "isotonic" : platt == seeds ? "Platt" : isotonic + " isotonic, " + platt + " Platt";
        return new Row(fraction, labels, sumAbs / seeds, maxAbs, (double) coverRealised / seeds, (double) coverExpected / seeds,
                sumHalf / seeds, methods);
    }

    @Test
    void theIntervalCoversTheRealisedAndTheExpectedAccuracyAtEveryLabelCoverage() {
        List<Row> rows = new ArrayList<>();
        for (double fraction : new double[] {0.005, 0.01, 0.10, 0.40}) rows.add(study(fraction, SEEDS));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "N = %d, %d seeds, g(p) = p^1.5, IC 15%% at 1.0 else density 3x^2%n"
                        + "| labelled | labels | map | mean abs error | max abs error | mean half-width | covers realised | covers expected |%n"
                        + "|---|---|---|---|---|---|---|---|%n", N, SEEDS));
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %.1f%% | %d | %s | %.4f | %.4f | %.4f | %.1f%% | %.1f%% |%n",
                    100 * r.fraction(), r.labels(), r.methods(), r.meanAbsError(), r.maxAbsError(), r.meanHalfWidth(),
                    100 * r.coverRealised(), 100 * r.coverExpected()));
        }
        System.out.print(table);
        for (Row r : rows) {
            assertThat(r.coverRealised()).as("coverage of the realised accuracy at %d labels", r.labels()).isGreaterThanOrEqualTo(0.90);
            assertThat(r.coverExpected()).as("coverage of the expected accuracy at %d labels", r.labels()).isGreaterThanOrEqualTo(0.90);
        }
        // the error shrinks with the labels: 40% of labels estimate far better than 1%
        assertThat(rows.get(3).meanAbsError()).isLessThan(rows.get(1).meanAbsError() / 2);
    }
}
