package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The estimated accuracy of windows and ranges against the estimator fed directly with the unlabelled answers' IC in
 * order: the windows must hold exactly the unlabelled answers with IC of their multiset, under additions and evictions.
 */
class EstimatedAccuracyTest {
    private static final WindowsConfig CONFIG = new WindowsConfig(List.of(50, 400), List.of(3_000L), true, 10, 10, 20,
            TaxonomyThresholds.DEFAULT);

    /** Half labelled, some without IC, some without a parsed VC; IC with ties on a coarse grid half of the time. */
    private static List<Observation> stream(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Double ic = random.nextInt(20) == 0 ? null : random.nextBoolean() ? random.nextInt(11) / 10.0 : random.nextDouble();
            Boolean correct = random.nextBoolean() ? null : random.nextDouble() < (ic == null ? 0.5 : ic * ic);
            Double vc = random.nextInt(10) == 0 ? null : random.nextInt(6) / 5.0;
            out.add(new Observation(i, 10L * i + random.nextInt(30), ic, vc, vc == null ? ParseStatus.NONE : ParseStatus.OK, correct));
        }
        return out;
    }

    private static AccuracyMap mapOf(List<Observation> labelled) {
        List<AccuracyMap.Point> points = new ArrayList<>();
        for (Observation o : labelled) {
            if (o.ic() != null && o.correct() != null) points.add(new AccuracyMap.Point(o.ic(), o.correct() ? 1 : 0, o.correct() ? 0 : 1));
        }
        return AccuracyMap.fit(points);
    }

    /** The estimator fed with the window's unlabelled IC values, sorted, equal values as one multiplicity. */
    private static AccuracyEstimate reference(AccuracyMap map, Iterable<Observation> window) {
        List<Double> ics = new ArrayList<>();
        for (Observation o : window) if (o.correct() == null && o.ic() != null) ics.add(o.ic());
        ics.sort(Double::compare);
        AccuracyMap.Estimator e = map.estimator();
        for (int i = 0; i < ics.size(); ) {
            int j = i;
            while (j < ics.size() && ics.get(j).equals(ics.get(i))) j++;
            e.add(ics.get(i), j - i);
            i = j;
        }
        return e.result();
    }

    @Test
    void everyWindowEstimatesExactlyItsUnlabelledAnswersThroughTheMapItIsGiven() {
        List<Observation> all = stream(3000, 1);
        for (AccuracyMap map : List.of(mapOf(all.subList(0, 1000)), mapOf(all.subList(0, 120)))) {
            assertThat(map.present()).isTrue();
            SeriesWindows windows = new SeriesWindows(CONFIG);
            Deque<Observation> last50 = new ArrayDeque<>();
            Deque<Observation> last400 = new ArrayDeque<>();
            List<Observation> seen = new ArrayList<>();
            long maxTs = Long.MIN_VALUE;
            for (Observation o : all) {
                windows.add(o);
                seen.add(o);
                maxTs = Math.max(maxTs, o.timestampMs());
                last50.addLast(o);
                if (last50.size() > 50) last50.removeFirst();
                last400.addLast(o);
                if (last400.size() > 400) last400.removeFirst();
                if (o.sequence() % 97 != 0) continue;
                Snapshot s = windows.snapshot(map);
                long horizon = maxTs - 3_000;
                List<Observation> inTime = new ArrayList<>();
                for (Observation p : seen) if (p.timestampMs() > horizon && admittedToTimeWindow(seen, p, 3_000)) inTime.add(p);
                assertThat(s.window(WindowKind.COUNT, 50).estimatedAccuracy().unlabelled()).isEqualTo(reference(map, last50));
                assertThat(s.window(WindowKind.COUNT, 400).estimatedAccuracy().unlabelled()).isEqualTo(reference(map, last400));
                assertThat(s.window(WindowKind.TIME, 3_000).estimatedAccuracy().unlabelled()).isEqualTo(reference(map, inTime));
                assertThat(s.window(WindowKind.SINCE_START, 0).estimatedAccuracy().unlabelled()).isEqualTo(reference(map, seen));
                WindowStats w = s.window(WindowKind.COUNT, 400);
                assertThat(w.estimatedAccuracy().labelled()).isEqualTo(w.icCalibration().n());
                assertThat(w.estimatedAccuracy().labelledCorrect()).isEqualTo(w.icCalibration().correct());
                assertThat(w.estimatedAccuracy().realisedAccuracy()).isEqualTo(w.icCalibration().accuracy());
            }
        }
    }

    /** An observation enters a time window only when it is inside the horizon of the latest event time at its arrival. */
    private static boolean admittedToTimeWindow(List<Observation> seen, Observation p, long length) {
        long maxBefore = Long.MIN_VALUE;
        for (Observation q : seen) {
            if (q.sequence() > p.sequence()) break;
            maxBefore = Math.max(maxBefore, q.timestampMs());
        }
        return p.timestampMs() > maxBefore - length;
    }

    @Test
    void aRebuiltWindowGivesTheSameEstimateToTheLastBit() {
        List<Observation> all = stream(1500, 2);
        AccuracyMap map = mapOf(all.subList(0, 600));
        WindowsConfig countOnly = new WindowsConfig(List.of(50, 400), List.of(), false, 10, 10, 20, TaxonomyThresholds.DEFAULT);
        SeriesWindows windows = new SeriesWindows(countOnly);
        all.forEach(windows::add);
        SeriesWindows rebuilt = new SeriesWindows(countOnly);
        long from = windows.retainedFrom();
        all.stream().filter(o -> o.sequence() >= from).forEach(rebuilt::add);
        assertThat(rebuilt.snapshot(map).window(WindowKind.COUNT, 400).estimatedAccuracy())
                .isEqualTo(windows.snapshot(map).window(WindowKind.COUNT, 400).estimatedAccuracy());
    }

    @Test
    void withoutAMapTheEstimateSaysWhyAndStillCountsTheUnlabelledAnswers() {
        List<Observation> all = stream(300, 3);
        SeriesWindows windows = new SeriesWindows(CONFIG);
        all.forEach(windows::add);
        long unlabelled = all.stream().filter(o -> o.correct() == null && o.ic() != null).count();
        AccuracyEstimate none = windows.snapshot().window(WindowKind.SINCE_START, 0).estimatedAccuracy().unlabelled();
        assertThat(none.ok()).isFalse();
        assertThat(none.reason()).isEqualTo("no accuracy map");
        assertThat(none.n()).isEqualTo(unlabelled);
        AccuracyMap tooFew = mapOf(all.subList(0, 20));
        AccuracyEstimate absent = windows.snapshot(tooFew).window(WindowKind.SINCE_START, 0).estimatedAccuracy().unlabelled();
        assertThat(absent.status()).isEqualTo(Estimate.Status.INSUFFICIENT);
        assertThat(absent.reason()).isEqualTo(tooFew.reason());
        assertThat(absent.n()).isEqualTo(unlabelled);
    }

    @Test
    void aRangeEstimatesItsUnlabelledCellsAtTheirIcAndAgreesWithTheExactWindow() {
        List<Observation> all = stream(4000, 4);
        AccuracyMap map = mapOf(all.subList(0, 2000));
        Bucket.Builder builder = new Bucket.Builder();
        all.forEach(builder::add);
        Bucket bucket = builder.build();
        WindowStats range = BucketStats.of(bucket, CONFIG, WindowKind.RANGE, 0, map);
        // the reference: the estimator over the unlabelled cells with IC, at each cell's IC, in key order
        AccuracyMap.Estimator e = map.estimator();
        for (int i = 0; i < bucket.size(); i++) {
            int key = bucket.key(i);
            if (BucketCell.label(key) == BucketCell.UNLABELLED && BucketCell.icIndex(key) != 0) {
                e.add(BucketCell.icValue(BucketCell.icIndex(key)), bucket.count(i));
            }
        }
        assertThat(range.estimatedAccuracy().unlabelled()).isEqualTo(e.result());
        assertThat(range.estimatedAccuracy().labelled()).isEqualTo(range.icCalibration().n());
        // the exact since-start window on raw IC: the same answers, IC moved by less than 1e-5, a map of bounded slope
        SeriesWindows windows = new SeriesWindows(CONFIG);
        all.forEach(windows::add);
        AccuracyEstimate exact = windows.snapshot(map).window(WindowKind.SINCE_START, 0).estimatedAccuracy().unlabelled();
        AccuracyEstimate cells = range.estimatedAccuracy().unlabelled();
        assertThat(cells.n()).isEqualTo(exact.n());
        assertThat(cells.value()).isCloseTo(exact.value(), within(1e-3));
        assertThat(cells.lower()).isCloseTo(exact.lower(), within(1e-3));
        assertThat(cells.upper()).isCloseTo(exact.upper(), within(1e-3));
        // without a map the range says so
        assertThat(BucketStats.of(bucket, CONFIG, WindowKind.RANGE, 0).estimatedAccuracy().unlabelled().reason()).isEqualTo("no accuracy map");
    }

    @Test
    void labelsArrivingLateGiveTheEstimatesOfLabelsAttachedUpFront() {
        // answers without labels, then human verdicts for a random 40% (of any age): every window and the since-start
        // bucket must estimate exactly as if the verdicts had come with the answers
        SplittableRandom random = new SplittableRandom(8);
        List<Observation> bare = new ArrayList<>();
        for (Observation o : stream(2000, 7)) {
            bare.add(new Observation(o.sequence(), o.timestampMs(), o.ic(), o.vc(), o.vcStatus(), null));
        }
        List<Observation> labelledUpFront = new ArrayList<>();
        SeriesWindows late = new SeriesWindows(CONFIG);
        SeriesBuckets lateBuckets = new SeriesBuckets(BucketRetention.DEFAULT, new MapBucketStore());
        for (Observation o : bare) {
            late.add(o);
            lateBuckets.add(o);
        }
        for (Observation o : bare) {
            Observation labelled = o;
            if (random.nextDouble() < 0.4) {
                boolean correct = random.nextDouble() < (o.ic() == null ? 0.5 : o.ic());
                labelled = o.relabelled(o.verdicts().with(io.cpa.label.LabelKind.HUMAN, correct), io.cpa.label.LabelKind.DEFAULT_PRECEDENCE);
                late.relabel(o, labelled);
                lateBuckets.relabel(o, labelled);
            }
            labelledUpFront.add(labelled);
        }
        SeriesWindows upFront = new SeriesWindows(CONFIG);
        Bucket.Builder upFrontBucket = new Bucket.Builder();
        for (Observation o : labelledUpFront) {
            upFront.add(o);
            upFrontBucket.add(o);
        }
        AccuracyMap map = mapOf(labelledUpFront);
        assertThat(map.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
        assertThat(late.snapshot(map).windows()).extracting(WindowStats::estimatedAccuracy)
                .isEqualTo(upFront.snapshot(map).windows().stream().map(WindowStats::estimatedAccuracy).toList());
        assertThat(late.snapshot(map).window(WindowKind.SINCE_START, 0).estimatedAccuracy().unlabelled())
                .isEqualTo(reference(map, labelledUpFront));
        assertThat(AccuracyMap.fit(lateBuckets.sinceStart()).version()).isEqualTo(AccuracyMap.fit(upFrontBucket.build()).version());
        assertThat(BucketStats.of(lateBuckets.sinceStart(), CONFIG, WindowKind.SINCE_START, 0, map).estimatedAccuracy())
                .isEqualTo(BucketStats.of(upFrontBucket.build(), CONFIG, WindowKind.SINCE_START, 0, map).estimatedAccuracy());
    }

    @Test
    void aWindowsJsonCarriesTheEstimateAndTheRealisedAccuracy() throws Exception {
        List<Observation> all = stream(600, 6);
        AccuracyMap map = mapOf(all);
        SeriesWindows windows = new SeriesWindows(CONFIG);
        all.forEach(windows::add);
        WindowStats w = windows.snapshot(map).window(WindowKind.COUNT, 400);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(w).get("estimatedAccuracy");
        assertThat(json.get("unlabelled").get("value").asDouble()).isEqualTo(w.estimatedAccuracy().unlabelled().value());
        assertThat(json.get("unlabelled").get("mapVersion").asText()).isEqualTo(map.version());
        assertThat(json.get("unlabelled").get("n").asLong()).isEqualTo(w.estimatedAccuracy().unlabelled().n());
        assertThat(json.get("labelled").asLong()).isEqualTo(w.icCalibration().n());
        assertThat(json.get("realisedAccuracy").get("value").asDouble()).isEqualTo(w.icCalibration().accuracy().value());
    }

    @Test
    void theSinceStartBucketFitsTheMapThatItsExactWindowWouldGive() {
        // AccuracyMap.fit(bucket) on answers whose IC lies on the cell grid: the same points as the raw observations
        SplittableRandom random = new SplittableRandom(5);
        List<Observation> all = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            double ic = random.nextInt(1000) / 1000.0;
            all.add(Observation.paired(i, i, ic, 0.6, random.nextBoolean() ? null : random.nextDouble() < ic));
        }
        Bucket.Builder builder = new Bucket.Builder();
        all.forEach(builder::add);
        assertThat(AccuracyMap.fit(builder.build()).version()).isEqualTo(mapOf(all).version());
    }
}
