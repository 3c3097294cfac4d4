package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Long random streams, checked after every update against a from-scratch recomputation of every window (1e-9) and
 * against Commons Math (1e-6), including a rebuild by re-adding in the middle of the stream.
 */
class SeriesWindowsPropertyTest {
    private static final double EXACT = 1e-9;
    private static final double LOOSE = 1e-6;
    static final long TIME_WINDOW = 4_000;
    static final WindowsConfig CONFIG = new WindowsConfig(List.of(40, 150), List.of(TIME_WINDOW), true, 5, 10, 20,
            TaxonomyThresholds.DEFAULT);

    @Test
    void heavyTiesMatchReferenceAfterEveryUpdate() {
        double[] icValues = {0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0};
        run(1, 700, r -> icValues[r.nextInt(icValues.length)], r -> r.nextInt(6) / 5.0);
    }

    @Test
    void continuousIcAndCorrelatedLevelsMatchReference() {
        run(2, 700, SplittableRandom::nextDouble, r -> r.nextInt(6) / 5.0);
    }

    @Test
    void numericCertaintyIsRankedAsItsValue() {
        run(3, 300, r -> r.nextInt(4) / 3.0, r -> r.nextInt(100) / 99.0);
    }

    @Test
    void hundredValuedVcWithContinuousIc() {
        run(8, 700, SplittableRandom::nextDouble, r -> r.nextInt(100) / 99.0);
    }

    @Test
    void continuousVcWithHeavyTiesOnBothSides() {
        double[] icValues = {0, 0.2, 0.2, 0.5, 0.9, 1.0};
        // a few values repeat often, the rest are spread over the 0.001 grid
        run(9, 700, r -> icValues[r.nextInt(icValues.length)],
                r -> r.nextInt(3) == 0 ? r.nextInt(4) * 0.25 : r.nextInt(1001) / 1000.0);
    }

    @Test
    void adversarialOrderSortedIcAgainstReverseSortedVc() {
        // every new point has the highest IC and the lowest VC seen: each insertion shifts every rank
        int[] step = {0};
        run(10, 400, r -> Math.min(1.0, step[0]++ / 2000.0), r -> Math.max(0.0, 1.0 - step[0] / 500.0));
    }

    @Test
    void numericVcPerfectlyInverseToIcIsMinusOne() {
        // rounded to six levels this read about -0.92; ranked as values it is exactly -1
        SeriesWindows windows = new SeriesWindows(new WindowsConfig(List.of(100), List.of(), false, 5, 10, 20, TaxonomyThresholds.DEFAULT));
        for (int v = 1; v <= 100; v++) windows.add(Observation.paired(v, v, v / 100.0, (100 - v) / 99.0, null));
        WindowStats w = windows.snapshot().window(WindowKind.COUNT, 100);
        assertThat(w.spearman().value()).isEqualTo(-1.0, within(EXACT));
        assertThat(w.kendall().value()).isEqualTo(-1.0, within(EXACT));
    }

    @Test
    void allEqualIsUndefinedNeverNaN() {
        run(4, 300, r -> 0.5, r -> 0.6);
    }

    @Test
    void icAllEqualIsUndefined() {
        run(5, 300, r -> 0.7, r -> r.nextInt(6) / 5.0);
    }

    @Test
    void oneLevelOnlyIsUndefined() {
        run(6, 300, SplittableRandom::nextDouble, r -> 1.0);
    }

    @Test
    void allDistinctIcWithTwoLevels() {
        run(7, 300, r -> r.nextDouble(), r -> r.nextBoolean() ? 0.0 : 1.0);
    }

    private void run(long seed, int length, Function<SplittableRandom, Double> ic, Function<SplittableRandom, Double> vc) {
        SplittableRandom random = new SplittableRandom(seed);
        SeriesWindows windows = new SeriesWindows(CONFIG);
        List<Observation> all = new ArrayList<>();
        long ts = 1_000_000;
        for (int i = 0; i < length; i++) {
            ts += random.nextInt(60);
            long eventTime = random.nextInt(10) == 0 ? ts - random.nextInt(300) : ts; // some out-of-order event times
            double u = random.nextDouble();
            Observation o;
            Boolean correct = random.nextInt(4) == 0 ? null : random.nextBoolean();
            if (u < 0.04) {
                o = new Observation(i, eventTime, ic.apply(random), null, ParseStatus.AMBIGUOUS, correct);
            } else if (u < 0.07) {
                o = new Observation(i, eventTime, null, vc.apply(random), ParseStatus.OK, correct);
            } else {
                o = Observation.paired(i, eventTime, ic.apply(random), vc.apply(random), correct);
                if (random.nextBoolean()) { // a probabilistic VC on the 0.001 grid, correlated with IC by way of its mode
                    int mode = random.nextInt(6);
                    double expectation = Math.min(1000, Math.max(0, mode * 200 + random.nextInt(201) - 100)) / 1000.0;
                    o = new Observation(o.sequence(), o.timestampMs(), o.ic(), o.vc(), o.vcStatus(), o.correct(),
                            new Observation.ProbabilisticPoint(expectation, mode, random.nextDouble() * 2.5));
                }
            }
            assertThat(windows.add(o)).isTrue();
            assertThat(windows.add(o)).as("a redelivered sequence is ignored").isFalse();
            all.add(o);
            if (i == length / 2) {
                SeriesWindows restored = new SeriesWindows(CONFIG); // a rebuild re-adds what the windows retain
                for (Observation kept : all) restored.add(kept);
                assertThat(restored.snapshot()).usingRecursiveComparison().isEqualTo(windows.snapshot());
                windows = restored; // the rest of the stream runs on the restored state
            }
            Snapshot snapshot = windows.snapshot();
            for (int size : CONFIG.countSizes()) {
                check(snapshot.window(WindowKind.COUNT, size), all.subList(Math.max(0, all.size() - size), all.size()));
            }
            long maxTs = all.stream().mapToLong(Observation::timestampMs).max().orElseThrow();
            check(snapshot.window(WindowKind.TIME, TIME_WINDOW), all.stream().filter(x -> x.timestampMs() > maxTs - TIME_WINDOW).toList());
            if (i % 50 == 0 || i == length - 1) check(snapshot.window(WindowKind.SINCE_START, 0), all);
        }
    }

    static void check(WindowStats w, List<Observation> window) {
        assertThat(w.n()).isEqualTo(window.size());
        assertThat(w.icMissing()).isEqualTo(window.stream().filter(o -> o.ic() == null).count());
        assertThat(w.vcParseFailures()).isEqualTo(window.stream().filter(o -> o.vc() == null).count());
        double[][] xy = Reference.pairs(window);
        double[] x = xy[0];
        double[] y = xy[1];
        int n = x.length;
        assertThat(w.pairedN()).isEqualTo(n);
        checkCorrelation(w.spearman(), n, Reference.spearman(x, y), () -> new SpearmansCorrelation().correlation(x, y));
        checkCorrelation(w.kendall(), n, Reference.kendallTauB(x, y), () -> new KendallsCorrelation().correlation(x, y));
        checkCorrelation(w.pearson(), n, Reference.pearson(x, y), () -> new PearsonsCorrelation().correlation(x, y));

        long[] levels = new long[6];
        long[] histogram = new long[CONFIG.histogramBins()];
        long[] taxonomy = new long[5];
        for (Observation o : window) {
            if (o.vc() != null) levels[o.vcLevel()]++;
            if (o.ic() != null) histogram[Math.min((int) (o.ic() * histogram.length), histogram.length - 1)]++;
            if (o.isPaired()) taxonomy[CONFIG.thresholds().classify(o.ic(), o.vc())]++;
        }
        assertThat(w.levelCounts()).containsExactly(levels);
        assertThat(w.icHistogram()).containsExactly(histogram);
        Taxonomy t = w.taxonomy();
        assertThat(new long[] {t.consistentAlignment(), t.internalOverconfidence(), t.externalOverconfidence(),
                t.consistentDiscordance(), t.unclassified()}).containsExactly(taxonomy);
        assertThat(t.total()).isEqualTo(n);

        checkCalibration(w.icCalibration(), window.stream().filter(o -> o.ic() != null && o.correct() != null).toList(), Observation::ic);
        checkCalibration(w.vcCalibration(), window.stream().filter(o -> o.vc() != null && o.correct() != null).toList(),
                Observation::vc);
        checkProbabilistic(w.probabilisticVc(), window);
    }

    private static void checkProbabilistic(ProbabilisticVcStats p, List<Observation> window) {
        List<Observation> with = window.stream().filter(o -> o.pvc() != null).toList();
        assertThat(p.n()).isEqualTo(with.size());
        double[][] xy = Reference.probabilisticPairs(window);
        double[] x = xy[0];
        double[] y = xy[1];
        assertThat(p.pairedN()).isEqualTo(x.length);
        checkCorrelation(p.spearman(), x.length, Reference.spearman(x, y), () -> new SpearmansCorrelation().correlation(x, y));
        checkCorrelation(p.kendall(), x.length, Reference.kendallTauB(x, y), () -> new KendallsCorrelation().correlation(x, y));
        checkCorrelation(p.pearson(), x.length, Reference.pearson(x, y), () -> new PearsonsCorrelation().correlation(x, y));
        List<Observation> compared = with.stream().filter(o -> o.vc() != null).toList();
        assertThat(p.modeCompared()).isEqualTo(compared.size());
        assertThat(p.modeDisagreements()).isEqualTo(compared.stream().filter(o -> o.pvc().modeRank() != o.vcLevel()).count());
        if (with.isEmpty()) {
            assertThat(p.meanEntropy().status()).isEqualTo(Estimate.Status.UNDEFINED);
        } else {
            double mean = with.stream().mapToDouble(o -> o.pvc().entropy()).average().orElseThrow();
            assertThat(p.meanEntropy().value()).isCloseTo(mean, within(EXACT));
        }
    }

    private static void checkCorrelation(Estimate e, int n, double exact, java.util.function.DoubleSupplier commons) {
        assertThat(e.n()).isEqualTo(n);
        if (n < CONFIG.minN()) {
            assertThat(e.status()).isEqualTo(Estimate.Status.INSUFFICIENT);
            return;
        }
        if (Double.isNaN(exact)) {
            assertThat(e.status()).isEqualTo(Estimate.Status.UNDEFINED);
            return;
        }
        assertThat(e.status()).isEqualTo(Estimate.Status.OK);
        assertThat(e.value()).isCloseTo(exact, within(EXACT));
        assertThat(e.value()).isCloseTo(commons.getAsDouble(), within(LOOSE));
        assertThat(e.lower()).isLessThanOrEqualTo(e.value());
        assertThat(e.upper()).isGreaterThanOrEqualTo(e.value());
        assertThat(e.pValue()).isBetween(0.0, 1.0);
    }

    private static void checkCalibration(Calibration c, List<Observation> labelled, Function<Observation, Double> confidence) {
        int n = labelled.size();
        assertThat(c.n()).isEqualTo(n);
        if (n < CONFIG.minN()) {
            assertThat(c.accuracy().status()).isEqualTo(Estimate.Status.INSUFFICIENT);
            assertThat(c.bins()).isEmpty();
            return;
        }
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = confidence.apply(labelled.get(i));
            y[i] = labelled.get(i).correct();
        }
        double[] ref = Reference.calibration(p, y, CONFIG.calibrationBins());
        assertThat(c.accuracy().value()).isCloseTo(ref[0], within(EXACT));
        assertThat(c.ece().value()).isCloseTo(ref[1], within(EXACT));
        assertThat(c.brier().value()).isCloseTo(ref[2], within(EXACT));
        if (Double.isNaN(ref[3])) assertThat(c.auroc().status()).isEqualTo(Estimate.Status.UNDEFINED);
        else assertThat(c.auroc().value()).isCloseTo(ref[3], within(EXACT));
        // the reliability diagram: the non-empty ECE bins, counted directly
        int bins = CONFIG.calibrationBins();
        long[] binN = new long[bins];
        long[] binCorrect = new long[bins];
        double[] binSum = new double[bins];
        for (int i = 0; i < n; i++) {
            int b = Math.min((int) (p[i] * bins), bins - 1);
            binN[b]++;
            if (y[i]) binCorrect[b]++;
            binSum[b] += p[i];
        }
        List<ReliabilityBin> expected = new java.util.ArrayList<>();
        for (int b = 0; b < bins; b++) if (binN[b] > 0) expected.add(new ReliabilityBin(b, binN[b], binCorrect[b], binSum[b] / binN[b]));
        assertThat(c.bins()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ReliabilityBin got = c.bins().get(i);
            assertThat(got.index()).isEqualTo(expected.get(i).index());
            assertThat(got.n()).isEqualTo(expected.get(i).n());
            assertThat(got.correct()).isEqualTo(expected.get(i).correct());
            assertThat(got.meanConfidence()).isCloseTo(expected.get(i).meanConfidence(), within(EXACT));
        }
    }
}
