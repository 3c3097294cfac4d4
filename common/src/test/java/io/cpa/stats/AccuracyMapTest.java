package io.cpa.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.certainty.ParseStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AccuracyMapTest {
    private static final double Z = 1.959963984540054;

    private static AccuracyMap.Point point(double ic, long correct, long incorrect) {
        return new AccuracyMap.Point(ic, correct, incorrect);
    }

    private static double jeffreysSe(long correct, long n) {
        double q = (correct + 0.5) / (n + 1.0);
        return Math.sqrt(q * (1 - q) / n);
    }

    // ------------------------------------------------------------ no map

    @Test
    void fewerThanTwentyLabelsGiveNoMapAndSayHowMany() {
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.2, 3, 6), point(0.9, 8, 2)));
        assertThat(map.present()).isFalse();
        assertThat(map.status()).isEqualTo(Estimate.Status.INSUFFICIENT);
        assertThat(map.reason()).contains("fewer than 20").contains("(19)");
        assertThat(map.version()).isEqualTo("none");
        AccuracyEstimate e = map.estimator().add(0.5, 7).result();
        assertThat(e.status()).isEqualTo(Estimate.Status.INSUFFICIENT);
        assertThat(e.reason()).isEqualTo(map.reason());
        assertThat(e.n()).isEqualTo(7);
    }

    @Test
    void labelsOfOneClassGiveNoMapBecauseNothingTiesIcToAccuracy() {
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.2, 10, 0), point(0.9, 300, 0)));
        assertThat(map.present()).isFalse();
        assertThat(map.status()).isEqualTo(Estimate.Status.UNDEFINED);
        assertThat(map.reason()).contains("all 310").contains("correct");
        assertThat(AccuracyMap.fit(List.of(point(0.5, 0, 40))).reason()).contains("incorrect");
    }

    @Test
    void theMethodIsPlattBelowTwoHundredLabelsAndIsotonicFromThere() {
        assertThat(AccuracyMap.fit(List.of(point(0.3, 40, 60), point(0.8, 70, 29))).method()).isEqualTo(AccuracyMap.Method.PLATT);
        assertThat(AccuracyMap.fit(List.of(point(0.3, 40, 60), point(0.8, 70, 30))).method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
        // with one distinct IC a logistic slope has nothing to rest on: the single block, whatever the count
        AccuracyMap one = AccuracyMap.fit(List.of(point(1.0, 20, 10)));
        assertThat(one.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
        assertThat(one.blocks()).hasSize(1);
    }

    // ------------------------------------------------------------ closed forms

    @Test
    void oneBlockGivesItsRateWithTheBinomialErrorAndTheIntervalInClosedForm() {
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.7, 210, 90)));
        assertThat(map.blocks()).containsExactly(new AccuracyMap.Block(0.7, 0.7, 300, 210, 0.7, jeffreysSe(210, 300)));
        assertThat(map.labels()).isEqualTo(300);
        assertThat(map.minIc()).isEqualTo(0.7);
        assertThat(map.maxIc()).isEqualTo(0.7);
        // every IC maps to the one block, inside or outside the range seen
        for (double ic : new double[] {0.0, 0.3, 0.7, 1.0}) {
            assertThat(map.accuracy(ic)).isEqualTo(0.7);
            assertThat(map.standardError(ic)).isEqualTo(jeffreysSe(210, 300));
        }
        AccuracyEstimate e = map.estimator().add(0.1, 20).add(0.95, 30).result();
        double answerVariance = 50 * 0.7 * 0.3 / (50.0 * 50);
        double mapVariance = jeffreysSe(210, 300) * jeffreysSe(210, 300); // all 50 share the one error
        double se = Math.sqrt(answerVariance + mapVariance);
        assertThat(e.ok()).isTrue();
        assertThat(e.n()).isEqualTo(50);
        assertThat(e.value()).isCloseTo(0.7, within(1e-15));
        assertThat(e.answerVariance()).isCloseTo(answerVariance, within(1e-15));
        assertThat(e.mapVariance()).isCloseTo(mapVariance, within(1e-15));
        assertThat(e.standardError()).isCloseTo(se, within(1e-15));
        assertThat(e.lower()).isCloseTo(0.7 - Z * se, within(1e-12));
        assertThat(e.upper()).isCloseTo(0.7 + Z * se, within(1e-12));
        assertThat(e.mapVersion()).isEqualTo(map.version());
        assertThat(e.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
    }

    @Test
    void theIntervalIsClippedToZeroAndOne() {
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.5, 1, 29), point(0.99, 29, 1)));
        AccuracyEstimate high = map.estimator().add(0.99, 3).result();
        assertThat(high.upper()).isEqualTo(1.0);
        assertThat(high.lower()).isLessThan(high.value());
        AccuracyEstimate low = map.estimator().add(0.5, 3).result();
        assertThat(low.lower()).isEqualTo(0.0);
    }

    @Test
    void perfectlyCalibratedIcIsEstimatedAsItsMeanByTheIsotonicMap() {
        List<AccuracyMap.Point> points = new ArrayList<>();
        for (int d = 1; d <= 9; d++) points.add(point(d / 10.0, 10L * d, 10L * (10 - d)));
        AccuracyMap map = AccuracyMap.fit(points);
        assertThat(map.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
        assertThat(map.blocks()).hasSize(9);
        // inside a block and, by linear interpolation, between blocks the map is the identity
        SplittableRandom random = new SplittableRandom(7);
        AccuracyMap.Estimator estimator = map.estimator();
        double sum = 0;
        for (int i = 0; i < 1000; i++) {
            double ic = 0.1 + 0.8 * random.nextDouble();
            assertThat(map.accuracy(ic)).isCloseTo(ic, within(1e-12));
            estimator.add(ic);
            sum += ic;
        }
        assertThat(estimator.result().value()).isCloseTo(sum / 1000, within(1e-12));
    }

    @Test
    void perfectlyCalibratedIcIsEstimatedAsItsMeanByPlatt() {
        // expected counts of a calibrated IC: a = 0, b = 1 solve the likelihood equations, up to Platt's O(1/N) smoothing
        List<AccuracyMap.Point> points = new ArrayList<>();
        long per = 1_000_000;
        for (int c = 1; c <= 99; c++) points.add(point(c / 100.0, per * c / 100, per - per * c / 100));
        AccuracyMap map = AccuracyMap.platt(points);
        assertThat(map.plattIntercept()).isCloseTo(0, within(1e-6));
        assertThat(map.plattSlope()).isCloseTo(1, within(1e-6));
        AccuracyEstimate e = map.estimator().add(0.2).add(0.55).add(0.9).result();
        assertThat(e.value()).isCloseTo((0.2 + 0.55 + 0.9) / 3, within(1e-6));
    }

    @Test
    void pavEqualsTheMinMaxIsotonicFitOnSmallInputs() {
        Random random = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            int m = 1 + random.nextInt(8);
            List<AccuracyMap.Point> points = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                // IC on a coarse grid, so ties between points occur and must pool
                points.add(point(random.nextInt(6) / 5.0, random.nextInt(4), random.nextInt(4) + (random.nextInt(3) == 0 ? 1 : 0)));
            }
            if (points.stream().mapToLong(p -> p.correct() + p.incorrect()).sum() == 0) continue;
            Collections.shuffle(points, random);
            AccuracyMap map = AccuracyMap.isotonic(points);
            double[][] reference = bruteForceIsotonic(points);
            for (int i = 0; i < reference[0].length; i++) {
                assertThat(map.accuracy(reference[0][i])).as("trial %d at IC %s", trial, reference[0][i]).isCloseTo(reference[1][i], within(1e-12));
            }
            // isotonic regression keeps the total: the weighted mean of the fit is the labelled accuracy
            double fitted = 0;
            for (AccuracyMap.Block b : map.blocks()) fitted += b.rate() * b.n();
            assertThat(fitted).isCloseTo(map.correct(), within(1e-9));
        }
    }

    /**
     * The isotonic (non-decreasing) weighted least-squares fit by its min-max formula, independent of PAV:
     * f(x_i) = max over j <= i of min over k >= i of the weighted mean of points j..k (distinct ICs pooled first).
     */
    private static double[][] bruteForceIsotonic(List<AccuracyMap.Point> points) {
        java.util.TreeMap<Double, long[]> byIc = new java.util.TreeMap<>();
        for (AccuracyMap.Point p : points) {
            if (p.correct() + p.incorrect() == 0) continue;
            long[] c = byIc.computeIfAbsent(p.ic(), k -> new long[2]);
            c[0] += p.correct();
            c[1] += p.correct() + p.incorrect();
        }
        int m = byIc.size();
        double[] x = new double[m];
        long[] k = new long[m];
        long[] n = new long[m];
        int i = 0;
        for (var e : byIc.entrySet()) {
            x[i] = e.getKey();
            k[i] = e.getValue()[0];
            n[i++] = e.getValue()[1];
        }
        double[] f = new double[m];
        for (i = 0; i < m; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= i; j++) {
                double worst = Double.POSITIVE_INFINITY;
                for (int l = i; l < m; l++) {
                    long sk = 0, sn = 0;
                    for (int t = j; t <= l; t++) {
                        sk += k[t];
                        sn += n[t];
                    }
                    worst = Math.min(worst, (double) sk / sn);
                }
                best = Math.max(best, worst);
            }
            f[i] = best;
        }
        return new double[][] {x, f};
    }

    @Test
    void betweenBlocksTheMapInterpolatesLinearlyAndBeyondTheRangeItKeepsTheEndRates() {
        AccuracyMap map = AccuracyMap.isotonic(List.of(point(0.2, 20, 80), point(0.3, 20, 80), point(0.6, 150, 50)));
        assertThat(map.blocks()).extracting(AccuracyMap.Block::lowIc, AccuracyMap.Block::highIc, AccuracyMap.Block::n)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.2, 0.3, 200L), org.assertj.core.groups.Tuple.tuple(0.6, 0.6, 200L));
        assertThat(map.accuracy(0.25)).isEqualTo(0.2);
        assertThat(map.accuracy(0.45)).isCloseTo(0.5 * 0.2 + 0.5 * 0.75, within(1e-12));
        assertThat(map.accuracy(0.0)).isEqualTo(0.2);
        assertThat(map.accuracy(1.0)).isEqualTo(0.75);
        double se1 = jeffreysSe(40, 200), se2 = jeffreysSe(150, 200);
        // IC 0.4 is a third of the way through the gap
        double lambda = (0.4 - 0.3) / (0.6 - 0.3);
        assertThat(map.standardError(0.4)).isCloseTo(Math.hypot((1 - lambda) * se1, lambda * se2), within(1e-15));
        // the estimate: blocks' shares are summed over answers, then squared (answers on one block share its error)
        AccuracyEstimate e = map.estimator().add(0.25, 10).add(0.4, 6).add(0.9, 4).result();
        double w1 = 10 + 6 * (1 - lambda), w2 = 4 + 6 * lambda;
        double p04 = (1 - lambda) * 0.2 + lambda * 0.75;
        assertThat(e.value()).isCloseTo((10 * 0.2 + 6 * p04 + 4 * 0.75) / 20, within(1e-12));
        assertThat(e.mapVariance()).isCloseTo((w1 * w1 * se1 * se1 + w2 * w2 * se2 * se2) / 400, within(1e-15));
        assertThat(e.answerVariance()).isCloseTo((10 * 0.2 * 0.8 + 6 * p04 * (1 - p04) + 4 * 0.75 * 0.25) / 400, within(1e-15));
    }

    @Test
    void theEstimateDoesNotDependOnTheOrderTheIcsComeIn() {
        // ascending ICs walk the blocks with a cursor, others are searched: both must find the same blocks
        SplittableRandom random = new SplittableRandom(12);
        List<AccuracyMap.Point> points = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double ic = random.nextInt(200) / 200.0;
            boolean correct = random.nextDouble() < ic * ic;
            points.add(point(ic, correct ? 1 : 0, correct ? 0 : 1));
        }
        AccuracyMap map = AccuracyMap.fit(points);
        assertThat(map.blocks().size()).isGreaterThan(5);
        List<Double> ics = new ArrayList<>();
        for (int i = 0; i < 2000; i++) ics.add(random.nextBoolean() ? random.nextInt(200) / 200.0 : random.nextDouble());
        List<Double> sorted = new ArrayList<>(ics);
        sorted.sort(Double::compare);
        AccuracyMap.Estimator ascending = map.estimator();
        sorted.forEach(ascending::add);
        AccuracyMap.Estimator shuffled = map.estimator();
        ics.forEach(shuffled::add);
        AccuracyEstimate a = ascending.result(), b = shuffled.result();
        assertThat(a.value()).isCloseTo(b.value(), within(1e-12));
        assertThat(a.mapVariance()).isCloseTo(b.mapVariance(), within(1e-15));
        assertThat(a.answerVariance()).isCloseTo(b.answerVariance(), within(1e-15));
        double direct = 0;
        for (double ic : ics) direct += map.accuracy(ic);
        assertThat(a.value()).isCloseTo(direct / ics.size(), within(1e-12));
    }

    @Test
    void plattOnTwoIcValuesIsSaturatedAndGivesTheSmoothedRatesWithBinomialErrors() {
        // two distinct IC values: the logistic in logit IC passes through both observed (smoothed) rates exactly, and
        // the delta method's error of each fitted value is the binomial one, sqrt(p (1 - p) / n)
        long k1 = 12, n1 = 40, k2 = 45, n2 = 60;
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.35, k1, n1 - k1), point(0.8, k2, n2 - k2)));
        assertThat(map.method()).isEqualTo(AccuracyMap.Method.PLATT);
        long pos = k1 + k2, neg = n1 + n2 - pos;
        double tPos = (pos + 1.0) / (pos + 2.0), tNeg = 1.0 / (neg + 2.0);
        double p1 = (k1 * tPos + (n1 - k1) * tNeg) / n1;
        double p2 = (k2 * tPos + (n2 - k2) * tNeg) / n2;
        assertThat(map.accuracy(0.35)).isCloseTo(p1, within(1e-10));
        assertThat(map.accuracy(0.8)).isCloseTo(p2, within(1e-10));
        assertThat(map.standardError(0.35)).isCloseTo(Math.sqrt(p1 * (1 - p1) / n1), within(1e-9));
        assertThat(map.standardError(0.8)).isCloseTo(Math.sqrt(p2 * (1 - p2) / n2), within(1e-9));
        // and the mean over answers at the two ICs: the two fitted values are independent, var = sum (n_i'/n)^2 se_i^2
        AccuracyEstimate e = map.estimator().add(0.35, 30).add(0.8, 10).result();
        double expectedMapVariance = (30.0 / 40) * (30.0 / 40) * p1 * (1 - p1) / n1 + (10.0 / 40) * (10.0 / 40) * p2 * (1 - p2) / n2;
        assertThat(e.value()).isCloseTo((30 * p1 + 10 * p2) / 40, within(1e-10));
        assertThat(e.mapVariance()).isCloseTo(expectedMapVariance, within(1e-10));
        assertThat(e.method()).isEqualTo(AccuracyMap.Method.PLATT);
    }

    @Test
    void plattRecoversTheCoefficientsOfAKnownLogistic() {
        double a = -0.4, b = 1.7;
        SplittableRandom random = new SplittableRandom(3);
        List<AccuracyMap.Point> points = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            double ic = 0.02 + 0.96 * random.nextDouble();
            boolean correct = random.nextDouble() < AccuracyMap.sigmoid(a + b * AccuracyMap.logit(ic));
            points.add(point(ic, correct ? 1 : 0, correct ? 0 : 1));
        }
        AccuracyMap map = AccuracyMap.platt(points);
        double[] c = map.plattCovariance();
        // within four standard errors of the truth, and those errors are small (about 0.013 and 0.015)
        assertThat(Math.sqrt(c[0])).isLessThan(0.02);
        assertThat(Math.sqrt(c[2])).isLessThan(0.02);
        assertThat(map.plattIntercept()).isCloseTo(a, within(4 * Math.sqrt(c[0])));
        assertThat(map.plattSlope()).isCloseTo(b, within(4 * Math.sqrt(c[2])));
    }

    @Test
    void plattIsGuardedAtIcZeroAndOneAndUnderSeparation() {
        // IC 0 and 1 have infinite logits; IC separating the classes has an infinite maximum-likelihood slope
        AccuracyMap map = AccuracyMap.fit(List.of(point(0.0, 0, 30), point(0.5, 0, 10), point(1.0, 60, 0)));
        assertThat(map.method()).isEqualTo(AccuracyMap.Method.PLATT);
        assertThat(Double.isFinite(map.plattIntercept()) && Double.isFinite(map.plattSlope())).isTrue();
        assertThat(map.accuracy(0.0)).isBetween(0.0, 0.05);
        assertThat(map.accuracy(1.0)).isBetween(0.95, 1.0);
        AccuracyEstimate e = map.estimator().add(0.0, 5).add(1.0, 5).result();
        assertThat(e.ok()).isTrue();
        assertThat(e.value()).isCloseTo(0.5, within(0.05));
    }

    // ------------------------------------------------------------ version

    @Test
    void theVersionChangesExactlyWhenTheFitChanges() {
        List<AccuracyMap.Point> base = List.of(point(0.2, 30, 70), point(0.5, 50, 50), point(0.9, 90, 10));
        AccuracyMap map = AccuracyMap.fit(base);
        assertThat(map.version()).startsWith("isotonic-300-").hasSize("isotonic-300-".length() + 16);
        // the same labels grouped and ordered otherwise, with empty points: the same fit, the same version
        List<AccuracyMap.Point> regrouped = new ArrayList<>(List.of(point(0.9, 40, 10), point(0.5, 50, 0), point(0.2, 30, 70),
                point(0.5, 0, 50), point(0.9, 50, 0), point(0.7, 0, 0)));
        Collections.shuffle(regrouped, new Random(5));
        assertThat(AccuracyMap.fit(regrouped).version()).isEqualTo(map.version());
        // one more label anywhere, or one label moved to another IC: another fit, another version
        assertThat(AccuracyMap.fit(List.of(point(0.2, 30, 70), point(0.5, 50, 50), point(0.9, 91, 10))).version()).isNotEqualTo(map.version());
        assertThat(AccuracyMap.fit(List.of(point(0.2, 30, 70), point(0.5, 50, 49), point(0.51, 0, 1), point(0.9, 90, 10))).version())
                .isNotEqualTo(map.version());
        // Platt: same rule
        List<AccuracyMap.Point> few = List.of(point(0.3, 10, 20), point(0.8, 25, 5));
        AccuracyMap platt = AccuracyMap.fit(few);
        assertThat(platt.version()).startsWith("platt-60-");
        assertThat(AccuracyMap.fit(List.of(point(0.8, 20, 5), point(0.3, 10, 20), point(0.8, 5, 0))).version()).isEqualTo(platt.version());
        assertThat(AccuracyMap.fit(List.of(point(0.3, 10, 20), point(0.8, 25, 6))).version()).isNotEqualTo(platt.version());
    }

    // ------------------------------------------------------------ from a bucket

    @Test
    void aBucketFitsTheMapOfItsLabelledCellsAtTheirIc() {
        Bucket.Builder builder = new Bucket.Builder();
        List<AccuracyMap.Point> points = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 600; i++) {
            double ic = Math.floor(random.nextDouble() * 1000) / 1000; // on the cell grid
            Boolean correct = random.nextInt(3) == 0 ? null : random.nextDouble() < ic;
            Double vc = random.nextBoolean() ? null : random.nextInt(6) / 5.0;
            builder.add(new Observation(i, i, ic, vc, vc == null ? ParseStatus.NONE : ParseStatus.OK, correct));
            if (correct != null) points.add(point(ic, correct ? 1 : 0, correct ? 0 : 1));
        }
        builder.add(new Observation(601, 601, null, 0.4, ParseStatus.OK, true)); // no IC: not a point
        AccuracyMap fromBucket = AccuracyMap.fit(builder.build());
        AccuracyMap direct = AccuracyMap.fit(points);
        assertThat(fromBucket.version()).isEqualTo(direct.version());
        assertThat(fromBucket.labels()).isEqualTo(points.size());
    }

    // ------------------------------------------------------------ divergence and JSON

    @Test
    void divergenceJudgesTheRealisedAccuracyAgainstTheIntervalWidenedForASubset() {
        AccuracyEstimate e = AccuracyEstimate.of("isotonic-1-x", AccuracyMap.Method.ISOTONIC, 400, 0.7, 0.21 / 400, 0.0004);
        double se = Math.sqrt(0.21 / 400 + 0.0004);
        double alarm = 3.2905267314919255; // two-sided 99.9%
        assertThat(e.divergence(280, 400).verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.WITHIN);
        long justBelow = (long) Math.floor((0.7 - alarm * se) * 400) - 1;
        AccuracyEstimate.Divergence below = e.divergence(justBelow, 400);
        assertThat(below.verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.BELOW);
        assertThat(below.diverged()).isTrue();
        assertThat(below.lower()).isCloseTo(0.7 - alarm * se, within(1e-12));
        assertThat(below.z()).isCloseTo((justBelow / 400.0 - 0.7) / se, within(1e-12));
        // outside the displayed 95% interval but inside the alarm's 99.9%: noise a long stream sees now and then
        long outside95 = (long) Math.floor((0.7 - Z * se) * 400) - 1;
        assertThat(outside95 / 400.0).isLessThan(e.lower());
        assertThat(e.divergence(outside95, 400).verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.WITHIN);
        assertThat(e.divergence(400, 400).verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.ABOVE);
        // 100 of the 400 labelled: the answer term is four times larger, the map term the same
        AccuracyEstimate.Divergence subset = e.divergence(62, 100);
        double subsetSe = Math.sqrt(0.21 / 100 + 0.0004);
        assertThat(subset.lower()).isCloseTo(0.7 - alarm * subsetSe, within(1e-12));
        assertThat(subset.verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.WITHIN); // 0.62 is outside e's own interval
        assertThat(0.62).isLessThan(e.lower());
        assertThat(e.divergence(0, 19).verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.INSUFFICIENT);
        assertThat(AccuracyEstimate.none("no map").divergence(0, 0).verdict()).isEqualTo(AccuracyEstimate.Divergence.Verdict.INSUFFICIENT);
    }

    @Test
    void anEstimateWithoutNumbersCarriesNullsInJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode absent = json.valueToTree(AccuracyMap.fit(List.of(point(0.5, 3, 3))).estimator().add(0.4, 2).result());
        assertThat(absent.get("status").asText()).isEqualTo("INSUFFICIENT");
        assertThat(absent.get("reason").asText()).contains("fewer than 20");
        assertThat(absent.get("value").isNull()).isTrue();
        assertThat(absent.get("lower").isNull()).isTrue();
        assertThat(absent.get("mapVersion").asText()).isEqualTo("none");
        assertThat(absent.get("n").asLong()).isEqualTo(2);
        AccuracyEstimate ok = AccuracyMap.fit(List.of(point(0.7, 210, 90))).estimator().add(0.7).result();
        JsonNode present = json.valueToTree(ok);
        assertThat(present.get("value").asDouble()).isEqualTo(ok.value());
        assertThat(present.get("upper").asDouble()).isEqualTo(ok.upper());
        assertThat(present.get("method").asText()).isEqualTo("ISOTONIC");
        assertThat(present.get("reason").isNull()).isTrue();
    }
}
