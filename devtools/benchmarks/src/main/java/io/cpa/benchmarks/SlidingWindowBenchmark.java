package io.cpa.benchmarks;

import io.cpa.stats.AccuracyMap;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.Snapshot;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowsConfig;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Updates per second of one sliding count window of size N, on three VC scales: six levels, the 100 numeric values, and
 * six levels with a probabilistic VC (a second rank structure, its expectation on the 0.001 grid). The engine keeps
 * the windows exact under every update and ranks when read; so it is measured alone, with a snapshot every 50 updates
 * (the analysis-service's cadence) and with a snapshot after every update, against recomputing rho and tau-b from
 * scratch with Commons Math on every update. With {@code accuracyMap} {@code isotonic} or {@code platt} every snapshot
 * also estimates the accuracy of the window's unlabelled answers through a map fitted once on labelled answers of the
 * stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SlidingWindowBenchmark {
    private static final int STREAM = 1 << 20;

    @Param({"1000", "10000", "100000"})
    public int n;

    /** {@code six-levels}, {@code hundred-values} (the numeric scale) or {@code probabilistic} (six levels and a probabilistic VC). */
    @Param({"six-levels", "hundred-values", "probabilistic"})
    public String scale;

    /** {@code none} (snapshots without an accuracy estimate), {@code isotonic} (a map on 10,000 labels) or {@code platt} (on 150). */
    @Param({"none", "isotonic", "platt"})
    public String accuracyMap;

    private static final int SNAPSHOT_EVERY = 50;
    private AccuracyMap map;

    private Observation[] stream;
    private int next;
    private SeriesWindows windows;
    private double[] ringX;
    private double[] ringY;
    private int ringPos;
    private final SpearmansCorrelation spearman = new SpearmansCorrelation();
    private final KendallsCorrelation kendall = new KendallsCorrelation();

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        stream = new Observation[STREAM];
        for (int i = 0; i < STREAM; i++) {
            double ic = random.nextDouble();
            Boolean correct = random.nextDouble() < 0.5 ? null : random.nextDouble() < ic;
            // VC follows IC loosely, on the scale measured
            double noisy = ic + random.nextGaussian() * 0.3;
            if (scale.equals("hundred-values")) {
                int number = (int) Math.max(1, Math.min(100, Math.round(1 + 99 * noisy)));
                stream[i] = Observation.paired(i, i * 10L, ic, (number - 1) / 99.0, correct);
                continue;
            }
            int level = (int) Math.max(0, Math.min(5, Math.round(5 * noisy)));
            Observation.ProbabilisticPoint pvc = null;
            if (scale.equals("probabilistic")) {
                double expectation = Math.max(0, Math.min(1000, Math.round(1000 * (level / 5.0 + random.nextGaussian() * 0.05)))) / 1000.0;
                pvc = new Observation.ProbabilisticPoint(expectation, level, random.nextDouble() * 2);
            }
            stream[i] = new Observation(i, i * 10L, ic, level / 5.0, io.cpa.certainty.ParseStatus.OK, correct, pvc);
        }
        map = accuracyMap.equals("none") ? null : fitMap(accuracyMap.equals("isotonic") ? 10_000 : 150);
        windows = new SeriesWindows(new WindowsConfig(List.of(n), List.of(), false, 10, 10, 20, TaxonomyThresholds.DEFAULT));
        ringX = new double[n];
        ringY = new double[n];
        for (int i = 0; i < n; i++) {
            windows.add(stream[i]);
            ringX[i] = stream[i].ic();
            ringY[i] = stream[i].vc();
        }
        next = n;
    }

    /** A map fitted on the first {@code labels} labelled observations of the stream. */
    private AccuracyMap fitMap(int labels) {
        List<AccuracyMap.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < STREAM && points.size() < labels; i++) {
            Boolean correct = stream[i].correct();
            if (correct != null) points.add(new AccuracyMap.Point(stream[i].ic(), correct ? 1 : 0, correct ? 0 : 1));
        }
        AccuracyMap fitted = AccuracyMap.fit(points);
        if (!fitted.present()) throw new IllegalStateException("no accuracy map: " + fitted.reason());
        return fitted;
    }

    private Observation nextObservation() {
        Observation o = stream[next % STREAM];
        long sequence = next++;
        // sequences must increase, so replays of the pre-generated stream get the running sequence number
        return o.sequence() == sequence ? o
                : new Observation(sequence, o.timestampMs(), o.ic(), o.vc(), o.vcStatus(), o.correct(), o.pvc());
    }

    /** One incremental update: evict the oldest, add the newest, every statistic kept exact. */
    @Benchmark
    public boolean engineUpdate() {
        if (!windows.add(nextObservation())) throw new IllegalStateException("observation rejected: the benchmark would measure nothing");
        return true;
    }

    /** One update, and every statistic read every 50 updates: the cost per answer in the analysis-service. */
    @Benchmark
    public Snapshot engineUpdateAndSnapshotEvery50() {
        windows.add(nextObservation());
        return next % SNAPSHOT_EVERY == 0 ? windows.snapshot(map) : null;
    }

    /** One update followed by reading every statistic with p-values and intervals. */
    @Benchmark
    public Snapshot engineUpdateAndSnapshot() {
        windows.add(nextObservation());
        return windows.snapshot(map);
    }

    /** Baseline: slide the window and recompute Spearman and Kendall with Commons Math. */
    @Benchmark
    public double recomputeSpearmanKendall() {
        slideRing();
        return spearman.correlation(ringX, ringY) + kendall.correlation(ringX, ringY);
    }

    /** Baseline for large N, where Kendall's recomputation is too slow to measure: Spearman only. */
    @Benchmark
    public double recomputeSpearman() {
        slideRing();
        return spearman.correlation(ringX, ringY);
    }

    private void slideRing() {
        Observation o = nextObservation();
        ringX[ringPos] = o.ic();
        ringY[ringPos] = o.vc();
        ringPos = (ringPos + 1) % n;
    }
}
